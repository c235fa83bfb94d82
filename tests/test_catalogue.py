"""The practice catalogue: facet rules and totals (core), then the built page in Chromium (with and without JS)."""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import json
import re
import time
from dataclasses import replace
from urllib.parse import parse_qs, quote, urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from conftest import WAIT_MS
from evaluation.synthetic import synthetic_entries, synthetic_practices
from platforma.content.practices import Result, Text, load_practices
from platforma.content.relations import Relations
from platforma.content.sources import load_sources
from platforma.content.ui import ui_strings
from platforma.content.vocabularies import load_vocabularies
from platforma.pages import catalogue, exports
from platforma.pages.catalogue import Entry, facet_counts, qualifier_key, select, totals
from platforma.pages.views import format_number, practice_view
from platforma.words.order import lower_fold


def make(id_: str, part_of: str | None = None, results=(), **values: list[str]) -> Entry:
    return Entry(
        id=id_,
        values={param: tuple(values.get(param, ())) for param in catalogue.PARAMS},
        results=tuple(results),
        part_of=part_of,
    )


ENTRIES = [
    make("a", group=["minors"], theme=["housing"], region=["PL-22"], year=["2020"]),
    make("b", group=["minors", "thb"], theme=["legal_aid"], region=["PL-14"], year=["2020", "2021"]),
    make("c", group=["thb"], theme=["housing", "legal_aid"], region=[], year=["2021"]),
    make("d", group=["elderly"], theme=["education"], region=["PL-22"]),
]


def ids(entries) -> list[str]:
    return [e.id for e in entries]


# --- rules ---------------------------------------------------------------------------------------


def test_facets_combine_with_and_across_and_or_within():
    assert ids(select(ENTRIES, {})) == ["a", "b", "c", "d"]
    assert ids(select(ENTRIES, {"group": ["minors"]})) == ["a", "b"]
    assert ids(select(ENTRIES, {"group": ["minors", "elderly"]})) == ["a", "b", "d"]
    assert ids(select(ENTRIES, {"group": ["minors"], "theme": ["housing"]})) == ["a"]
    assert ids(select(ENTRIES, {"group": ["thb"], "theme": ["housing", "legal_aid"], "year": ["2021"]})) == ["b", "c"]
    assert ids(select(ENTRIES, {"region": ["PL-02"]})) == []
    assert ids(select(ENTRIES, {"unknown": ["x"], "group": []})) == ["a", "b", "c", "d"]


def test_a_value_counts_what_ticking_it_would_show():
    counts = facet_counts(ENTRIES, {"group": ["minors"], "theme": ["housing"]})
    # group counts ignore the group selection but apply the theme: a (minors), c (thb)
    assert counts["group"] == {"minors": 1, "thb": 1}
    # theme counts ignore the theme selection but apply the group: a, b
    assert counts["theme"] == {"housing": 1, "legal_aid": 1}
    # other facets count the selection itself: only a
    assert counts["region"] == {"PL-22": 1}
    assert counts["year"] == {"2020": 1}
    everything = facet_counts(ENTRIES, {})
    assert everything["group"] == {"minors": 2, "thb": 2, "elderly": 1}


def test_totals_add_up_by_metric_and_keep_qualifiers():
    found = {
        t.metric: t
        for t in totals(
            [
                make("x", results=[("people_trained", 10, "exactly"), ("beneficiaries", 5, "about")]),
                make("y", results=[("people_trained", 7, "at_least")]),
                make("z", results=[("beneficiaries", 20, "exactly"), ("people_trained", 3, "exactly")]),
            ]
        )
    }
    assert found["people_trained"].value == 20 and found["people_trained"].qualifiers == {"at_least"}
    assert found["beneficiaries"].value == 25 and found["beneficiaries"].qualifiers == {"about"}
    assert found["people_trained"].practices == 3


