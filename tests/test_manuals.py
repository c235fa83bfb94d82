"""Manuals: navigation in both languages, translation and review notices, glossary hovers, front matter errors."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT, copy_project, run_build
from platforma.content.manuals import load_manuals, read_front_matter

YEAR_2035 = "2051222400"  # 2035-01-01


def nav_links(html: str) -> set[str]:
    nav = html[html.index("md-sidebar--primary") : html.index("md-sidebar--secondary")]
    return set(re.findall(r'href="([^"]+)"', nav))


def first_chapter(manual: str = "psn") -> Path:
    return sorted(p for p in (ROOT / "manuals" / manual).glob("0*.md") if not p.name.endswith(".en.md"))[0]


def test_every_manual_has_chapters_and_landing_pages():
    manuals, problems, _ = load_manuals()
    assert not problems
    assert {m.slug for m in manuals} >= {"psn", "networking", "coi"}
    for manual in manuals:
        assert manual.chapters, manual.slug
        assert manual.title("pl") and manual.title("en")


def test_chapters_appear_in_both_navigations(built_site):
    manuals, _, _ = load_manuals()
    for manual in manuals:
        for lang, prefix in (("pl", built_site), ("en", built_site / "en")):
            html = (prefix / "manuals" / manual.slug / "index.html").read_text(encoding="utf-8")
            links = nav_links(html)
            for chapter in manual.chapters:
                stem = chapter.slug
                assert any(link.rstrip("/").endswith(stem) for link in links), (lang, manual.slug, stem)
            # the landing page lists the chapters with their titles in this language
            for chapter in manual.chapters:
                assert chapter.title(lang) in html


def test_previous_and_next_links_inside_a_manual(built_site):
    html = (built_site / "manuals" / "psn" / first_chapter().stem / "index.html").read_text(encoding="utf-8")
    assert 'class="md-footer__link md-footer__link--prev"' in html
    assert 'class="md-footer__link md-footer__link--next"' in html


def test_missing_translation_gives_notice_and_is_listed(tmp_path):
    project = copy_project(tmp_path / "project")
    chapter = first_chapter()
    (project / "manuals" / "psn" / f"{chapter.stem}.en.md").unlink()
    site = tmp_path / "site"
    result = run_build(project, site)
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"manuals/psn/{chapter.stem}.en.md" in result.stderr
    html = (site / "en" / "manuals" / "psn" / chapter.stem / "index.html").read_text(encoding="utf-8")
    assert "Not yet translated" in html
    polish_title = read_front_matter(chapter)[0].title
    assert polish_title in html
    assert "Not yet translated" not in (site / "manuals" / "psn" / chapter.stem / "index.html").read_text("utf-8")


def test_overdue_chapter_shows_warning(tmp_path, built_site):
    chapter = first_chapter()
    current = (built_site / "manuals" / "psn" / chapter.stem / "index.html").read_text(encoding="utf-8")
    assert "Wpis wymaga weryfikacji" not in current
    site = tmp_path / "future"
    result = run_build(ROOT, site, epoch=YEAR_2035)
    assert result.returncode == 0, result.stderr[-3000:]
    html = (site / "manuals" / "psn" / chapter.stem / "index.html").read_text(encoding="utf-8")
    assert "Wpis wymaga weryfikacji" in html
    assert "This entry is due for review" in (site / "en" / "manuals" / "psn" / chapter.stem / "index.html").read_text(
        "utf-8"
    )


def test_coi_note_shows_information_date_right_under_its_title(built_site):
    for path in (built_site / "manuals" / "coi").glob("*/index.html"):
        source = ROOT / "manuals" / "coi" / f"{path.parent.name}.md"
        meta = read_front_matter(source)[0]
        if meta.information_date:
            html = path.read_text(encoding="utf-8")
            article = html[html.index("<article") :]
            title, date = article.index("<h1"), article.index("Data informacji")
            assert title < date < article.index("<h2")  # under the title, before the text
            assert meta.information_date in article
            break
    else:
        raise AssertionError("no COI note with information_date")


def test_glossary_terms_are_explained_on_hover(built_site):
    html = (built_site / "manuals" / "psn" / "index.html").read_text(encoding="utf-8")
    html_en = (built_site / "en" / "manuals" / "psn" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<abbr title="[^"]+">PSN</abbr>', html)
    assert re.search(r'<abbr title="[^"]+">PSN</abbr>', html_en)
    assert re.search(r'<abbr title="([^"]+)">PSN', html).group(1) != re.search(
        r'<abbr title="([^"]+)">PSN', html_en
    ).group(1)


def test_glossary_page_lists_terms_alphabetically(built_site):
    for lang, prefix in (("pl", built_site), ("en", built_site / "en")):
        html = (prefix / "glossary" / "index.html").read_text(encoding="utf-8")
        terms = re.findall(r'<dt id="[^"]+">([^<]+?)\s*(?:<span|</dt>)', html)
        assert len(terms) >= 35, lang
        order = "aąbcćdeęfghijklłmnńoópqrsśtuvwxyzźż"
        keys = [[order.index(c) if c in order else 100 + ord(c) for c in t.casefold()] for t in terms]
        assert keys == sorted(keys), lang


def test_broken_front_matter_is_reported_with_file_and_line(tmp_path):
    project = copy_project(tmp_path / "project")
    chapter = project / "manuals" / "psn" / first_chapter().name
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("last_reviewed:", "last_reviewed: [unclosed\nreviewed:", 1), encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert f"manuals/psn/{chapter.name}:" in result.stderr
    assert "YAML syntax error" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_front_matter_field_is_reported(tmp_path):
    project = copy_project(tmp_path / "project")
    chapter = project / "manuals" / "psn" / first_chapter().name
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("title:", "titel: x\ntitle:", 1), encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert re.search(rf"manuals/psn/{chapter.name}:2:1: unknown field 'titel'", result.stderr), result.stderr[-2000:]
