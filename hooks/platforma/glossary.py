"""The glossary (data/glossary.yml): terms with definitions and sources in both languages.

Each term cites its sources in each language (`source: {pl, en}`) and may list archived sources by id
(`archived: [avr-project-page]`), which pages show as citations linking to the archived copy.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from .limits import with_limits
from .project import DATA_DIR, display_path
from .safe_yaml import Problem
from .schema_messages import read_checked
from .schema_parts import both_languages
from .sources import unknown_source

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
                "archived": {
                    "type": "array",
                    "uniqueItems": True,
                    "items": {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"},
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
    return [Term(**{**item, "archived": tuple(item.get("archived", ()))}) for item in doc.data], []


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


def sorted_terms(terms: list[Term], lang: str) -> list[dict[str, str]]:
    """Terms in alphabetical order of `lang`, ready for the glossary page."""
    rows = [
        {
            "term": t.term[lang],
            "expansion": (t.expansion or {}).get(lang, ""),
            "definition": t.definition[lang],
            "source": t.source[lang],
            "archived": t.archived,
            "anchor": t.anchor(),
        }
        for t in terms
    ]
    return sorted(rows, key=lambda row: _sort_key(row["term"], lang))


def abbreviation_block(terms: list[Term], lang: str) -> str:
    """Markdown `abbr` definitions so that every abbreviation is explained on hover."""
    lines = []
    for t in terms:
        if t.abbr:
            title = (t.expansion or t.definition)[lang].replace("\n", " ")
            lines.append(f"*[{t.term[lang]}]: {title}")
    return "\n\n" + "\n".join(lines) + "\n" if lines else ""