def test_a_project_figure_is_not_added_to_the_same_figure_of_its_parts():
    parent = make("p", results=[("people_trained", 100, "exactly")])
    child = make("c", part_of="p", results=[("people_trained", 40, "exactly"), ("meetings_held", 4, "exactly")])
    grandchild = make("g", part_of="c", results=[("people_trained", 5, "exactly")])
    together = {t.metric: t.value for t in totals([parent, child, grandchild])}
    assert together == {"people_trained": 100, "meetings_held": 4}
    # without the parent in the selection the parts count
    assert {t.metric: t.value for t in totals([child, grandchild])} == {"people_trained": 40, "meetings_held": 4}


@pytest.mark.parametrize(
    ("found", "key"),
    [
        (set(), ""),
        ({"exactly"}, ""),
        ({"at_least"}, "at_least"),
        ({"about", "exactly"}, "about"),
        ({"about", "at_least"}, "at_least_about"),
    ],
)
def test_qualifier_wording(found, key):
    assert qualifier_key(found) == key
    if key:
        assert ui_strings("pl")[f"total_{key}"] and ui_strings("en")[f"total_{key}"]


def test_fold_compares_without_case_and_polish_letters():
    assert lower_fold("Ośrodek ŁÓDŹ Małoletnich") == "osrodek lodz maloletnich"


def test_tile_levels_and_grid():
    assert [catalogue.tile_level(n, 8) for n in (0, 1, 2, 3, 4, 5, 8)] == [0, 1, 1, 2, 2, 3, 4]
    assert catalogue.tile_level(1, 1) == 4
    assert sorted(catalogue.TILE_GRID) == load_vocabularies()["voivodeships"].codes
    assert len(set(catalogue.TILE_GRID.values())) == 16


def test_long_voivodeship_names_get_soft_hyphens():
    assert catalogue.soft_hyphens("zachodniopomorskie", "pl").replace("\u00ad", "|") == "zachod|nio|po|mor|skie"
    assert catalogue.soft_hyphens("kujawsko-pomorskie", "pl").replace("\u00ad", "|") == "kujaw|sko-pomor|skie"
    assert catalogue.soft_hyphens("West Pomeranian", "en").replace("\u00ad", "|") == "West Pom|er|a|nian"
    assert catalogue.soft_hyphens("Łódź", "pl") == "Łódź"


# --- data for the browser ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def practices():
    result = load_practices()
    assert result.ok, result.problems
    return result.practices


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_catalogue_data_lists_every_practice_with_its_facets(practices, lang):
    data = json.loads(catalogue.catalogue_json(practices, lang, load_vocabularies(), ui_strings(lang)))
    assert data["lang"] == lang
    assert [f["param"] for f in data["facets"]] == list(catalogue.PARAMS)
    assert sorted(p["id"] for p in data["practices"]) == sorted(p.id for p in practices)
    groups = next(f for f in data["facets"] if f["param"] == "group")
    assert groups["title"] == {"pl": "Grupy docelowe", "en": "Target groups"}[lang]
    used = {code for p in data["practices"] for code in p["group"]}
    assert used == set(groups["values"])
    first = next(p for p in practices if p.results and any(r.metric for r in p.results))
    entry = next(p for p in data["practices"] if p["id"] == first.id)
    assert entry["results"] == [[r.metric, r.value, r.qualifier] for r in first.results if r.metric]


