"""Hostile content: payloads in every string field run nothing anywhere, and a failed build changes nothing.

One real build (both languages, with PDFs) of the project with tests/hostile.py's content planted,
opened in Chromium: no dialog fires, no element carries an event handler or a `javascript:` URL,
nothing from the content becomes a script, frame or form, a field from it is disabled with neither name nor value
(checklists keep their tick boxes), and Material's `#__config` is not shadowed.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import hostile
import pytest
import yaml

from conftest import WAIT_MS, copy_project, run_build, run_build_script, serving
from platforma.content.organisations import organisation_schema
from platforma.content.schema import validation_schema

LANGS = ("", "en/")

SCAN = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const name of el.getAttributeNames()) {
      if (name.startsWith('on')) bad.push(`${el.tagName} ${name}`);
      if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(name)
          && /^\\s*javascript:/i.test(el.getAttribute(name))) bad.push(`${el.tagName} ${name}=javascript:`);
    }
    if (['IFRAME', 'OBJECT', 'EMBED'].includes(el.tagName)) bad.push(el.tagName);
    if (el.tagName === 'FORM' && el.hasAttribute('action')) bad.push('FORM action');
    // content may hold a checklist's tick box: a field from content is disabled, with no name and no value
    if (el.tagName === 'INPUT' && el.closest('.md-content') && !el.closest('form')
        && !(el.disabled && !el.name && !el.hasAttribute('value'))) bad.push(`INPUT ${el.type}`);
    if (el.tagName === 'SCRIPT' && /alert|PWN/.test(el.textContent)) bad.push('SCRIPT from content');
  }
  if (document.querySelectorAll('[id="__config"]').length !== 1) bad.push('#__config shadowed');
  return bad;
}"""


# the module's tests share a module fixture that takes a while to make (`make test` runs pytest-xdist with
# --dist loadgroup): one worker runs them all, so the fixture is made once
pytestmark = pytest.mark.xdist_group("hostile")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    hostile.plant(project)
    site = project.parent / "site"
    result = run_build(project, site, extra_env={"PLATFORMA_PDF": "1"})
    assert result.returncode == 0, result.stderr[-4000:]
    return site


@pytest.fixture(scope="module")
def hostile_url(hostile_site):
    with serving(hostile_site) as url:
        yield url + "/"


def _free_text_paths(schema: dict, here: tuple = ()) -> list[tuple]:
    """Paths of every string field in the entry schema that takes free text (no code, date, id)."""
    found = []
    for name, sub in schema.get("properties", {}).items():
        path = (*here, name)
        if sub.get("type") == "array":
            sub = sub.get("items", {})
            path = (*path, "*")
        if sub.get("type") == "object":
            found += _free_text_paths(sub, path)
        elif sub.get("type") == "string" and "enum" not in sub and "x-vocabulary" not in sub:
            ids = ("id", "part_of", "country", "countries", "accessed", "source", "organisation")
            if not (name in ids or "date" in sub.get("x-hint", "")):
                found.append(path)
    return found


def _values(data, path: tuple) -> list:
    """Every value at `path` ("*" stands for each item of a list)."""
    if not path:
        return [data]
    head, rest = path[0], path[1:]
    if head == "*":
        return [v for item in data for v in _values(item, rest)] if isinstance(data, list) else []
    return _values(data[head], rest) if isinstance(data, dict) and head in data else []


def test_the_payload_entry_fills_every_free_text_field():
    entry = hostile.hostile_entry()
    missing = [
        path
        for path in _free_text_paths(validation_schema())
        if not any("onload=alert" in v or "onerror=alert" in v for v in _values(entry, path))
    ]
    assert not missing, f"no payload in {missing}"


def test_the_payload_organisation_fills_every_free_text_field():
    organisation = hostile.hostile_organisation()
    paths = _free_text_paths(organisation_schema())
    missing = [path for path in paths if not any("alert" in v for v in _values(organisation, path))]
    assert ("name", "short") in paths and ("sources", "*", "locator", "en") in paths
    assert not missing, f"no payload in {missing}"


def test_the_payload_source_fills_every_text_field():
    from platforma.content.sources import SCHEMA

    source = hostile.hostile_source()
    free = [k for k, v in SCHEMA["properties"].items() if k not in ("id", "sha256", "language", "captured", "received")]
    missing = [k for k in free if "alert" not in json.dumps(source[k])]
    assert not missing, f"no payload in {missing}"


