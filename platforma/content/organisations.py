"""Organisations: one file per organisation (`organisations/<id>.yml`), which practice entries name by id.

An organisation's names, type and place are written once, here; an entry says `implementer: {organisation: iom}`
or lists `- organisation: udsc` among its partners, and the loader gives it the organisation's details.  Each
file cites the sources that name the organisation, as entries cite theirs.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from platforma.content.fields import OrgName, Source, citation
from platforma.content.readable_files import link_problem, shown
from platforma.content.safe_yaml import Document, Problem
from platforma.content.schema import inline_refs, practice_schema, schema_stamp
from platforma.content.schema_messages import read_checked, suggest
from platforma.content.sources import ID_PATTERN, citation_list_problems
from platforma.project import ORGANISATIONS_DIR, display_path
from platforma.words.normalise import fold


@dataclass(frozen=True)
class Organisation:
    """One organisation as its file describes it."""

    id: str
    path: str
    name: OrgName
    actor_type: str
    sources: tuple[Source, ...]
    country: str | None = None
    voivodeship: str | None = None
    city: str | None = None
    url: str | None = None


def organisation_schema() -> dict[str, Any]:
    """The JSON Schema of an organisation's file: its parts are the practice schema's (names, codes, places,
    citations), so both kinds of file accept the same values."""
    return _schema_for(schema_stamp())


@lru_cache(maxsize=1)
def _schema_for(stamp: tuple) -> dict[str, Any]:
    practice = practice_schema()
    defs = practice["$defs"]
    schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "name", "actor_type", "sources"],
        "properties": {
            "id": {"type": "string", "pattern": ID_PATTERN, "x-hint": "lower-case words joined by hyphens"},
            "name": {"$ref": "#/$defs/org_name"},
            "actor_type": defs["actor"]["properties"]["actor_type"],
            "country": {"$ref": "#/$defs/country"},
            "voivodeship": practice["properties"]["geo"]["properties"]["voivodeships"]["items"],
            "city": {"$ref": "#/$defs/plain"},
            "url": {"$ref": "#/$defs/url"},
            "sources": practice["properties"]["sources"],
            "editor_note": {"type": "string"},
        },
    }
    return inline_refs(schema, defs)


def organisation_schema_json(schema_url: str | None = None) -> str:
    """The organisation files' schema as published on the site and in schema/ (editors' VS Code), deterministic
    text."""
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **copy.deepcopy(organisation_schema())}
    schema["title"] = "Platforma Wiedzy organisation"
    if schema_url:
        schema["$id"] = schema_url
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def _read(
    path: Path, known_sources: Collection[str] | None
) -> tuple[Organisation | None, list[Problem], Document | None]:
    link = link_problem(path)
    if link:
        return None, [Problem(shown(path), 1, 1, link)], None
    doc, problems = read_checked(path, organisation_schema())
    if doc is None:
        return None, problems, None
    data = doc.data
    if isinstance(data.get("id"), str) and data["id"] != path.stem:
        problems.append(
            Problem(doc.path, *doc.where(("id",)), f"id '{data['id']}' must equal the file name '{path.stem}'")
        )
    if data.get("id") == "index":
        problems.append(Problem(doc.path, *doc.where(("id",)), "'index' cannot be an id (it is the directory's page)"))
    problems += citation_list_problems(data, doc, known_sources)
    if problems:
        return None, problems, doc
    return build_organisation(data, doc), [], doc


def build_organisation(data: dict[str, Any], doc: Document) -> Organisation:
    """The organisation of a file's data that passed every check."""
    fields = {k: v for k, v in data.items() if k not in ("name", "sources", "editor_note")}
    return Organisation(
        path=doc.path,
        name=OrgName(**data["name"]),
        sources=tuple(citation(s) for s in data["sources"]),
        **fields,
    )


def load_organisations(
    folder: Path = ORGANISATIONS_DIR, known_sources: Collection[str] | None = None
) -> tuple[dict[str, Organisation], list[Problem]]:
    """Every organisation by id, or the problems that stop them from being used (citations are checked against
    `known_sources` when given).  Two files giving one organisation the same name are a problem: each
    organisation is written once."""
    found: dict[str, Organisation] = {}
    docs: dict[str, Document] = {}
    problems: list[Problem] = []
    paths = sorted(folder.iterdir()) if folder.is_dir() else []
    for path in paths:
        if path.suffix == ".yml" and path.is_file():
            organisation, trouble, doc = _read(path, known_sources)
            problems += trouble
            if organisation and doc:
                found[organisation.id], docs[organisation.id] = organisation, doc
        elif path.is_file() and not path.name.startswith("."):
            problems.append(
                Problem(display_path(path), 1, 1, "an organisation is a .yml file (organisations/<id>.yml)")
            )
    named: dict[str, Organisation] = {}
    for organisation in found.values():
        for lang, name in (("pl", organisation.name.pl), ("en", organisation.name.en)):
            first = named.setdefault(_folded(name), organisation) if name else organisation
            if first is not organisation:
                where = docs[organisation.id].where(("name", lang))
                message = f"name.{lang} '{name}' is also a name of {first.path}: one organisation, one file"
                problems.append(Problem(organisation.path, *where, message))
    return found, problems


def names_of(name: OrgName) -> set[str]:
    """An organisation's full names, folded (the same name however its letters and spaces are written); not its
    acronym, which two organisations may share."""
    return {_folded(n) for n in (name.pl, name.en) if n}


def _folded(name: str) -> str:
    return " ".join(fold(name).casefold().split())


def named_organisation(name: Mapping[str, str], organisations: Mapping[str, Organisation]) -> Organisation | None:
    """The organisation that already goes by one of the names of `name` (an entry's inline `{pl:, en:, short:}`)."""
    wanted = {_folded(name[lang]) for lang in ("pl", "en") if isinstance(name.get(lang), str) and name[lang]}
    return next((o for o in organisations.values() if wanted & names_of(o.name)), None)


def unknown_organisation(organisation_id: str, known: Collection[str]) -> str:
    """The message for a reference to an organisation that has no file."""
    hint = suggest(organisation_id, known)
    return f"unknown organisation '{organisation_id}'{hint} (organisations are the files in organisations/)"
