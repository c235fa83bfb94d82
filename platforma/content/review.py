"""The review report a build prints: texts whose law changed after their review, and reviews that are due."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from platforma.content.legal_acts import LegalAct, changes_since, cited_acts
from platforma.content.markdown_files import front_matter, read_text
from platforma.content.site import SiteContent
from platforma.project import DATA_DIR, DOCS_DIR, ROOT, display_path


def review_report(content: SiteContent, today: dt.date) -> list[str]:
    """One line per finding, `file: what` (in English, for editors): chapters, then pages, then glossary terms."""
    lines = []
    for manual in content.manuals:
        for chapter in [manual.landing, *manual.chapters]:
            for meta in chapter.meta.values():
                text, _ = read_text(ROOT / meta.path, meta.path)
                lines += _law_changes(meta.path, text or "", meta.last_reviewed, content.legal_acts, today)
                if meta.is_overdue(today):
                    lines.append(f"{meta.path}: review due since {meta.review_due.isoformat()}")
    for shown, text, reviewed in _reviewed_pages(sorted(DOCS_DIR.rglob("*.md"))):
        lines += _law_changes(shown, text, reviewed, content.legal_acts, today)
    glossary = display_path(DATA_DIR / "glossary.yml")
    for term in content.glossary_cited:
        if term.last_reviewed:
            where = f"{glossary}:{term.line} ({term.term['en']})"
            lines += _law_changes(where, term.cited_text(), term.last_reviewed, content.legal_acts, today)
    return lines


def _reviewed_pages(paths: list[Path]) -> Iterator[tuple[str, str, dt.date]]:
    for path in paths:
        shown = display_path(path)
        text, _ = read_text(path, shown)
        doc, _ = front_matter(text or "", shown)
        written = doc.data.get("last_reviewed") if doc is not None and isinstance(doc.data, dict) else None
        if text and written:
            yield shown, text, dt.date.fromisoformat(written)


def _law_changes(where: str, text: str, reviewed: dt.date, acts: dict[str, LegalAct], today: dt.date) -> list[str]:
    return [
        f"{where}: {act.cited_as['en']} {'applies' if day == act.applies_from else 'no longer applies'} from"
        f" {day.isoformat()}, after the last review ({reviewed.isoformat()})"
        for day, act in changes_since(cited_acts(text, acts), reviewed, today)
    ]
