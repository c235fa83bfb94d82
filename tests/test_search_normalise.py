"""The search normalisation, in Python (build) and JavaScript (browser), on one file of shared vectors."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from conftest import ROOT
from evaluation.search.evaluate import node_json
from platforma.words.normalise import (
    SPECIAL_FOLDS,
    analyzer,
    decode_forms,
    doc_keys,
    encode_forms,
    fold,
    folded_forms,
    form_map,
    query_keys,
    tokens,
)

VECTORS = json.loads((Path(__file__).parent / "search_vectors.json").read_text(encoding="utf-8"))
NORMALISE_JS = ROOT / "docs" / "assets" / "javascripts" / "search" / "normalise.js"
LANGS = ("pl", "en")


def vocabulary(lang: str) -> set[str]:
    """The words 'written in documents' of the vectors: what the form map is built for."""
    words = {w for group in VECTORS["match"][lang] for w in group["docs"]}
    return words | {w for pair in VECTORS["apart"][lang] for w in pair}


# the module's tests share a module fixture that takes a while to make (`make test` runs pytest-xdist with
# --dist loadgroup): one worker runs them all, so the fixture is made once
pytestmark = pytest.mark.xdist_group("search_normalise")


@pytest.fixture(scope="module")
def maps() -> dict[str, dict]:
    """Per language: the form map built for the vectors' vocabulary, and its packed form."""
    out = {}
    for lang in LANGS:
        forms = form_map(vocabulary(lang), analyzer(lang))
        out[lang] = {"forms": forms, "encoded": encode_forms(forms)}
    return out


def query_words(group: dict) -> list[str]:
    return group["docs"] + group["queries"]


# --- Python ------------------------------------------------------------------


@pytest.mark.parametrize("case", VECTORS["tokens"], ids=lambda c: c["text"][:30])
def test_python_tokens(case):
    assert tokens(case["text"]) == case["tokens"]


@pytest.mark.parametrize("case", VECTORS["fold"], ids=lambda c: c["word"])
def test_python_fold(case):
    assert fold(case["word"]) == case["folded"]


def test_fold_is_its_definition_for_every_character():
    """`fold`'s translate table, filled as characters are met, does what its docstring says for each character of
    the Basic Multilingual Plane alone, inside a word and before a combining acute: marks dropped after NFD, the
    letters of SPECIAL_FOLDS spelled plain."""

    def by_definition(word: str) -> str:
        decomposed = unicodedata.normalize("NFD", word)
        bare = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
        return "".join(SPECIAL_FOLDS.get(c, c) for c in bare)

    wrong = []
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:  # surrogates: no text holds them
            continue
        for word in (chr(code), f"a{chr(code)}ł", f"{chr(code)}\u0301"):
            if fold(word) != by_definition(word):
                wrong.append(word)
    assert wrong == []


@pytest.mark.parametrize("lang", LANGS)
def test_python_inflected_forms_and_missing_diacritics_match(maps, lang):
    forms = decode_forms(maps[lang]["encoded"])  # what the browser receives
    folded = folded_forms(forms)
    misses = []
    for group in VECTORS["match"][lang]:
        for typed in query_words(group):
            asked = set(query_keys(folded, tokens(typed)[0]))
            misses += [(typed, word) for word in group["docs"] if not asked & set(doc_keys(forms, word))]
    assert not misses


@pytest.mark.parametrize("lang", LANGS)
def test_python_different_words_stay_apart(maps, lang):
    forms = maps[lang]["forms"]
    folded = folded_forms(forms)
    joined = [(a, b) for a, b in VECTORS["apart"][lang] if set(query_keys(folded, a)) & set(doc_keys(forms, b))]
    assert not joined


@pytest.mark.parametrize("lang", LANGS)
def test_packed_form_map_round_trips(maps, lang):
    forms = maps[lang]["forms"]
    decoded = decode_forms(maps[lang]["encoded"])
    assert {form: set(keys) for form, keys in decoded.items()} == {form: set(keys) for form, keys in forms.items()}


def test_homograph_joins_the_noun_and_exact_spelling_is_its_own_key(maps):
    forms = maps["pl"]["forms"]
    assert set(doc_keys(forms, "tłumaczy")) >= {"tlumacz"}  # simplemma reads the verb tłumaczyć
    assert doc_keys(forms, "tłumacz") == ("tlumacz",)
    assert doc_keys(forms, "nieznanewyrazy") == ("nieznanewyrazy",)  # not in the map: its folded self


# --- JavaScript under node: the same vectors, the same packed map ---------------

