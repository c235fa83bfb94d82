"""Notices a manual page shows above its text: missing translation, review overdue, COI dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from platforma.content.manuals import Chapter
from platforma.project import DEFAULT_LANGUAGE


def chapter_notices(chapter: Chapter, lang: str, ui: Mapping[str, str], today: dt.date) -> list[dict[str, str]]:
    """The notices of `chapter` in `lang` (`kind`, `title`, `text`), in the order they are shown."""
    notices: list[dict[str, str]] = []
    meta = chapter.front(lang)
    if lang != DEFAULT_LANGUAGE and lang not in chapter.meta:
        notices.append({"kind": "info", "title": ui["not_translated_title"], "text": ui["not_translated_text"]})
    if meta.is_overdue(today):
        notices.append(
            {
                "kind": "warning",
                "title": ui["overdue_title"],
                "text": ui["overdue_text"].format(date=meta.last_reviewed.isoformat()),
            }
        )
    if meta.information_date:
        text = f"{ui['coi_information_date']}: {meta.information_date}"
        if meta.research_cutoff:
            text += f" · {ui['coi_research_cutoff']}: {meta.research_cutoff}"
        notices.append({"kind": "note coi-dates", "title": text, "text": ui["coi_notice"]})
    return notices