def test_more_than_keeps_the_sources_words_and_adds_up_as_at_least(practices):
    """A lower bound stated as "ponad 80" / "over 80" reads so on the page and in the CSV; a total counts it as
    at least (the browser's sums read the same entry data)."""
    voc = load_vocabularies()
    assert [voc["result_qualifiers"].label("more_than", lang) for lang in ("pl", "en")] == ["ponad", "over"]
    label = Text("Placówki edukacyjne", "Education institutions")
    stated = replace(
        practices[0],
        id="over-eighty",
        part_of=None,
        results=(Result(label, 80, "organisations_involved", qualifier="more_than"),),
    )
    for lang, word in (("pl", "ponad"), ("en", "over")):
        view = practice_view(
            stated,
            lang,
            relations=Relations.of([stated]),
            vocabularies=voc,
            ui=ui_strings(lang),
            link=lambda target: "/" + target,
            edit_url=None,
            today=dt.date(2026, 12, 7),
            sources=load_sources()[0],
        )
        assert view["results"][0]["qualifier"] == word
    csv_text = exports.practices_csv([stated], voc, "https://x.example/").decode("utf-8-sig")
    assert "Placówki edukacyjne: ponad 80" in csv_text
    assert catalogue.entry(stated).results == (("organisations_involved", 80, "at_least"),)
    assert catalogue.entry(stated).to_json()["results"] == [["organisations_involved", 80, "at_least"]]
    other = make("y", results=[("organisations_involved", 5, "exactly")])
    found = {t.metric: t for t in totals([catalogue.entry(stated), other])}
    assert found["organisations_involved"].value == 85
    assert qualifier_key(found["organisations_involved"].qualifiers) == "at_least"


def test_synthetic_collection_is_valid_deterministic_and_uses_every_code():
    entries = synthetic_entries(60)
    assert entries == synthetic_entries(60)
    made = synthetic_practices(60)
    assert [p.id for p in made] == [e["id"] for e in entries]
    voc = load_vocabularies()
    assert {c for p in made for c in p.target_groups} == set(voc["target_groups"].codes)
    assert {c for p in made for c in p.themes} == set(voc["themes"].codes)
    assert {p.implementer.actor_type for p in made} == set(voc["actor_types"].codes)


def test_catalogue_data_for_1000_practices_is_under_300_kb_gzipped():
    made = synthetic_practices(1000)
    text = catalogue.catalogue_json(made, "pl", load_vocabularies(), ui_strings("pl"))
    assert len(gzip.compress(text.encode("utf-8"), 9)) < 300_000


# --- the built page in Chromium ------------------------------------------------------------------


def site_data(built_site, lang: str = "pl") -> dict:
    return json.loads((built_site / "data" / f"catalogue-{lang}.json").read_text(encoding="utf-8"))


def entries_of(data: dict) -> list[Entry]:
    return [
        make(p["id"], p.get("part_of"), [tuple(r) for r in p["results"]], **{k: p[k] for k in catalogue.PARAMS})
        for p in data["practices"]
    ]


def shown_ids(page) -> list[str]:
    return sorted(page.eval_on_selector_all("[data-pw-cards] > li:not([hidden])", "els => els.map(e => e.dataset.id)"))


ERRORS: dict = {}


def open_catalogue(browser, served_site, query: str = "", **options):
    page = browser.new_page(**options)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{served_site}/practices/{query}")
    page.wait_for_selector(".pw-cat--ready")
    ERRORS[page] = errors
    return page


def pick_value(data: dict, param: str) -> str:
    """A value that narrows the list without emptying it (the most frequent one below 'all')."""
    entries = entries_of(data)
    counts = facet_counts(entries, {})[param]
    return max((c for c in counts if counts[c] < len(entries)), key=lambda c: (counts[c], c))


