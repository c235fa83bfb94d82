"""Markdown files (docs/ pages, manual chapters) read as carefully as entries, before MkDocs reads them.

MkDocs reads a page's front matter with PyYAML's own loader (aliases expand: a few hundred bytes of
"billion laughs" become gigabytes) and hands every key to the theme's templates untyped (`hide: 5` or
an icon that does not exist crash Material's `base.html`).  So each file is read here first: UTF-8,
no control characters, its front matter through the safe YAML reader (no aliases, tags or deep
nesting) and, for docs/ pages, an allow-list of keys with their types.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from platforma.content.limits import MAX_DEPTH, control_character, markdown_too_deep, with_limits, written_date_problem
from platforma.content.safe_yaml import (
    Document,
    Problem,
    YamlRefused,
    line_col_of_offset,
    parse_yaml_text,
    read_limited,
)
from platforma.content.schema_messages import SchemaValidator, describe_errors
from platforma.content.schema_parts import DATE
from platforma.dates import source_date_moment
from platforma.markup.markdown_cost import markdown_cost_problems

# MkDocs' own rules (mkdocs.utils.meta): YAML between `---` lines at the very start, else "MultiMarkdown"
# `key: value` lines up to the first blank line.
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_MULTIMARKDOWN_KEY = re.compile(r"^[ ]{0,3}([A-Za-z0-9_-]+):")

PAGE_FLAGS = ("home", "glossary", "catalogue", "training_pack", "submit_form")
"""Front-matter switches of our own that make a docs/ page one of the site's special pages."""

PAGE_SCHEMA: dict[str, Any] = with_limits(
    {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "title": {"type": "string", "minLength": 1},
            "description": {"type": "string"},
            "last_reviewed": {**DATE, "x-hint": "the date the page was last checked (required when it cites an act)"},
            "hide": {
                "type": "array",
                "uniqueItems": True,
                "items": {"enum": ["navigation", "toc", "footer", "path", "feedback", "tags"]},
            },
            "icon": {
                "type": "string",
                "pattern": r"^[a-z0-9-]+/[a-z0-9-]+$",
                "x-hint": "an icon of the theme, e.g. material/book-open",
            },
            "search": {
                "type": "object",
                "additionalProperties": False,
                "properties": {"exclude": {"type": "boolean"}, "boost": {"type": "number", "minimum": 0}},
            },
            **{flag: {"const": True} for flag in PAGE_FLAGS},
        },
    }
)
"""The front matter a docs/ page may have (manual chapters have their own, `platforma.content.manuals`)."""


def page_reviewed(meta: dict[str, Any]) -> dt.date | None:
    """A docs/ page's `last_reviewed` from the front matter MkDocs read (a date, or text when quoted), or None."""
    value = meta.get("last_reviewed")
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value) if isinstance(value, str) else None


def line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of `text[index]`."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """The text of a Markdown file, or None and why not: too large, not UTF-8, or holding a control character."""
    try:
        raw = read_limited(path, shown)
    except YamlRefused as refused:
        return None, refused.problems
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        message = "the file is not valid UTF-8; save it as UTF-8"
        return None, [Problem(shown, *line_col_of_offset(raw, error.start), message)]
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")  # as MkDocs reads it
    control = control_character(text)
    if control:
        message = f"the text holds {control[1]}, which no text may hold; remove it"
        return None, [Problem(shown, *line_col(text, control[0]), message)]
    return text, []


def front_matter(text: str, shown: str) -> tuple[Document | None, list[Problem]]:
    """The page's front matter read safely (None when it has none), as MkDocs will find it."""
    found = FRONT_MATTER.match(text)
    if found is None:
        first = text.split("\n", 1)[0]
        key = _MULTIMARKDOWN_KEY.match(first)
        if key:  # MkDocs would take the line (and the ones after it) as settings and hide them
            message = (
                f"the first line starts like a setting ('{key.group(1)}:'), which MkDocs would read as front matter "
                "and not show: put settings between '---' lines, or start the page with other text"
            )
            return None, [Problem(shown, 1, 1, message)]
        return None, []
    try:
        doc = parse_yaml_text("\n" + found.group(1), shown)  # the leading newline keeps line numbers right
    except YamlRefused as refused:
        return None, refused.problems
    return doc, list(doc.problems)


def body_problems(body: str, shown: str, offset: int) -> list[Problem]:
    """Markdown that would exhaust Python-Markdown's stack or cost it minutes (`platforma.markup.markdown_cost`), at
    its line in the file: `offset` lines (of front matter) come before `body`."""
    deep = markdown_too_deep(body)
    if deep:
        return [Problem(shown, offset + deep, 1, f"lists or quotes are nested more than {MAX_DEPTH} levels deep")]
    return [
        Problem(shown, offset + line, col, message) for line, col, message in markdown_cost_problems(body, page=True)
    ]


def page_problems(path: Path, shown: str, icon_dirs: Iterable[Path] = ()) -> list[Problem]:
    """What is wrong with a docs/ page before MkDocs reads it: its text, its front matter against `PAGE_SCHEMA`
    (with an `icon` that exists in one of `icon_dirs`, the theme's `.icons` folders) and its Markdown."""
    text, problems = read_text(path, shown)
    if text is None:
        return problems
    doc, problems = front_matter(text, shown)
    if problems:
        return problems
    if doc is not None:
        problems = describe_errors(SchemaValidator(PAGE_SCHEMA), doc)
        reviewed = doc.data.get("last_reviewed")
        problem = written_date_problem(reviewed, source_date_moment().date()) if not problems and reviewed else None
        if problem:
            problems.append(Problem(shown, *doc.where(("last_reviewed",)), f"last_reviewed: {problem}"))
        icon = doc.data.get("icon")
        if not problems and icon and not any((folder / f"{icon}.svg").is_file() for folder in icon_dirs):
            problems.append(Problem(shown, *doc.where(("icon",)), f"icon: the theme has no icon '{icon}'"))
    found = FRONT_MATTER.match(text)
    offset = text.count("\n", 0, found.end()) if found else 0
    return problems + body_problems(text[found.end() if found else 0 :], shown, offset)


__all__ = [
    "FRONT_MATTER",
    "PAGE_FLAGS",
    "PAGE_SCHEMA",
    "body_problems",
    "front_matter",
    "line_col",
    "page_problems",
    "read_text",
]
