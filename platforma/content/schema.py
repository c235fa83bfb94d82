"""The practice JSON Schema: rules from practice.schema.json, codes from the vocabularies, limits from limits.py."""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from platforma.content.limits import with_limits
from platforma.content.safe_yaml import Problem
from platforma.content.schema_messages import read_checked
from platforma.content.vocabularies import VOCABULARIES_SCHEMA, load_vocabularies
from platforma.project import DATA_DIR, file_stamp

VOCABULARIES_FILE = DATA_DIR / "vocabularies.yml"

BASE_SCHEMA = Path(__file__).with_name("practice.schema.json")


def check_vocabularies(path: Path = VOCABULARIES_FILE) -> list[Problem]:
    """Problems of the vocabularies file, with positions (e.g. a label whose comma split it in two)."""
    return read_checked(path, VOCABULARIES_SCHEMA)[1]


def _fill_vocabularies(node: Any) -> None:
    vocabularies = load_vocabularies()
    if isinstance(node, dict):
        if "x-vocabulary" in node:
            node["enum"] = vocabularies[node["x-vocabulary"]].codes
        for value in node.values():
            _fill_vocabularies(value)
    elif isinstance(node, list):
        for value in node:
            _fill_vocabularies(value)


def schema_stamp() -> tuple:
    """Changes when the schema's rules or the vocabularies' codes do (see project.file_stamp)."""
    return file_stamp(BASE_SCHEMA, VOCABULARIES_FILE)


def _practice_schema() -> dict[str, Any]:
    return _practice_schema_for(schema_stamp())


@lru_cache(maxsize=1)
def _practice_schema_for(stamp: tuple) -> dict[str, Any]:
    schema = json.loads(BASE_SCHEMA.read_text(encoding="utf-8"))
    _fill_vocabularies(schema)
    return with_limits(schema)


def practice_schema() -> dict[str, Any]:
    """The complete schema (a fresh copy) with every vocabulary's codes as `enum`."""
    return copy.deepcopy(_practice_schema())


def inline_refs(node: Any, defs: dict[str, Any]) -> Any:
    """`node` with every local `$ref` (`#/$defs/x`) replaced by its definition from `defs`, and no `$defs`."""
    if isinstance(node, dict):
        if "$ref" in node and node["$ref"].startswith("#/$defs/"):
            target = inline_refs(defs[node["$ref"].removeprefix("#/$defs/")], defs)
            return {**target, **{k: inline_refs(v, defs) for k, v in node.items() if k != "$ref"}}
        return {k: inline_refs(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [inline_refs(v, defs) for v in node]
    return node


def validation_schema() -> dict[str, Any]:
    """The same rules with every local `$ref` written out: identical results, validated much faster."""
    return _validation_schema_for(schema_stamp())


@lru_cache(maxsize=1)
def _validation_schema_for(stamp: tuple) -> dict[str, Any]:
    schema = _practice_schema_for(stamp)
    return inline_refs(schema, schema.get("$defs", {}))


def practice_schema_json(schema_url: str | None = None) -> str:
    """The schema as published on the site, deterministic text."""
    schema = practice_schema()
    if schema_url:
        schema["$id"] = schema_url
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
