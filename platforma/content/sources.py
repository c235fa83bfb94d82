"""Source documents: archived copies of the texts entries and chapters are based on (`sources/<id>.yml`).

Each file holds a source's description in both languages and its full text exactly as received.
Entries cite a source by id (`sources: [{source: <id>}]`); chapters and pages cite one inline with
`[source: <id>]`.  Both become a citation in the reader's language that links to the archived copy.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from platforma.content.limits import date_problem, with_limits
from platforma.content.markdown_files import read_text
from platforma.content.safe_yaml import Document, Problem
from platforma.content.schema_messages import read_checked, suggest
from platforma.content.schema_parts import DATE, both_languages
from platforma.dates import source_date_moment
from platforma.project import SOURCES_DIR, display_path, site_path

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
MAX_TEXT = 200_000  # an archived text may be far longer than a text field of an entry

_LINE = both_languages()
_DATE = DATE
SCHEMA: dict[str, Any] = with_limits(
    {
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "title", "kind", "language", "received", "sha256", "text"],
        "properties": {
            "id": {"type": "string", "pattern": ID_PATTERN, "x-hint": "lower-case words joined by hyphens"},
            "title": _LINE,
            "kind": _LINE,
            "original_title": {"type": "string", "minLength": 1},
            "language": {"type": "string", "enum": ["pl", "en"]},
            "publisher": _LINE,
            "programme": _LINE,
            "project_number": {"type": "string", "minLength": 1},
            "url": {
                "type": "string",
                "pattern": r"^https?://[^\s]+$",
                "x-hint": "a web address starting with https://",
            },
            "captured": _DATE,
            "received": _DATE,
            "sha256": {"type": "string", "pattern": r"^[0-9a-f]{64}$", "x-hint": "64 hexadecimal digits"},
            "text": {"type": "string", "minLength": 1, "maxLength": MAX_TEXT},
            "editor_note": {"type": "string"},
        },
    }
)


@dataclass(frozen=True)
class SourceDocument:
    """One archived source: what it is, in both languages, and its text exactly as received."""

    id: str
    path: str
    title: dict[str, str]
    kind: dict[str, str]
    language: str
    received: str
    text: str
    original_title: str | None = None
    publisher: dict[str, str] | None = None
    programme: dict[str, str] | None = None
    project_number: str | None = None
    url: str | None = None
    captured: str | None = None


def text_digest(text: str) -> str:
    """The sha256 an archived text is checked against (of its UTF-8 bytes)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _read(path: Path, today: dt.date) -> tuple[SourceDocument | None, list[Problem]]:
    doc, problems = read_checked(path, SCHEMA)
    if doc is None or problems:
        return None, problems
    data = doc.data
    if data["id"] != path.stem:
        problems.append(
            Problem(doc.path, *doc.where(("id",)), f"id '{data['id']}' must equal the file name '{path.stem}'")
        )
    for name in ("received", "captured"):
        if name in data:
            try:
                problem = date_problem(dt.date.fromisoformat(data[name]), today)
            except ValueError:
                problem = f"'{data[name]}' is not a real date"
            if problem:
                problems.append(Problem(doc.path, *doc.where((name,)), f"{name}: {problem}"))
    if text_digest(data["text"]) != data["sha256"]:
        problems.append(
            Problem(
                doc.path,
                *doc.where(("text",)),
                "text differs from the copy received (its sha256 does not match): an archived text is kept exactly"
                " as received; put corrections in entries, not here",
            )
        )
    if problems:
        return None, problems
    fields = {k: v for k, v in data.items() if k not in ("sha256", "editor_note")}
    return SourceDocument(path=doc.path, **fields), []


def load_sources(folder: Path = SOURCES_DIR) -> tuple[dict[str, SourceDocument], list[Problem]]:
    """Every source document by id, or the problems that stop them from being used."""
    today = source_date_moment().date()
    found: dict[str, SourceDocument] = {}
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        source, trouble = _read(path, today)
        problems.extend(trouble)
        if source:
            found[source.id] = source
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if path.is_file() and path.suffix != ".yml" and not path.name.startswith("."):
            problems.append(Problem(display_path(path), 1, 1, "a source is a .yml file (sources/<id>.yml)"))
    return found, problems


def unknown_source(source_id: str, known: Collection[str]) -> str:
    """The message for a citation of a source that does not exist."""
    return f"unknown source '{source_id}'{suggest(source_id, known)} (sources are the files in sources/)"


CITATION = re.compile(r"\[source:\s*+([^\]\s]*+)\s*+\]")  # possessive: no backtracking over long runs of spaces
"""An inline citation in Markdown: `[source: psn-project-page]`."""


def citation_problems(path: Path, known: dict[str, SourceDocument]) -> list[Problem]:
    """Inline citations in a Markdown file that name no known source, at their line and column."""
    shown = display_path(path)
    text, _ = read_text(path, shown)  # an unreadable file is reported by the check of its front matter
    problems = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        for match in CITATION.finditer(line):
            if match.group(1) not in known:
                problems.append(Problem(shown, number, match.start(1) + 1, unknown_source(match.group(1), known)))
    return problems


def source_path(source_id: str, lang: str) -> str:
    """Site path of a source's archived copy (directory URL)."""
    return site_path(f"sources/{source_id}/", lang)


__all__ = [
    "CITATION",
    "SCHEMA",
    "SourceDocument",
    "citation_problems",
    "load_sources",
    "source_path",
    "text_digest",
    "unknown_source",
]


def citation_list_problems(data: dict[str, Any], doc: Document, known: Collection[str] | None) -> list[Problem]:
    """What is wrong in an entry's `sources:` list: citations with neither or both of source:/title:, details of
    an archived source written again, or an archived source that does not exist (checked when `known` is given)."""
    problems = []
    sources = data.get("sources") if isinstance(data.get("sources"), list) else []
    for index, item in enumerate(sources):
        if not isinstance(item, dict):
            continue
        where = doc.where(("sources", index))
        if ("source" in item) == ("title" in item):
            message = "give either source: (an archived source's id) or title: (a published work), not both"
            problems.append(
                Problem(doc.path, *where, f"sources[{index}]: {message}" if item else f"sources[{index}] is empty")
            )
        elif "source" in item:
            for extra in ("lang", "url", "accessed"):
                if extra in item:
                    problems.append(
                        Problem(
                            doc.path,
                            *doc.where(("sources", index, extra), key=True),
                            f"sources[{index}].{extra}: an archived source's details are kept in"
                            f" sources/{item['source']}.yml",
                        )
                    )
            if known is not None and isinstance(item["source"], str) and item["source"] not in known:
                problems.append(
                    Problem(
                        doc.path,
                        *doc.where(("sources", index, "source")),
                        f"sources[{index}].source: " + unknown_source(item["source"], known),
                    )
                )
    return problems
