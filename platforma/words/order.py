"""Alphabetical order and free-text comparison for titles and names, with Polish letters where readers expect
them (Ł with L, Ś with S), which Python's plain order would not do."""

from __future__ import annotations

from functools import lru_cache

from platforma.words.normalise import fold as fold_diacritics


def lower_fold(text: str) -> str:
    """Lower case without diacritics (ł → l too): how the catalogue compares free text."""
    return fold_diacritics(text.lower())


@lru_cache(maxsize=1 << 14)  # every build, and every preview save, sorts all titles again
def sort_key(title: str) -> tuple[str, str]:
    """Alphabetical order that puts Ł with L and Ś with S."""
    return lower_fold(title), title
