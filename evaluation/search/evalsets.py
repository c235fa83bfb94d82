"""Every engine on every robustness variant of a judged half: aggregate figures, and dev misses.

Engines are rankers: query texts in, ranked result locations out (one list per text).  Ours,
Material's and the MiniSearch candidate run under node (evaluate.py, minisearch.py); the
reference is BM25 in Python (reference.py).
Locations become distinct judgment keys (judgments.py) before they are scored (metrics.py).

The test half yields aggregate figures only: its per-query rankings are not even kept, and
`misses` refuses any half but dev.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from evaluation.search.evaluate import run_material, run_ours
from evaluation.search.judgments import Judged, ranked_keys
from evaluation.search.metrics import RECALL_AT, Figures, figures, found_at
from evaluation.search.minisearch import minisearch_unavailable, run_minisearch
from evaluation.search.reference import Reference, unavailable
from evaluation.search.variants import VARIANTS, variant

ENGINES = ("ours", "material", "reference", "reference-folded", "minisearch")
DETAILED_HALF = "dev"  # the only half whose per-query results may be looked at

Ranker = Callable[[list[str]], list[list[str]]]


@dataclass
class EngineResult:
    """One engine on one half and language: figures per variant; per-query keys on dev only."""

    figures: dict[str, Figures]
    changed: dict[str, int]
    keys: dict[str, list[list[str]]] | None = None


@dataclass
class HalfResult:
    """One half: per language, the queries asked and each engine's result (or why it did not run)."""

    half: str
    queries: dict[str, list[Judged]] = field(default_factory=dict)
    engines: dict[str, dict[str, EngineResult | str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Miss:
    """A dev query whose answer (grade 2) is not in an engine's top 5."""

    query: Judged
    top: list[str]


def ours_ranker(index: dict) -> Ranker:
    """Our engine (engine.js under node) on our index file; every item of every page group, in order.

    Every item counts, not only the first of each group: a glossary term is a result unit of its
    own, and the terms found all come in the one group of the glossary page.
    """

    def rank(texts: list[str]) -> list[list[str]]:
        run = run_ours(index, texts)
        return [run.locations(i) for i in range(len(texts))]

    return rank


def material_ranker(worker: Path, index: dict) -> Ranker:
    """Material's bundled search worker on its own index of the same language."""

    def rank(texts: list[str]) -> list[list[str]]:
        run = run_material(worker, index, texts)
        return [run.locations(i) for i in range(len(texts))]

    return rank


def minisearch_ranker(index: dict, settings: dict | None = None) -> Ranker | str:
    """MiniSearch (minisearch-engine.js under node) on our index file, or why it cannot run here.

    Like ours: every item of every page group, in order.  `settings` override its SETTINGS.
    """
    reason = minisearch_unavailable()
    if reason:
        return reason

    def rank(texts: list[str]) -> list[list[str]]:
        run = run_minisearch(index, texts, settings=settings)
        return [run.locations(i) for i in range(len(texts))]

    return rank


def reference_ranker(index: dict, *, folded: bool = False) -> Ranker | str:
    """BM25 over the units of our index file, or the reason it cannot run here."""
    reason = unavailable(index["lang"])
    if reason:
        return reason
    reference = Reference(index, folded=folded)
    return lambda texts: [reference.search(text) for text in texts]


def rankers(
    ours: dict,
    worker: Path | None,
    material: dict | None,
    engines: tuple[str, ...] = ENGINES,
    *,
    minisearch_settings: dict | None = None,
) -> dict[str, Ranker | str]:
    """The engines named in `engines` for one language, by name (a string where an engine is unavailable)."""
    unknown = set(engines) - set(ENGINES)
    if unknown:
        raise ValueError(f"unknown engines {sorted(unknown)}: choose from {', '.join(ENGINES)}")
    make: dict[str, Callable[[], Ranker | str]] = {
        "ours": lambda: ours_ranker(ours),
        "material": lambda: material_ranker(worker, material) if worker and material else "no Material build",
        "reference": lambda: reference_ranker(ours),
        "reference-folded": lambda: reference_ranker(ours, folded=True),
        "minisearch": lambda: minisearch_ranker(ours, minisearch_settings),
    }
    return {name: make[name]() for name in ENGINES if name in engines}


def rank_variants(queries: list[Judged], ranker: Ranker, anchors: frozenset[str]) -> dict[str, list[list[str]]]:
    """Distinct ranked keys per variant and query (all variants asked in one call of the ranker)."""
    texts = [variant(query, name) for name in VARIANTS for query in queries]
    locations = ranker(texts) if texts else []
    n = len(queries)
    return {
        name: [ranked_keys(locations[v * n + i], query.lang, anchors) for i, query in enumerate(queries)]
        for v, name in enumerate(VARIANTS)
    }


def changed_counts(queries: list[Judged]) -> dict[str, int]:
    """How many queries each variant actually changes (a query without diacritics stays as it is)."""
    return {name: sum(variant(q, name) != q.query for q in queries) for name in VARIANTS}


def engine_result(half: str, queries: list[Judged], ranker: Ranker, anchors: frozenset[str]) -> EngineResult:
    """One engine's figures per variant on `queries`; rankings kept only for the dev half."""
    keys = rank_variants(queries, ranker, anchors)
    judgments = [q.relevant for q in queries]
    return EngineResult(
        figures={name: figures(keys[name], judgments) for name in VARIANTS},
        changed=changed_counts(queries),
        keys=keys if half == DETAILED_HALF else None,
    )


def evaluate_half(
    half: str, queries: list[Judged], engines_by_lang: dict[str, dict[str, Ranker | str]], anchors: frozenset[str]
) -> HalfResult:
    """Every engine of every language on the queries of that language."""
    result = HalfResult(half)
    for lang, engines in engines_by_lang.items():
        asked = [q for q in queries if q.lang == lang]
        result.queries[lang] = asked
        result.engines[lang] = {
            name: engine if isinstance(engine, str) else engine_result(half, asked, engine, anchors)
            for name, engine in engines.items()
        }
    return result


def misses(result: HalfResult, engine: str = "ours") -> list[Miss]:
    """Dev queries whose grade-2 keys are all outside `engine`'s top 5 (original wording)."""
    if result.half != DETAILED_HALF:
        raise PermissionError(f"per-query results of the {result.half} half are not shown: aggregate figures only")
    out = []
    for lang, asked in result.queries.items():
        done = result.engines[lang].get(engine)
        if not isinstance(done, EngineResult) or done.keys is None:
            continue
        for query, keys in zip(asked, done.keys["original"], strict=True):
            if not found_at(keys, query.relevant):
                out.append(Miss(query, keys[:RECALL_AT]))
    return out


def as_json(result: HalfResult) -> dict:
    """Aggregate figures of a half as plain data: {lang: {engine: {variant: figures} | reason}}."""
    out: dict = {}
    for lang, engines in result.engines.items():
        out[lang] = {}
        for name, done in engines.items():
            if isinstance(done, str):
                out[lang][name] = {"unavailable": done}
            else:
                out[lang][name] = {v: {**done.figures[v].as_dict(), "changed": done.changed[v]} for v in VARIANTS}
    return out


__all__ = [
    "DETAILED_HALF",
    "ENGINES",
    "EngineResult",
    "HalfResult",
    "Miss",
    "as_json",
    "changed_counts",
    "engine_result",
    "evaluate_half",
    "material_ranker",
    "minisearch_ranker",
    "misses",
    "ours_ranker",
    "rank_variants",
    "rankers",
    "reference_ranker",
]