def test_a_facet_filters_keeps_its_state_in_the_url_and_clears(browser, served_site, built_site):
    data = site_data(built_site)
    entries = entries_of(data)
    group = pick_value(data, "group")
    page = open_catalogue(browser, served_site)
    assert len(shown_ids(page)) == len(entries)

    page.check(f"input[name=group][value={group}]")
    assert parse_qs(urlparse(page.url).query) == {"group": [group]}
    expected = sorted(ids(select(entries, {"group": [group]})))
    assert shown_ids(page) == expected
    status = f"{len(expected)} z {len(entries)}"
    assert status in page.inner_text("[data-pw-status]")

    other = next(
        code
        for code in sorted(data["facets"][0]["values"])
        if set(ids(select(entries, {"group": [code]}))) - set(ids(select(entries, {"group": [group]})))
    )
    page.check(f"input[name=group][value={other}]")  # a second value of one facet widens the list (OR)
    assert shown_ids(page) == sorted(ids(select(entries, {"group": [group, other]})))
    assert len(shown_ids(page)) > len(expected)
    page.uncheck(f"input[name=group][value={other}]")
    assert shown_ids(page) == expected

    theme = max(facet_counts(entries, {"group": [group]})["theme"].items(), key=lambda kv: (kv[1], kv[0]))[0]
    page.check(f"input[name=theme][value={theme}]")
    both = sorted(ids(select(entries, {"group": [group], "theme": [theme]})))
    assert shown_ids(page) == both
    assert parse_qs(urlparse(page.url).query) == {"group": [group], "theme": [theme]}
    counts = facet_counts(entries, {"group": [group], "theme": [theme]})
    for param in ("group", "region"):  # a group's count applies the theme but not the group selection
        for code in data["facets"][catalogue.PARAMS.index(param)]["values"]:
            shown = page.inner_text(f"input[name={param}][value={code}] ~ [data-pw-count]")
            assert shown == str(counts[param].get(code, 0)), (param, code)

    page.reload()
    page.wait_for_selector(".pw-cat--ready")
    assert shown_ids(page) == both
    assert page.is_checked(f"input[name=group][value={group}]") and page.is_checked(f"input[name=theme][value={theme}]")
    assert page.locator(".pw-chip").count() == 2

    page.go_back()  # the history has one step per change
    assert shown_ids(page) == expected

    page.click("[data-pw-active] [data-pw-clear]")
    assert urlparse(page.url).query == ""
    assert len(shown_ids(page)) == len(entries)
    assert not page.is_checked(f"input[name=group][value={group}]")
    assert ERRORS.pop(page) == []
    page.close()


def test_totals_on_the_page_match_the_data(browser, served_site, built_site):
    data = site_data(built_site)
    entries = entries_of(data)
    with_results = [e for e in entries if e.results]
    group = next(iter(with_results[0].values["group"]))
    page = open_catalogue(browser, served_site, f"?group={group}")
    expected = totals(select(entries, {"group": [group]}))
    assert expected
    for total in expected:
        item = page.locator(f"[data-pw-totals] > [data-metric={total.metric}]")
        assert item.is_visible()
        assert item.locator("[data-pw-value]").text_content() == format_number(total.value, "pl")
        key = qualifier_key(total.qualifiers)
        assert item.locator("[data-pw-qualifier]").text_content() == (ui_strings("pl")[f"total_{key}"] if key else "")
    shown = {m.get_attribute("data-metric") for m in page.locator("[data-pw-totals] > [data-metric]:visible").all()}
    assert shown == {t.metric for t in expected}
    page.close()


def test_a_badge_on_a_practice_page_opens_the_filtered_catalogue(browser, served_site, built_site):
    entries = entries_of(site_data(built_site))
    page = browser.new_page()
    page.goto(f"{served_site}/practices/avr-project/")
    badge = page.locator("a[href*='?theme=']").first
    code = badge.get_attribute("href").split("?theme=")[1]
    badge.click()
    page.wait_for_selector(".pw-cat--ready")
    assert page.is_checked(f"input[name=theme][value={code}]")
    assert shown_ids(page) == sorted(ids(select(entries, {"theme": [code]})))
    page.close()


def test_free_text_ignores_case_diacritics_and_endings(browser, served_site, built_site):
    page = open_catalogue(browser, served_site)
    total = len(shown_ids(page))
    title = page.inner_text("[data-pw-cards] > li:first-child .pw-card__title")
    word = max(title.split(), key=len)
    page.fill("#pw-q", lower_fold(word).upper())
    page.wait_for_selector("[data-pw-catalogue][data-pw-words=engine]", timeout=WAIT_MS)  # loaded for the words
    shown = shown_ids(page)
    assert 0 < len(shown) < total
    assert page.eval_on_selector("[data-pw-cards] > li:first-child", "e => e.hidden") is False
    assert parse_qs(urlparse(page.url).query)["text"] == [lower_fold(word).upper()]
    page.fill("#pw-q", "zzzxxqq")
    assert shown_ids(page) == [] and page.is_visible("[data-pw-empty]")
    page.close()


