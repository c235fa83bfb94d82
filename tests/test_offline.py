"""The whole site offline (issue #17, item 4): `scripts/build.py` writes `offline/platforma-wiedzy.zip`, linked
from both home pages with its size; unzipped, its pages work from file:// in Chromium (navigation, both
languages, search, the catalogue's facets, the PDFs) without a single request leaving the disk.

The real project is built once for the module with `scripts/build.py` (as `make build`, with PDFs) and the
zip unpacked; one more offline build checks that the zip comes out byte for byte the same.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlparse

import build as build_script
import pytest

from conftest import EPOCH, ROOT, WAIT_MS
from platforma import offline
from platforma.offline.links import file_link, site_files

ARCHIVE = offline.ARCHIVE_FOLDER
LINK = re.compile(r"\s(?:href|src|data-src)=\"([^\"]*)\"")


# the module's tests share a module fixture that takes a while to make (`make test` runs pytest-xdist with
# --dist loadgroup): one worker runs them all, so the fixture is made once
pytestmark = pytest.mark.xdist_group("offline")


@pytest.fixture(scope="module")
def made(tmp_path_factory, built_site) -> Path:
    """The site made by scripts/build.py (PDFs included), with the offline copy's zip.  After the session's
    shared build (`built_site`), whose PDFs are the same documents: taken from the build cache, not laid out
    again at the same time on another worker."""
    site = tmp_path_factory.mktemp("offline") / "site"
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1", "PLATFORMA_PDF": "1"}
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build.py"), "--site-dir", str(site)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-5000:]
    assert ">> The offline copy:" in result.stdout  # the progress message
    return site


@pytest.fixture(scope="module")
def unpacked(made, tmp_path_factory) -> Path:
    """The zip unpacked as a reader would: the folder holding index.html."""
    folder = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(made / offline.ZIP_PATH) as archive:
        archive.extractall(folder)
    return folder / ARCHIVE


# ---------------------------------------------------------------- the parts, on their own


@pytest.mark.parametrize(
    ("url", "page", "expected"),
    [
        ("practices/x/", "index.html", "practices/x.html"),
        ("../practices/x/#sources", "en/index.html", "../practices/x.html#sources"),
        ("../", "practices/x.html", "../index.html"),
        ("./?group=minors", "practices/index.html", "./index.html?group=minors"),
        ("..", "sources/a.html", "../index.html"),
        ("practices/", "index.html", "practices/index.html"),
        ("https://example.org/a/", "index.html", "https://example.org/a/"),
        ("missing/", "index.html", "missing/"),
        ("pdf/psn-pl.pdf", "index.html", "pdf/psn-pl.pdf"),
    ],
)
def test_a_link_to_a_folder_points_at_its_page_file(url, page, expected):
    exists = site_files(["index.html", "practices/x.html", "practices/index.html", "en/index.html"])
    assert file_link(url, page, exists) == expected


def test_a_data_script_is_made_only_of_json():
    assert offline.json_script("Data", '{"a": [1, "</script>"]}') == 'self.Data = {"a": [1, "</script>"]};\n'
    with pytest.raises(ValueError):
        offline.json_script("Data", "1; alert(1)")


# ---------------------------------------------------------------- the zip and the links to it


def test_both_home_pages_link_the_zip_with_its_size(made):
    size = (made / offline.ZIP_PATH).stat().st_size
    assert size > 1024 * 1024
    for lang, page in (("pl", made / "index.html"), ("en", made / "en" / "index.html")):
        html = page.read_text(encoding="utf-8")
        link = re.search(r'<a href="([^"]+\.zip)"[^>]*>[^<]+</a> <span class="pw-muted">\(ZIP, ([^)]+)\)</span>', html)
        assert link, f"{page}: no link to the zip"
        assert (page.parent / link.group(1)).resolve() == (made / offline.ZIP_PATH).resolve()
        assert link.group(2) == offline.format_size(size, lang)
        assert offline.ZIP_SIZE_MARK not in html


def test_the_offline_copy_does_not_link_its_own_zip_and_loads_the_shim_from_itself(unpacked):
    html = (unpacked / "index.html").read_text(encoding="utf-8")
    assert "platforma-wiedzy.zip" not in html and offline.ZIP_SIZE_MARK not in html
    assert '<script src="assets/javascripts/vendor/iframe-worker.js"></script>' in html


def test_every_link_in_the_offline_copy_opens_a_file_in_it_pdfs_included(unpacked):
    pages = sorted(unpacked.rglob("*.html"))
    assert len(pages) > 100
    broken, pdfs = [], set()
    for page in pages:
        for url in LINK.findall(page.read_text(encoding="utf-8")):
            parts = urlparse(url)
            if parts.scheme or url.startswith("#") or not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if not target.is_file():
                broken.append(f"{page.relative_to(unpacked)}: {url}")
            elif target.suffix == ".pdf":
                pdfs.add(target)
    assert not broken, broken[:20]
    names = ("psn", "networking", "coi")
    assert {p.name for p in pdfs} == {f"{name}-{lang}.pdf" for name in names for lang in ("pl", "en")}
    assert all(p.read_bytes().startswith(b"%PDF-") for p in pdfs)


def test_the_zip_is_the_same_byte_for_byte_from_a_second_build(made, tmp_path, monkeypatch):
    with zipfile.ZipFile(made / offline.ZIP_PATH) as archive:
        infos = archive.infolist()
    names = [info.filename for info in infos]
    assert names == sorted(names) and all(name.startswith(f"{ARCHIVE}/") for name in names)
    assert {info.date_time for info in infos} == {time.gmtime(int(EPOCH))[:6]}  # SOURCE_DATE_EPOCH, UTC
    assert f"{ARCHIVE}/index.html" in names and f"{ARCHIVE}/search/pl.js" in names
    again = tmp_path / "site"
    (again / "pdf").mkdir(parents=True)
    for pdf in (made / "pdf").glob("*.pdf"):
        (again / "pdf" / pdf.name).write_bytes(pdf.read_bytes())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    assert build_script.build_offline(ROOT / "mkdocs.yml", again, []) == 0
    assert (again / offline.ZIP_PATH).read_bytes() == (made / offline.ZIP_PATH).read_bytes()


# ---------------------------------------------------------------- from file:// in Chromium


def test_from_disk_search_catalogue_and_language_switch_work_without_leaving_the_disk(browser, unpacked):
    context = browser.new_context()
    requested: list[str] = []
    context.route("**/*", lambda route: (requested.append(route.request.url), route.continue_()))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto((unpacked / "index.html").as_uri())
    assert page.locator("h1").first.inner_text().startswith("Platforma Wiedzy")

    # search, in Polish without diacritics, through the worker in its iframe and the index as a script
    page.locator(".md-search__input").click()
    page.keyboard.type("dobrowolnych powrotow", delay=5)
    page.wait_for_selector(".md-search-result__item", timeout=WAIT_MS)
    result = page.locator('a.md-search-result__link[href*="practices/avr-project.html"]').first
    result.wait_for(timeout=WAIT_MS)
    result.click()
    page.wait_for_load_state()
    assert urlparse(page.url).path.endswith("/practices/avr-project.html")
    assert "dobrowolnych powrotów" in page.locator("h1").first.inner_text()

    # the catalogue: its data as a script; the text box runs the search engine on the index's script
    page.goto((unpacked / "practices" / "index.html").as_uri())
    page.wait_for_selector(".pw-cat--ready", timeout=WAIT_MS)
    shown = "[data-pw-cards] > li:not([hidden])"
    everything = page.locator(shown).count()
    page.fill("#pw-q", "dobrowolnych powrotow")
    page.wait_for_selector("[data-pw-catalogue][data-pw-words=engine]", timeout=WAIT_MS)
    page.wait_for_function(f"document.querySelectorAll({shown!r}).length < {everything}")
    assert page.locator(f"{shown}[data-id=avr-project]").count() == 1
    page.fill("#pw-q", "")
    page.wait_for_function(f"document.querySelectorAll({shown!r}).length === {everything}")
    # a facet narrows the list
    page.check("input[name=group][value=minors]")
    page.wait_for_function(f"document.querySelectorAll({shown!r}).length < {everything}")
    assert 0 < page.locator(shown).count() < everything
    assert "group=minors" in page.url

    # the training pack: the practices shown, and a chapter, put together from their scripts
    page.locator("[data-pw-pack-shown] button").click()
    page.goto((unpacked / "pack.html").as_uri() + "?c=psn/05-unaccompanied-minors")
    page.wait_for_function("document.querySelectorAll('[data-pw-pack-items] > section').length === 1")
    chapter = page.locator("[data-pw-pack-items] > section").first
    assert chapter.locator("h1").inner_text() == "Małoletni bez opieki"
    glossary = chapter.locator("a[href*='glossary']").first.get_attribute("href")
    assert glossary.startswith("file://") and Path(unquote(urlparse(glossary).path)).is_file()
    assert page.locator("[data-pw-pack-online]").is_hidden()  # a file path is no address to print
    page.locator("input[name=p]").first.check()
    page.wait_for_function("document.querySelectorAll('[data-pw-pack-items] > section').length === 2")

    # the language switch, from the home page
    page.goto((unpacked / "index.html").as_uri())
    page.locator(".md-header__option .md-select .md-header__button").first.hover()
    page.locator("a.md-select__link[hreflang=en]").first.click()
    page.wait_for_load_state()
    assert urlparse(page.url).path.endswith("/en/index.html")
    assert page.locator("html").get_attribute("lang") == "en"
    page.locator(".md-search__input").click()
    page.keyboard.type("voluntary return", delay=5)
    page.wait_for_selector(".md-search-result__item", timeout=WAIT_MS)
    assert page.locator('a.md-search-result__link[href*="en/"]').count() > 0
    context.close()

    assert requested and not [url for url in requested if not url.startswith("file://")]
    assert {"search/pl.js", "search/en.js", "data/catalogue-pl.js"} <= {
        url.split(f"/{ARCHIVE}/", 1)[-1] for url in requested
    }
    assert not errors, errors


def test_from_disk_in_firefox_too(unpacked):
    """The same walk in Debian's Firefox ESR (tests/firefox/offline_check.mjs, puppeteer-core over WebDriver BiDi)."""
    script = ROOT / "tests" / "firefox" / "offline_check.mjs"
    run = subprocess.run(["node", str(script), str(unpacked)], capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr[-3000:]
    found = json.loads(run.stdout)
    assert found["home"].startswith("Platforma Wiedzy")
    assert any(url.startswith(unpacked.as_uri() + "/practices/avr-project.html") for url in found["results"])
    assert 0 < found["cards"][1] < found["cards"][0]
    assert found["pack"] == ["Małoletni bez opieki", "Zwiększenie skuteczności mechanizmu dobrowolnych powrotów"]
    assert found["english"] == unpacked.as_uri() + "/en/index.html" and found["lang"] == "en"
    assert not [url for url in found["requests"] if not url.startswith(("file://", "data:"))]
    assert found["errors"] == []
