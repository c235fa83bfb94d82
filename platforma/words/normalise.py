"""One normalisation for the search index and for queries.

Three steps, the first two of which exist twice, here and in
docs/assets/javascripts/search/normalise.js, and are held together by the shared
test vectors in tests/search_vectors.json:

1. `tokens`: NFC, words = runs of Unicode letters and digits, each lower-cased.
2. `fold`: diacritics removed (NFD minus combining marks) and the letters that have
   no decomposition mapped by hand (`ł`→`l`, ...), so `osrodek` meets `ośrodek`.
3. Match keys, computed only here, at build time.  Two words match when they
   share a key.  Polish: the `simplemma` lemma, folded (`powrocie` → `powrot`);
   and when the Snowball Polish stem of the word equals the stem of another lemma
   of the site, that lemma's key too.  The second key repairs the homographs that
   a dictionary gives one reading only: `tłumaczy` is read as the verb
   `tłumaczyć`, its stem `tłumacz` brings back the noun `tłumacz`.  English: the
   Snowball English (Porter2) stem, folded.

The browser never lemmatises or stems: the index carries a form→keys map for the
site's own vocabulary (every word of the index, plus the other inflected forms
that the lemmatiser's dictionary knows for the same lemmas), and a word finds its
keys by a lookup (`doc_keys`, `query_keys`; a word that is not in the map is its
own folded key).  `form_map` builds the map, `encode_forms` packs it.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from functools import lru_cache

from platforma.words.lexicon import Lexicon, lexicon

_WORD = re.compile(r"[^\W_]+")
# Letters with no Unicode decomposition that readers commonly type without the mark.
SPECIAL_FOLDS = dict(
    zip("łŁđĐøØßæÆœŒı", ["l", "L", "d", "D", "o", "O", "ss", "ae", "AE", "oe", "OE", "i"], strict=True)
)
MIN_STEM = 4  # shorter Snowball stems join unrelated words (poza/poziom → "poz")
MIN_LEMMATISED = 3  # words shorter than this are their own key

Forms = dict[str, tuple[str, ...]]


def tokens(text: str) -> list[str]:
    """Lower-case words (runs of letters and digits) of `text`, after NFC."""
    return [match.lower() for match in _WORD.findall(unicodedata.normalize("NFC", text))]


class _FoldTable(dict):
    """`str.translate` table of `fold`, filled as characters are met: a combining mark (Unicode category M*)
    maps to nothing, a letter of `SPECIAL_FOLDS` to its plain spelling, any other character to itself."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        plain = "" if unicodedata.category(char).startswith("M") else SPECIAL_FOLDS.get(char, char)
        self[code] = plain
        return plain


_FOLD_TABLE = _FoldTable()


def fold(word: str) -> str:
    """`word` without diacritics: `Małoletnich` → `Maloletnich` (case is kept)."""
    if word.isascii():
        return word
    # one translate in C instead of a category test per character in Python: fold runs on every form of the
    # search's form map (300,000 at 1,000 practices)
    return unicodedata.normalize("NFD", word).translate(_FOLD_TABLE)


class Analyzer:
    """Match keys of one language: a main key per word, and the stems that join homographs."""

    lang = ""

    def key(self, word: str) -> str:
        """The main match key of one lower-case word."""
        raise NotImplementedError

    def lemma(self, word: str) -> str:
        """The dictionary form of `word` (the word itself when the language has no lemmatiser)."""
        return word

    def stem(self, word: str) -> str | None:
        """A stem that joins `word` to other lemmas with the same stem, or None."""
        return None

    def stems(self, words: Iterable[str]) -> dict[str, str | None]:
        """`stem` of each of `words` (one call for many: the stemmer's own loop)."""
        return {word: self.stem(word) for word in words}

    def related_forms(self, words: set[str]) -> set[str]:
        """Other forms a reader may type for `words`: the forms of their lemmas in
        simplemma's dictionary, and the dictionary's words that begin with their stems
        (`form_map` keeps only those that share a key with the site)."""
        return set()


