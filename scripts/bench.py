"""Benchmarks of Platforma Wiedzy: `python scripts/bench.py <subcommand>`; figures are printed, never asserted.

Subcommands (one function each, `cmd_<name>`, registered in `SUBCOMMANDS`):

  build    (the default) our bilingual build with N synthetic practices against a bare
           Material + static-i18n site with the same number of pages: time, ratio,
           ms per practice, validation time, peak memory, site and page size, search index
           size, seconds per stage of each language pass; with --pdf what PDFs add (the manuals;
           practices have no PDF), with --search the search figures too.  With --profile, instead:
           one build with the largest N under cProfile, its stages and, for our code and each
           library, the functions with the most cumulative time (bench_profile.py).
           `python scripts/bench.py build --profile --practices 1000`
           `python scripts/bench.py --practices 100 1000 3000 --repeat 3 --json out.json`

  pdf      what PDFs add to a build of the real project (cold, after one chapter is edited,
           unchanged), against the build without them; and a 60-page manual on its own.

  serve    the editor's preview: seconds from saving a practice or a chapter to the page
           reloaded in Chromium under `mkdocs serve` (as `make preview`), with the real
           content and with N synthetic practices added.
           `python scripts/bench.py serve --practices 0 1000 --repeat 5`

  pages    the slowest pages of a build of this project (or `--project DIR`), from the page's
           Markdown, hooks and template: where content costs more than it should.
           `python scripts/bench.py pages --top 10 --practices 100`

  search   the site's search against Material's default search on the same content:
           recall@5 and MRR on tests/search_queries.yml, index size per language (raw and
           gzip) against Material's, the graded evaluation sets (tests/search_eval: recall@5,
           MRR, nDCG@10 and robustness, with a BM25 reference; see bench_search.py), and
           query time with N synthetic practices added.  `--engines` picks the engines of the
           evaluation sets (default: all, MiniSearch too when npm can install it into the cache).
           `python scripts/bench.py search --half dev --show-misses --json out.json`
           `python scripts/bench.py search --half dev --engines ours,minisearch \
                --minisearch-settings '{"fuzzy": 0}'`
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _table import table

from evaluation.search.evaluate import (
    load_queries,
    material_language_index,
    material_worker,
    run_material,
    run_ours,
    scores,
)
from evaluation.search.minisearch import minisearch_unavailable, run_minisearch
from evaluation.synthetic import synthetic_organisations, write_synthetic_practices
from platforma.content.practices import load_practices
from platforma.content.vocabularies import load_vocabularies
from platforma.pages.views import practice_path
from platforma.project import LANGUAGES, copy_project
from platforma.search import analyzer, index_json, practice_documents
from platforma.search.index import documents_of_index

# --- shared helpers ----------------------------------------------------------------


def build(project: Path, site: Path, *, env: dict[str, str] | None = None) -> None:
    """`mkdocs build` of `project` into `site` (no PDFs unless asked), in its own process."""
    environment = {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1790000000", "PLATFORMA_PDF": "0"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        cwd=project,
        env={**os.environ, **environment, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"build of {project} failed:\n{done.stderr[-3000:]}")


def sizes(data: bytes) -> tuple[int, int]:
    """(raw bytes, gzip -9 bytes)."""
    return len(data), len(gzip.compress(data, 9, mtime=0))


def kib(n: float) -> str:
    return f"{n / 1024:,.1f} KiB"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


# --- search ------------------------------------------------------------------------


def _without_search_hook(project: Path) -> None:
    """Turn a project copy into 'Material's default search': our search hook removed."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - hooks/search.py\n", ""), encoding="utf-8")


def _scaled_index(ours: dict, lang: str, count: int, folder: Path) -> dict:
    """Our index of `lang` with `count` synthetic practices added (pages and real practices kept)."""
    paths = write_synthetic_practices(folder, count)
    synthetic = load_practices(paths, organisations=synthetic_organisations())
    if synthetic.problems:
        raise SystemExit("synthetic practices do not validate: " + str(synthetic.problems[0]))
    docs = documents_of_index(ours) + practice_documents(synthetic.practices, lang, load_vocabularies(), practice_path)
    extra = {"separate": ours.get("separate", []), "thesaurus": ours.get("thesaurus", [])}
    return json.loads(index_json(docs, analyzer(lang), **extra))


