"""An offline reference ranker: plain Okapi BM25 over the units of our own index file.

It ranks exactly the documents our engine ranks (the rows of search/<lang>.json), one text
field per document (title twice, text, labels, who/where), with real Polish lemmas from
Morfeusz 2 (SGJP dictionary: every lemma of a word, lower-cased, without the `:sense` suffix)
and Snowball stems for English.  Nothing of our engine's normaliser is used, so it is an
independent yardstick, not a copy.

The `folded` variant also forgives missing diacritics: lemmas are folded (ł→l, ą→a, ...), and
a query word the dictionary does not know is looked up by its folded form among the words of
the documents (`osrodku` → the lemmas of `ośrodku`).

Morfeusz is optional: without it the Polish reference is unavailable (`unavailable("pl")`
says why) and the harness goes on without it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

from evaluation.search.variants import fold_diacritics

K1 = 1.2
B = 0.75
TITLE_REPEAT = 2
_TOKEN = re.compile(r"[^\W_]+")


def tokenise(text: str) -> list[str]:
    """Runs of letters and digits, as written (case is kept for the dictionary)."""
    return _TOKEN.findall(text)


@lru_cache(maxsize=1)
def _morfeusz():  # noqa: ANN202  (morfeusz2.Morfeusz, an optional import)
    """One Morfeusz 2 analyser (loading the dictionary takes a moment)."""
    import morfeusz2

    return morfeusz2.Morfeusz()


def unavailable(lang: str) -> str | None:
    """Why the reference cannot run for `lang` here, or None when it can."""
    if lang != "pl":
        return None
    try:
        _morfeusz().analyse("małoletnich")
    except ImportError:
        return "morfeusz2 is not installed"
    except Exception as error:  # noqa: BLE001  (any failure of an optional package means: skip it)
        return f"morfeusz2 does not work here ({type(error).__name__}: {error})"
    return None


@lru_cache(maxsize=200_000)
def polish_lemmas(word: str) -> tuple[str, ...]:
    """Every lemma Morfeusz gives `word` (all segments), lower-cased, without `:sense`; unknown words as they are."""
    lemmas = dict.fromkeys(interpretation[2][1].split(":")[0].lower() for interpretation in _morfeusz().analyse(word))
    return tuple(lemmas) or (word.lower(),)


@lru_cache(maxsize=200_000)
def polish_known(word: str) -> bool:
    """Whether the dictionary knows `word` (some interpretation other than `ign`)."""
    return any(interpretation[2][2] != "ign" for interpretation in _morfeusz().analyse(word))


@lru_cache(maxsize=1)
def _english():  # noqa: ANN202  (a snowballstemmer stemmer)
    import snowballstemmer

    return snowballstemmer.stemmer("english")


def english_stem(word: str) -> tuple[str, ...]:
    """The Snowball (Porter 2) stem of `word`, lower-cased."""
    return (_english().stemWord(word.lower()),)


class Terms:
    """Words → index terms for one language: lemmas (pl) or stems (en), optionally folded."""

    def __init__(self, lang: str, *, folded: bool = False) -> None:
        self.lang = lang
        self.folded = folded
        self._base: Callable[[str], tuple[str, ...]] = polish_lemmas if lang == "pl" else english_stem
        self.by_folded_word: dict[str, set[str]] = {}

    def _fold(self, terms: Iterable[str]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(fold_diacritics(t) for t in terms)) if self.folded else tuple(terms)

    def document(self, word: str) -> tuple[str, ...]:
        """The terms of a document word (remembering its folded form for queries without diacritics)."""
        terms = self._fold(self._base(word))
        if self.folded:
            self.by_folded_word.setdefault(fold_diacritics(word.lower()), set()).update(terms)
        return terms

    def query(self, word: str) -> tuple[str, ...]:
        """The terms of a query word; in the folded variant an unknown Polish word is found by its folded form."""
        if self.folded and self.lang == "pl" and not polish_known(word):
            found = self.by_folded_word.get(fold_diacritics(word.lower()))
            if found:
                return tuple(sorted(found))
        return self._fold(self._base(word))


class BM25:
    """Okapi BM25 (k1, b) over term lists; ranks documents with a positive score."""

    def __init__(self, documents: Sequence[Sequence[str]], lengths: Sequence[int], k1: float = K1, b: float = B):
        self.k1, self.b = k1, b
        self.tf = [Counter(terms) for terms in documents]
        self.lengths = list(lengths)
        self.average = (sum(self.lengths) / len(self.lengths)) if self.lengths else 0.0
        self.df: Counter[str] = Counter()
        for counts in self.tf:
            self.df.update(counts.keys())

    def idf(self, term: str) -> float:
        """log(1 + (N − n + 0.5) / (n + 0.5)): never negative."""
        n = self.df.get(term, 0)
        return math.log(1 + (len(self.tf) - n + 0.5) / (n + 0.5))

    def score(self, doc: int, terms: Iterable[str]) -> float:
        """BM25 of document `doc` for the distinct `terms`."""
        counts, total = self.tf[doc], 0.0
        norm = self.k1 * (1 - self.b + self.b * self.lengths[doc] / (self.average or 1))
        for term in dict.fromkeys(terms):
            f = counts.get(term, 0)
            if f:
                total += self.idf(term) * f * (self.k1 + 1) / (f + norm)
        return total

    def rank(self, terms: Iterable[str]) -> list[int]:
        """Documents with a positive score, best first (ties in document order)."""
        wanted = set(terms)
        candidates = [i for i, counts in enumerate(self.tf) if wanted & counts.keys()]
        scored = [(self.score(i, wanted), i) for i in candidates]
        return [i for s, i in sorted(scored, key=lambda pair: (-pair[0], pair[1])) if s > 0]


def unit_texts(index: dict) -> list[tuple[str, str]]:
    """(location, one text field) of every unit of our index file: title twice, text, labels, who/where."""
    labels = index.get("labels", [])
    units = []
    for row in index["docs"]:
        location, title, text, refs, meta = row + ["", "", "", [], ""][len(row) :]
        field = [title] * TITLE_REPEAT + [text, *(labels[i] for i in refs), meta]
        units.append((location, " ".join(part for part in field if part)))
    return units


class Reference:
    """The reference ranker over one language's index file."""

    def __init__(self, index: dict, *, folded: bool = False) -> None:
        self.terms = Terms(index["lang"], folded=folded)
        units = unit_texts(index)
        self.locations = [location for location, _ in units]
        documents, lengths = [], []
        for _, text in units:
            words = tokenise(text)
            documents.append([term for word in words for term in self.terms.document(word)])
            lengths.append(len(words))
        self.bm25 = BM25(documents, lengths)

    def search(self, query: str) -> list[str]:
        """Ranked locations for `query`."""
        terms = [term for word in tokenise(query) for term in self.terms.query(word)]
        return [self.locations[i] for i in self.bm25.rank(terms)]


__all__ = [
    "B",
    "BM25",
    "K1",
    "Reference",
    "Terms",
    "english_stem",
    "polish_known",
    "polish_lemmas",
    "tokenise",
    "unavailable",
    "unit_texts",
]
