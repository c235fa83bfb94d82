"""The register of legal acts (data/legal_acts.yml): which act applies when, and how the texts cite one.

Chapters and pages cite an act by its id: `[act: eu-reg-2024-1348, art. 20]`, and `historical` marks a
citation of an act that no longer applies: `[act: eu-dir-2013-32, art. 24, historical]`.  A citation
becomes the act's short citation in the page's language, linked to the official text and carrying the act's
id and state (`data-act`, `data-historical`); the cited acts are listed with their full titles.

`act_citation_problems` and `act_number_problems` find, with line and column, what the strict build refuses: an
unknown act, a citation of an act that no longer applies on the build date without `historical`, and an act
number written by hand (`2013/32/UE`, `(EU) 2024/1348`, `No 604/2013`), which would escape the register.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from platforma.content.limits import latest_date, with_limits
from platforma.content.markdown_files import line_col
from platforma.content.safe_yaml import Problem
from platforma.content.schema_messages import read_checked, suggest
from platforma.content.schema_parts import DATE
from platforma.dates import long_date
from platforma.markup.language_marks import language_parts
from platforma.project import DATA_DIR

ACTS_FILE = DATA_DIR / "legal_acts.yml"
ID_PATTERN = r"^(eu|pl|un|coe)-[a-z0-9]+(-[a-z0-9]+)*$"
KINDS = ("eu_regulation", "eu_directive", "eu_decision", "international", "guidance", "pl_act")

_LINE = {"type": "string", "minLength": 1}
SCHEMA: dict[str, Any] = with_limits(
    {
        "type": "object",
        "minProperties": 1,
        "propertyNames": {"pattern": ID_PATTERN},
        "additionalProperties": {
            "type": "object",
            "additionalProperties": False,
            "required": ["kind", "title", "cited_as", "url", "adopted", "checked_in"],
            "properties": {
                "kind": {"enum": list(KINDS)},
                "title": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["en"],
                    "properties": {"pl": _LINE, "en": _LINE},
                    "x-hint": "the official title: en always, pl where the Polish one was seen",
                },
                "cited_as": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["pl", "pl_genitive", "en"],
                    "properties": {"pl": _LINE, "pl_genitive": _LINE, "en": _LINE},
                    "x-hint": "the act as running text cites it: pl (nominative), pl_genitive (after 'art. 20'), en",
                },
                "url": {
                    "type": "string",
                    "pattern": r"^https://[^\s]+$",
                    "x-hint": "the official text (ELI, EUR-Lex, ISAP)",
                },
                "adopted": DATE,
                "applies_from": DATE,
                "applies_from_source": _LINE,
                "repealed_by": {"type": "string", "pattern": ID_PATTERN},
                "repealed_from": DATE,
                "repealed_from_source": _LINE,
                "checked_in": {
                    "type": "array",
                    "minItems": 1,
                    "items": {"type": "string", "pattern": r"^https://[^\s]+$"},
                    "x-hint": "the addresses the dates were checked in",
                },
                "editor_note": {"type": "string"},
            },
        },
    }
)
"""data/legal_acts.yml; published with the practice schema."""


def legal_acts_schema_json(schema_url: str | None = None) -> str:
    """The register's schema as published on the site (beside the practice schema), deterministic text."""
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "Register of legal acts", **SCHEMA}
    if schema_url:
        schema["$id"] = schema_url
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


@dataclass(frozen=True)
class LegalAct:
    """One act of the register."""

    id: str
    kind: str
    title: dict[str, str]
    cited_as: dict[str, str]
    url: str
    adopted: dt.date
    applies_from: dt.date | None = None
    repealed_by: str | None = None
    repealed_from: dt.date | None = None

    def applies_on(self, day: dt.date) -> bool:
        """Whether the act applies on `day` (from `applies_from`, before `repealed_from`)."""
        started = self.applies_from is None or self.applies_from <= day
        return started and (self.repealed_from is None or day < self.repealed_from)

    @property
    def applied_until(self) -> dt.date | None:
        """The last day the act applied, if it has been repealed."""
        return self.repealed_from - dt.timedelta(days=1) if self.repealed_from else None


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def load_legal_acts(path: Path = ACTS_FILE, today: dt.date | None = None) -> tuple[dict[str, LegalAct], list[Problem]]:
    """Every act of the register by id, or the problems that stop the register from being used."""
    if not path.exists():
        return {}, []
    doc, problems = read_checked(path, SCHEMA)
    if doc is None or problems:
        return {}, problems
    acts: dict[str, LegalAct] = {}
    for act_id, data in doc.data.items():
        fields = {key: data.get(key) for key in ("kind", "title", "cited_as", "url", "repealed_by")}
        try:
            dates = {key: _date(data.get(key)) for key in ("adopted", "applies_from", "repealed_from")}
        except ValueError as error:
            problems.append(Problem(doc.path, *doc.where((act_id,)), f"{act_id}: {error}"))
            continue
        acts[act_id] = LegalAct(id=act_id, **fields, **dates)
        problems += _act_problems(acts[act_id], data, doc, today)
    for act in acts.values():
        if act.repealed_by and act.repealed_by not in acts:
            message = f"repealed_by: unknown act '{act.repealed_by}'{suggest(act.repealed_by, acts)}"
            problems.append(Problem(doc.path, *doc.where((act.id, "repealed_by")), message))
    return (acts, []) if not problems else ({}, problems)


