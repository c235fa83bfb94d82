"""Search documents, the per-language index file, the engine (under node) and what the build writes."""

from __future__ import annotations

import json
import re

import pytest

from conftest import ROOT
from evaluation.search.evaluate import node_json
from platforma.content.organisations import load_organisations
from platforma.content.practices import load_practices
from platforma.content.vocabularies import load_vocabularies
from platforma.pages.views import organisation_path, practice_path
from platforma.search import (
    SearchDoc,
    analyzer,
    build_index,
    decode_forms,
    index_json,
    page_documents,
    practice_documents,
)
from platforma.search.documents import organisation_documents, practice_details
from platforma.search.index import documents_of_index

ENGINE_JS = ROOT / "docs" / "assets" / "javascripts" / "search" / "engine.js"

# --- documents ---------------------------------------------------------------

HTML = """
<h1 id="tytul">Tytuł strony<a class="headerlink" href="#tytul">¶</a></h1>
<p>Wstęp o <abbr title="osoba ze szczególnymi potrzebami">PSN</abbr>.</p>
<h2 id="kim-jest">Kim jest małoletni<a class="headerlink" href="#kim-jest">¶</a></h2>
<p>Osoba poniżej 18 lat<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>.</p>
<ul><li>pierwszy</li><li>drugi</li></ul>
<h4>Szczegół</h4><p>w tej samej sekcji</p>
<h3 id="procedura">Procedura</h3><table><tr><td>a</td><td>b</td></tr></table>
<script>alert("x")</script>
"""


def test_page_is_split_into_sections_at_h2_and_h3():
    docs = page_documents(HTML, "manuals/psn/05-x/", "Małoletni bez opieki")
    assert [d.location for d in docs] == [
        "manuals/psn/05-x/",
        "manuals/psn/05-x/#kim-jest",
        "manuals/psn/05-x/#procedura",
    ]
    assert docs[0].title == "Małoletni bez opieki" and docs[0].text == "Wstęp o PSN."
    assert docs[1].title == "Kim jest małoletni"
    assert docs[1].text == "Osoba poniżej 18 lat. pierwszy drugi Szczegół w tej samej sekcji"
    assert docs[2].text == "a b"  # cells apart, script left out


def test_practice_document_has_labels_in_both_languages_who_where_and_the_whole_entry():
    practices = load_practices().practices
    avr = next(p for p in practices if p.id == "avr-project")
    [doc] = practice_documents([avr], "pl", load_vocabularies(), practice_path)
    assert doc.location == "practices/avr-project/"
    assert doc.title == avr.title.pl and doc.text == avr.summary.pl
    assert "Małoletni bez opieki" in doc.labels and "Unaccompanied minors" in doc.labels
    assert doc.labels.index("Małoletni bez opieki") < doc.labels.index("Unaccompanied minors")
    assert "Międzynarodowa Organizacja do Spraw Migracji · International Organization for Migration · IOM" in doc.meta
    assert "PL-HOMEAFFAIRS-0019" in doc.meta
    # the rest of the entry is searched too (#29): description, results with figures, funding in both languages
    assert avr.sections["description"].pl.split(".")[0] in doc.details
    assert "Pracownicy przeszkoleni w zakresie dobrowolnych powrotów 1058" in doc.details
    assert "Fundusze norweskie · Norway Grants" in doc.details
    assert "](" not in doc.details and "http" not in doc.details
    [en] = practice_documents([avr], "en", load_vocabularies(), practice_path)
    assert en.location == "en/practices/avr-project/" and en.title == avr.title.en


def test_an_organisation_is_a_short_document_of_its_names_type_and_place():
    organisations, _ = load_organisations()
    [doc] = organisation_documents([organisations["udsc"]], "en", load_vocabularies(), organisation_path)
    assert (doc.location, doc.title, doc.text) == (
        "en/organisations/udsc/",
        "Office for Foreigners (UdSC)",
        "Central administration",
    )
    assert doc.meta == "Office for Foreigners · Urząd do Spraw Cudzoziemców · UdSC"
    assert doc.details == "" and doc.labels == ()  # not its practices' words: they have their own documents


def test_index_file_is_compact_and_complete():
    docs = [
        SearchDoc("practices/a/", "Pomoc dla małoletnich", "Opis.", ("Małoletni", "Minors"), "Gdańsk"),
        SearchDoc("practices/b/", "Druga", "Tekst.", ("Minors",)),
        SearchDoc("about/", "O nas", ""),
    ]
    data = build_index(docs, analyzer("pl"))
    assert data["lang"] == "pl" and data["labels"] == ["Małoletni", "Minors"]
    assert data["docs"] == [
        ["practices/a/", "Pomoc dla małoletnich", "Opis.", [0, 1], "Gdańsk"],
        ["practices/b/", "Druga", "Tekst.", [1]],
        ["about/", "O nas"],
    ]
    assert decode_forms(data["forms"])["małoletnich"] == ("maloletni",)
    assert index_json(docs, analyzer("pl")) == index_json(docs, analyzer("pl"))  # deterministic


# --- the engine, under node ----------------------------------------------------

NODE_SEARCH = r"""
const { Engine } = require(process.argv[1]);
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const engine = new Engine(input.index);
process.stdout.write(JSON.stringify(input.queries.map(q => engine.search(q, { suggest: true }))));
"""


def search(index: dict, queries: list[str]) -> list[dict]:
    """Run the browser's engine under node on `index`; Material-shaped results per query."""
    return node_json(NODE_SEARCH, ENGINE_JS, {"index": index, "queries": queries}, timeout=120)


def ranked(result: dict) -> list[str]:
    """Locations in the order Material shows them: per page, its items."""
    return [item["location"] for group in result["items"] for item in group if item["score"] > 0]


