"""The editor's preview makes again only the pages a change reaches (platforma/preview/, hooks/preview.py)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from platforma.content.practices import load_practices
from platforma.content.relations import Relations
from platforma.pages.views import catalogue_order
from platforma.preview.stale_pages import (
    PageSource,
    PreviewRecord,
    page_fingerprints,
    practices_shown_on,
    structure_digest,
)


@pytest.fixture
def entries(tmp_path) -> Path:
    folder = tmp_path / "practices"
    shutil.copytree(ROOT / "practices", folder)
    return folder


def _fingerprints(folder: Path, *, extra_pages: list[PageSource] = ()) -> tuple[dict[str, str], Relations]:
    loaded = load_practices(sorted(folder.glob("*.yml")))
    assert not loaded.problems
    relations = Relations.of(loaded.practices)
    pages = [PageSource(f"practices/{p.id}.md", None, p.id) for p in loaded.practices] + list(extra_pages)
    return page_fingerprints(pages, loaded.practices, relations, "pl", "structure"), relations


def _retitle(path: Path, title: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^(title:\s*\n\s+pl:\s*).*$", lambda m: m[1] + f'"{title}"', text), encoding="utf-8")


def test_an_edited_practice_changes_its_page_and_the_pages_that_show_it_only(entries, tmp_path):
    page = tmp_path / "about.md"
    page.write_text("# O nas\n", encoding="utf-8")
    extra = [
        PageSource("index.md", page),  # may show any practice
        PageSource("about.md", page, shows=()),  # shows none
    ]
    before, relations = _fingerprints(entries, extra_pages=extra)
    assert _fingerprints(entries, extra_pages=extra)[0] == before  # nothing changed, nothing to make

    _retitle(entries / "avr-trainings.yml", "Szkolenia (zmieniony tytuł)")
    after, new_relations = _fingerprints(entries, extra_pages=extra)
    changed = {key for key in before if before[key] != after[key]}

    edited = relations.by_id["avr-trainings"]
    showing = {
        p.id
        for rel in (relations, new_relations)
        for p in rel.by_id.values()
        if edited.id in {q.id for q in practices_shown_on(p, rel, catalogue_order(rel, "pl"))}
    }
    assert "practices/avr-trainings.md" in changed
    assert "index.md" in changed and "about.md" not in changed
    assert {f"practices/{i}.md" for i in showing} <= changed  # parent, children, related, neighbours
    unaffected = set(relations.by_id) - showing - {edited.id}
    assert unaffected, "the test needs practices that do not show the edited one"
    assert not {f"practices/{i}.md" for i in unaffected} & changed


def test_a_chapter_depends_on_the_practices_it_lists(entries, tmp_path):
    chapter = tmp_path / "chapter.md"
    chapter.write_text("# Rozdział\n", encoding="utf-8")
    listed = PageSource("manuals/psn/05.md", chapter, shows=("avr-trainings",), extra="3")
    before = _fingerprints(entries, extra_pages=[listed])[0]

    _retitle(entries / "psn-direct-assistance.yml", "Inny tytuł")
    assert _fingerprints(entries, extra_pages=[listed])[0][listed.key] == before[listed.key]
    _retitle(entries / "avr-trainings.yml", "Inny tytuł")
    assert _fingerprints(entries, extra_pages=[listed])[0][listed.key] != before[listed.key]
    chapter.write_text("# Rozdział\n\nNowe zdanie.\n", encoding="utf-8")
    assert _fingerprints(entries, extra_pages=[listed])[0][listed.key] != before[listed.key]


def test_titles_templates_and_data_reach_every_page(tmp_path):
    for name in ("docs", "manuals", "data", "overrides"):
        (tmp_path / name).mkdir()
    chapter = tmp_path / "manuals" / "a.md"
    chapter.write_text("---\ntitle: Pierwszy\n---\n\nTekst.\n", encoding="utf-8")
    first = structure_digest(tmp_path)
    chapter.write_text("---\ntitle: Pierwszy\n---\n\nInny tekst.\n", encoding="utf-8")
    assert structure_digest(tmp_path) == first  # the text of a page is that page's own business
    chapter.write_text("---\ntitle: Drugi\n---\n\nInny tekst.\n", encoding="utf-8")
    second = structure_digest(tmp_path)
    assert second != first  # a title is in every page's navigation
    (tmp_path / "data" / "ui.yml").write_text("a: b\n", encoding="utf-8")
    assert structure_digest(tmp_path) != second
    third = structure_digest(tmp_path)
    (tmp_path / "docs" / "new.md").write_text("# Nowa\n", encoding="utf-8")
    assert structure_digest(tmp_path) != third
    fourth = structure_digest(tmp_path)
    (tmp_path / "organisations").mkdir()  # an organisation's name is on the pages of every entry that names it
    (tmp_path / "organisations" / "iom.yml").write_text("id: iom\n", encoding="utf-8")
    assert structure_digest(tmp_path) != fourth


def test_the_record_makes_everything_after_a_failure_and_before_the_first_build():
    record = PreviewRecord()
    record.expect("pl", {"a.md": "1", "b.md": "2"})
    assert record.is_stale("pl", "a.md")  # nothing written yet
    record.written_pass("pl")
    record.expect("pl", {"a.md": "1", "b.md": "3"})
    assert not record.is_stale("pl", "a.md") and record.is_stale("pl", "b.md")
    assert record.is_stale("en", "a.md")  # each language on its own
    record.forget()
    record.expect("pl", {"a.md": "1", "b.md": "3"})
    assert record.is_stale("pl", "a.md")


def test_the_error_page_prints_messages_as_text_in_the_pages_language(tmp_path):
    from platforma.preview.error_page import write_error_pages

    (tmp_path / "en" / "practices").mkdir(parents=True)
    (tmp_path / "index.html").write_text("old", encoding="utf-8")
    (tmp_path / "en" / "practices" / "index.html").write_text("old", encoding="utf-8")
    payload = "practices/x.yml:3:7: unknown target group '<script>alert(1)</script><img src=x onerror=alert(2)>'"
    assert write_error_pages(tmp_path, [payload]) == 2
    polish = (tmp_path / "index.html").read_text(encoding="utf-8")
    english = (tmp_path / "en" / "practices" / "index.html").read_text(encoding="utf-8")
    for page in (polish, english):
        assert "<script>alert" not in page and "<img" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert '<ol class="pw-preview-errors" lang="en">' in page  # the validator's messages are English
    assert '<html lang="pl">' in polish and "treści nie da się zbudować" in polish
    assert '<html lang="en">' in english and "the content cannot be built" in english
    assert "nie da się" not in english
