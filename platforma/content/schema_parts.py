"""JSON Schema pieces that several content files share (glossary, vocabularies, sources, chapters)."""

from __future__ import annotations

from typing import Any

DATE: dict[str, Any] = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "x-hint": "a date written YYYY-MM-DD"}


def both_languages(hint: str = "a map with the Polish text under pl: and the English under en:") -> dict[str, Any]:
    """A text required in Polish and in English: `{pl: ..., en: ...}`."""
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["pl", "en"],
        "properties": {"pl": {"type": "string", "minLength": 1}, "en": {"type": "string", "minLength": 1}},
        "x-hint": hint,
    }
