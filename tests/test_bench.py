"""A tiny smoke run of the build benchmark (the real runs are slow and not part of the suite)."""

from __future__ import annotations

import pytest

import bench_build


def test_build_benchmark_smoke_run(capsys):
    figures = bench_build.measure(5, 1)
    assert figures.practices == 5
    assert figures.ours_s > 0 and figures.baseline_s > 0
    # the ratio is of the unrounded medians; the shown seconds are rounded to 0.01 s
    assert figures.ratio == pytest.approx(figures.ours_s / figures.baseline_s, rel=0.05)
    assert figures.peak_memory_mib > 0 and figures.site_mib > 0
    assert any(name.startswith("search/") for name in figures.search_index_kib)
    bench_build.print_table([figures])
    out = capsys.readouterr().out
    assert "ratio" in out and "Targets:" in out


def test_the_pages_benchmark_lists_the_slowest_pages(capsys):
    import bench

    assert bench.main(["pages", "--top", "3"]) == 0
    out = capsys.readouterr().out
    assert "the 3 slowest pages" in out
    table = out.split("the 3 slowest pages", 1)[1].splitlines()
    separator = next(i for i, line in enumerate(table) if line.startswith("---"))
    rows = [line.split() for line in table[separator + 1 :] if line.strip()]
    assert len(rows) == 3 and all(path.endswith(".html") and ms.isdigit() for path, ms in rows)
