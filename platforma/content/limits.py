"""The limits every content file keeps, in one place.

The JSON Schemas get their string and number limits from here (`with_limits`, so editors see them
in the published schema); the YAML reader checks file size, nesting and numbers; the loaders check
dates.  Whatever passes these checks, the build can handle.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 20  # nesting of YAML mappings and lists, and of Markdown lists and quotes
MAX_STRING = 20_000  # characters in one text field
MAX_NUMBER = 10**12
EARLIEST_DATE = dt.date(1990, 1, 1)
YEARS_AHEAD = 5


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def control_character(text: str) -> tuple[int, str] | None:
    """(index, description) of the first character no text may hold, or None.

    Control characters other than tab, newline and carriage return, DEL and the C1 controls are invisible
    and make XML (the feed) ill-formed; lone surrogates cannot be written as UTF-8; bidirectional overrides
    and isolates make a text read differently from what it says ("Trojan Source").
    """
    found = _CONTROL.search(text)
    if found is None:
        return None
    char = found.group()
    kind = "a lone surrogate" if "\ud800" <= char <= "\udfff" else "a control character"
    kind = "a bidirectional control character" if char in _BIDI else kind
    return found.start(), f"{kind} (U+{ord(char):04X})"


def latest_date(today: dt.date) -> dt.date:
    """The latest date content may carry: `YEARS_AHEAD` years after the build date (29 Feb → 28 Feb)."""
    return today.replace(year=today.year + YEARS_AHEAD, day=min(today.day, 28) if today.month == 2 else today.day)


def written_date_problem(written: str, today: dt.date) -> str | None:
    """Why a date written YYYY-MM-DD (the schemas check the form) is no real date or out of range, or None."""
    try:
        return date_problem(dt.date.fromisoformat(written), today)
    except ValueError:
        return f"'{written}' is not a real date"


def date_problem(value: dt.date, today: dt.date) -> str | None:
    """Why `value` is out of the allowed range of dates, or None."""
    if value < EARLIEST_DATE:
        return f"{value.isoformat()} is before {EARLIEST_DATE.isoformat()}, the earliest date allowed"
    latest = latest_date(today)
    if value > latest:
        return f"{value.isoformat()} is after {latest.isoformat()} ({YEARS_AHEAD} years after the build date)"
    return None


def with_limits(schema: Any) -> Any:
    """`schema` with `maxLength` on every string and `maximum`/`minimum` on every number, where not set."""
    if isinstance(schema, dict):
        result = {key: with_limits(value) for key, value in schema.items()}
        kinds = result.get("type")
        kinds = {kinds} if isinstance(kinds, str) else set(kinds or ())
        if "string" in kinds and "enum" not in result and "x-vocabulary" not in result:
            result.setdefault("maxLength", MAX_STRING)
        if kinds & {"number", "integer"}:
            result.setdefault("maximum", MAX_NUMBER)
            result.setdefault("minimum", -MAX_NUMBER)
        return result
    if isinstance(schema, list):
        return [with_limits(item) for item in schema]
    return schema


_BLOCK_MARKER = re.compile(r" {0,3}(?:>|[-*+](?=\s)|\d{1,9}[.)](?=\s))\s?")


def _nesting(line: str) -> int:
    """Levels a Markdown line opens: four columns of indentation each, and each leading `>`, `-`, `1.` marker."""
    expanded = line.expandtabs(4)
    rest = expanded.lstrip(" ")
    levels = (len(expanded) - len(rest)) // 4
    while (marker := _BLOCK_MARKER.match(rest)) and marker.end():
        levels += 1
        rest = rest[marker.end() :]
    return levels


def markdown_too_deep(text: str) -> int | None:
    """The 1-based line where Markdown nests lists or quotes more than `MAX_DEPTH` levels, or None.

    Python-Markdown recurses once per level: a few thousand levels (`- - - - x` on one line is enough)
    exhaust Python's stack.
    """
    return next((n for n, line in enumerate(text.splitlines(), start=1) if _nesting(line) > MAX_DEPTH), None)
