"""Golden test of one rendered practice page (the template with the fixture entry's data)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from conftest import ROOT
from platforma.content.practices import load_practices
from platforma.content.relations import Relations
from platforma.content.ui import ui_strings
from platforma.content.vocabularies import load_vocabularies
from platforma.pages.templates import render_template
from platforma.pages.views import practice_view

FIXTURE = ROOT / "tests" / "fixtures" / "valid-entry.yml"
GOLDEN = ROOT / "tests" / "golden"


def rendered(lang: str, today: dt.date) -> str:
    result = load_practices([FIXTURE])
    assert result.ok, result.problems
    practice = result.practices[0]
    view = practice_view(
        practice,
        lang,
        relations=Relations.of(result.practices),
        vocabularies=load_vocabularies(),
        ui=ui_strings(lang),
        link=lambda target: "/" + target,
        edit_url="https://example.org/edit/main/practices/valid-entry.yml",
        today=today,
    )
    return render_template("practice.html", p=view, t=ui_strings(lang), lang=lang)


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_practice_page_matches_golden_file(lang):
    html = rendered(lang, dt.date(2026, 11, 23))
    golden = GOLDEN / f"valid-entry.{lang}.html"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(html, encoding="utf-8")
    assert html == golden.read_text(encoding="utf-8"), "run with UPDATE_GOLDEN=1 and review the diff"


def test_overdue_entry_shows_notice():
    assert "Wpis wymaga weryfikacji" not in rendered("pl", dt.date(2028, 10, 1))
    assert "Wpis wymaga weryfikacji" in rendered("pl", dt.date(2028, 11, 1))
    assert "This entry is due for review" in rendered("en", dt.date(2030, 1, 1))


def test_missing_english_shows_polish_with_notice(tmp_path: Path):
    text = FIXTURE.read_text(encoding="utf-8").replace("  en: Example title\n", "")
    path = tmp_path / "valid-entry.yml"
    path.write_text(text, encoding="utf-8")
    result = load_practices([path])
    view = practice_view(
        result.practices[0],
        "en",
        relations=Relations.of(result.practices),
        vocabularies=load_vocabularies(),
        ui=ui_strings("en"),
        link=lambda t: t,
        edit_url=None,
        today=dt.date(2026, 11, 23),
    )
    html = render_template("practice.html", p=view, t=ui_strings("en"), lang="en")
    assert "Partly translated" in html
    assert "<h1>Przykładowy tytuł</h1>" in html
