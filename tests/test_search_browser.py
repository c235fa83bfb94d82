"""Search in a real browser on the built site: Material's search box with our worker underneath."""

from __future__ import annotations

import json
from urllib.parse import quote, urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from conftest import WAIT_MS
from evaluation.search.evaluate import run_ours

RESULT = ".md-search-result__link"


def results(browser, served_site: str, path: str, query: str, *, viewport=None) -> list[str]:
    """Open `<path>?q=<query>`; the pages found, in rank order (each result's first link: its page)."""
    page = browser.new_page(viewport=viewport) if viewport else browser.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{served_site}/{path}?q={quote(query)}")
    page.wait_for_selector(RESULT, timeout=WAIT_MS)
    hrefs = page.eval_on_selector_all(
        ".md-search-result__item", "items => items.map(item => item.querySelector('a.md-search-result__link').href)"
    )
    host = urlparse(served_site).netloc
    assert not [url for url in requested if urlparse(url).scheme.startswith("http") and urlparse(url).netloc != host]
    assert not errors
    assert any(url.endswith(f"/search/{'en' if path.startswith('en/') else 'pl'}.json") for url in requested)
    page.close()
    return [urlparse(href).path for href in hrefs]


def test_polish_query_without_diacritics_finds_unaccompanied_minors(browser, served_site):
    found = results(browser, served_site, "", "maloletnich")
    assert "/manuals/psn/05-unaccompanied-minors/" in found[:5]
    assert not [path for path in found if path.startswith("/en/")]


def test_english_query_finds_the_avr_practice(browser, served_site):
    found = results(browser, served_site, "en/", "voluntary return")
    assert "/en/practices/avr-project/" in found[:5]
    assert all(path.startswith("/en/") for path in found)


@pytest.mark.parametrize(("with_marks", "without"), [("małoletnich", "maloletnich"), ("ośrodek", "osrodek")])
def test_query_with_and_without_diacritics_gives_the_same_results(browser, served_site, with_marks, without):
    assert results(browser, served_site, "manuals/psn/", with_marks) == results(
        browser, served_site, "manuals/psn/", without
    )


def test_inflected_form_finds_other_forms_on_a_phone(browser, served_site):
    found = results(browser, served_site, "practices/", "powrocie", viewport={"width": 390, "height": 844})
    assert "/practices/avr-project/" in found[:5]


# Five queries of the dev half of tests/search_eval (never the test half), typed into the real search box.
DEV_QUERIES = [
    ("", "przemyt a handel ludzmi roznica", "/manuals/psn/06-victims-of-trafficking/"),
    ("", "leczenie i rehabilitacja po torturach", "/manuals/psn/07-torture-survivors/"),
    ("", "dyskryminacja migrantow gdzie szukac pomocy", "/practices/immigrant-rights-protection-point/"),
    ("", "przemoc ze względu na płeć skrót", "/glossary/#sgbv"),
    ("en/", "signs of human trafficking", "/en/manuals/psn/06-victims-of-trafficking/"),
]


@pytest.mark.parametrize(("path", "query", "expected"), DEV_QUERIES)
def test_dev_queries_typed_into_the_search_box_rank_as_the_engine_does(
    browser, served_site, built_site, path, query, expected
):
    """The box shows the engine's own ranking (run under node on the same index), the answer among the first 3.

    How good the ranking is, is measured on the whole evaluation set (test_search_eval, scripts/bench.py);
    here it is the reader's path through Material's interface to it.
    """
    lang = "en" if path else "pl"
    engine = run_ours(json.loads((built_site / "search" / f"{lang}.json").read_text(encoding="utf-8")), [query])
    page = browser.new_page()
    page.goto(f"{served_site}/{path}")
    page.locator(".md-search__input").click()
    page.keyboard.type(query, delay=5)
    page.wait_for_selector(RESULT, timeout=WAIT_MS)
    # each keystroke is a query and the answers come in their order: wait for the answer whose first result is
    # the engine's (a later keystroke's answer, not an earlier one, is what a reader reads; no fixed pause)
    first = "/" + engine.results[0][0]
    try:
        page.wait_for_function(
            "(first) => { const a = document.querySelector('.md-search-result__item a.md-search-result__link');"
            " return a && new URL(a.href).pathname + new URL(a.href).hash === first; }",
            arg=first,
            timeout=WAIT_MS,
        )
    except PlaywrightTimeout:
        pass  # the assertions below say what the box shows instead
    shown = page.eval_on_selector_all(
        ".md-search-result__item a.md-search-result__link", "links => links.map(l => l.href)"
    )
    page.close()
    paths = [urlparse(url).path + (f"#{urlparse(url).fragment}" if urlparse(url).fragment else "") for url in shown]
    assert paths[0].lstrip("/") == engine.results[0][0]
    assert expected in paths[:3]


def test_a_synonym_search_says_what_else_it_searched(browser, served_site):
    page = browser.new_page()
    page.goto(f"{served_site}/?q={quote('lokum')}")
    note = page.wait_for_selector(".md-search-result__meta + .pw-search-also:not([hidden])", timeout=WAIT_MS)
    assert note.inner_text().startswith("Szukano także:") and "zakwaterowanie" in note.inner_text()
    # a line of its own, above the results: not inside a result's link, where it would be read as the link's text
    page.wait_for_selector(".md-search-result__item")
    assert page.query_selector(".md-search-result__link .pw-search-also") is None
    # a query that searched nothing else hides the line (typed: Material reads key presses)
    page.click("input.md-search__input")
    page.keyboard.press("Control+A")
    page.keyboard.type("gdansk")
    page.wait_for_selector(".md-search-result__meta + .pw-search-also[hidden]", state="attached", timeout=WAIT_MS)
    page.close()