def _act_problems(act: LegalAct, data: dict[str, Any], doc: Any, today: dt.date | None) -> list[Problem]:
    """Dates out of order or range, and a repeal without its date (or the other way round)."""
    problems = []
    if ("repealed_by" in data) != ("repealed_from" in data):
        where = doc.where((act.id, "repealed_by" if "repealed_by" in data else "repealed_from"))
        problems.append(Problem(doc.path, *where, "repealed_by and repealed_from go together: give both or neither"))
    order = [("adopted", act.adopted), ("applies_from", act.applies_from), ("repealed_from", act.repealed_from)]
    known = [(name, day) for name, day in order if day]
    for (first, before), (second, after) in zip(known, known[1:], strict=False):
        strict = (first, second) == ("applies_from", "repealed_from")  # an act applies at least one day
        if after <= before if strict else after < before:
            message = f"{second} {after.isoformat()} is before {first} {before.isoformat()}"
            problems.append(Problem(doc.path, *doc.where((act.id, second)), message))
    for name, day in known:  # acts may be older than the content's earliest date (1990), not far in the future
        if today and day > latest_date(today):
            message = f"{name}: {day.isoformat()} is after {latest_date(today).isoformat()} (5 years after the build)"
            problems.append(Problem(doc.path, *doc.where((act.id, name)), message))
    return problems


# --- citations in texts -------------------------------------------------------------------------------

CITATION = re.compile(r"\[act:[ \t]*+([^\],\n]*+)((?:,[^\],\n]*+)*+)\]")
"""`[act: id]`, `[act: id, art. 20]`, `[act: id, art. 24, historical]` (possessive: no backtracking)."""

HISTORICAL = "historical"

# An act's number as people write it: 2013/32/UE, 2008/115/WE, (UE) 2024/1348, (EU) No 604/2013, nr 604/2013.
# Addresses are taken out first (an ELI holds the number too).
ACT_NUMBER = re.compile(
    r"(?<![\w/])(?:(?:19|20)\d{2}/\d{1,4}(?:/(?:UE|EU|WE|EC|EWG|EEC))?|\d{1,4}/(?:19|20)\d{2})(?![\w/])"
)
_ADDRESS = re.compile(r"https?://[^\s)>\]]*+|\]\([^)\n]*+\)")


@dataclass(frozen=True)
class Citation:
    """One `[act: …]` in a text: where it is, the act, the part cited (`art. 20`), whether it is historical."""

    start: int
    end: int
    act_id: str
    locator: str | None
    historical: bool


def citations(text: str) -> Iterator[Citation]:
    """Every `[act: …]` of `text`, in order."""
    for match in CITATION.finditer(text):
        parts = [part.strip() for part in match.group(2).split(",")[1:]]
        historical = HISTORICAL in parts
        locator = ", ".join(part for part in parts if part and part != HISTORICAL) or None
        yield Citation(match.start(), match.end(), match.group(1).strip(), locator, historical)


def _line_col_from(text: str, first_line: int) -> Callable[[int], tuple[int, int]]:
    def at(index: int) -> tuple[int, int]:
        line, col = line_col(text, index)
        return line + first_line - 1, col

    return at


def act_citation_problems(
    text: str, shown: str, acts: dict[str, LegalAct], today: dt.date, first_line: int = 1
) -> list[Problem]:
    """Citations the strict build refuses, at their line and column (`first_line`: the text's first line in
    the file): unknown acts, and acts that no longer apply on `today` cited without `historical`."""
    at, problems = _line_col_from(text, first_line), []
    for cited in citations(text):
        act = acts.get(cited.act_id)
        if act is None:
            message = f"unknown act '{cited.act_id}'{suggest(cited.act_id, acts)} (the acts are in data/legal_acts.yml)"
            problems.append(Problem(shown, *at(cited.start), message))
        elif not cited.historical and act.repealed_from and act.repealed_from <= today:
            replaced = f" (replaced by {acts[act.repealed_by].cited_as['en']})" if act.repealed_by in acts else ""
            message = (
                f"cites {act.cited_as['en']}, which no longer applies since {act.repealed_from.isoformat()}{replaced}:"
                " cite the act in force, or mark this citation historical"
            )
            problems.append(Problem(shown, *at(cited.start), message))
    return problems


