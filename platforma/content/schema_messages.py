"""Plain-language messages for JSON Schema errors, placed at the offending node."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError
from jsonschema.protocols import Validator

from platforma.content.safe_yaml import Document, Problem, YamlRefused, load_yaml
from platforma.content.vocabularies import load_vocabularies
from platforma.project import display_path

_KIND = {
    "string": "text",
    "array": "a list",
    "object": "a mapping (key: value)",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "null": "nothing",
}


def _found(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "an empty value"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text '{shorten(value)}'"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


_INVISIBLE = {code: f"\\x{code:02x}" for code in [*range(0x20), 0x7F]} | {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}


def shorten(text: str, limit: int = 60) -> str:
    """`text` cut to `limit` characters for a one-line message (a value can be 20,000 characters long), line
    breaks and other invisible characters written as escapes (`\\n`)."""
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return text.translate(_INVISIBLE)


def field_name(path: Iterable[str | int]) -> str:
    name = ""
    for part in path:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "the entry"


def suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _describe(error: ValidationError, doc: Document) -> list[Problem]:
    """Turn one jsonschema error into plain-language problems at the right place."""
    path = tuple(error.absolute_path)
    where = doc.where(path)
    name = field_name(path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    hint = schema.get("x-hint")
    kind = error.validator
    if kind == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        return [
            Problem(
                doc.path,
                *doc.where((*path, extra), key=True),
                f"unknown field '{extra}'{suggest(extra, allowed)} (allowed here: {', '.join(allowed)})",
            )
            for extra in error.instance
            if extra not in allowed
        ]
    if kind == "required":
        missing = error.message.split("'")[1]
        inside = f" in {name}" if path else ""
        return [Problem(doc.path, *where, f"missing required field '{missing}'{inside}")]
    if kind == "enum" and "x-vocabulary" in schema:
        vocabulary = load_vocabularies()[schema["x-vocabulary"]]
        value = error.instance
        return [
            Problem(
                doc.path,
                *where,
                f"unknown {vocabulary.name['en']} '{shorten(str(value))}'{suggest(value, vocabulary.codes)}"
                f" (allowed: {', '.join(vocabulary.codes)})",
            )
        ]
    if kind == "type":
        expected = schema.get("type")
        wanted = " or ".join(_KIND.get(t, t) for t in ([expected] if isinstance(expected, str) else expected))
        extra = f"; {hint}" if hint else ""
        return [Problem(doc.path, *where, f"{name} should be {wanted}, not {_found(error.instance)}{extra}")]
    if kind == "pattern":
        return [
            Problem(
                doc.path,
                *where,
                f"{name}: '{shorten(error.instance)}' is not valid; expected {hint or schema['pattern']}",
            )
        ]
    if kind == "minItems":
        return [Problem(doc.path, *where, f"{name} needs at least one value")]
    if kind == "maxLength":
        return [
            Problem(
                doc.path, *where, f"{name} has {len(error.instance):,} characters; at most {error.validator_value:,}"
            )
        ]
    if kind in ("minLength", "minProperties"):
        return [Problem(doc.path, *where, f"{name} must not be empty")]
    if kind == "uniqueItems":
        return [Problem(doc.path, *where, f"{name} lists the same value twice")]
    if kind in ("minimum", "maximum"):
        bound = "at least" if kind == "minimum" else "at most"
        return [
            Problem(doc.path, *where, f"{name}: {error.instance} is out of range ({bound} {error.validator_value:,})")
        ]
    if kind == "anyOf" and hint:
        return [Problem(doc.path, *where, f"{name} should be {hint}")]
    if kind == "not" and path == ("id",):
        return [Problem(doc.path, *where, "'index' cannot be an id (it is the catalogue page)")]
    return [Problem(doc.path, *where, f"{name}: {shorten(error.message, 200)}")]


def describe_errors(validator: Validator, doc: Document) -> list[Problem]:
    """Every schema error of `doc`, in file order, as problems a person can act on."""
    problems: list[Problem] = []
    reported = {(p.line, p.col) for p in doc.problems}  # a value the reader refused is not described again
    for error in sorted(validator.iter_errors(doc.data), key=lambda e: doc.where(tuple(e.absolute_path))):
        problems.extend(p for p in _describe(error, doc) if (p.line, p.col) not in reported)
    return problems


@lru_cache(maxsize=256)
def _whole_string_pattern(pattern: str) -> re.Pattern[str]:
    """`pattern` with JSON Schema's (ECMA-262) meaning of `$`, the end of the text: Python's `$` also matches
    before a final newline, so `"2026-01-10\\n"` would pass `^\\d{4}-\\d{2}-\\d{2}$`."""
    out, escaped, in_class = [], False, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == "$" and not in_class:
            char = r"\Z"
        out.append(char)
    return re.compile("".join(out))


def _pattern(validator: Validator, pattern: str, instance: Any, schema: dict[str, Any]) -> Iterable[ValidationError]:
    if validator.is_type(instance, "string") and not _whole_string_pattern(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


SchemaValidator = validators.extend(Draft202012Validator, {"pattern": _pattern})
"""Draft 2020-12 as editors' tools read it: a `pattern` ending in `$` matches up to the end of the text."""


def read_checked(path: Path, schema: dict[str, Any], *, mapping: bool = True) -> tuple[Document | None, list[Problem]]:
    """A data file read safely and checked against `schema`: the document (None if unreadable) and its problems."""
    try:
        doc = load_yaml(path, display_path(path), mapping=mapping)
    except YamlRefused as refused:
        return None, refused.problems
    return doc, list(doc.problems) + describe_errors(SchemaValidator(schema), doc)
