"""The evaluation sets section of `python scripts/bench.py search` (tests/search_eval).

For each half asked (dev, test, test2 or all three: `both`): a table of recall@5, MRR and nDCG@10 per engine and
language, then the robustness table (no diacritics, one typo, another inflected form) with the
drop against the original wording.  Per-query results (`--show-misses`) exist for the dev
half only: the test half is reported as aggregate figures, and the code refuses anything else.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from evaluation.search.evalsets import (
    DETAILED_HALF,
    ENGINES,
    EngineResult,
    HalfResult,
    Ranker,
    as_json,
    evaluate_half,
    misses,
    rankers,
)
from evaluation.search.evaluate import run_ours
from evaluation.search.judgments import HALVES, Judged, index_keys, load_half, term_anchors, unknown_keys
from evaluation.search.metrics import Figures
from evaluation.search.variants import VARIANTS
from platforma.project import LANGUAGES

TEST_NOTICE = "test half: aggregate figures only (never tune on it; per-query details exist for dev only)"

Table = Callable[[list[str], list[list[str]]], None]


def halves_of(choice: str) -> tuple[str, ...]:
    """`both` → every half (dev, test, test2); otherwise the one half named."""
    return HALVES if choice == "both" else (choice,)


def check_show_misses(halves: tuple[str, ...], show_misses: bool) -> None:
    """Refuse `--show-misses` when only the test half is asked: its queries are never shown one by one."""
    if show_misses and DETAILED_HALF not in halves:
        raise SystemExit("--show-misses shows dev queries only; the test half is reported as aggregate figures")


def _pct(x: float) -> str:
    return f"{x:.3f}"


def _signed(x: float) -> str:
    return f"{x:+.3f}"


def quality_rows(result: HalfResult) -> list[list[str]]:
    """Rows engine × language: recall@5, recall@5 (grade ≥ 1), MRR, nDCG@10, queries."""
    rows = []
    engines = list(next(iter(result.engines.values()), {}))
    for engine in engines:
        for lang, done in ((lang, result.engines[lang][engine]) for lang in result.engines):
            if isinstance(done, str):
                rows.append([engine, lang, "unavailable", "", "", "", str(len(result.queries[lang])), done])
                continue
            f = done.figures["original"]
            rows.append([engine, lang, _pct(f.recall), _pct(f.recall_related), _pct(f.mrr), _pct(f.ndcg), str(f.n), ""])
    return rows


def _robust_row(engine: str, lang: str, name: str, done: EngineResult) -> list[str]:
    """One robustness row: a variant's figures and their difference from the original wording."""
    f: Figures = done.figures[name]
    drop = f.minus(done.figures["original"])
    return [
        engine,
        lang,
        name,
        f"{done.changed[name]}/{f.n}",
        _pct(f.recall),
        _signed(drop.recall),
        _pct(f.mrr),
        _signed(drop.mrr),
        _pct(f.ndcg),
        _signed(drop.ndcg),
    ]


def robustness_rows(result: HalfResult) -> list[list[str]]:
    """Rows engine × language × variant (original excluded): figures and the change against the original."""
    rows = []
    engines = list(next(iter(result.engines.values()), {}))
    for engine in engines:
        for lang in result.engines:
            done = result.engines[lang][engine]
            if isinstance(done, str):
                rows.append([engine, lang, "(all)", "unavailable", "", "", "", "", "", ""])
                continue
            rows += [_robust_row(engine, lang, name, done) for name in VARIANTS if name != "original"]
    return rows


def print_half(result: HalfResult, table: Table) -> None:
    """The quality table and the robustness table of one half."""
    print(f"\n{result.half} half: recall@5 = a key graded 2 in the top 5 distinct keys (also ≥1), MRR of the first")
    print("key graded 2, nDCG@10 with gains 2^grade − 1")
    table(["engine", "lang", "recall@5", "recall@5 ≥1", "MRR", "nDCG@10", "queries", "note"], quality_rows(result))
    print(f"\n{result.half} half, robustness: each variant against the original wording (Δ = variant − original;")
    print("changed = queries the variant alters: a query without diacritics or long words stays as it is)")
    table(
        ["engine", "lang", "variant", "changed", "recall@5", "Δ", "MRR", "Δ", "nDCG@10", "Δ"],
        robustness_rows(result),
    )
    for lang, engines in result.engines.items():
        for engine, done in engines.items():
            if isinstance(done, str) and engine.startswith("reference"):
                print(f"  {engine}: unavailable for {lang} ({done})")


