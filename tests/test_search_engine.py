"""The search engine's ranking rules under node: typos, the thesaurus, stop words and page grouping."""

from __future__ import annotations

import pytest
from test_search_index import ENGINE_JS, ranked, search

from platforma.search import SearchDoc, analyzer, build_index
from platforma.words.stopwords import stop_words

ONE_EDIT = r"""
const { oneEdit } = require(process.argv[1]);
const pairs = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(pairs.map(([a, b]) => oneEdit(a, b))));
"""


def test_one_edit_means_one_insertion_deletion_substitution_or_swap():
    from evaluation.search.evaluate import node_json

    pairs = [
        ("osrodek", "osrodak"),  # substitution
        ("osrodek", "osrdek"),  # deletion
        ("osrdek", "osrodek"),  # insertion
        ("osrodek", "osordek"),  # swap of neighbours
        ("osrodek", "osrodek"),  # the same word is not a typo of itself
        ("osrodek", "ostrodka"),  # two edits
        ("tlumacz", "tlumaczenie"),
    ]
    assert node_json(ONE_EDIT, ENGINE_JS, pairs) == [True, True, True, True, False, False, False]


@pytest.fixture(scope="module")
def index() -> dict:
    docs = [
        SearchDoc("housing/", "Zakwaterowanie uchodźców", "Pomoc w znalezieniu mieszkania po wyjściu z ośrodka."),
        SearchDoc("return/", "Dobrowolne powroty", "Pomoc w powrocie do kraju pochodzenia."),
        SearchDoc("minors/", "Małoletni bez opieki", "Wstęp."),
        SearchDoc("minors/#a", "Opiekun tymczasowy", "Kurator dla małoletniego."),
        SearchDoc("minors/#b", "Ocena wieku", "Małoletni i ocena wieku."),
        SearchDoc("minors/#c", "Szkoła", "Małoletni w szkole."),
        SearchDoc("minors/#d", "Zdrowie", "Małoletni u lekarza."),
        SearchDoc("glossary/", "Słowniczek", ""),
        SearchDoc("glossary/#uam", "UAM (małoletni bez opieki)", "Małoletni bez opieki dorosłego."),
        SearchDoc("glossary/#avr", "AVR (wspomagany dobrowolny powrót)", "Pomoc w dobrowolnym powrocie."),
    ]
    thesaurus = [["lokum", "zakwaterowanie", "mieszkanie"], ["powrót do ojczyzny", "dobrowolny powrót", "AVR"]]
    return build_index(docs, analyzer("pl"), separate=["glossary/"], thesaurus=thesaurus)


def test_a_typo_in_a_long_word_is_forgiven_and_reported(index):
    right, typo, short = search(index, ["zakwaterowanie", "zakwatreowanie", "ocna"])
    assert ranked(typo)[0] == ranked(right)[0] == "housing/"
    assert typo["corrected"] == ["zakwaterowanie"] and "Poprawiono" in typo["items"][0][0]["text"]
    assert short["items"] == []  # words under 5 letters are never corrected


def test_a_known_word_is_not_corrected_into_another(index):
    [result] = search(index, ["wieku"])
    assert result["corrected"] == [] and ranked(result)[0].startswith("minors/")


def test_the_thesaurus_finds_what_the_text_calls_otherwise_and_says_so(index):
    lokum, phrase = search(index, ["lokum", "powrót do ojczyzny"])
    assert ranked(lokum)[0] == "housing/"
    assert "zakwaterowanie" in lokum["also"] and "Szukano także" in lokum["items"][0][0]["text"]
    assert ranked(phrase)[0] in ("return/", "glossary/#avr")
    assert {"return/", "glossary/#avr"} <= set(ranked(phrase)[:3])
    assert set(phrase["also"]) <= {"dobrowolny powrót", "AVR"} and phrase["also"]


def test_without_a_synonym_the_query_is_taken_as_typed(index):
    [result] = search(index, ["ocena wieku"])
    assert result["also"] == [] and "pw-search-also" not in result["items"][0][0]["text"]


def test_every_term_of_a_group_brings_the_others(index):
    [result] = search(index, ["mieszkanie"])
    assert result["also"] == ["zakwaterowanie"]  # "lokum" is in no document: it is not shown as searched


def test_a_page_shows_at_most_two_sections_and_ranks_once(index):
    [result] = search(index, ["małoletni"])
    pages = [group[0]["location"] for group in result["items"]]
    assert len(pages) == len(set(pages))
    minors = next(group for group in result["items"] if group[0]["location"] == "minors/")
    assert len(minors) == 3  # the page and its two best sections, of four that match


def test_glossary_terms_are_results_of_their_own(index):
    [result] = search(index, ["małoletni bez opieki"])
    firsts = [group[0]["location"] for group in result["items"]]
    assert "glossary/#uam" in firsts and "glossary/" not in firsts
    assert firsts[0] == "minors/"  # a whole page on the topic before the term that names it


@pytest.mark.parametrize(("lang", "stop", "content"), [("pl", "dla", "opieka"), ("en", "the", "needs")])
def test_stop_words_come_from_the_maintained_lists(lang, stop, content):
    words = stop_words(lang)
    assert stop in words and content not in words
    assert "ze" in stop_words("pl")  # folded: "że" is typed "ze"