def _old_set_quality(queries: list, indexes: dict[str, dict], worker: Path, combined: dict) -> tuple[list, list]:
    """Rows of the old query set (tests/search_queries.yml) per language, and the queries ours misses."""
    rows, missed_all = [], []
    for lang in LANGUAGES:
        asked = [q for q in queries if q.lang == lang]
        texts = [q.query for q in asked]
        r_ours, mrr_ours, missed = scores(asked, run_ours(indexes[lang], texts).results)
        material = material_language_index(combined, lang)
        r_mat, mrr_mat, _ = scores(asked, run_material(worker, material, texts).results)
        missed_all += missed
        rows.append([lang, str(len(asked)), f"{r_ours:.2f}", f"{mrr_ours:.2f}", f"{r_mat:.2f}", f"{mrr_mat:.2f}"])
    return rows, missed_all


def _timing_rows(
    ours: dict, lang: str, practices: int, rounds: int, queries: list, folder: Path, runners: dict[str, Callable]
) -> list[list[str]]:
    """Query time of each engine (name → run function) on the index of `lang` with `practices` synthetic practices."""
    scaled = _scaled_index(ours, lang, practices, folder)
    raw, gz = sizes(json.dumps(scaled, ensure_ascii=False, separators=(",", ":")).encode())
    texts = [q.query for q in queries if q.lang == lang]
    return [
        _timing_row(name, run(scaled, texts, rounds=rounds), lang, scaled, raw, gz) for name, run in runners.items()
    ]


def _timing_row(engine: str, run, lang: str, scaled: dict, raw: int, gz: int) -> list[str]:
    """One row of the query time table."""
    return [
        engine,
        lang,
        str(len(scaled["docs"])),
        kib(raw),
        kib(gz),
        f"{run.setup_ms:.0f} ms",
        f"{statistics.median(run.times):.2f} ms",
        f"{percentile(run.times, 0.95):.2f} ms",
        f"{max(run.times):.2f} ms",
    ]


def _build_both(tmp_path: Path) -> tuple[dict[str, bytes], bytes, Path]:
    """Our build and Material's default search build: our index files, Material's combined index, its worker."""
    print("building the site twice (ours, and with Material's default search) ...", flush=True)
    build(copy_project(tmp_path / "ours"), tmp_path / "ours-site")
    material_project = copy_project(tmp_path / "material")
    _without_search_hook(material_project)
    build(material_project, tmp_path / "material-site")
    ours = {lang: (tmp_path / "ours-site" / "search" / f"{lang}.json").read_bytes() for lang in LANGUAGES}
    combined = (tmp_path / "material-site" / "search" / "search_index.json").read_bytes()
    return ours, combined, material_worker(tmp_path / "material-site")


def _print_sizes(ours_bytes: dict[str, bytes], combined_bytes: bytes) -> dict:
    """The index size table (ours vs Material's entries per language); returns the byte counts."""
    combined, rows, out = json.loads(combined_bytes), [], {}
    for lang in LANGUAGES:
        material_bytes = json.dumps(material_language_index(combined, lang), separators=(",", ":")).encode()
        (o_raw, o_gz), (m_raw, m_gz) = sizes(ours_bytes[lang]), sizes(material_bytes)
        rows.append(
            [lang, kib(o_raw), kib(o_gz), kib(m_raw), kib(m_gz), f"{o_raw / m_raw:.2f}x", f"{o_gz / m_gz:.2f}x"]
        )
        out[lang] = {"ours_raw": o_raw, "ours_gzip": o_gz, "material_raw": m_raw, "material_gzip": m_gz}
    c_raw, c_gz = sizes(combined_bytes)
    print("\nIndex size per language: ours (search/<lang>.json) vs Material's entries for that language")
    table(["lang", "ours raw", "ours gzip", "Material raw", "Material gzip", "ratio raw", "ratio gzip"], rows)
    print(f"  (Material as deployed with static-i18n: one combined file, {kib(c_raw)} raw, {kib(c_gz)} gzip)")
    return out