FRAMES = """() => {
  window.pwFrames = false;
  requestAnimationFrame(() => requestAnimationFrame(() => { window.pwFrames = true; }));
}"""
MORE_THAN = "n => document.querySelectorAll('.md-search-result__item').length > n"


def search_box_practices(browser, served_site: str, prefix: str, query: str) -> list[str]:
    """The practices (ids) the search box lists for `query` with no "missing" line under them."""
    page = browser.new_page()
    try:
        page.bring_to_front()  # a page behind another gets no animation frames, and Material shows more results in them
        page.goto(f"{served_site}/{prefix}?q={quote(query)}")
        meta = page.wait_for_selector(".md-search-result__meta", timeout=WAIT_MS)
        page.wait_for_selector(".md-search-result__item", timeout=WAIT_MS)
        total = int(re.search(r"\d+", meta.inner_text()).group())
        items = page.locator(".md-search-result__item")
        deadline = time.monotonic() + WAIT_MS / 1000
        while items.count() < total:  # Material shows ten and four more each time the list is scrolled to its end
            assert time.monotonic() < deadline, f"{items.count()} of {total} results shown"
            shown = items.count()
            page.eval_on_selector(".md-search__scrollwrap", "el => { el.scrollTop = 0; }")
            page.evaluate(FRAMES)  # two frames, so that Material sees the list leave its end before it comes back
            page.wait_for_function("() => window.pwFrames", timeout=WAIT_MS)  # (an awaited evaluate has no bound)
            page.eval_on_selector(".md-search__scrollwrap", "el => { el.scrollTop = el.scrollHeight; }")
            with contextlib.suppress(PlaywrightTimeout):
                page.wait_for_function(MORE_THAN, arg=shown, timeout=5_000)
        found = page.eval_on_selector_all(
            ".md-search-result__item",
            """items => items
              .filter(item => !item.querySelector('article').querySelector('.md-search-result__terms'))
              .map(item => new URL(item.querySelector('a.md-search-result__link').href).pathname)""",
        )
    finally:
        page.close()
    return sorted(m.group(1) for path in found if (m := re.fullmatch(rf"/{prefix}practices/([^/]+)/", path)))


# Typed into both boxes: an ending the text does not have, without diacritics; a word the practices do not use
# whose thesaurus group they do; a typo; in English, three words, one of them a stop word (chosen on the real
# content so that each finds some practices but not all; whether they find the right ones is the search
# evaluation's business)
SAME_WORDS = [("", "maloletnich"), ("", "lokum"), ("", "dobrowlonych powrotow"), ("en/", "victims of trafficking")]


@pytest.mark.parametrize(("prefix", "query"), SAME_WORDS)
def test_the_text_box_finds_the_practices_the_search_box_lists_without_missing_words(
    browser, served_site, built_site, prefix, query
):
    expected = search_box_practices(browser, served_site, prefix, query)
    everything = len(site_data(built_site, "en" if prefix else "pl")["practices"])
    assert 0 < len(expected) < everything
    page = browser.new_page()
    try:
        page.goto(f"{served_site}/{prefix}practices/?text={quote(query)}")
        page.wait_for_selector("[data-pw-catalogue][data-pw-words=engine]", timeout=WAIT_MS)
        assert shown_ids(page) == expected
        # the catalogue's own parameter: Material's ?q= would open the search box over the catalogue
        assert page.eval_on_selector("[data-md-toggle=search]", "box => box.checked") is False
    finally:
        page.close()