class PolishAnalyzer(Analyzer):
    """Key: simplemma lemma, folded.  Stem: Snowball Polish, for homographs."""

    lang = "pl"

    def __init__(self) -> None:
        import snowballstemmer

        self._lexicon = lexicon("pl")
        self._stemmer = snowballstemmer.stemmer("polish")
        self._lemmas: dict[str, str] = {}
        self._folded: dict[str, str] = {}  # lemma → its key: the 270,000 related forms share 20,000 lemmas or so

    def lemma(self, word: str) -> str:
        if len(word) < MIN_LEMMATISED or not word.isalpha():
            return word
        found = self._lemmas.get(word)
        if found is None:
            found = self._lemmas[word] = self._lexicon.lemmatize(word).lower()
        return found

    def key(self, word: str) -> str:
        lemma = self.lemma(word)
        found = self._folded.get(lemma)
        if found is None:
            found = self._folded[lemma] = fold(lemma)
        return found

    def stem(self, word: str) -> str | None:
        return _joining_stem(word, self._stemmer.stemWord(word)) if word.isalpha() else None

    def stems(self, words: Iterable[str]) -> dict[str, str | None]:
        words = list(words)
        return {
            word: _joining_stem(word, stem) for word, stem in zip(words, self._stemmer.stemWords(words), strict=True)
        }

    def related_forms(self, words: set[str]) -> set[str]:
        lemmas = {self._lexicon.lemmatize(w) for w in words if len(w) >= MIN_LEMMATISED and w.isalpha()}
        stems = set(self.stems(words | {lemma.lower() for lemma in lemmas}).values()) - {None}
        found = _dictionary_related(self._lexicon, lemmas, stems)
        # A lower-case word of the dictionary is lemmatised by a dictionary lookup: keep what the lookups read,
        # so that `lemma` need not ask simplemma again for every one of these (often 100 000+) forms.
        for form, lemma in found.items():
            if lemma is not None and len(form) >= MIN_LEMMATISED:
                self._lemmas.setdefault(form, lemma.lower())
        return set(found)


def _joining_stem(word: str, stem: str) -> str | None:
    """The Snowball stem of `word` when it may join words (`PolishAnalyzer.stem`): a word of letters, a long stem."""
    return stem if len(stem) >= MIN_STEM and word.isalpha() else None


class EnglishAnalyzer(Analyzer):
    """Key: Snowball English (Porter2) stem, folded."""

    lang = "en"

    def __init__(self) -> None:
        import snowballstemmer

        self._lexicon = lexicon("en")
        self._stemmer = snowballstemmer.stemmer("english")

    def key(self, word: str) -> str:
        if len(word) < MIN_LEMMATISED:
            return fold(word)
        return fold(self._stemmer.stemWord(word))

    def related_forms(self, words: set[str]) -> set[str]:
        lemmas = {self._lexicon.lemmatize(w) for w in words if len(w) >= MIN_LEMMATISED and w.isalpha()}
        stems = {self._stemmer.stemWord(w) for w in words if w.isalpha()}
        prefixes = {s for s in stems if len(s) >= MIN_STEM}
        return set(_dictionary_related(self._lexicon, lemmas, prefixes))


def _dictionary_related(lexicon: Lexicon, lemmas: set[str], prefixes: set[str]) -> dict[str, str | None]:
    """Lower-case, letters-only words of the dictionary whose lemma is one of `lemmas` or which begin with
    one of `prefixes`; each with its lemma when the word is itself a key of the dictionary (simplemma's
    lemma for it is then that entry), else None (only its lower-cased spelling is related)."""
    pairs = [pair for prefix in sorted(prefixes) for pair in lexicon.with_prefix(prefix)]
    pairs += [(form, lemma) for lemma in sorted(lemmas) for form in lexicon.forms_of(lemma)]
    found: dict[str, str | None] = {}
    for form, lemma in pairs:
        if not form.isalpha():
            continue
        lower = form.lower()
        if lower == form:
            found[form] = lemma
        else:
            found.setdefault(lower, None)  # simplemma looks the lower-case spelling up on its own
    return found


@lru_cache(maxsize=2)
def analyzer(lang: str) -> Analyzer:
    """The analyzer of a site language (Polish for `pl`, English for anything else)."""
    return PolishAnalyzer() if lang == "pl" else EnglishAnalyzer()