def cmd_search(args: argparse.Namespace) -> int:
    import bench_search

    half, show_misses = getattr(args, "half", "both"), getattr(args, "show_misses", False)
    bench_search.check_show_misses(bench_search.halves_of(half), show_misses)
    engine_names = bench_search.parse_engines(getattr(args, "engines", None))
    settings = json.loads(args.minisearch_settings) if getattr(args, "minisearch_settings", None) else None
    started = time.perf_counter()
    queries = load_queries()
    figures: dict = {"practices": args.practices, "rounds": args.rounds}
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        tmp_path = Path(tmp)
        ours_bytes, combined_bytes, worker = _build_both(tmp_path)
        indexes = {lang: json.loads(data) for lang, data in ours_bytes.items()}
        combined = json.loads(combined_bytes)

        quality_rows, missed_all = _old_set_quality(queries, indexes, worker, combined)
        print(f"\nSearch quality on tests/search_queries.yml (a hit = an expected page in the top {5})")
        header = ["lang", "queries", "recall@5 ours", "MRR ours", "recall@5 Material", "MRR Material"]
        table(header, quality_rows)
        figures["old_query_set"] = [dict(zip(header, row, strict=True)) for row in quality_rows]
        for q in missed_all:
            print(f"  missed by ours: [{q.lang}] {q.query!r} (expected {', '.join(q.expect)})")
        figures["index_bytes"] = _print_sizes(ours_bytes, combined_bytes)

        material = {lang: material_language_index(combined, lang) for lang in LANGUAGES}
        engines = bench_search.engines_for(indexes, worker, material, engine_names, minisearch_settings=settings)
        figures["evaluation"] = bench_search.evaluation_section(indexes, engines, half, table, show_misses=show_misses)

        print(f"\nQuery time with {args.practices} synthetic practices added ({args.rounds} rounds of the query set)")
        time_header = ["engine", "lang", "documents", "index raw", "index gzip", "load", "median", "p95", "max"]
        runners: dict[str, Callable] = {"ours": run_ours}
        if "minisearch" in engine_names and not minisearch_unavailable():
            runners["minisearch"] = lambda index, texts, rounds: run_minisearch(index, texts, rounds, settings)
        time_rows = [
            row
            for lang in LANGUAGES
            for row in _timing_rows(
                indexes[lang], lang, args.practices, args.rounds, queries, tmp_path / f"synthetic-{lang}", runners
            )
        ]
        table(time_header, time_rows)
        figures["query_time"] = [dict(zip(time_header, row, strict=True)) for row in time_rows]
        print("  (node, one core of this machine; the goal: p95 under 30 ms with 3,000 practices added)")
    figures["seconds"] = round(time.perf_counter() - started, 1)
    print(f"\nbench.py search took {figures['seconds']:.0f} s")
    if getattr(args, "json", None):
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"figures written to {args.json}")
    return 0


# --- build -------------------------------------------------------------------------


def cmd_build(args: argparse.Namespace) -> int:
    import bench_build

    if args.profile:
        import bench_profile

        bench_profile.run(max(args.practices), args.top)
        return 0
    bench_build.run(args.practices, args.repeat, args.json, pdf=args.pdf)
    if args.search:
        print()
        return cmd_search(argparse.Namespace(practices=max(args.practices), rounds=5))
    return 0


# --- pdf ---------------------------------------------------------------------------


def cmd_pdf(args: argparse.Namespace) -> int:
    import bench_pdf

    bench_pdf.run(args.repeat, args.json)
    return 0


# --- serve -------------------------------------------------------------------------


def cmd_serve(args: argparse.Namespace) -> int:
    import bench_serve

    bench_serve.run(args.practices, args.repeat, args.json, full=args.full)
    return 0


# --- pages -------------------------------------------------------------------------


def cmd_pages(args: argparse.Namespace) -> int:
    """Build a copy of a project (PDFs off) and print its slowest pages."""
    import bench_build

    with tempfile.TemporaryDirectory() as folder:
        project = copy_project(Path(folder) / "project", source=args.project)
        if args.practices:
            write_synthetic_practices(project / "practices", args.practices)
        figures = bench_build.measured_build(project, Path(folder) / "site", {"PLATFORMA_PDF": "0"}, pages=args.top)
    print(f"Build: {figures['seconds']:.1f} s; the {args.top} slowest pages (its Markdown, hooks and template):")
    table(["page", "ms"], [[path, f"{ms:.0f}"] for path, ms in figures["slowest_pages"]])
    return 0


