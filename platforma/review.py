"""The review report a build prints: texts whose law changed after their review, and reviews that are due."""

from __future__ import annotations

import datetime as dt

from .legal_acts import changes_since, cited_acts
from .markdown_files import read_text
from .project import ROOT
from .site import SiteContent


def review_report(content: SiteContent, today: dt.date) -> list[str]:
    """One line per finding, `file: what` (in English, for editors), in file order."""
    lines = []
    for manual in content.manuals:
        for chapter in [manual.landing, *manual.chapters]:
            for meta in chapter.meta.values():
                text, _ = read_text(ROOT / meta.path, meta.path)
                for day, act in changes_since(cited_acts(text or "", content.legal_acts), meta.last_reviewed, today):
                    change = "applies" if day == act.applies_from else "no longer applies"
                    lines.append(
                        f"{meta.path}: {act.cited_as['en']} {change} from {day.isoformat()}, after the last review"
                        f" ({meta.last_reviewed.isoformat()})"
                    )
                if meta.is_overdue(today):
                    lines.append(f"{meta.path}: review due since {meta.review_due.isoformat()}")
    return lines