@pytest.fixture(scope="module")
def small_index() -> dict:
    docs = [
        SearchDoc("a/", "Wsparcie dla dzieci", "Pomoc małoletnim cudzoziemcom w ośrodkach."),
        SearchDoc("b/", "Małoletni bez opieki", "Kim jest małoletni bez opieki i jak go wspierać."),
        SearchDoc("c/", "Tłumacz w rozmowie", "Rola tłumacza <i>ustnego</i> & zasady."),
        SearchDoc("c/#zasady", "Zasady pracy tłumaczy", "Tłumacz nie doradza."),
        SearchDoc("d/", "Dobrowolne powroty", "Pomoc w powrocie do kraju pochodzenia.", ("Dobrowolne powroty",)),
        SearchDoc("e/", "Inny temat", "Nic wspólnego.", (), "Gdańsk"),
    ]
    return build_index(docs, analyzer("pl"))


def test_inflected_forms_and_no_diacritics_find_the_same_pages(small_index):
    a, b, c = search(small_index, ["małoletnich", "maloletnich", "MAŁOLETNICH"])
    assert set(ranked(a)) == {"a/", "b/"}
    assert ranked(a) == ranked(b) == ranked(c)


def test_exact_form_ranks_first():
    docs = [SearchDoc("x/", "Pomoc", "Wsparcie dla małoletnich."), SearchDoc("y/", "Pomoc", "Wsparcie dla małoletnim.")]
    [result] = search(build_index(docs, analyzer("pl")), ["małoletnim"])
    assert ranked(result) == ["y/", "x/"]  # both found by lemma; the form typed, word for word, first


def test_homograph_and_typed_prefix(small_index):
    tlumaczy, typing = search(small_index, ["tłumaczy", "powro"])
    assert ranked(tlumaczy)[:2] == ["c/", "c/#zasady"]  # the page, then its section that matched
    assert ranked(typing) == ["d/"]
    assert typing["suggest"] == ["powrocie"]


def test_results_are_grouped_by_page_with_the_page_first_and_escaped(small_index):
    [result] = search(small_index, ["zasady tłumacza"])
    group = result["items"][0]
    assert {item["location"] for item in group} == {"c/", "c/#zasady"}
    article = next(item for item in group if item["location"] == "c/")
    assert "&lt;i&gt;" in article["text"] and "<i>" not in article["text"]
    assert "<mark>tłumacza</mark>" in article["text"] and "&amp;" in article["text"]
    assert article["terms"]["zasady"] is True and article["terms"]["tłumacza"] is True


def test_words_found_nowhere_are_reported_missing(small_index):
    [result] = search(small_index, ["gdańsk xyzzy"])
    [[item]] = result["items"]
    assert item["location"] == "e/" and item["terms"] == {"gdańsk": True, "xyzzy": False}


def test_empty_query_gives_no_results(small_index):
    assert search(small_index, ["", " – "]) == [{"items": []}, {"items": []}]


# --- what the build writes -----------------------------------------------------


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_build_writes_one_index_per_language_with_existing_pages(built_site, lang):
    data = json.loads((built_site / "search" / f"{lang}.json").read_text(encoding="utf-8"))
    assert data["lang"] == lang and data["forms"]
    locations = [row[0] for row in data["docs"]]
    assert len(locations) == len(set(locations))
    for location in locations:
        page = location.split("#")[0]
        assert (built_site / page / "index.html").exists(), location
        assert page.startswith("en/") == (lang == "en"), location
    assert any(loc.startswith(("practices/", "en/practices/")) for loc in locations)
    assert any("/manuals/psn/" in f"/{loc}" for loc in locations)
    assert any(loc.startswith(("organisations/", "en/organisations/")) for loc in locations)
    assert not any("organisations/#" in loc or loc in ("organisations/", "en/organisations/") for loc in locations)


def test_material_index_is_left_empty_and_pages_use_our_worker(built_site):
    material = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert material["docs"] == [] and "separator" in material["config"]
    for page, lang in (("index.html", "pl"), ("en/practices/avr-project/index.html", "en")):
        html = (built_site / page).read_text(encoding="utf-8")
        config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)[1])
        assert config["search"].endswith(f"assets/javascripts/search/worker.js?lang={lang}")
    assert (built_site / "assets" / "javascripts" / "search" / "worker.js").exists()


def test_stop_words_neither_find_nor_count(small_index):
    with_w, without, only_w = search(small_index, ["tłumacz w", "tłumacz", "w "])
    assert with_w["items"] == without["items"]  # "w" changes nothing: not found, not counted, not marked
    assert all("w" not in item["terms"] for group in with_w["items"] for item in group)
    assert only_w["items"] == []
    assert "w" in small_index["stop"] and "dla" in small_index["stop"] and "tłumacz" not in small_index["stop"]


def test_tags_in_an_entry_are_not_searched_but_the_words_inside_them_are():
    practices = {p.id: p for p in load_practices().practices}
    networks = practices["gdansk-refugee-networks"]
    assert '<span lang="en">Gdańsk Foundation' in networks.sections["description"].pl
    details = practice_details(networks, "pl", load_vocabularies())
    assert "<" not in details and "lang=" not in details and "Gdańsk Foundation of Social Innovation" in details


def test_an_index_reads_back_into_the_documents_it_was_made_from():
    docs = [
        SearchDoc("a/", "Tytuł", "Tekst", ("Etykieta",), "Gdańsk", "Opis projektu", 9),
        SearchDoc("b/", "Sam tytuł", ""),
        SearchDoc("c/#x", "Sekcja", "Lista", items=7),
    ]
    assert documents_of_index(build_index(docs, analyzer("pl"))) == docs