# --- command line ------------------------------------------------------------------

SUBCOMMANDS: dict[str, tuple[Callable[[argparse.Namespace], int], str, Callable[[argparse.ArgumentParser], None]]] = {
    "build": (
        cmd_build,
        "build time, memory and size with N synthetic practices: ours vs a bare Material + i18n site",
        lambda p: (
            p.add_argument("--practices", type=int, nargs="+", default=[100, 1000], help="values of N"),
            p.add_argument("--repeat", type=int, default=1, help="builds per N (the median is reported)"),
            p.add_argument("--json", type=Path, help="also write the figures to this JSON file"),
            p.add_argument("--pdf", action="store_true", help="also measure what PDFs add (the manuals; flat in N)"),
            p.add_argument("--search", action="store_true", help="also run the search benchmark"),
            p.add_argument(
                "--profile",
                action="store_true",
                help="instead: one build with the largest N under cProfile; stages and the costliest functions",
            ),
            p.add_argument("--top", type=int, default=20, help="with --profile: functions listed per group"),
        ),
    ),
    "pdf": (
        cmd_pdf,
        "what PDFs add to the build (cold, one chapter edited, unchanged) and a 60-page manual alone",
        lambda p: (
            p.add_argument("--repeat", type=int, default=3, help="builds of each kind (the median is reported)"),
            p.add_argument("--json", type=Path, help="also write the figures to this JSON file"),
        ),
    ),
    "serve": (
        cmd_serve,
        "editor preview: seconds from saving a practice or a chapter to the reloaded page under mkdocs serve",
        lambda p: (
            p.add_argument("--practices", type=int, nargs="+", default=[0, 1000], help="synthetic practices added"),
            p.add_argument("--repeat", type=int, default=5, help="edits of each kind (the median is reported)"),
            p.add_argument("--json", type=Path, help="also write the figures to this JSON file"),
            p.add_argument("--full", action="store_true", help="serve without --dirty: every rebuild makes every page"),
        ),
    ),
    "pages": (
        cmd_pages,
        "the slowest pages of a build (a guard against content that costs far more than it should)",
        lambda p: (
            p.add_argument("--project", type=Path, help="the project folder to build (default: this one)"),
            p.add_argument("--practices", type=int, default=0, help="synthetic practices added"),
            p.add_argument("--top", type=int, default=10, help="how many pages to list"),
        ),
    ),
    "search": (
        cmd_search,
        "search quality, index size and query time: ours vs Material's default search",
        lambda p: (
            p.add_argument("--practices", type=int, default=1000, help="synthetic practices for the timing"),
            p.add_argument("--rounds", type=int, default=20, help="times the query set is run for the timing"),
            p.add_argument(
                "--half",
                choices=["dev", "test", "test2", "both"],
                default="both",
                help="evaluation set halves to report (both: all three)",
            ),
            p.add_argument("--json", type=Path, help="also write all figures to this JSON file"),
            p.add_argument(
                "--show-misses", action="store_true", help="list the dev queries ours misses (never the test half)"
            ),
            p.add_argument(
                "--engines",
                help="comma-separated engines of the evaluation sets (default: all: "
                "ours,material,reference,reference-folded,minisearch); minisearch is timed too",
            ),
            p.add_argument(
                "--minisearch-settings",
                help="JSON object overriding minisearch-engine.js's SETTINGS, e.g. '{\"fuzzy\": 0}'",
            ),
        ),
    ),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.py", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, metavar="SUBCOMMAND")
    for name, (function, help_text, add_arguments) in SUBCOMMANDS.items():
        child = sub.add_parser(name, help=help_text, description=help_text)
        add_arguments(child)
        child.set_defaults(run=function)
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] not in SUBCOMMANDS and argv[0] not in ("-h", "--help"):
        argv = ["build", *argv]  # `bench.py --practices 100 1000` means the build benchmark
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
