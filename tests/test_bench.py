"""A tiny smoke run of the build benchmark (the real runs are slow and not part of the suite)."""

from __future__ import annotations

from pathlib import Path

import pytest

import bench_build
import bench_profile
from conftest import ROOT


def test_build_benchmark_smoke_run(capsys):
    figures = bench_build.measure(5, 1, warm_up=False)
    assert figures.practices == 5
    assert figures.ours_s > 0 and figures.baseline_s > 0
    # the ratio is of the unrounded medians; the shown seconds are rounded to 0.01 s
    assert figures.ratio == pytest.approx(figures.ours_s / figures.baseline_s, rel=0.05)
    assert figures.peak_memory_mib > 0 and figures.site_mib > 0
    assert len(figures.pair_ratios) == 1 and figures.pair_ratios[0] == pytest.approx(figures.ratio, abs=0.02)
    assert figures.first_build_s > 0
    assert figures.first_build_ratio == pytest.approx(figures.first_build_s / figures.baseline_s, rel=0.05)
    assert any(name.startswith("search/") for name in figures.search_index_kib)
    for passes in (figures.stages, figures.baseline_stages):  # one per language, each adding up to its total
        assert len(passes) == 2
        for stages in passes:
            parts = sum(seconds for stage, seconds in stages.items() if stage != "total")
            assert parts == pytest.approx(stages["total"], abs=0.01) and stages["page content"] > 0
    bench_build.print_table([figures])
    out = capsys.readouterr().out
    assert "ratio" in out and "Targets:" in out and "a first build (an empty build cache)" in out
    assert "seconds per stage" in out and "ours en" in out and "bare pl" in out


def test_a_first_build_has_an_empty_cache_but_the_machines_lexicon(tmp_path):
    from platforma.project import cache_dir
    from platforma.words.lexicon import lexicon_dir

    folder = Path(bench_build.first_build_cache(tmp_path / "cache"))
    found = [path.relative_to(folder) for path in folder.rglob("*")]
    if lexicon_dir().is_dir():  # scripts/setup.sh prepares it
        link = folder / lexicon_dir().relative_to(cache_dir())
        assert link.is_symlink() and link.resolve() == lexicon_dir().resolve()
        assert sorted(found) == [Path("lexicon"), link.relative_to(folder)]
    else:
        assert found == []


def test_the_profile_names_our_functions_and_each_librarys(capsys):
    import bench

    assert bench.main(["build", "--profile", "--practices", "5", "--top", "2"]) == 0
    out = capsys.readouterr().out
    assert "Seconds per stage" in out
    sections = out.split("the 2 functions with the most cumulative time")
    assert len(sections) == 1 + len(bench_profile.groups(ROOT))
    ours = sections[1].split("\n\n")[0]
    assert "hooks/" in ours or "platforma/" in ours
    assert "build (mkdocs/commands/build.py" in sections[2]  # the MkDocs group's costliest: the build itself


def test_the_pages_benchmark_lists_the_slowest_pages(capsys):
    import bench

    assert bench.main(["pages", "--top", "3"]) == 0
    out = capsys.readouterr().out
    assert "the 3 slowest pages" in out
    table = out.split("the 3 slowest pages", 1)[1].splitlines()
    separator = next(i for i, line in enumerate(table) if line.startswith("---"))
    rows = [line.split() for line in table[separator + 1 :] if line.strip()]
    assert len(rows) == 3 and all(path.endswith(".html") and ms.isdigit() for path, ms in rows)
