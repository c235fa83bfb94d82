"""The glossary (data/glossary.yml): terms with definitions and sources in both languages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .limits import with_limits
from .project import DATA_DIR
from .safe_yaml import Problem
from .schema_messages import read_checked

_TEXT = {
    "type": "object",
    "additionalProperties": False,
    "required": ["pl", "en"],
    "properties": {"pl": {"type": "string", "minLength": 1}, "en": {"type": "string", "minLength": 1}},
}
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
                "source": {"type": "string", "minLength": 1},
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
    source: str
    abbr: bool = False
    expansion: dict[str, str] | None = None

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
    return [Term(**item) for item in doc.data], []


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
            "source": t.source,
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