def print_misses(result: HalfResult) -> None:
    """Dev queries our engine misses: our top 5 keys and the expected ones (refused for the test half)."""
    missed = misses(result)
    print(f"\nMissed by ours on the {result.half} half ({len(missed)}): our top 5 keys, then the judged keys")
    for miss in missed:
        q = miss.query
        print(f"  {q.id} [{q.lang}] {q.query!r}")
        print(f"      ours:     {', '.join(miss.top) or '(nothing)'}")
        expected = sorted(q.relevant.items(), key=lambda kv: (-kv[1], kv[0]))
        print(f"      expected: {', '.join(f'{key} ({grade})' for key, grade in expected)}")


def first_results_lacking_every_word(indexes: dict[str, dict], queries: list[Judged]) -> dict[str, int]:
    """Per language, how many queries get a first result that says it lacks every word typed (a count only)."""
    counts = {}
    for lang, index in indexes.items():
        texts = [q.query for q in queries if q.lang == lang]
        counts[lang] = sum(run_ours(index, texts).lacking) if texts else 0
    return counts


def evaluation_section(
    indexes: dict[str, dict],
    engines_by_lang: dict[str, dict[str, Ranker | str]],
    half_choice: str,
    table: Table,
    *,
    show_misses: bool = False,
) -> dict:
    """Print the evaluation sets section; return its aggregate figures (for --json) by half."""
    halves = halves_of(half_choice)
    check_show_misses(halves, show_misses)
    anchors = term_anchors()
    keys_by_lang = {lang: index_keys(index, anchors) for lang, index in indexes.items()}
    print("\nEvaluation sets (tests/search_eval)")
    print(f"  {TEST_NOTICE}")
    out: dict = {}
    for half in halves:
        queries = load_half(half)
        unknown = unknown_keys(queries, keys_by_lang)
        print(f"  {half}: {len(queries)} queries; judged keys without a unit in our index: {len(unknown)}")
        for key in sorted(unknown):
            print(f"    no such unit: {key}")
        result = evaluate_half(half, queries, engines_by_lang, anchors)
        print_half(result, table)
        lacking = first_results_lacking_every_word(indexes, queries)
        print(f"\n{half} half: queries whose first result (ours) lacks every word typed: {lacking}")
        if show_misses and half == DETAILED_HALF:
            print_misses(result)
        out[half] = {
            "queries": len(queries),
            "unknown_keys": sorted(unknown),
            "figures": as_json(result),
            "first_lacks_every_word": lacking,
        }
    if set(halves) - {DETAILED_HALF}:
        print(f"\n  {TEST_NOTICE}")
    return out


def parse_engines(text: str | None) -> tuple[str, ...]:
    """`--engines ours,minisearch` → the engines named (default: all of ENGINES), refusing unknown names."""
    if not text:
        return ENGINES
    names = tuple(dict.fromkeys(name.strip() for name in text.split(",") if name.strip()))
    unknown = [name for name in names if name not in ENGINES]
    if unknown or not names:
        raise SystemExit(f"--engines: unknown {', '.join(unknown) or '(none given)'}; choose from {', '.join(ENGINES)}")
    return names


def engines_for(
    indexes: dict[str, dict],
    worker: Path | None,
    material: dict[str, dict],
    engines: tuple[str, ...] = ENGINES,
    *,
    minisearch_settings: dict | None = None,
) -> dict[str, dict[str, Ranker | str]]:
    """The engines of every language: ours on `indexes`, Material's worker on `material`, the reference, MiniSearch.

    An engine that cannot run here is a string (why), reported in the tables; MiniSearch's is printed at once.
    """
    out = {
        lang: rankers(indexes[lang], worker, material.get(lang), engines, minisearch_settings=minisearch_settings)
        for lang in LANGUAGES
    }
    reason = next((e["minisearch"] for e in out.values() if isinstance(e.get("minisearch"), str)), None)
    if reason:
        print(f"minisearch: unavailable ({reason})")
    return out


__all__ = [
    "TEST_NOTICE",
    "check_show_misses",
    "engines_for",
    "evaluation_section",
    "halves_of",
    "parse_engines",
    "print_misses",
    "quality_rows",
    "robustness_rows",
]