def test_voivodeship_tiles_filter_by_keyboard(browser, served_site, built_site):
    entries = entries_of(site_data(built_site))
    region = pick_value(site_data(built_site), "region")
    page = open_catalogue(browser, served_site)
    page.click(".pw-cat__overview > summary")
    tile = page.locator(f".pw-tile[data-value={region}] button")
    assert tile.is_enabled() and tile.get_attribute("aria-pressed") == "false"
    tile.focus()
    page.keyboard.press("Enter")
    assert tile.get_attribute("aria-pressed") == "true"
    assert page.is_checked(f"input[name=region][value={region}]")
    assert shown_ids(page) == sorted(ids(select(entries, {"region": [region]})))
    page.keyboard.press("Space")
    assert tile.get_attribute("aria-pressed") == "false"
    page.close()


def test_without_javascript_the_page_lists_every_practice(browser, served_site, built_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{served_site}/practices/")
    cards = page.locator("[data-pw-cards] > li")
    assert cards.count() == len(site_data(built_site)["practices"])
    assert all(card.is_visible() for card in cards.all())
    assert not page.is_visible("[data-pw-form]")
    assert all(link.get_attribute("href") for link in page.locator(".pw-card__title a").all())
    context.close()


def test_english_catalogue_uses_english_data(browser, served_site, built_site):
    data = site_data(built_site, "en")
    page = browser.new_page()
    page.goto(f"{served_site}/en/practices/?group={pick_value(data, 'group')}")
    page.wait_for_selector(".pw-cat--ready")
    assert page.inner_text(".pw-facet[data-facet=group] > summary").startswith("Target groups")
    assert " of " in page.inner_text("[data-pw-status]")
    assert page.locator(".pw-chip").count() == 1
    page.close()


def test_phone_layout_hides_the_filters_behind_a_button(browser, served_site):
    page = open_catalogue(browser, served_site, viewport={"width": 390, "height": 844})
    toggle = page.locator("[data-pw-toggle]")
    assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    assert not page.is_visible("#pw-q")
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true" and page.is_visible("#pw-q")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    page.close()


def test_home_page_shows_counts_and_practice_lists(built_site):
    for prefix, words in (("", ("Dobre praktyki w katalogu", "Najnowsze działania")), ("en/", ("Recently reviewed",))):
        html = (built_site / prefix / "index.html").read_text(encoding="utf-8")
        assert "pw-home-figures" in html and "pw-home-list" in html
        assert all(word in html for word in words)
        assert html.count('class="pw-home-list"') == 2


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_the_home_page_maps_the_voivodeships_with_practices(browser, served_site, built_site, lang):
    data = site_data(built_site, lang)
    entries = entries_of(data)
    covered = sorted({code for e in entries for code in e.values["region"]})
    prefix = "" if lang == "pl" else "/en"
    page = browser.new_page()
    page.goto(f"{served_site}{prefix}/")
    tiles = page.locator(".pw-home-map .pw-tile")
    assert tiles.count() == len(catalogue.TILE_GRID) == 16
    linked = sorted(page.eval_on_selector_all(".pw-home-map .pw-tile:has(a)", "els => els.map(e => e.dataset.value)"))
    assert linked == covered and covered  # every voivodeship with a practice, and only those, links
    caption = page.inner_text(".pw-home-map figcaption")
    expected = ui_strings(lang)["home_map_caption"].format(n=len(covered), total=16)
    assert expected in caption
    assert str(sum(1 for e in entries if not e.values["region"])) in caption  # national reach is not "missing"
    # a tile names its count for a screen reader, and opens the catalogue filtered to its voivodeship
    link = page.locator(f".pw-home-map .pw-tile[data-value={covered[0]}] a")
    count = len(select(entries, {"region": [covered[0]]}))
    assert ui_strings(lang)["home_map_count"].format(n=count) in link.inner_text()
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".pw-cat--ready")
    assert page.is_checked(f"input[name=region][value={covered[0]}]")
    assert shown_ids(page) == sorted(ids(select(entries, {"region": [covered[0]]})))
    page.close()
