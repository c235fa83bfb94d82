"""One language per page, and sources a reader can trace (issue #16).

Every built page in both languages: no prose in the other language outside an element marked with that
language (tests/language_check.py); no internal file name of a source document on any page or in any PDF;
the archived sources are published in both languages with their text exactly as received.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from language_check import counts, foreign, other_language_blocks

from platforma.content.sources import load_sources
from platforma.project import ROOT

SEED_NAME = re.compile(r"\b\d{3}_[0-9a-f]{16}(\.txt)?\b")


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "assets" not in p.parts)


def test_the_checker_flags_prose_in_the_other_language_and_accepts_marked_quotes():
    flagged = other_language_blocks(
        '<html lang="en"><body><p>Nie podano w źródle, ale jest to wsparcie dla osób.</p>'
        '<p>Marked: <span lang="pl">to jest tekst w języku polskim, nie angielskim</span>.</p>'
        "<p>An English sentence about the project and its results.</p>"
        '<a title="Link do tej sekcji" href="#x">¶</a></body></html>'
    )
    assert [f.text for f in flagged] == [
        "Nie podano w źródle, ale jest to wsparcie dla osób.",
        "(attribute) Link do tej sekcji",
    ]
    assert counts("Saakvitne K. W., W. W. Norton, New York")["pl"] == 0  # initials are not the Polish "w"
    assert counts("w Polsce i za granicą")["pl"] == 1
    assert not foreign("Saakvitne K. W., Transforming the Pain: A Workbook, W. W. Norton", "en")


def test_no_page_shows_prose_in_the_other_language_unmarked(built_site):
    findings = [
        f"{page.relative_to(built_site)}: {f}"
        for page in _pages(built_site)
        for f in other_language_blocks(page.read_text(encoding="utf-8"))
    ]
    assert not findings, "\n".join(findings)


def test_no_page_or_pdf_shows_an_internal_file_name(built_site):
    shown = [
        str(p.relative_to(built_site)) for p in _pages(built_site) if SEED_NAME.search(p.read_text(encoding="utf-8"))
    ]
    for pdf in sorted(built_site.rglob("*.pdf")):
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        if SEED_NAME.search(text):
            shown.append(str(pdf.relative_to(built_site)))
    assert not shown


def test_archived_sources_are_published_in_both_languages_exactly_as_received(built_site):
    sources, problems = load_sources()
    assert not problems and sources
    for source in sources.values():
        for prefix in ("", "en/"):
            html = (built_site / prefix / "sources" / source.id / "index.html").read_text(encoding="utf-8")
            assert f'lang="{source.language}"' in html
            first_line = source.text.strip().splitlines()[0].strip()
            assert first_line.replace("&", "&amp;").replace('"', "&#34;") in html


def test_a_source_is_archived_exactly_and_a_changed_text_is_refused(tmp_path):
    import import_source

    text = "First line\n\n  \u2022 indented\u00a0item \"quoted\" 'single'\nZażółć: gęślą #1 [x] *y*\n\nlast"
    (tmp_path / "in.txt").write_text(text, encoding="utf-8")
    folder = tmp_path / "sources"
    args = [
        str(tmp_path / "in.txt"),
        "--id",
        "a-source",
        "--language",
        "pl",
        "--title-pl",
        "Tytuł",
        "--title-en",
        "Title",
    ]
    assert import_source.main([*args, "--received", "2026-11-23", "--folder", str(folder)]) == 0
    assert load_sources(folder)[0]["a-source"].text == text
    path = folder / "a-source.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("indented", "indent"), encoding="utf-8")
    found, problems = load_sources(folder)
    assert not found and "text differs from the copy received" in str(problems[0])
    assert import_source.main([*args, "--folder", str(folder)]) == 2  # never replaces an archived text


def test_a_chapter_citing_an_unknown_source_is_refused_at_its_line_and_column(tmp_path):
    from platforma.content.sources import citation_problems

    chapter = tmp_path / "01-x.md"
    chapter.write_text(
        "---\ntitle: X\n---\n\nTekst.\n\n- [source: avr-project-page]\n- [source: avr-projekt]\n", encoding="utf-8"
    )
    problems = citation_problems(chapter, load_sources()[0])
    assert [(p.line, p.col) for p in problems] == [(8, 12)]  # the id's first character
    assert "unknown source 'avr-projekt'; did you mean 'avr-project-page'?" in problems[0].message


def test_editor_notes_are_never_published(built_site):
    from platforma.content.practices import load_practices

    notes = [p for p in (ROOT / "practices").glob("*.yml") if "editor_note:" in p.read_text(encoding="utf-8")]
    assert notes and load_practices().ok
    import yaml

    texts = [yaml.safe_load(p.read_text(encoding="utf-8"))["editor_note"] for p in notes]
    published = [
        p
        for p in [
            *_pages(built_site),
            *built_site.rglob("*.json"),
            *built_site.rglob("*.csv"),
            *built_site.rglob("*.xml"),
        ]
    ]
    leaked = [
        str(f.relative_to(built_site))
        for f in published
        for t in texts
        if t[:60] in f.read_text(encoding="utf-8", errors="replace")
    ]
    assert not leaked


def test_each_language_has_its_own_404_page_with_links_from_the_site_root(built_site):
    import xml.etree.ElementTree as ET

    for prefix, lang, title in (("", "pl", "Nie znaleziono strony"), ("en/", "en", "Page not found")):
        html = (built_site / prefix / "404.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in html and f"<h1>{title}</h1>" in html
        switch = re.findall(r'<a href="([^"]*)" hreflang="([a-z]+)" class="md-select__link', html)
        assert switch == [("/", "pl"), ("/en/", "en")]
        assert "platforma-wiedzy.example" not in html  # works under any host
        assert not other_language_blocks(html)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    english = ET.parse(built_site / "en" / "sitemap.xml").getroot()
    locations = [loc.text for loc in english.findall("s:url/s:loc", ns)]
    assert locations and all("/en/" in loc for loc in locations)


def test_pages_ask_for_no_missing_file(served_site, browser):
    """Material fetches a sitemap beside each <link rel=alternate>; none of those requests may fail."""
    page = browser.new_page()
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    for path in ("/", "/en/", "/practices/avr-project/", "/en/practices/avr-project/", "/en/sources/avr-project-page/"):
        page.goto(served_site + path)
        page.wait_for_load_state("networkidle")
    assert not failed
    page.close()
