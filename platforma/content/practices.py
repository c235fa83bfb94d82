"""The practice model: read → parse safely → validate → typed objects.

`load_practices()` is the one way practice files become `Practice` objects; the
build hook, `scripts/validate.py` and the tests all call it.  It never raises
on bad content: it returns every problem of every file, with positions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema_rs

from platforma.content.fields import OrgName, Source, Text, bilingual_text, citation
from platforma.content.limits import MAX_DEPTH, date_problem, markdown_too_deep
from platforma.content.organisations import (
    Organisation,
    load_organisations,
    named_organisation,
    names_of,
    unknown_organisation,
)
from platforma.content.readable_files import link_problem
from platforma.content.readable_files import shown as shown_path
from platforma.content.safe_yaml import Document, Problem, YamlRefused, parse_yaml_bytes, read_limited
from platforma.content.schema import schema_stamp, validation_schema
from platforma.content.schema_messages import SchemaValidator, describe_errors, field_name, suggest
from platforma.content.sources import citation_list_problems, load_sources
from platforma.dates import ReviewCycle, source_date_moment
from platforma.markup.entry_markdown import images_lacking_text, may_load_remote, remote_resources
from platforma.markup.markdown_cost import markdown_cost_problems
from platforma.markup.sanitise import image_text_problem
from platforma.project import PRACTICES_DIR, display_path

MARKDOWN_SECTIONS = ("description", "how_it_works", "results_text", "transferability", "lessons")
DEFAULT_REVIEW_MONTHS = 24


@dataclass(frozen=True)
class Actor:
    """An entry's implementer or partner: an organisation's details (from its file when `organisation` is its id),
    or only a type when the source names no organisation."""

    actor_type: str
    name: OrgName | None = None
    url: str | None = None
    country: str | None = None
    organisation: str | None = None


@dataclass(frozen=True)
class Geo:
    level: str
    voivodeships: tuple[str, ...] = ()
    city: str | None = None
    countries: tuple[str, ...] = ()


@dataclass(frozen=True)
class Funding:
    source: str
    programme: Text | None = None
    grant_eur: float | None = None


@dataclass(frozen=True)
class Result:
    label: Text
    value: float
    metric: str | None = None
    unit: Text | None = None
    qualifier: str = "exactly"
    planned: bool = False


@dataclass(frozen=True)
class Practice(ReviewCycle):
    """One validated good-practice entry."""

    id: str
    path: str
    title: Text
    summary: Text
    implementer: Actor
    target_groups: tuple[str, ...]
    themes: tuple[str, ...]
    geo: Geo
    sources: tuple[Source, ...]
    last_reviewed: dt.date
    review_every_months: int = DEFAULT_REVIEW_MONTHS
    status: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    partners: tuple[Actor, ...] = ()
    funding: tuple[Funding, ...] = ()
    project_number: str | None = None
    total_cost_eur: float | None = None
    sections: dict[str, Text] = field(default_factory=dict)
    results: tuple[Result, ...] = ()
    part_of: str | None = None
    contact: dict[str, str] = field(default_factory=dict)
    translation_en: str = "missing"

    @property
    def start_year(self) -> int | None:
        return int(self.period_start[:4]) if self.period_start else None

    @property
    def years(self) -> list[int]:
        """Every calendar year the practice ran in (for the year filter)."""
        if not self.period_start:
            return []
        end = int(self.period_end[:4]) if self.period_end else int(self.period_start[:4])
        return list(range(int(self.period_start[:4]), end + 1))


@dataclass
class LoadResult:
    """Practices that passed every check, and every problem found."""

    practices: list[Practice]
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems


# --- validation -------------------------------------------------------------


def _validator() -> SchemaValidator:
    return _validator_for(schema_stamp())


@lru_cache(maxsize=1)
def _validator_for(stamp: tuple) -> SchemaValidator:
    return SchemaValidator(validation_schema())


@lru_cache(maxsize=1)
def _fast_validator_for(stamp: tuple) -> jsonschema_rs.Validator:
    return jsonschema_rs.validator_for(validation_schema())


def schema_problems(doc: Document) -> list[Problem]:
    """What the schema says of a parsed entry.  A fast check comes first (jsonschema-rs: the same draft, and `$`
    means the end of the text as in `SchemaValidator`): most entries pass it, and only an entry it refuses is
    checked again by jsonschema, whose errors our messages are made from (tests/test_fast_schema_check.py keeps
    the two verdicts equal)."""
    try:
        if _fast_validator_for(schema_stamp()).is_valid(doc.data):
            return []
    except Exception:  # noqa: BLE001 - a value the fast check cannot take (a 400-digit number): the full check decides
        pass
    return describe_errors(_validator(), doc)


def _parse_date(value: str, doc: Document, path: tuple, today: dt.date) -> tuple[dt.date | None, list[Problem]]:
    parts = [int(p) for p in value.split("-")]
    parts += [1] * (3 - len(parts))
    try:
        day = dt.date(*parts)
    except ValueError:
        return None, [Problem(doc.path, *doc.where(path), f"{field_name(path)}: '{value}' is not a real date")]
    problem = date_problem(day, today)
    if problem:
        return None, [Problem(doc.path, *doc.where(path), f"{field_name(path)}: {problem}")]
    return day, []


def _date_fields(data: dict[str, Any]) -> list[tuple[tuple[str | int, ...], Any]]:
    """(path, value) of every date an entry holds."""
    period = data.get("period") if isinstance(data.get("period"), dict) else {}
    found: list[tuple[tuple[str | int, ...], Any]] = [
        (("last_reviewed",), data.get("last_reviewed")),
        (("period", "start"), period.get("start")),
        (("period", "end"), period.get("end")),
    ]
    sources = data.get("sources") if isinstance(data.get("sources"), list) else []
    found += [(("sources", i, "accessed"), s.get("accessed")) for i, s in enumerate(sources) if isinstance(s, dict)]
    return found


def _markdown_problems(data: dict[str, Any], doc: Document) -> list[Problem]:
    """Markdown fields nested too deeply, or loading images from other hosts."""
    problems: list[Problem] = []
    for key in MARKDOWN_SECTIONS:
        texts = data.get(key) if isinstance(data.get(key), dict) else {}
        for lang, text in texts.items():
            if not isinstance(text, str):
                continue
            where = doc.where((key, lang))
            costly = markdown_cost_problems(text)
            if markdown_too_deep(text):
                message = f"lists or quotes are nested more than {MAX_DEPTH} levels deep"
                problems.append(Problem(doc.path, *where, f"{key}.{lang}: {message}"))
            elif costly:  # refused before anything renders it
                for line, col, message in costly:
                    problems.append(
                        Problem(doc.path, *where, f"{key}.{lang}, line {line}:{col} of the text: {message}")
                    )
            elif may_load_remote(text):
                for tag, url in remote_resources(text):
                    what = "remote image" if tag == "img" else f"remote resource (<{tag}>)"
                    problems.append(Problem(doc.path, *where, f"{key}.{lang}: {what} {url} is not allowed; link to it"))
                for src in images_lacking_text(text):
                    problems.append(Problem(doc.path, *where, f"{key}.{lang}: {image_text_problem(src)}"))
    return problems


def _translation_state(data: dict[str, Any]) -> str:
    declared = data.get("translation", {}).get("en")
    if declared:
        return declared
    texts = [data[k] for k in ("title", "summary", *MARKDOWN_SECTIONS) if k in data]
    texts += [r["label"] for r in data.get("results", [])]
    translated = sum(1 for t in texts if t.get("en"))
    return "complete" if translated == len(texts) else ("missing" if translated == 0 else "partial")


def _actor(data: dict[str, Any], organisations: Mapping[str, Organisation]) -> Actor:
    if "organisation" in data:
        found = organisations[data["organisation"]]
        return Actor(found.actor_type, found.name, found.url, found.country, organisation=found.id)
    name = data.get("name")
    return Actor(**{**data, "name": OrgName(**name) if name else None})


def _organisation_problems(
    data: dict[str, Any], doc: Document, organisations: Mapping[str, Organisation]
) -> list[Problem]:
    """References to organisations that have no file, details written beside a reference, and names written out
    of an organisation that has a file."""
    actors: list[tuple[tuple[str | int, ...], Any]] = [(("implementer",), data.get("implementer"))]
    partners = data.get("partners")
    actors += [(("partners", i), p) for i, p in enumerate(partners)] if isinstance(partners, list) else []
    problems = []
    for path, actor in actors:
        if not isinstance(actor, dict):
            continue
        reference = actor.get("organisation")
        if isinstance(reference, str):
            for extra in (k for k in ("name", "actor_type", "url", "country") if k in actor):
                message = (
                    f"{field_name((*path, extra))}: an organisation's details are kept in organisations/{reference}.yml"
                )
                problems.append(Problem(doc.path, *doc.where((*path, extra), key=True), message))
            if reference not in organisations:
                where = doc.where((*path, "organisation"))
                problems.append(
                    Problem(
                        doc.path,
                        *where,
                        f"{field_name((*path, 'organisation'))}: " + unknown_organisation(reference, organisations),
                    )
                )
        elif isinstance(actor.get("name"), dict) and (known := named_organisation(actor["name"], organisations)):
            message = (
                f"{field_name((*path, 'name'))}: this organisation has a file ({known.path});"
                f" write organisation: {known.id} instead of its details"
            )
            problems.append(Problem(doc.path, *doc.where((*path, "name")), message))
    return problems


def _build_practice(
    data: dict[str, Any], path: str, last_reviewed: dt.date, organisations: Mapping[str, Organisation]
) -> Practice:
    geo = data["geo"]
    return Practice(
        id=data["id"],
        path=path,
        title=bilingual_text(data["title"]),
        summary=bilingual_text(data["summary"]),
        implementer=_actor(data["implementer"], organisations),
        target_groups=tuple(data["target_groups"]),
        themes=tuple(data["themes"]),
        geo=Geo(geo["level"], tuple(geo.get("voivodeships", ())), geo.get("city"), tuple(geo.get("countries", ()))),
        sources=tuple(citation(s) for s in data["sources"]),
        last_reviewed=last_reviewed,
        review_every_months=data.get("review_every_months", DEFAULT_REVIEW_MONTHS),
        status=data.get("status"),
        period_start=data.get("period", {}).get("start"),
        period_end=data.get("period", {}).get("end"),
        partners=tuple(_actor(p, organisations) for p in data.get("partners", ())),
        funding=tuple(
            Funding(**{**f, "programme": bilingual_text(f.get("programme"))}) for f in data.get("funding", ())
        ),
        project_number=data.get("project_number"),
        total_cost_eur=data.get("total_cost_eur"),
        sections={k: bilingual_text(data[k]) for k in MARKDOWN_SECTIONS if k in data},
        results=tuple(
            Result(
                bilingual_text(r["label"]),
                r["value"],
                r.get("metric"),
                bilingual_text(r.get("unit")),
                r.get("qualifier", "exactly"),
                r.get("planned", False),
            )
            for r in data.get("results", ())
        ),
        part_of=data.get("part_of"),
        contact=dict(data.get("contact", {})),
        translation_en=_translation_state(data),
    )


def check_document(
    doc: Document,
    expected_id: str,
    known_sources: Collection[str] | None = None,
    organisations: Mapping[str, Organisation] | None = None,
) -> tuple[Practice | None, list[Problem]]:
    """Validate one parsed file against the schema and the rules the schema cannot express (references to
    organisations against `organisations`: by default, none is known)."""
    organisations = organisations or {}
    problems: list[Problem] = list(doc.problems) + schema_problems(doc)
    data = doc.data
    if isinstance(data.get("id"), str) and data["id"] != expected_id:
        problems.append(
            Problem(doc.path, *doc.where(("id",)), f"id '{data['id']}' must equal the file name '{expected_id}'")
        )
    dates: dict[str, dt.date | None] = {}
    today = source_date_moment().date()
    for path, value in _date_fields(data):
        if isinstance(value, str) and value[:4].isdigit() and all(p.isdigit() for p in value.split("-")):
            dates[path[-1]], date_problems = _parse_date(value, doc, path, today)
            problems.extend(date_problems)
    problems.extend(_markdown_problems(data, doc))
    problems.extend(citation_list_problems(data, doc, known_sources))
    problems.extend(_organisation_problems(data, doc, organisations))
    period = data.get("period")
    if dates.get("start") and dates.get("end") and isinstance(period, dict):
        common = min(len(period["start"]), len(period["end"]))
        if period["end"][:common] < period["start"][:common]:
            problems.append(Problem(doc.path, *doc.where(("period", "end")), "period.end is before period.start"))
    if problems:
        return None, problems
    return _build_practice(data, doc.path, dates["last_reviewed"], organisations), []


_Loaded = tuple[Practice | None, list[Problem], Document | None]


@dataclass(frozen=True)
class _Known:
    """What an entry's references are checked against: the archived sources' ids and the organisations."""

    sources: frozenset[str]
    organisations: Mapping[str, Organisation]

    def __hash__(self) -> int:  # the organisations are a dict: equal when their items are
        return hash(self.sources)


_LOADED: dict[str, tuple[tuple, _Loaded]] = {}  # path → (what it was read under, the result)


def _bytes_digest(path: Path) -> str:
    try:
        return _digest(path.read_bytes())
    except OSError:
        return "missing"


def _digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def entry_digest(path: Path) -> str:
    """Digest of an entry file's bytes as the loader last read them (the file is read now if it never was).

    What a page made from the entry was made from; the preview compares it between builds.
    """
    cached = _LOADED.get(str(path))
    return cached[0][0] if cached else _bytes_digest(path)


def forget_loaded() -> None:
    """Forget every file read so far: the next load parses and checks each again (what a fresh process does)."""
    _LOADED.clear()


def _load_one(path: Path, known: _Known) -> _Loaded:
    """One file read (once) and checked; an unchanged file is not parsed and checked again (`mkdocs serve` loads
    every build).

    The result is kept under the file's bytes, the schema's and vocabularies' file times, the sources'
    ids, the organisations, the build's date and whether the path is a link: a change to any of them reads it
    again.
    """
    link = link_problem(path)
    if link:
        return None, [Problem(shown_path(path), 1, 1, link)], None
    shown = display_path(path)
    try:
        raw = read_limited(path, shown)
    except YamlRefused as refused:
        return None, refused.problems, None
    except OSError as error:
        return None, [Problem(shown, 1, 1, f"cannot read the file: {error.strerror}")], None
    key = (_digest(raw), schema_stamp(), known, source_date_moment().date(), path.is_symlink())
    cached = _LOADED.get(str(path))
    if cached and cached[0] == key:
        practice, problems, doc = cached[1]
        return practice, list(problems), doc
    result = _parse_and_check(raw, shown, path.stem, known)
    _LOADED[str(path)] = (key, result)
    return result[0], list(result[1]), result[2]


def _parse_and_check(raw: bytes, shown: str, stem: str, known: _Known) -> _Loaded:
    try:
        doc = parse_yaml_bytes(raw, shown)
    except YamlRefused as refused:
        return None, refused.problems, None
    return *check_document(doc, stem, known.sources, known.organisations), doc


def practice_files(paths: Iterable[Path] | None = None) -> list[Path]:
    """The practice files named (folders are searched for *.yml), or all of practices/."""
    found: list[Path] = []
    for path in paths or [PRACTICES_DIR]:
        path = Path(path)
        found.extend(sorted(path.glob("*.yml")) + sorted(path.glob("*.yaml")) if path.is_dir() else [path])
    return found


def part_of_cycles(by_id: dict[str, Practice]) -> list[tuple[Practice, list[str]]]:
    """Every practice whose `part_of` chain leads back to itself, with the ids of the cycle from it."""
    found = []
    for practice in by_id.values():
        chain = [practice.id]
        parent = practice.part_of
        while parent in by_id and parent not in chain:
            chain.append(parent)
            parent = by_id[parent].part_of
        if parent == practice.id and len(chain) > 1:
            found.append((practice, chain))
    return found


def _names_written_twice(practices: list[Practice], docs: dict[str, Document]) -> list[Problem]:
    """An organisation without a file written out in two entries: it needs a file of its own, which both name."""
    first: dict[str, Practice] = {}
    problems = []
    for practice in practices:
        actors = [(("implementer",), practice.implementer)]
        actors += [(("partners", index), actor) for index, actor in enumerate(practice.partners)]
        for path, actor in actors:
            if actor.organisation or not actor.name:
                continue
            earlier = next((first[n] for n in names_of(actor.name) if first.get(n, practice) is not practice), None)
            for name in names_of(actor.name):
                first.setdefault(name, practice)
            if earlier:
                message = (
                    f"{field_name((*path, 'name'))}: this organisation is also written out in {earlier.path}; give it"
                    " a file in organisations/ and name it by id in both (one organisation, one file)"
                )
                problems.append(Problem(practice.path, *docs[practice.path].where((*path, "name")), message))
    return problems


def load_practices(
    paths: Iterable[Path] | None = None,
    known_sources: Collection[str] | None = None,
    organisations: Mapping[str, Organisation] | None = None,
    checkpoint: Callable[[], None] | None = None,
) -> LoadResult:
    """Load and validate practice files, then check ids and `part_of` links across them.

    Citations are checked against `known_sources` (ids of archived sources; by default those in sources/),
    references to organisations against `organisations` (by default those in organisations/ that are valid).
    `checkpoint`, if given, is called before each file (it may raise to stop the loading).
    """
    if known_sources is None:
        known_sources = set(load_sources()[0])
    if organisations is None:
        organisations = load_organisations(known_sources=known_sources)[0]
    known = _Known(frozenset(known_sources), organisations)
    practices: list[Practice] = []
    problems: list[Problem] = []
    docs: dict[str, Document] = {}
    for path in practice_files(paths):
        if checkpoint:
            checkpoint()
        if path.suffix == ".yaml":
            problems.append(Problem(display_path(path), 1, 1, "practice files end in .yml, not .yaml"))
            continue
        practice, file_problems, doc = _load_one(path, known)
        problems.extend(file_problems)
        if practice and doc:
            practices.append(practice)
            docs[practice.path] = doc
    by_id: dict[str, Practice] = {}
    for practice in practices:
        if practice.id in by_id:
            problems.append(
                Problem(practice.path, 1, 1, f"duplicate id '{practice.id}' (also in {by_id[practice.id].path})")
            )
        by_id.setdefault(practice.id, practice)
    # part_of may point to a practice outside the checked set; only when all of practices/ is loaded is
    # a missing parent certain, so compare against every file on disk too.
    known = set(by_id) | {p.stem for p in PRACTICES_DIR.glob("*.yml")}
    for practice in practices:
        if practice.part_of and practice.part_of not in known:
            problems.append(
                Problem(
                    practice.path,
                    *docs[practice.path].where(("part_of",)),
                    f"part_of '{practice.part_of}' names no existing practice{suggest(practice.part_of, known)}",
                )
            )
        elif practice.part_of == practice.id:
            problems.append(
                Problem(practice.path, *docs[practice.path].where(("part_of",)), "a practice cannot be part of itself")
            )
    problems += _names_written_twice(practices, docs)
    for practice, cycle in part_of_cycles(by_id):
        chain = " → ".join([*cycle, cycle[0]])
        problems.append(
            Problem(practice.path, *docs[practice.path].where(("part_of",)), f"part_of makes a cycle: {chain}")
        )
    problems.sort(key=lambda p: (p.path, p.line, p.col))
    valid = [p for p in practices if not any(pr.path == p.path for pr in problems)]
    return LoadResult(sorted(valid, key=lambda p: p.id), problems)
