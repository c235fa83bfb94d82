"""Real MkDocs builds: both languages, twins, no third-party requests, strictness, reproducibility."""

from __future__ import annotations

import html as html_lib
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, run_build
from platforma.content.practices import load_practices
from platforma.project import cache_dir


class _Links(HTMLParser):
    """Collects every URL a browser would fetch (src, link/script href) and the language-switch links."""

    def __init__(self) -> None:
        super().__init__()
        self.fetched: list[str] = []
        self.alternates: dict[str, str] = {}
        self.lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang")
        if "src" in a:
            self.fetched.append(a["src"])
        if tag == "link" and a.get("rel") not in ("alternate", "canonical") and "href" in a:
            self.fetched.append(a["href"])
        if tag == "script" and "href" in a:
            self.fetched.append(a["href"])
        if tag == "a" and "hreflang" in a and "md-select__link" in a.get("class", ""):
            self.alternates[a["hreflang"]] = a["href"]


def parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html"))


def polish_pages(site: Path) -> list[Path]:
    return [p for p in html_pages(site) if not p.relative_to(site).parts[0] == "en"]


def test_both_languages_built(built_site):
    assert parse(built_site / "index.html").lang == "pl"
    assert parse(built_site / "en" / "index.html").lang == "en"
    for path in (
        "practices/avr-project/index.html",
        "manuals/networking/index.html",
        "about/index.html",
        "glossary/index.html",
        "contribute/index.html",
        "practices/index.html",
    ):
        assert (built_site / path).is_file(), path
        assert (built_site / "en" / path).is_file(), f"en/{path}"
    assert (built_site / "404.html").is_file()
    assert (built_site / "schema" / "practice.schema.json").is_file()


def test_every_polish_page_has_an_english_twin_and_the_switch_points_to_it(built_site):
    pages = [p for p in polish_pages(built_site) if p.name == "index.html"]
    assert len(pages) > 30
    for page in pages:
        relative = page.relative_to(built_site)
        twin = built_site / "en" / relative
        assert twin.is_file(), f"no English twin for {relative}"
        url = "/" + relative.parent.as_posix() + "/" if relative.parent.as_posix() != "." else "/"
        assert parse(page).alternates.get("en", "").rstrip("/").endswith(("/en" + url).rstrip("/")), relative
        assert parse(twin).alternates.get("pl", "").rstrip("/") == url.rstrip("/") or parse(twin).alternates[
            "pl"
        ].endswith(url), relative


_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")
_CSS_IMPORT = re.compile(r"@import\s+(?:url\()?\s*['\"]?([^'\"\);]+)")
_JS_URL = re.compile(r"['\"`](https?:)?//(?!www\.w3\.org/)[a-z0-9.-]+\.[a-z]{2,}[^'\"`]*['\"`]", re.I)


def _is_external(url: str) -> bool:
    return bool(re.match(r"^(https?:)?//", url.strip()))


def test_no_page_requests_a_third_party(built_site):
    offenders = []
    for page in html_pages(built_site):
        offenders += [f"{page.relative_to(built_site)}: {u}" for u in parse(page).fetched if _is_external(u)]
    for css in built_site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        urls = _CSS_URL.findall(text) + _CSS_IMPORT.findall(text)
        offenders += [f"{css.relative_to(built_site)}: {u}" for u in urls if _is_external(u)]
    assert not offenders, "\n".join(offenders)


def test_no_script_loads_from_a_third_party(built_site):
    """Scripts may mention URLs in comments or licences; none may be loaded via import/fetch."""
    pattern = re.compile(r"(?:import\(|fetch\(|importScripts\()\s*['\"`](https?:)?//", re.I)
    offenders = [
        str(js.relative_to(built_site))
        for js in built_site.rglob("*.js")
        if pattern.search(js.read_text(encoding="utf-8", errors="replace"))
    ]
    assert not offenders


def test_fonts_are_shipped_and_cover_polish(built_site):
    css = (built_site / "assets" / "stylesheets" / "fonts.css").read_text(encoding="utf-8")
    for font in re.findall(r"url\(\.\./fonts/([^)]+)\)", css):
        assert (built_site / "assets" / "fonts" / font).is_file(), font
    # latin-ext covers ą ć ę ł ń ś ź ż (U+0100–U+017F)
    assert "U+0100-02BA" in css
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html


