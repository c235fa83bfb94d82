"""The glossary (data/glossary.yml): terms with definitions and sources in both languages.

Each term cites its sources in each language (`source: {pl, en}`) and may list archived sources by id
(`archived: [avr-project-page]`), which pages show as citations linking to the archived copy.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from platforma.content.legal_acts import CITATION
from platforma.content.limits import with_limits, written_date_problem
from platforma.content.safe_yaml import Problem
from platforma.content.schema_messages import read_checked
from platforma.content.schema_parts import DATE, both_languages
from platforma.content.sources import ID_PATTERN, unknown_source
from platforma.dates import source_date_moment
from platforma.markup.entry_markdown import markdown_entities
from platforma.project import DATA_DIR, display_path

_TEXT = both_languages()
_SCHEMA = with_limits(
    {
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["term", "definition", "source"],
            "properties": {
                "term": _TEXT,
                "abbr": {"type": "boolean"},
                "expansion": _TEXT,
                "definition": _TEXT,
                "source": _TEXT,
                "last_reviewed": {
                    **DATE,
                    "x-hint": "the date the term was last checked against its sources (required when it cites an act)",
                },
                "archived": {
                    "type": "array",
                    "uniqueItems": True,
                    "items": {"type": "string", "pattern": ID_PATTERN},
                    "x-hint": "ids of archived sources (file names in sources/ without .yml)",
                },
            },
        },
    }
)

# Polish alphabetical order without relying on the machine's locale settings.
_PL_ORDER = "aąbcćdeęfghijklłmnńoópqrsśtuvwxyzźż"


@dataclass(frozen=True)
class Term:
    term: dict[str, str]
    definition: dict[str, str]
    source: dict[str, str]
    abbr: bool = False
    expansion: dict[str, str] | None = None
    archived: tuple[str, ...] = ()
    last_reviewed: dt.date | None = None
    line: int = 0
    """The line of the term in data/glossary.yml (for editors' messages)."""

    def cited_text(self) -> str:
        """The texts that may cite legal acts: the definition and the source, in every language."""
        return "\n".join([*self.definition.values(), *self.source.values()])

    def cites_acts(self) -> bool:
        """True when the definition or the source cites a legal act (`[act: …]`)."""
        return CITATION.search(self.cited_text()) is not None

    def anchor(self) -> str:
        """A stable HTML id for the term (its English form, lower-case, hyphenated)."""
        return "".join(c if c.isalnum() else "-" for c in self.term["en"].lower()).strip("-")


def load_glossary(path: Path = DATA_DIR / "glossary.yml") -> tuple[list[Term], list[Problem]]:
    """All terms, or the problems that stop the file from being used."""
    if not path.exists():
        return [], []
    doc, problems = read_checked(path, _SCHEMA, mapping=False)
    if doc is None or problems:
        return [], problems
    shown, today = display_path(path), source_date_moment().date()
    terms = []
    for index, item in enumerate(doc.data):
        written = item.get("last_reviewed")
        problem = written_date_problem(written, today) if written else None
        if problem:
            problems.append(Problem(shown, *doc.where((index, "last_reviewed")), f"last_reviewed: {problem}"))
            continue
        line = doc.where((index,))[0]
        reviewed = dt.date.fromisoformat(written) if written else None
        term = Term(**{**item, "archived": tuple(item.get("archived", ())), "last_reviewed": reviewed, "line": line})
        if term.cites_acts() and term.last_reviewed is None:
            message = "a term that cites a legal act needs last_reviewed: (the date its law was last checked)"
            problems.append(Problem(shown, *doc.where((index, "term")), message))
        terms.append(term)
    return ([], problems) if problems else (terms, [])


def archived_problems(
    terms: list[Term], known: Collection[str], path: Path = DATA_DIR / "glossary.yml"
) -> list[Problem]:
    """Terms citing an archived source that does not exist (at the term's first line)."""
    problems = []
    shown = display_path(path)
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    for term in terms:
        for source_id in term.archived:
            if source_id not in known:
                line = next((n for n, text in enumerate(lines, 1) if source_id in text), 1)
                problems.append(Problem(shown, line, 1, f"archived: {unknown_source(source_id, known)}"))
    return problems


def _sort_key(text: str, lang: str) -> list[int]:
    if lang != "pl":
        return [ord(c) for c in text.casefold()]
    return [(_PL_ORDER.index(c) if c in _PL_ORDER else 100 + ord(c)) for c in text.casefold()]


def sorted_terms(terms: list[Term], lang: str) -> list[dict[str, Any]]:
    """Terms in alphabetical order of `lang`, ready for the glossary page."""
    rows = [
        {
            "term": t.term[lang],
            "expansion": (t.expansion or {}).get(lang, ""),
            "definition": t.definition[lang],
            "source": t.source[lang],
            "archived": t.archived,
            "anchor": t.anchor(),
            "last_reviewed": t.last_reviewed,
        }
        for t in terms
    ]
    return sorted(rows, key=lambda row: _sort_key(row["term"], lang))


# The letters of the A–Z index: the Polish alphabet without Ą, Ę and Ń, which begin no word; the English one.
_INDEX_LETTERS = {"pl": "ABCĆDEFGHIJKLŁMNOÓPRSŚTUWYZŹŻ", "en": "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
OTHER_INITIAL = "#"  # terms that do not begin with a letter


def initial(term: str) -> str:
    """The letter a term is filed under on the glossary page: its first letter in upper case, else '#'."""
    first = term.strip()[:1]
    return first.upper() if first.isalpha() else OTHER_INITIAL


def letter_id(letter: str) -> str:
    """The HTML id of a letter's group of terms (ASCII: `az-s`, `az-u015a` for Ś, `az-other` for '#')."""
    if letter == OTHER_INITIAL:
        return "az-other"
    return "az-" + "".join(c if c.isascii() and c.isalnum() else f"u{ord(c):04x}" for c in letter.lower())


def letter_groups(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of `sorted_terms` grouped by initial letter, in the order of the rows."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(initial(row["term"]), []).append(row)
    return [{"letter": letter, "id": letter_id(letter), "terms": terms} for letter, terms in groups.items()]


def letter_index(groups: list[dict[str, Any]], lang: str) -> list[dict[str, str | None]]:
    """The A–Z index: every letter of the language's alphabet (and any other initial in use), in alphabetical
    order; `id` is the group to jump to, None for a letter no term begins with."""
    present = {group["letter"]: group["id"] for group in groups}
    letters = set(_INDEX_LETTERS.get(lang, _INDEX_LETTERS["en"])) | set(present)
    ordered = sorted(letters, key=lambda letter: _sort_key(letter, lang))
    return [{"letter": letter, "id": present.get(letter)} for letter in ordered]


def abbreviation_block(terms: Iterable[Term], lang: str, used_in: str) -> str:
    """Markdown `abbr` definitions so that every abbreviation in the Markdown `used_in` is explained on hover.

    Only the abbreviations that occur in the text are defined: Python-Markdown tries every definition on every
    piece of a page's text, so a glossary of thousands of terms would make each page cost thousands of passes.
    """
    lines = []
    for t in terms:
        if t.abbr and t.term[lang] in used_in:
            lines.append(f"*[{t.term[lang]}]: {tooltip_attribute((t.expansion or t.definition)[lang])}")
    # a blank line after each: Python-Markdown re-reads a block's remaining lines for every definition in it
    return "\n\n" + "\n\n".join(lines) + "\n" if lines else ""


def tooltip_attribute(text: str) -> str:
    """`text` on one line, written for a `title` that Material turns into a tooltip, inside Markdown.

    Material puts a title into its tooltip with `innerHTML` (content.tooltips): the attribute's value
    must be HTML-escaped text, or a `<` in a definition would become markup.  So `&`, `<` and `>` are
    escaped once for the tooltip, and everything once more for the attribute; Python-Markdown keeps
    entities as they are, and characters that Markdown, its extensions or a table would act on are
    entities as well.
    """
    return markdown_attribute(html.escape(" ".join(text.split()), quote=False))


def markdown_attribute(value: str) -> str:
    """`value` escaped for an attribute of raw HTML in Markdown (and in a table's row)."""
    return markdown_entities(html.escape(value, quote=True))
