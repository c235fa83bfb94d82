"""The review report a build prints: texts whose law changed after their review, reviews that are due, and act
numbers written by hand instead of cited from the register."""

from __future__ import annotations

import datetime as dt
from collections import Counter

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
    by_file = Counter(problem.path for problem in content.hand_written_acts)
    for path, count in sorted(by_file.items()):
        lines.append(f"{path}: {count} act number(s) written by hand, not cited from data/legal_acts.yml")
    return lines
