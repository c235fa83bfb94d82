"""Dates shared by the core: review-date arithmetic and the build's reproducible 'now'."""

from __future__ import annotations

import datetime as dt
import os


def months_after(day: dt.date, months: int) -> dt.date:
    """The date `months` calendar months after `day` (day of month capped at 28, so it always exists)."""
    index = day.month - 1 + months
    return dt.date(day.year + index // 12, index % 12 + 1, min(day.day, 28))


class ReviewCycle:
    """A text reviewed every `review_every_months` months since `last_reviewed` (entries, chapters): mixed into
    their dataclasses, which hold the two fields."""

    last_reviewed: dt.date
    review_every_months: int

    @property
    def review_due(self) -> dt.date:
        """The date from which the text counts as overdue for review."""
        return months_after(self.last_reviewed, self.review_every_months)

    def is_overdue(self, today: dt.date) -> bool:
        return today >= self.review_due


def build_moment(epoch: str | None) -> dt.datetime:
    """The build's moment: SOURCE_DATE_EPOCH when given (reproducible), else now; in UTC, whole seconds."""
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.now(tz=dt.UTC).replace(microsecond=0)


def source_date_moment() -> dt.datetime:
    """`build_moment` of this process's SOURCE_DATE_EPOCH: the one 'now' of a build (notices, PDF covers)."""
    return build_moment(os.environ.get("SOURCE_DATE_EPOCH"))


def long_date(day: dt.date, lang: str) -> str:
    """`day` as running text writes it: "11 czerwca 2026 r." in Polish, "11 June 2026" in English."""
    from babel.dates import format_date  # babel comes with Material; imported here, where it is needed

    text = format_date(day, "d MMMM y", locale=lang)
    return f"{text} r." if lang == "pl" else text
