"""Build benchmark: our bilingual build with N synthetic practices against a bare Material + i18n site.

Used by `python scripts/bench.py build` (and by default).  Every build runs in its own process
through `_measured_build.py`, which reports wall time and peak memory (max RSS) of that process.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from _table import table

from evaluation.synthetic import synthetic_entry, write_synthetic_practices
from platforma.content.organisations import load_organisations
from platforma.content.practices import forget_loaded, load_practices
from platforma.project import ROOT, cache_dir, copy_project
from platforma.words.lexicon import lexicon_dir

TARGETS = {
    "ratio_at_1000": 1.3,  # build with hooks / bare baseline
    "validation_1000_s": 2.0,
    "peak_memory_3000_mib": 1024,
}

BASELINE_CONFIG = """site_name: Baseline
theme:
  name: material
  font: false
  features: [navigation.tabs, navigation.sections, navigation.prune]
plugins:
  - search
  - i18n:
      docs_structure: suffix
      languages:
        - {locale: pl, name: Polski, default: true}
        - {locale: en, name: English}
nav:
  - index.md
"""


@dataclass
class BuildFigures:
    """Figures of one N: medians over the repeats."""

    practices: int
    ours_s: float
    baseline_s: float
    ratio: float
    ms_per_practice: float
    validation_s: float
    peak_memory_mib: float
    baseline_peak_memory_mib: float
    site_mib: float
    page_kib: float
    search_index_kib: dict[str, float] = field(default_factory=dict)
    pdf_s: float | None = None  # with --pdf: what PDFs (cache off) add to the build
    pdf_pages: int | None = None
    pair_ratios: list[float] = field(default_factory=list)  # each repeat's ours / bare, the two run back to back
    # ours with nothing reused from an earlier build (an empty build cache: every entry read and rendered, the search's
    # form maps made): a first build on a machine that is set up (`first_build_cache`)
    first_build_s: float = 0.0
    first_build_ratio: float = 0.0
    first_build_pair_ratios: list[float] = field(default_factory=list)
    stages: list[dict[str, float]] = field(default_factory=list)  # per language pass (_measured_build.StageTimer)
    baseline_stages: list[dict[str, float]] = field(default_factory=list)


def measured_build(
    project: Path, site: Path, env: dict[str, str] | None = None, pages: int = 0, profile: Path | None = None
) -> dict[str, Any]:
    """Figures of one strict build in a fresh process (see _measured_build.py): seconds, cpu_seconds,
    max_rss_mib, workers_max_rss_mib, stages (seconds per stage of each language pass); with `pages`, the
    slowest pages (`slowest_pages`); with `profile`, cProfile's statistics written there."""
    script = str(Path(__file__).with_name("_measured_build.py"))
    extra = ["--profile", str(profile)] if profile else []
    result = subprocess.run(
        [sys.executable, script, str(project / "mkdocs.yml"), str(site), "--pages", str(pages), *extra],
        cwd=project,  # the build reads the project it runs in (platforma.project.ROOT)
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1790000000", **(env or {})},
    )
    if result.returncode != 0:
        raise RuntimeError(f"build of {project} failed:\n{(result.stderr + result.stdout)[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def median_stages(runs: list[list[dict[str, float]]]) -> list[dict[str, float]]:
    """Per language pass and stage, the median over the runs."""
    return [
        {stage: round(statistics.median(run[index][stage] for run in runs), 3) for stage in runs[0][index]}
        for index in range(len(runs[0]))
    ]


def _baseline_project(target: Path, count: int) -> Path:
    """A bare Material + static-i18n site with `count` plain pages per language, outside the nav."""
    docs = target / "docs"
    (docs / "p").mkdir(parents=True)
    (target / "mkdocs.yml").write_text(BASELINE_CONFIG, encoding="utf-8")
    (docs / "index.md").write_text("# Baseline\n", encoding="utf-8")
    (docs / "index.en.md").write_text("# Baseline\n", encoding="utf-8")
    for index in range(count):
        practice_id, text = synthetic_entry(index)
        body = text.replace("\n  ", "\n")  # the same words, as plain Markdown text
        (docs / "p" / f"{practice_id}.md").write_text(f"# Przykład {index}\n\n{body}\n", encoding="utf-8")
        (docs / "p" / f"{practice_id}.en.md").write_text(f"# Example {index}\n\n{body}\n", encoding="utf-8")
    return target


def first_build_cache(folder: Path) -> str:
    """An empty build cache but for the word lexicon, which set-up prepares once per machine (scripts/setup.sh)."""
    folder.mkdir(parents=True)
    prepared = lexicon_dir()
    if prepared.is_dir():
        target = folder / prepared.relative_to(cache_dir())
        target.parent.mkdir(parents=True)
        target.symlink_to(prepared, target_is_directory=True)
    return str(folder)


def pdf_pages(site: Path) -> int:
    """Pages of every PDF the build at `site` made."""
    from pypdf import PdfReader

    return sum(len(PdfReader(path).pages) for path in pdf_files(site))


def pdf_files(site: Path) -> list[Path]:
    """Every PDF the build at `site` made."""
    return sorted((site / "pdf").glob("*.pdf"))


def _site_figures(site: Path) -> tuple[float, float, dict[str, float]]:
    files = [p for p in site.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    pages = [p for p in files if p.name == "index.html" and "practices" in p.parts]
    page_kib = statistics.median(p.stat().st_size for p in pages) / 1024 if pages else 0.0
    indexes = {
        str(p.relative_to(site)): round(p.stat().st_size / 1024, 1)
        for p in files
        if "search" in p.relative_to(site).parts and p.suffix == ".json"
    }
    return size / 2**20, page_kib, indexes


def _validation_seconds(folder: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        forget_loaded()  # each run reads and checks every file, as a build in a fresh process does
        start = time.perf_counter()
        organisations, problems = load_organisations(folder.parent / "organisations", known_sources=set())
        result = load_practices([folder], known_sources=set(), organisations=organisations)
        times.append(time.perf_counter() - start)
        assert result.ok and not problems, (problems + result.problems)[:5]
    return statistics.median(times)


def measure(count: int, repeat: int, *, pdf: bool = False, warm_up: bool = True) -> BuildFigures:
    """Build ours and the baseline `repeat` times with `count` synthetic practices; return medians.

    `warm_up`: an unmeasured build of ours first (see below; the test's smoke run leaves it out)."""
    with tempfile.TemporaryDirectory(prefix="platforma-bench-") as tmp:
        tmp_path = Path(tmp)
        project = copy_project(tmp_path / "project")
        write_synthetic_practices(project / "practices", count)
        baseline = _baseline_project(tmp_path / "baseline", count)
        ours_runs, first_runs, base_runs = [], [], []
        # an unmeasured build first: it makes the search form map of these entries and keeps what it read and
        # rendered, so that "ours" is every time what an editor's next build is (the entries unchanged)
        if warm_up:
            print("  a build to start from (not measured)...", file=sys.stderr, flush=True)
            measured_build(project, tmp_path / "start-site", {"PLATFORMA_PDF": "0"})
            shutil.rmtree(tmp_path / "start-site", ignore_errors=True)
        for run in range(repeat):  # side by side, so that a change in the machine's load hits all three
            # a first build reads and renders every entry, makes the form maps; ours reuses what the builds before kept
            first_site = tmp_path / f"first-site-{run}"
            first_env = {
                "PLATFORMA_PDF": "0",
                "PLATFORMA_CACHE_DIR": first_build_cache(tmp_path / f"first-cache-{run}"),
            }
            first_runs.append(measured_build(project, first_site, first_env))
            shutil.rmtree(first_site, ignore_errors=True)
            ours_runs.append(measured_build(project, tmp_path / f"site-{run}", {"PLATFORMA_PDF": "0"}))
            base_runs.append(measured_build(baseline, tmp_path / f"baseline-site-{run}"))
        first = [r["seconds"] for r in first_runs]
        ours, ours_mem = [r["seconds"] for r in ours_runs], [r["max_rss_mib"] for r in ours_runs]
        base, base_mem = [r["seconds"] for r in base_runs], [r["max_rss_mib"] for r in base_runs]
        pdf_s = pages = None
        if pdf:  # the manuals' PDFs only (practices have none): this shows they do not grow with the catalogue
            pdf_site = tmp_path / "pdf-site"
            with_pdf = [
                measured_build(project, pdf_site, {"PLATFORMA_PDF": "1", "PLATFORMA_PDF_CACHE": "0"})["seconds"]
                for _ in range(repeat)
            ]
            pdf_s = statistics.median(with_pdf) - statistics.median(ours)
            pages = pdf_pages(pdf_site)
        synthetic_only = tmp_path / "synthetic"
        write_synthetic_practices(synthetic_only, count)
        validation = _validation_seconds(synthetic_only, repeat)
        site_mib, page_kib, indexes = _site_figures(tmp_path / "site-0")
        shutil.rmtree(tmp_path / "baseline-site-0", ignore_errors=True)
    ours_s, base_s = statistics.median(ours), statistics.median(base)
    return BuildFigures(
        practices=count,
        ours_s=round(ours_s, 2),
        baseline_s=round(base_s, 2),
        ratio=round(ours_s / base_s, 2),
        ms_per_practice=round(1000 * ours_s / max(count, 1), 2),
        validation_s=round(validation, 3),
        peak_memory_mib=round(max(ours_mem), 1),
        baseline_peak_memory_mib=round(max(base_mem), 1),
        site_mib=round(site_mib, 1),
        page_kib=round(page_kib, 1),
        search_index_kib=indexes,
        pdf_s=round(pdf_s, 2) if pdf_s is not None else None,
        pdf_pages=pages,
        pair_ratios=[round(o / b, 2) for o, b in zip(ours, base, strict=True)],
        first_build_s=round(statistics.median(first), 2),
        first_build_ratio=round(statistics.median(first) / base_s, 2),
        first_build_pair_ratios=[round(o / b, 2) for o, b in zip(first, base, strict=True)],
        stages=median_stages([r["stages"] for r in ours_runs]),
        baseline_stages=median_stages([r["stages"] for r in base_runs]),
    )


def print_table(rows: list[BuildFigures]) -> None:
    """A readable table of the figures with the targets beside them."""
    header = (
        f"{'N':>6} {'ours s':>8} {'bare s':>8} {'ratio':>6} {'ms/pr':>7} {'valid s':>8} {'peak MiB':>9} "
        f"{'site MiB':>9} {'page KiB':>9}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row.practices:>6} {row.ours_s:>8.2f} {row.baseline_s:>8.2f} {row.ratio:>6.2f} "
            f"{row.ms_per_practice:>7.2f} {row.validation_s:>8.3f} {row.peak_memory_mib:>9.1f} "
            f"{row.site_mib:>9.1f} {row.page_kib:>9.1f}"
        )
    for row in rows:
        if len(row.pair_ratios) > 1:  # a slower minute hits both builds of a pair: read these when the machine varies
            pairs = ", ".join(f"{ratio:.2f}" for ratio in row.pair_ratios)
            print(f"  N={row.practices} ratio of each pair (ours, then bare at once): {pairs}")
        firsts = ", ".join(f"{ratio:.2f}" for ratio in row.first_build_pair_ratios)
        print(
            f"  N={row.practices} a first build (an empty build cache): {row.first_build_s:.2f} s, "
            f"ratio {row.first_build_ratio:.2f} (each pair: {firsts})"
        )
        if row.pdf_s is not None:
            print(f"  N={row.practices} PDFs ({row.pdf_pages} pages, cache off) add {row.pdf_s:.2f} s")
        if row.search_index_kib:
            sizes = ", ".join(f"{name}: {kib} KiB" for name, kib in sorted(row.search_index_kib.items()))
            print(f"  N={row.practices} search indexes: {sizes}")
    for row in rows:
        print(f"\nN={row.practices}: seconds per stage of each language pass (medians), ours against the bare site")
        stages = list(row.stages[0]) if row.stages else []
        lines = [
            [f"{who} {lang}", *(f"{figures[stage]:.2f}" for stage in stages)]
            for who, passes in (("ours", row.stages), ("bare", row.baseline_stages))
            for lang, figures in zip(("pl", "en"), passes, strict=False)
        ]
        table(["", *stages], lines)
    print("\nTargets: build with hooks <= 1.3x the bare baseline at N=1000; validation of 1000 entries <= 2 s;")
    print("         ms per practice roughly constant across N (linear growth); peak memory < 1024 MiB at N=3000.")
    by_n = {row.practices: row for row in rows}
    if 1000 in by_n:
        row = by_n[1000]
        print(
            f"  N=1000: ratio {row.ratio} ({'met' if row.ratio <= TARGETS['ratio_at_1000'] else 'NOT met'}; "
            f"a first build {row.first_build_ratio}), "
            f"validation {row.validation_s} s "
            f"({'met' if row.validation_s <= TARGETS['validation_1000_s'] else 'NOT met'})"
        )
    if 3000 in by_n:
        row = by_n[3000]
        print(
            f"  N=3000: peak memory {row.peak_memory_mib} MiB "
            f"({'met' if row.peak_memory_mib < TARGETS['peak_memory_3000_mib'] else 'NOT met'})"
        )


def run(counts: list[int], repeat: int, json_path: Path | None, *, pdf: bool = False) -> list[BuildFigures]:
    """Measure every N, print the table, and write JSON when asked."""
    rows = []
    for count in counts:
        print(f"Measuring N={count} ({repeat} run(s) each of ours and the baseline)...", file=sys.stderr, flush=True)
        rows.append(measure(count, repeat, pdf=pdf))
    print_table(rows)
    if json_path:
        json_path.write_text(json.dumps([asdict(r) for r in rows], indent=2) + "\n", encoding="utf-8")
    return rows


__all__ = ["BuildFigures", "ROOT", "measure", "measured_build", "pdf_pages", "print_table", "run"]