def form_map(words: Iterable[str], analyzer: Analyzer, *, related: bool = True) -> Forms:
    """form → match keys, for `words` (the site's vocabulary) and, with `related`, their other forms.

    A form's keys are its own key, then the keys of the site's lemmas whose stem is
    the form's stem.  Forms whose only key is their folded spelling are left out
    (the browser falls back to `fold(form)`); related forms are kept only when one
    of their keys belongs to the site: any other form could never match anything.
    """
    site = set(words)
    by_stem: dict[str, set[str]] = defaultdict(set)
    lemmas = {analyzer.lemma(w) for w in site}
    for lemma, stem in analyzer.stems(lemmas).items():
        if stem:
            by_stem[stem].add(fold(lemma))

    def keys_of(forms: Iterable[str]) -> Iterator[tuple[str, tuple[str, ...]]]:
        for form, stem in analyzer.stems(forms).items():  # stemmed together: 270,000 related Polish forms
            own = analyzer.key(form)
            joined = by_stem.get(stem) if stem else None
            yield form, (own, *sorted(joined - {own})) if joined else (own,)

    forms = dict(keys_of(site))
    if related:
        site_keys = {key for keys in forms.values() for key in keys}
        for form, keys in keys_of(analyzer.related_forms(site) - site):
            if site_keys.intersection(keys):
                forms[form] = keys
    return {form: keys for form, keys in forms.items() if keys != (fold(form),)}


def folded_forms(forms: Forms) -> dict[str, tuple[str, ...]]:
    """form without diacritics → keys of every form spelled so (what a reader may type)."""
    folded: dict[str, list[str]] = {}
    for form, keys in forms.items():
        found = folded.setdefault(fold(form), [])
        found.extend(k for k in keys if k not in found)
    return {bare: tuple(keys) for bare, keys in folded.items()}


def doc_keys(forms: Forms, word: str) -> tuple[str, ...]:
    """Match keys of a word of a document, by lookup (as the browser does it)."""
    return forms.get(word) or (fold(word),)


def query_keys(folded: dict[str, tuple[str, ...]], word: str) -> tuple[str, ...]:
    """Match keys of a word a reader typed, read without diacritics: `osrodek` asks what `ośrodek` asks."""
    bare = fold(word)
    keys = folded.get(bare, ())
    return keys if bare in keys else (bare, *keys)


def encode_forms(forms: Forms) -> str:
    """Pack a form→keys map: one group per key, lists of endings shared between groups.

    Layout: `<ending lists>` `\\n` `<groups>`.  Ending lists are `;`-separated, each a
    `,`-separated list of endings.  Groups are `;`-separated `key prefix list`: the
    forms `prefix + ending` for each ending of list number `list` (base 36) have the
    key `key` (an empty `key` stands for `fold(prefix)`).  A form with several keys
    is in several groups, its own key first.
    """
    groups: dict[str, list[str]] = defaultdict(list)
    for form, keys in forms.items():
        for key in keys:
            groups[key].append(form)
    rows = []
    for key in sorted(groups):
        members = sorted(groups[key])
        prefix = os.path.commonprefix(members)
        rows.append((key, prefix, ",".join(m[len(prefix) :] for m in members)))
    counts = Counter(row[2] for row in rows)
    table = sorted(counts, key=lambda s: (-counts[s], s))
    number = {endings: _base36(i) for i, endings in enumerate(table)}
    body = ";".join(f"{'' if key == fold(prefix) else key} {prefix} {number[endings]}" for key, prefix, endings in rows)
    return ";".join(table) + "\n" + body


def decode_forms(encoded: str) -> Forms:
    """The inverse of `encode_forms` (normalise.js does the same in the browser).

    Keys come back in group order; `doc_keys` and `query_keys` treat them as a set.
    """
    if not encoded:
        return {}
    head, _, body = encoded.partition("\n")
    table = [s.split(",") for s in head.split(";")]
    forms: dict[str, list[str]] = defaultdict(list)
    for row in body.split(";") if body else []:
        key, prefix, number = row.split(" ")
        for ending in table[int(number, 36)]:
            forms[prefix + ending].append(key or fold(prefix))
    return {form: tuple(keys) for form, keys in forms.items()}


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if not n:
            return out


__all__ = [
    "Analyzer",
    "EnglishAnalyzer",
    "Forms",
    "PolishAnalyzer",
    "analyzer",
    "decode_forms",
    "doc_keys",
    "encode_forms",
    "fold",
    "folded_forms",
    "form_map",
    "query_keys",
    "tokens",
]