def test_the_synonym_note_is_escaped_and_in_the_index_language():
    payload = "<img src onerror=alert(1)>"
    docs = [SearchDoc("x/", "Img src onerror alert 1", "Tekst.")]  # every word of the synonym: it is found
    for lang, label in (("pl", "Szukano także"), ("en", "Also searched")):
        index = build_index(docs, analyzer(lang), thesaurus=[["lokum", payload]])
        [result] = search(index, ["lokum"])
        note = result["items"][0][0]["text"]
        assert note.startswith(f'<p class="pw-search-also">{label}: &lt;img src onerror=alert(1)&gt;')
        assert payload not in note


# --- words typed before words added (#29) ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def typed_index() -> dict:
    docs = [
        SearchDoc("lodging/", "Zakwaterowanie rodzin", "Zakwaterowanie rodzin w ośrodkach. Zakwaterowanie na lata."),
        SearchDoc("misc/", "Różne sprawy", "Wiele spraw urzędowych, a wśród nich mieszkanie po wyjściu z ośrodka."),
        SearchDoc("both/", "Sprawy rodzinne", "Mieszkanie dla rodziny z dziećmi."),
        SearchDoc("return/", "Powrót do ojczyzny", "Wyjazd z Polski i dobrowolny powrót do kraju."),
        SearchDoc("school/", "Szkoła", "Dzieci w szkole; rodzice i nauczyciele."),
    ]
    thesaurus = [["lokum", "zakwaterowanie", "mieszkanie"]]
    return build_index(docs, analyzer("pl"), thesaurus=thesaurus)


def test_a_page_with_the_word_typed_comes_before_one_found_through_a_synonym(typed_index):
    [result] = search(typed_index, ["mieszkanie"])
    order = ranked(result)
    # "lodging/" says "zakwaterowanie" three times, in its title too, but not the word typed
    assert order.index("misc/") < order.index("lodging/") and order.index("both/") < order.index("lodging/")
    assert "zakwaterowanie" in result["also"]  # the synonym still adds its page, below


def test_more_of_the_words_typed_beats_any_synonym(typed_index):
    [result] = search(typed_index, ["mieszkanie dla rodziny"])
    order = ranked(result)
    # "lodging/" has "rodzin" and the synonym "zakwaterowanie" in its title, three times: still one typed word
    assert order[0] == "both/" and "lodging/" in order  # "both/" is the only page with both words typed


def test_pages_with_no_word_typed_come_after_every_page_with_one(typed_index):
    [result] = search(typed_index, ["lokum dzieci"])  # "lokum" is in no page: only its synonyms are
    order = ranked(result)
    with_typed = [p for p in order if p in ("both/", "school/")]  # the pages that say "dzieci"
    assert with_typed and all(order.index(p) < order.index("lodging/") for p in with_typed)


def test_the_missing_line_names_only_words_neither_the_page_nor_their_synonyms_matched(typed_index):
    [result] = search(typed_index, ["mieszkanie szkoła"])
    typed = ("mieszkanie", "szkoła")  # `terms` also lists the forms found, for Material's highlighting
    pages = {group[0]["location"]: {w: group[0]["terms"][w] for w in typed} for group in result["items"]}
    assert pages["lodging/"] == {"mieszkanie": True, "szkoła": False}  # through "zakwaterowanie"
    assert pages["school/"] == {"mieszkanie": False, "szkoła": True}


def test_a_corrected_word_is_not_missing_but_does_not_count_as_typed(typed_index):
    [result] = search(typed_index, ["mieszkanei"])  # one swap from "mieszkanie"
    assert result["corrected"] == ["mieszkanie"]
    first = result["items"][0][0]
    assert first["terms"]["mieszkanei"] is True


# --- the catalogue's text box: the pages that hold every word typed (#29) ---------------------------------------

NODE_EVERY_WORD = r"""
const { Engine } = require(process.argv[1]);
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const engine = new Engine(input.index);
process.stdout.write(JSON.stringify(input.queries.map(q => {
  const pages = engine.pagesWithEveryWord(q);
  return pages === null ? null : [...pages].sort();
})));
"""


def every_word(index: dict, queries: list[str]) -> list[list[str] | None]:
    from evaluation.search.evaluate import node_json

    return node_json(NODE_EVERY_WORD, ENGINE_JS, {"index": index, "queries": queries}, timeout=120)


def without_missing_words(result: dict) -> list[str]:
    """The pages the search box lists with no word typed missing (the first item of each is the page)."""
    return sorted(group[0]["location"] for group in result["items"] if all(group[0]["terms"].values()))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("mieszkanie", ["both/", "lodging/", "misc/"]),  # typed, and "zakwaterowanie" through the thesaurus
        ("mieszkanie rodziny", ["both/", "lodging/"]),  # both units: "lodging/" holds one through a synonym
        ("mieszkanei", ["both/", "misc/"]),  # a typo corrected; its synonyms are not searched
        ("szkoł", ["school/"]),  # the word still being typed, by its beginning
        ("dzieci i rodzice", ["school/"]),  # a stop word neither finds nor filters
        ("zzzxxqq", []),
    ],
)
def test_the_pages_with_every_word_are_those_the_search_box_lists_without_a_missing_line(typed_index, query, expected):
    [pages] = every_word(typed_index, [query])
    [result] = search(typed_index, [query])
    assert pages == expected == without_missing_words(result)


def test_a_query_of_no_word_filters_nothing(typed_index):
    assert every_word(typed_index, ["", "  ", "?!"]) == [None, None, None]
