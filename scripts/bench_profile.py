"""Where a build's time goes: `python scripts/bench.py build --profile` (N synthetic practices, default 1000).

One build of ours runs under cProfile in its own process (`_measured_build.py --profile`).  Printed:
seconds per stage of each language pass (`_measured_build.StageTimer`), then, for our code and for each
library, the functions with the most cumulative time.  Cumulative times nest (a hook's time holds the
Markdown it runs), and the profiler slows the build down, so read the tables for proportions, not totals.
The build reuses nothing from earlier builds (an empty build cache, as `bench.py build` times a first build): the
profile shows what a first build pays, every entry read and rendered and the search's form maps made.
"""

from __future__ import annotations

import os
import pstats
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from _table import table

import platforma
from evaluation.synthetic import write_synthetic_practices
from platforma.project import copy_project

Key = tuple[str, int, str]

STAGES = ("start", "files & nav", "page content", "templates", "other pages work", "post-build", "total")


def _library(folder: str) -> Callable[[Key], bool]:
    mark = f"{os.sep}site-packages{os.sep}{folder}{os.sep}"
    return lambda key: mark in key[0]


def groups(project: Path) -> dict[str, Callable[[Key], bool]]:
    """Which functions belong to whom: ours (the project's hooks and templates, the platforma package), then the
    libraries by the folder of their files (nh3 is compiled: its functions are named, not filed)."""
    ours = (str(project) + os.sep, str(Path(platforma.__file__).parent) + os.sep)
    return {
        "ours": lambda key: key[0].startswith(ours),
        "MkDocs": _library("mkdocs"),
        "Material (templates and plugins)": _library("material"),
        "static-i18n": _library("mkdocs_static_i18n"),
        "Markdown (with pymdownx)": lambda key: _library("markdown")(key) or _library("pymdownx")(key),
        "Jinja": _library("jinja2"),
        "nh3": lambda key: "nh3" in key[2],
    }


def _where(key: Key, project: Path) -> str:
    filename, line, name = key
    if filename == "~":
        return name
    libraries = f"{os.sep}site-packages{os.sep}"
    if libraries in filename:  # (a virtual environment may sit inside the checkout)
        filename = filename.split(libraries)[-1]
    else:
        for root in (str(project) + os.sep, str(Path(platforma.__file__).parent.parent) + os.sep):
            if filename.startswith(root):
                filename = filename[len(root) :]
                break
    return f"{name} ({filename}:{line})"


def top_functions(stats: pstats.Stats, belongs: Callable[[Key], bool], count: int) -> list[tuple[Key, tuple]]:
    """The `count` functions of a group with the most cumulative time (recursive calls counted once)."""
    found = [(key, value) for key, value in stats.stats.items() if belongs(key)]  # type: ignore[attr-defined]
    return sorted(found, key=lambda item: -item[1][3])[:count]


def print_profile(profile: Path, stages: list[dict[str, float]], project: Path, count: int = 20) -> None:
    """The stage table and, per group, the `count` functions with the most cumulative time."""
    print("Seconds per stage of each language pass (the profiler's overhead included):")
    rows = [[f"pass {n}", *(f"{figures[stage]:.2f}" for stage in STAGES)] for n, figures in enumerate(stages, 1)]
    table(["", *STAGES], rows)
    stats = pstats.Stats(str(profile))
    for group, belongs in groups(project).items():
        print(f"\n{group}: the {count} functions with the most cumulative time")
        rows = [
            [f"{value[3]:.2f}", f"{value[2]:.2f}", str(value[1]), _where(key, project)]
            for key, value in top_functions(stats, belongs, count)
        ]
        table(["cumul. s", "own s", "calls", "function"], rows)


def run(count: int, top: int = 20) -> None:
    """Build a project with `count` synthetic practices under the profiler and print where the time went."""
    import bench_build

    with tempfile.TemporaryDirectory(prefix="platforma-profile-") as folder:
        project = copy_project(Path(folder) / "project")
        write_synthetic_practices(project / "practices", count)
        profile = Path(folder) / "build.prof"
        print(f"Profiling one build with {count} synthetic practices...", file=sys.stderr, flush=True)
        env = {"PLATFORMA_PDF": "0", "PLATFORMA_CACHE_DIR": bench_build.first_build_cache(Path(folder) / "cache")}
        figures = bench_build.measured_build(project, Path(folder) / "site", env, profile=profile)
        print(f"N={count}: {figures['seconds']:.1f} s under the profiler (a first build: nothing reused)\n")
        print_profile(profile, figures["stages"], project, top)


__all__ = ["groups", "print_profile", "run", "top_functions"]
