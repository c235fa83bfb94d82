"""Words in another language inside a plain-text field (a glossary definition or source line).

Editors mark them as they do in Markdown, `<span lang="en">EMN Asylum and Migration Glossary</span>`, so a
screen reader pronounces them in their own language. In a plain-text field only this exact form is read as a
mark (one language code, text without tags inside); anything else stays text and is shown escaped.
"""

from __future__ import annotations

import re
from typing import Any

LANGUAGE_MARK = re.compile(r'<span lang="([a-z]{2,3})">([^<>]*+)</span>')


def without_language_marks(text: str) -> str:
    """`text` with each mark replaced by the words it marks (for tooltips, search and other plain uses)."""
    return LANGUAGE_MARK.sub(lambda match: match.group(2), text)


def language_parts(text: str) -> list[dict[str, Any]]:
    """`text` cut into unmarked text (`{"text": …}`) and marked words (`{"text": …, "lang": code}`)."""
    parts: list[dict[str, Any]] = []
    position = 0
    for match in LANGUAGE_MARK.finditer(text):
        parts.append({"text": text[position : match.start()]})
        parts.append({"text": match.group(2), "lang": match.group(1)})
        position = match.end()
    parts.append({"text": text[position:]})
    return [part for part in parts if part["text"]]