def test_builds_are_byte_identical(tmp_path, built_site):
    second = tmp_path / "again"
    # A build cache of its own, so that the PDFs and the search form map are really made again, not copied;
    # only what they are made from is taken from the first build's cache: the lemmatiser's unpacked dictionary
    # and the merged fonts (unpacking the dictionary again would take most of this test's time); and the entries
    # the first build read and rendered (platforma/disk_memo.py), so that a build reusing them is compared with
    # one that made them (on a fresh machine the session's build is the first: it reused nothing)
    cache = tmp_path / "cache"
    for inputs in ("lexicon", "fonts", "memo"):
        if (cache_dir() / inputs).is_dir():
            shutil.copytree(cache_dir() / inputs, cache / inputs)
    # and every page renders its own navigation and tabs (hooks/templates.py shares them between the pages of a
    # folder that are outside the navigation): a fragment shared where it should not be makes a difference
    env = {"PLATFORMA_PDF": "1", "PLATFORMA_CACHE_DIR": str(cache), "PLATFORMA_FRAGMENT_CACHE": "0"}
    result = run_build(ROOT, second, extra_env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    first_files = {p.relative_to(built_site): p for p in built_site.rglob("*") if p.is_file()}
    second_files = {p.relative_to(second): p for p in second.rglob("*") if p.is_file()}
    assert first_files.keys() == second_files.keys()
    different = [str(k) for k, p in first_files.items() if p.read_bytes() != second_files[k].read_bytes()]
    assert not different, different


def test_strict_build_fails_on_a_broken_link(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "contribute.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[broken](no-such-page.md)\n", encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "no-such-page.md" in result.stderr


def test_strict_build_fails_on_a_broken_anchor(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "contribute.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[anchor](about.md#no-such-heading)\n", encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "no-such-heading" in result.stderr


def test_bad_entry_stops_the_build_and_keeps_the_previous_site(tmp_path, built_site):
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    shutil.copytree(built_site, site)  # the previous site: the session's build of the same project
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    bad = project / "practices" / "avr-trainings.yml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("[professionals]", "[kids]"), encoding="utf-8")
    (project / "practices" / "extra.yml").write_text("id: !!python/object/apply:os.system [ls]\n", encoding="utf-8")
    result = run_build(project, site)
    assert result.returncode != 0
    assert "practices/avr-trainings.yml:11:17: unknown target group 'kids'" in result.stderr
    assert "practices/extra.yml:1:5: YAML tags" in result.stderr
    assert "Traceback" not in result.stderr
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before


def test_entry_html_is_sanitised(tmp_path):
    project = copy_project(tmp_path / "project")
    source = (ROOT / "tests" / "fixtures" / "valid-entry.yml").read_text(encoding="utf-8")
    hostile = source.replace("id: valid-entry", "id: hostile").replace(
        "summary: {pl: Przykładowe streszczenie., en: Example summary.}",
        "summary: {pl: \"<script>alert('s')</script> streszczenie\", en: Example.}\n"
        "description:\n  pl: |\n    Tekst <img src=x alt=obraz onerror=alert(1)> i <script>alert(2)</script>\n"
        '    [klik](javascript:alert(3)) [dane](data:text/html;base64,PHNjcmlwdD4=) <b onclick="x()">b</b>\n'
        "    [dobry](https://example.org/ok)\n",
    )
    (project / "practices" / "hostile.yml").write_text(hostile, encoding="utf-8")
    site = tmp_path / "site"
    result = run_build(project, site)
    assert result.returncode == 0, result.stderr[-3000:]
    for page in (site / "practices" / "hostile" / "index.html", site / "en" / "practices" / "hostile" / "index.html"):
        html = page.read_text(encoding="utf-8")
        article = html[html.index("<article") : html.index("</article>")]
        assert "<script>alert" not in article and "onerror" not in article and "onclick" not in article
        assert "javascript:" not in article and "data:text/html" not in article
        if "/en/" not in page.as_posix():
            assert '<p class="pw-lead">&lt;script&gt;alert(&#39;s&#39;)&lt;/script&gt; streszczenie</p>' in article
        assert 'href="https://example.org/ok"' in article


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_practice_page_shows_every_field(built_site, lang):
    prefix = built_site / ("en" if lang == "en" else "")
    html = (prefix / "practices" / "gdansk-refugee-networks" / "index.html").read_text(encoding="utf-8")
    expected = {
        "pl": [
            "Realizator",
            "Grupy docelowe",
            "Rezultaty w liczbach",
            "Źródła",
            "PL05-0538",
            "pomorskie",
            "Zaproponuj zmianę tego wpisu",
            "Ostatnia weryfikacja",
            "Fundusze EOG",
            "?group=",
            "?theme=",
        ],
        "en": [
            "Implementer",
            "Target groups",
            "Results in figures",
            "Sources",
            "PL05-0538",
            "Pomeranian",
            "Suggest a change to this entry",
            "Last reviewed",
            "EEA Grants",
            "?group=",
            "?theme=",
        ],
    }[lang]
    missing = [text for text in expected if text not in html]
    assert not missing
    assert "edit/main/practices/gdansk-refugee-networks.yml" in html
    practice = next(p for p in load_practices().practices if p.id == "gdansk-refugee-networks")
    title = html_lib.escape(practice.title.get(lang), quote=False)
    site_name = {"pl": "Platforma Wiedzy", "en": "Knowledge Platform"}[lang]
    assert f"<title>{title} - {site_name}</title>" in html  # the page's title comes from the entry


class _VisibleText(HTMLParser):
    """The text a reader sees: text nodes outside scripts, styles and templates."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hidden = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        self.hidden += tag in ("script", "style", "template")

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in ("script", "style", "template")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.text.append(data)


def test_no_page_shows_markdown_it_did_not_render(built_site):
    """Abbreviation definitions (`*[IOM]: …`), which entries get for their organisations' acronyms and the
    glossary's abbreviations, are explanations on hover, never a paragraph."""
    shown = []
    for page in sorted(built_site.rglob("*.html")):
        parser = _VisibleText()
        parser.feed(page.read_text(encoding="utf-8"))
        if any("*[" in text for text in parser.text):
            shown.append(str(page.relative_to(built_site)))
    assert shown == []
    practice = (built_site / "practices" / "avr-project" / "index.html").read_text(encoding="utf-8")
    assert '<abbr title="Międzynarodowa Organizacja do Spraw Migracji">IOM</abbr>' in practice