NODE_SCRIPT = r"""
const N = require(process.argv[1]);
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = { tokens: input.vectors.tokens.map(c => N.tokens(c.text)),
              fold: input.vectors.fold.map(c => N.fold(c.word)), langs: {} };
for (const [lang, encoded] of Object.entries(input.encoded)) {
  const forms = N.decodeForms(encoded);
  const words = new Set();
  for (const g of input.vectors.match[lang]) [...g.docs, ...g.queries].forEach(w => words.add(w));
  for (const p of input.vectors.apart[lang]) p.forEach(w => words.add(w));
  const docKeys = {}, queryKeys = {};
  for (const w of words) {
    const word = N.tokens(w)[0];
    docKeys[w] = N.docKeys(forms, word);
    queryKeys[w] = N.queryKeys(forms, word);
  }
  out.langs[lang] = { docKeys, queryKeys };
}
process.stdout.write(JSON.stringify(out));
"""


@pytest.fixture(scope="module")
def js(maps) -> dict:
    payload = {"vectors": VECTORS, "encoded": {lang: maps[lang]["encoded"] for lang in LANGS}}
    return node_json(NODE_SCRIPT, NORMALISE_JS, payload, timeout=120)


def test_js_tokens_match_the_vectors(js):
    assert js["tokens"] == [case["tokens"] for case in VECTORS["tokens"]]


def test_js_fold_matches_the_vectors(js):
    assert js["fold"] == [case["folded"] for case in VECTORS["fold"]]


@pytest.mark.parametrize("lang", LANGS)
def test_js_keys_are_the_python_keys(js, maps, lang):
    forms = decode_forms(maps[lang]["encoded"])
    folded = folded_forms(forms)
    for word, keys in js["langs"][lang]["docKeys"].items():
        assert set(keys) == set(doc_keys(forms, tokens(word)[0])), word
    for word, keys in js["langs"][lang]["queryKeys"].items():
        assert set(keys) == set(query_keys(folded, tokens(word)[0])), word


@pytest.mark.parametrize("lang", LANGS)
def test_js_inflected_forms_and_missing_diacritics_match(js, lang):
    found = js["langs"][lang]
    misses = [
        (typed, word)
        for group in VECTORS["match"][lang]
        for typed in query_words(group)
        for word in group["docs"]
        if not set(found["queryKeys"][typed]) & set(found["docKeys"][word])
    ]
    assert not misses


# --- the fast paths give what the slow ones would --------------------------------


def test_c_stemmer_gives_the_pure_python_stems():
    """snowballstemmer hands stemming to PyStemmer (C) when it is installed: same algorithm, same stems."""
    import Stemmer
    from snowballstemmer.english_stemmer import EnglishStemmer
    from snowballstemmer.polish_stemmer import PolishStemmer

    for lang, python_stemmer, algorithm in (("pl", PolishStemmer(), "polish"), ("en", EnglishStemmer(), "english")):
        words = sorted(vocabulary(lang) | {w for group in VECTORS["match"][lang] for w in group["queries"]})
        c_stemmer = Stemmer.Stemmer(algorithm)
        assert [c_stemmer.stemWord(w) for w in words] == [python_stemmer.stemWord(w) for w in words]


def test_lemmas_read_from_the_dictionary_are_simplemmas_lemmas():
    """form_map takes the lemma of a related form from the dictionary walk instead of asking simplemma."""
    import simplemma

    from platforma.words.normalise import PolishAnalyzer

    polish = PolishAnalyzer()
    related = polish.related_forms({"ośrodek", "tłumacz", "małoletni", "pomoc"})
    seeded = {form: lemma for form, lemma in polish._lemmas.items() if form in related}
    assert len(seeded) > 100
    assert {form: simplemma.lemmatize(form, lang="pl").lower() for form in seeded} == seeded


def test_the_lexicon_lemmatises_as_simplemma_and_answers_both_lookups():
    import simplemma

    from platforma.words.lexicon import lexicon

    polish = lexicon("pl")
    words = sorted(vocabulary("pl") | {w for group in VECTORS["match"]["pl"] for w in group["queries"]})
    assert [polish.lemmatize(w) for w in words] == [simplemma.lemmatize(w, lang="pl") for w in words]
    prefixed = dict(polish.with_prefix("małoletni"))
    assert prefixed["małoletnich"] == "małoletni" and all(form.startswith("małoletni") for form in prefixed)
    assert {"ośrodka", "ośrodkiem", "ośrodkach"} <= set(polish.forms_of("ośrodek"))