def test_no_payload_runs_in_chromium(hostile_url, browser):
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        for lang in LANGS:
            for path in hostile.PAGES:
                page.goto(hostile_url + lang + path)
                page.wait_for_load_state("load")
                if path.startswith("pack/"):  # wait until the pack has put the chosen pages in
                    page.wait_for_function("document.querySelectorAll('[data-pw-pack-items] > section').length === 2")
                assert page.evaluate(SCAN) == [], lang + path
                assert hostile.MARK in page.content(), f"{lang + path} does not show the planted text"
        page.goto(hostile_url + hostile.PAGES[0])
        assert hostile.MARK + "100" in page.title()  # the title is text in <title>, not markup
        # search results are rendered as HTML by Material's UI: type a planted word
        page.goto(hostile_url)
        page.locator(".md-search__input").click()
        page.keyboard.type("onerror")  # typed: Material reads the box on key-up (fill() sends no key, a race)
        page.locator(".md-search-result__item").first.wait_for(timeout=WAIT_MS)
        assert page.evaluate(SCAN) == []
    finally:
        page.close()
    assert dialogs == []


TOOLTIP_HOSTS = """() => {
  // what Material gives a tooltip to: titles in the content (links, images, abbreviations, permalinks) and
  // navigation entries too long for their line (Material makes their text their title)
  const hosts = Array.from(document.querySelectorAll('.md-content [title]'));
  for (const el of document.querySelectorAll('.md-sidebar--primary .md-ellipsis')) {
    const cut = el.offsetWidth < el.scrollWidth && el.offsetParent;
    if (cut && /PWN/.test(el.textContent)) hosts.push(el.closest('a') || el);
  }
  hosts.forEach((el, i) => el.setAttribute('data-pw-host', i));
  return hosts.length;
}"""


