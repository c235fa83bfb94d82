"""The graded evaluation sets (tests/search_eval/{dev,test,test2}.yml) and result locations as judgment keys.

A key is a site path without the language prefix: `manuals/psn/05-unaccompanied-minors/`,
`practices/avr-project/`, `glossary/` (the page), `glossary/#<anchor>` (one glossary term: a
term is a result unit of its own) and `index/` (the home page, site path ``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from platforma.content.glossary import load_glossary
from platforma.project import LANGUAGES, ROOT, language_prefix

EVAL_DIR = ROOT / "tests" / "search_eval"
HALVES = ("dev", "test", "test2")  # test2: a second test half, from new personas (written 2026-12-07)
GLOSSARY_PAGE = "glossary/"
HOME_KEY = "index/"
GRADES = (1, 2)


@dataclass(frozen=True)
class Judged:
    """One query of an evaluation set with its graded relevant keys (unlisted keys are grade 0)."""

    id: str
    lang: str
    persona: str
    task: str
    query: str
    inflected: str
    relevant: dict[str, int]

    def grade(self, key: str) -> int:
        """The grade of `key` for this query (0 when not listed)."""
        return self.relevant.get(key, 0)


def half_path(half: str) -> Path:
    """tests/search_eval/<half>.yml; only the halves of HALVES exist."""
    if half not in HALVES:
        raise ValueError(f"unknown half {half!r}: one of {', '.join(HALVES)}")
    return EVAL_DIR / f"{half}.yml"


def _judged(item: dict) -> Judged:
    """One YAML item as a `Judged`, refusing what the metrics could silently misread."""
    relevant = {str(key): int(grade) for key, grade in (item.get("relevant") or {}).items()}
    bad = {key: grade for key, grade in relevant.items() if grade not in GRADES}
    if item.get("lang") not in LANGUAGES or bad or not relevant:
        raise ValueError(f"query {item.get('id')!r}: bad lang, empty judgments or grades outside {GRADES}: {bad}")
    return Judged(
        id=str(item["id"]),
        lang=item["lang"],
        persona=str(item.get("persona", "")),
        task=str(item.get("task", "")),
        query=str(item["query"]),
        inflected=str(item["inflected"]),
        relevant=relevant,
    )


def load_half(half: str, path: Path | None = None) -> list[Judged]:
    """The queries of one half (or of `path`), in file order; ids must be unique."""
    data = yaml.safe_load((path or half_path(half)).read_text(encoding="utf-8")) or []
    queries = [_judged(item) for item in data]
    ids = [q.id for q in queries]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{half}: duplicate query ids")
    return queries


def term_anchors() -> frozenset[str]:
    """The anchors of the glossary terms (platforma.content.glossary.Term.anchor), which make keys of their own."""
    terms, problems = load_glossary()
    if problems:
        raise ValueError(f"the glossary does not load: {problems[0]}")
    return frozenset(term.anchor() for term in terms)


def result_key(location: str, lang: str, anchors: frozenset[str]) -> str:
    """`en/glossary/#uam` → `glossary/#uam` (a term); `en/manuals/x/#y` → `manuals/x/`; `en/` → `index/`."""
    prefix = language_prefix(lang)
    if prefix and location.startswith(prefix):
        location = location[len(prefix) :]
    page, _, fragment = location.partition("#")
    if page == GLOSSARY_PAGE and fragment in anchors:
        return f"{page}#{fragment}"
    return page or HOME_KEY


def ranked_keys(locations: Iterable[str], lang: str, anchors: frozenset[str]) -> list[str]:
    """Distinct keys of ranked result locations, in rank order (the first occurrence counts)."""
    return list(dict.fromkeys(result_key(location, lang, anchors) for location in locations))


def index_keys(index: dict, anchors: frozenset[str]) -> set[str]:
    """Every key that some unit of our index file (search/<lang>.json) maps to."""
    return {result_key(row[0], index["lang"], anchors) for row in index["docs"]}


def unknown_keys(queries: Iterable[Judged], keys_by_lang: dict[str, set[str]]) -> dict[str, list[str]]:
    """Judged keys that no unit of the index of their language maps to: {key: [query ids]}."""
    unknown: dict[str, list[str]] = {}
    for query in queries:
        for key in query.relevant:
            if key not in keys_by_lang.get(query.lang, set()):
                unknown.setdefault(key, []).append(query.id)
    return unknown


__all__ = [
    "EVAL_DIR",
    "GLOSSARY_PAGE",
    "HALVES",
    "HOME_KEY",
    "Judged",
    "half_path",
    "index_keys",
    "load_half",
    "ranked_keys",
    "result_key",
    "term_anchors",
    "unknown_keys",
]