def act_number_problems(text: str, shown: str, first_line: int = 1) -> list[Problem]:
    """Act numbers written by hand (outside citations and addresses), at their line and column."""
    at = _line_col_from(text, first_line)
    cleaned = CITATION.sub(lambda m: " " * len(m.group()), _ADDRESS.sub(lambda m: " " * len(m.group()), text))
    return [
        Problem(
            shown,
            *at(number.start()),
            f"the act number {number.group()} is written by hand: cite the act from data/legal_acts.yml as"
            " [act: id, art. N] (add the act there if it is missing; if this is no act, write it another way)",
        )
        for number in ACT_NUMBER.finditer(cleaned)
    ]


def cited_acts(text: str, acts: dict[str, LegalAct]) -> list[LegalAct]:
    """The acts `text` cites, in the order of their first citation."""
    ids = dict.fromkeys(cited.act_id for cited in citations(text))
    return [acts[act_id] for act_id in ids if act_id in acts]


def changes_since(cited: Collection[LegalAct], reviewed: dt.date, today: dt.date) -> list[tuple[dt.date, LegalAct]]:
    """The acts of `cited` that started or stopped applying after `reviewed` and by `today`, with the date."""
    found = []
    for act in cited:
        for day in (act.applies_from, act.repealed_from):
            if day and reviewed < day <= today:
                found.append((day, act))
    return sorted(found, key=lambda item: (item[0], item[1].id))


def citation_view(act: LegalAct, lang: str, locator: str | None, historical: bool) -> dict[str, Any]:
    """What the citation template shows: the short citation (with the part cited) in `lang`, the link, the
    act's id and, for a historical citation, the last day the act applied."""
    if locator:
        text = f"{locator} {act.cited_as['pl_genitive']}" if lang == "pl" else f"{locator} of {act.cited_as['en']}"
    else:
        text = act.cited_as[lang]
    until = long_date(act.applied_until, lang) if historical and act.applied_until else None
    return {"id": act.id, "text": text, "url": act.url, "historical": historical, "until": until}


def plain_citations(text: str, acts: dict[str, LegalAct], lang: str) -> str:
    """`text` with each citation written out as text (for tooltips, search and other plain-text uses)."""

    def written(match: re.Match[str]) -> str:
        cited = next(citations(match.group()))
        act = acts.get(cited.act_id)
        if act is None:
            return match.group()
        return citation_view(act, lang, cited.locator, cited.historical)["text"]

    return CITATION.sub(written, text)


def text_parts(text: str, acts: dict[str, LegalAct], lang: str) -> list[dict[str, Any]]:
    """Plain `text` cut into its text, its words marked as another language's and its citations (`{"text": …}`,
    `{"text": …, "lang": code}` or `{"act": citation_view}`), for a template that shows a plain-text field (a
    glossary definition) with its citations as links (platforma.markup.language_marks)."""
    parts: list[dict[str, Any]] = []
    position = 0
    for cited in citations(text):
        act = acts.get(cited.act_id)
        if act is None:
            continue
        parts += language_parts(text[position : cited.start])
        parts.append({"act": citation_view(act, lang, cited.locator, cited.historical)})
        position = cited.end
    return parts + language_parts(text[position:])


def act_list_view(acts: list[LegalAct], lang: str, today: dt.date) -> list[dict[str, Any]]:
    """The acts a page cites, for its list: full title (in English, marked, where the Polish one was not
    checked), link, id, and since when it applies or until when it applied."""
    rows = []
    for act in acts:
        gone = act.repealed_from is not None and act.repealed_from <= today
        recent = act.applies_from is not None and today.replace(year=today.year - 1) < act.applies_from <= today
        rows.append(
            {
                "id": act.id,
                "title": act.title.get(lang) or act.title["en"],
                "title_lang": None if lang in act.title else "en",
                "url": act.url,
                "historical": gone,
                "until": long_date(act.applied_until, lang) if gone and act.applied_until else None,
                "since": long_date(act.applies_from, lang) if recent and act.applies_from else None,
            }
        )
    return rows


def change_notice(
    cited: Collection[LegalAct], reviewed: dt.date, today: dt.date, lang: str, ui: dict[str, str]
) -> dict[str, str] | None:
    """The notice a page shows when acts it cites started or stopped applying after its review, or None."""
    changes = changes_since(cited, reviewed, today)
    if not changes:
        return None
    parts = [
        ui["legal_change_starts" if day == act.applies_from else "legal_change_ends"].format(
            date=long_date(day, lang), act=act.cited_as[lang]
        )
        for day, act in changes
    ]
    text = ui["legal_changed_text"].format(date=long_date(reviewed, lang), changes="; ".join(parts))
    return {"kind": "warning legal-change", "title": ui["legal_changed_title"], "text": text}


__all__ = [
    "ACTS_FILE",
    "ACT_NUMBER",
    "CITATION",
    "SCHEMA",
    "Citation",
    "LegalAct",
    "act_list_view",
    "act_citation_problems",
    "act_number_problems",
    "change_notice",
    "changes_since",
    "citation_view",
    "cited_acts",
    "citations",
    "legal_acts_schema_json",
    "load_legal_acts",
    "plain_citations",
    "text_parts",
]