@pytest.mark.parametrize(
    "path", ["manuals/psn/10-hostile/", "manuals/psn/01-who-is-vulnerable/", f"practices/{hostile.ENTRY_ID}/"]
)
def test_no_tooltip_runs_a_title_when_hovered(hostile_url, browser, path):
    """Material puts a title into its tooltip as HTML; markup in any title (from content, an interface string, or
    a navigation entry's text) must show as text when the reader points at it."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(hostile_url + path)
        page.wait_for_load_state("load")
        hosts = page.evaluate(TOOLTIP_HOSTS)
        assert hosts >= 3
        for i in range(hosts):
            host = page.locator(f"[data-pw-host='{i}']")
            host.hover(force=True)
            page.wait_for_function("el => el.hasAttribute('aria-describedby')", arg=host.element_handle())
            assert page.evaluate(SCAN) == [], f"{path}: after pointing at {host.evaluate('el => el.outerHTML')[:200]}"
        tips = page.evaluate("Array.from(document.querySelectorAll('.md-tooltip2')).map(t => t.textContent).join(' ')")
        assert hostile.MARK in tips  # the planted titles did show, as text
    finally:
        page.close()
    assert dialogs == []


def test_exports_carry_the_payload_as_text(hostile_site):
    data = json.loads((hostile_site / "data" / "practices.json").read_text(encoding="utf-8"))
    record = next(p for p in data["practices"] if p["id"] == hostile.ENTRY_ID)
    assert record["title"]["pl"] == hostile.hostile_entry()["title"]["pl"]
    feed = ET.fromstring((hostile_site / "feed.xml").read_bytes())  # well-formed: the payload is escaped
    assert any(hostile.MARK in (element.text or "") for element in feed.iter())
    rows = list(csv.DictReader(io.StringIO((hostile_site / "data" / "practices.csv").read_text(encoding="utf-8-sig"))))
    row = next(r for r in rows if r["id"] == hostile.ENTRY_ID)
    assert row["title_pl"].startswith('"><img')
    for lang, cited, organisation in (("pl", "PWN703", "PWN800"), ("en", "PWN704", "PWN801")):
        text = (hostile_site / "search" / f"{lang}.json").read_text(encoding="utf-8")
        json.loads(text, parse_constant=lambda c: pytest.fail(c))
        assert cited in text  # the act's short citation in the chapter's text
        assert organisation in text  # the organisation's name: its search document


def test_the_network_picture_carries_the_payload_as_text(hostile_site):
    """The picture of who worked with whom is an image of its own: well-formed (every name escaped), no script
    and no handler in it, and the planted names in it as text."""
    for lang in LANGS:
        root = ET.parse(hostile_site / lang / "organisations" / "network.svg").getroot()
        assert hostile.MARK + ("801" if lang else "800") in "".join(root.itertext())
        assert not [el.tag for el in root.iter() if el.tag.rsplit("}", 1)[-1] in ("script", "foreignObject")]
        assert not [name for el in root.iter() for name in el.attrib if name.lower().startswith("on")]


def test_the_pdfs_print_the_payload_as_text(hostile_site):
    pdf = hostile_site / "pdf"
    chapter = next(pdf.glob("psn-pl.pdf"))
    text = subprocess.run(["pdftotext", str(chapter), "-"], capture_output=True, text=True, check=True).stdout
    assert "PWN200" in text and "onerror=alert(200)" in text
    assert "PWN700" in text and "PWN703" in text  # the legal act's full title (list of acts) and its citation


def _project_with(tmp_path: Path, chapter_text: str) -> Path:
    project = copy_project(tmp_path / "project")
    (project / "manuals" / "psn" / "01-who-is-vulnerable.md").write_text(chapter_text, encoding="utf-8")
    return project


@pytest.mark.parametrize(
    ("image", "problem"),
    [
        ("![wykres](http://tracker.example/p.png)", "remote image http://tracker.example/p.png is not allowed"),
        ("![](../../assets/images/logo.svg)", "image logo.svg has no text alternative"),
    ],
    ids=["remote", "without-text"],
)
def test_a_remote_or_undescribed_image_fails_the_strict_build_with_file_and_line(tmp_path, image, problem):
    source = (Path(hostile.__file__).parents[1] / "manuals" / "psn" / "01-who-is-vulnerable.md").read_text("utf-8")
    text = source + f"\n\n{image}\n"
    project = _project_with(tmp_path, text)
    line = text.splitlines().index(image) + 1
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0
    expected = f"manuals/psn/01-who-is-vulnerable.md:{line}: {problem}"
    assert expected in result.stderr, result.stderr[-2000:]
    assert "Traceback" not in result.stderr


def _stages(temp: Path) -> set[str]:
    return {p.name for p in temp.glob("platforma-stage-*")}


def test_a_failed_build_leaves_the_previous_site_and_no_folders_behind(tmp_path, monkeypatch):
    # the builds stage their sources in a temporary folder of this test's own: other tests (other pytest-xdist
    # workers) build at the same time, and their staged sources come and go in the system's one
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    project = copy_project(tmp_path / "project")
    site = tmp_path / "out" / "site"
    orphan = temp / "platforma-stage-999999999-killed"  # of a build that was killed
    orphan.mkdir()
    before = _stages(temp) - {orphan.name}
    assert run_build_script(project, site).returncode == 0
    assert not orphan.exists()
    home = (site / "index.html").read_bytes()
    # Markdown that would crash Python-Markdown, a remote image (a warning) and a page that picks its own
    # template: each fails the build after MkDocs has emptied its output folder
    chapter = project / "manuals" / "psn" / "01-who-is-vulnerable.md"
    about = project / "docs" / "about.md"
    chapter_text = chapter.read_text(encoding="utf-8")
    chapter_lines = chapter_text.splitlines()
    cases = [
        (about, about.read_text(encoding="utf-8") + "\n\n- " + "- " * 3000 + "x\n", "about.md:"),
        (chapter, chapter_text + "\n\n![x](https://t.example/x.png)\n", f"vulnerable.md:{len(chapter_lines) + 3}:"),
        (about, "---\ntemplate: ../../../../etc/passwd\n---\n" + about.read_text(encoding="utf-8"), "about.md:2:1:"),
    ]
    for path, broken, message in cases:
        original = path.read_text(encoding="utf-8")
        path.write_text(broken, encoding="utf-8")
        result = run_build_script(project, site)
        path.write_text(original, encoding="utf-8")
        assert result.returncode != 0
        assert message in result.stderr and "was not changed" in result.stderr and "Traceback" not in result.stderr
        assert (site / "index.html").read_bytes() == home
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]  # no staging folder left
    assert _stages(temp) <= before  # the build's staged sources are gone too


def test_an_entry_at_every_limit_builds(tmp_path):
    project = copy_project(tmp_path / "project")
    entry = hostile.hostile_entry()
    entry.update(
        id="at-the-limits",
        summary={"pl": "ą" * 20_000, "en": "e" * 20_000},
        results=[{"label": {"pl": "x"}, "value": 10**12}],
        period={"start": "1990-01-01", "end": "2031-01-01"},
        last_reviewed="1990-01-01",
    )
    entry.pop("part_of")
    text = yaml.safe_dump(entry, allow_unicode=True, sort_keys=False)
    (project / "practices" / "at-the-limits.yml").write_text(text, encoding="utf-8")
    source = yaml.safe_dump(hostile.hostile_source(), allow_unicode=True, sort_keys=False)
    (project / "sources" / f"{hostile.SOURCE_ID}.yml").write_text(source, encoding="utf-8")
    organisation = yaml.safe_dump(hostile.hostile_organisation(), allow_unicode=True, sort_keys=False)
    (project / "organisations" / f"{hostile.ORGANISATION_ID}.yml").write_text(organisation, encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    page = (tmp_path / "site" / "practices" / "at-the-limits" / "index.html").read_text(encoding="utf-8")
    assert "1\u00a0000\u00a0000\u00a0000\u00a0000" in page
