"""PDF benchmark: what PDFs add to a build of the real project, and one 60-page manual on its own.

Used by `python scripts/bench.py pdf`.  Every build runs in its own process (`_measured_build.py`)
with a build cache (PLATFORMA_CACHE_DIR) that starts empty, so the figures do not depend on
this machine's cache.  Four kinds of build, each the median of --repeat runs:

- without PDFs (PLATFORMA_PDF=0): the reference;
- cold: PDFs with the PDF cache off, as on a fresh machine or in CI;
- unchanged: every PDF comes from the cache;
- one chapter edited: one Polish chapter changed after the cache was filled, so one PDF of
  eight is made again (an editor's rebuild).
Other caches (search) are filled by an unmeasured build first, so that the figures differ only
in what PDFs cost.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from bench_build import measured_build, pdf_files, pdf_pages
from evaluation import pdf_sample
from platforma import pdf
from platforma.content.manuals import load_manuals
from platforma.project import copy_project

TARGETS = {"ratio": 3.0, "sample_60_s": 5.0}


@dataclass
class PdfFigures:
    """Medians in seconds; ratios against the build without PDFs."""

    cpus: int
    workers: int
    without_s: float
    cold_s: float
    cold_cpu_s: float
    edited_s: float
    unchanged_s: float
    cold_ratio: float
    edited_ratio: float
    unchanged_ratio: float
    pdf_pages: int
    pdf_files: int
    workers_peak_mib: float
    sample_pages: int
    sample_s: float
    sample_cpu_s: float


def _edited_chapter(project: Path) -> Path:
    manuals, _, problems = load_manuals(project / "manuals")
    if problems or not manuals:
        raise SystemExit("the project's manuals do not load")
    return project / manuals[0].chapters[0].src_uri  # e.g. manuals/psn/01-....md


def measure(repeat: int) -> PdfFigures:
    """Run the four kinds of build `repeat` times each and time the 60-page sample."""
    with tempfile.TemporaryDirectory(prefix="platforma-bench-pdf-") as tmp:
        tmp_path = Path(tmp)
        project = copy_project(tmp_path / "project")
        chapter = _edited_chapter(project)
        original = chapter.read_text(encoding="utf-8")
        runs: dict[str, list[dict[str, float]]] = {"without": [], "cold": [], "edited": [], "unchanged": []}
        cache = {"PLATFORMA_CACHE_DIR": str(tmp_path / "cache")}  # empty at first: nothing from this machine
        for run in range(repeat):
            print(f"  run {run + 1}/{repeat}: without PDFs, cold, unchanged, one chapter edited", file=sys.stderr)
            site = tmp_path / f"site-{run}"

            def timed(kind: str, pdf: str, site: Path = site, **extra: str) -> None:
                figures = measured_build(project, site, {**cache, "PLATFORMA_PDF": pdf, **extra})
                if kind:
                    runs[kind].append(figures)

            timed("", "0")  # fills the search cache (and makes the lexicon), so that only PDFs differ
            timed("without", "0")
            timed("cold", "1", PLATFORMA_PDF_CACHE="0")
            timed("", "1")  # fills the PDF cache
            timed("unchanged", "1")
            chapter.write_text(original + f"\n\nEdited for the benchmark, run {run}.\n", encoding="utf-8")
            timed("", "0")  # the edit's new words: the search map is made again here, not in the PDF figure
            timed("edited", "1")
            chapter.write_text(original, encoding="utf-8")
        pages = pdf_pages(tmp_path / "site-0")
        files = len(pdf_files(tmp_path / "site-0"))
        timing = pdf_sample.time_sample(60, cache_dir=tmp_path / "sample-cache")

    def median(kind: str, figure: str = "seconds") -> float:
        return statistics.median(r[figure] for r in runs[kind])

    without = median("without")
    return PdfFigures(
        cpus=os.cpu_count() or 1,
        workers=pdf.default_workers(),
        without_s=round(without, 2),
        cold_s=round(median("cold"), 2),
        cold_cpu_s=round(median("cold", "cpu_seconds"), 2),
        edited_s=round(median("edited"), 2),
        unchanged_s=round(median("unchanged"), 2),
        cold_ratio=round(median("cold") / without, 2),
        edited_ratio=round(median("edited") / without, 2),
        unchanged_ratio=round(median("unchanged") / without, 2),
        pdf_pages=pages,
        pdf_files=files,
        workers_peak_mib=max(r["workers_max_rss_mib"] for r in runs["cold"]),
        sample_pages=timing.pages,
        sample_s=round(timing.seconds, 2),
        sample_cpu_s=round(timing.cpu_seconds, 2),
    )


def print_figures(f: PdfFigures) -> None:
    """The figures as a table, with the targets of the PDF issue beside them."""

    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    print(
        f"PDFs of the real project: {f.pdf_pages} pages in {f.pdf_files} files; "
        f"{f.workers} worker process(es), {f.cpus} CPU(s)"
    )
    print(f"{'build':<28} {'seconds':>8} {'x without':>10}")
    print("-" * 48)
    print(f"{'without PDFs':<28} {f.without_s:>8.2f} {1:>10.2f}")
    print(f"{'cold (no PDF cache)':<28} {f.cold_s:>8.2f} {f.cold_ratio:>10.2f}   CPU {f.cold_cpu_s:.1f} s in all")
    print(f"{'one chapter edited':<28} {f.edited_s:>8.2f} {f.edited_ratio:>10.2f}")
    print(f"{'unchanged (all cached)':<28} {f.unchanged_s:>8.2f} {f.unchanged_ratio:>10.2f}")
    print(f"PDF workers' peak memory: {f.workers_peak_mib:.0f} MiB each at most")
    print(
        f"60-page sample manual ({f.sample_pages} pages, one process): {f.sample_s:.2f} s wall, "
        f"{f.sample_cpu_s:.2f} s CPU"
    )
    print("\nTargets: a 60-page manual in under 5 s; the whole build with PDFs <= 3x the build without them.")
    print(f"  60-page manual: {verdict(f.sample_s < TARGETS['sample_60_s'])}")
    print(
        f"  whole build: cold {verdict(f.cold_ratio <= TARGETS['ratio'])}, "
        f"one chapter edited {verdict(f.edited_ratio <= TARGETS['ratio'])}, "
        f"unchanged {verdict(f.unchanged_ratio <= TARGETS['ratio'])}"
    )


def run(repeat: int, json_path: Path | None) -> PdfFigures:
    """Measure, print, and write JSON when asked."""
    print(f"Measuring PDFs ({repeat} run(s) of each build)...", file=sys.stderr, flush=True)
    figures = measure(repeat)
    print_figures(figures)
    if json_path:
        json_path.write_text(json.dumps(asdict(figures), indent=2) + "\n", encoding="utf-8")
    return figures


__all__ = ["PdfFigures", "measure", "print_figures", "run"]
