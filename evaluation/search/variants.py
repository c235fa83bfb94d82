"""Robustness variants of a query: without diacritics, with one typo, inflected otherwise.

The typo is deterministic: seeded by the query id, so every run and every engine sees the
same misspelling.  It touches one word of five letters or more, never a shorter one.
"""

from __future__ import annotations

import random
import re

from evaluation.search.judgments import Judged

VARIANTS = ("original", "no-diacritics", "typo", "inflected")
MIN_TYPO_LETTERS = 5
EDITS = ("swap", "drop", "neighbour")

_POLISH = "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ"
_PLAIN = "acelnoszzACELNOSZZ"
_FOLD = str.maketrans(_POLISH, _PLAIN)
_WORD = re.compile(r"[^\W\d_]+")
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def fold_diacritics(text: str) -> str:
    """Polish letters without their diacritics (ąćęłńóśźż → acelnoszz, capitals too)."""
    return text.translate(_FOLD)


def _neighbours() -> dict[str, str]:
    """Keys next to each letter on a (staggered) QWERTY keyboard: left and right, two above, two below."""
    out: dict[str, str] = {}
    for r, row in enumerate(_ROWS):
        for i, c in enumerate(row):
            near = [row[j] for j in (i - 1, i + 1) if 0 <= j < len(row)]
            if r > 0:
                near += [_ROWS[r - 1][j] for j in (i, i + 1) if j < len(_ROWS[r - 1])]
            if r + 1 < len(_ROWS):
                near += [_ROWS[r + 1][j] for j in (i - 1, i) if 0 <= j < len(_ROWS[r + 1])]
            out[c] = "".join(sorted(near))
    return out


NEIGHBOURS = _neighbours()


def _edit(word: str, kind: str, rng: random.Random) -> str:
    """`word` after one edit of `kind` at a position chosen by `rng` (always a different string)."""
    if kind == "swap":
        spots = [i for i in range(len(word) - 1) if word[i].lower() != word[i + 1].lower()]
        if spots:
            i = rng.choice(spots)
            return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        kind = "drop"
    if kind == "neighbour":
        spots = [i for i, c in enumerate(word) if fold_diacritics(c).lower() in NEIGHBOURS]
        if spots:
            i = rng.choice(spots)
            near = rng.choice(NEIGHBOURS[fold_diacritics(word[i]).lower()])
            return word[:i] + (near.upper() if word[i].isupper() else near) + word[i + 1 :]
    i = rng.randrange(len(word))
    return word[:i] + word[i + 1 :]


def typo(query: str, seed: str) -> str:
    """`query` with one edit (swap of two adjacent letters, a dropped letter or a neighbouring key)
    in one word of at least five letters, chosen by `seed`; unchanged when no word is that long."""
    rng = random.Random(f"typo:{seed}")
    words = [m for m in _WORD.finditer(query) if len(m.group()) >= MIN_TYPO_LETTERS]
    if not words:
        return query
    match = rng.choice(words)
    changed = _edit(match.group(), rng.choice(EDITS), rng)
    return query[: match.start()] + changed + query[match.end() :]


def variant(query: Judged, name: str) -> str:
    """The text of one variant of a judged query."""
    if name == "original":
        return query.query
    if name == "no-diacritics":
        return fold_diacritics(query.query)
    if name == "typo":
        return typo(query.query, query.id)
    if name == "inflected":
        return query.inflected
    raise ValueError(f"unknown variant {name!r}: one of {', '.join(VARIANTS)}")


__all__ = ["EDITS", "MIN_TYPO_LETTERS", "NEIGHBOURS", "VARIANTS", "fold_diacritics", "typo", "variant"]
