"""Date arithmetic shared by practices and manual chapters."""

from __future__ import annotations

import datetime as dt


def months_after(day: dt.date, months: int) -> dt.date:
    """The date `months` calendar months after `day` (day of month capped at 28, so it always exists)."""
    index = day.month - 1 + months
    return dt.date(day.year + index // 12, index % 12 + 1, min(day.day, 28))
