"""A plain-text table for the benchmarks' printed figures."""

from __future__ import annotations


def table(header: list[str], rows: list[list[str]]) -> None:
    """Print `rows` under `header`, each column as wide as its widest cell."""
    widths = [max(len(str(x)) for x in column) for column in zip(header, *rows, strict=True)]
    for row in [header, ["-" * w for w in widths], *rows]:
        print("  ".join(str(x).ljust(w) for x, w in zip(row, widths, strict=True)))
