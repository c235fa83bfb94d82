"""The glossary on the built site (issue #18): the A–Z index, and terms explained where chapters first use them.

Build checks read the HTML of the session's build; browser checks drive Chromium over it (keyboard only,
a phone's width) and run axe (tests/test_accessibility.py) on a chapter with a term's tooltip open.
"""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from test_accessibility import COLOUR_RULES, blocking, report, scan

from conftest import WAIT_MS
from platforma.content.glossary import load_glossary
from platforma.pages.glossary_links import first_sentence

CHAPTER = "manuals/psn/02-early-identification/"
TERM_LINK = re.compile(r'<a class="pw-term" href="([^"#]*)#([^"]+)" title="([^"]*)"')
PREFIXES = {"pl": "", "en": "en/"}


@pytest.fixture(scope="module")
def terms():
    found, problems = load_glossary()
    assert not problems
    return {t.anchor(): t for t in found}


def chapters(site: Path, lang: str) -> list[Path]:
    root = site / PREFIXES[lang] / "manuals"
    return sorted(p for p in root.glob("*/*/index.html"))


# --- the built pages -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_chapters_explain_the_first_use_of_glossary_terms(built_site, terms, lang):
    glossary = (built_site / PREFIXES[lang] / "glossary" / "index.html").read_text(encoding="utf-8")
    ids = set(re.findall(r'\bid="([^"]+)"', glossary))
    explained: set[str] = set()
    for page in chapters(built_site, lang):
        links = TERM_LINK.findall(page.read_text(encoding="utf-8"))
        anchors = [anchor for _, anchor, _ in links]
        assert len(anchors) == len(set(anchors)), f"{page}: a term is explained twice"
        for href, anchor, title in links:
            target = posixpath.normpath(posixpath.join(page.parent.relative_to(built_site).as_posix(), href))
            assert target == f"{PREFIXES[lang]}glossary", (page, href)  # relative, in the page's language
            assert anchor in ids, (page, anchor)
            # Material shows the title with innerHTML: the attribute holds the sentence escaped as HTML
            sentence = first_sentence(terms[anchor].definition[lang])
            assert html.unescape(title) == html.escape(sentence, quote=False), anchor
        explained |= set(anchors)
    acronyms = {anchor for anchor, t in terms.items() if t.abbr}
    assert len(explained - acronyms) >= 15, sorted(explained)  # terms beyond the 13 acronyms of before


def test_the_glossary_keeps_every_term_anchor_and_groups_terms_by_letter(built_site, terms):
    for lang, prefix in PREFIXES.items():
        page = (built_site / prefix / "glossary" / "index.html").read_text(encoding="utf-8")
        assert set(re.findall(r'<dt id="([^"]+)"', page)) == set(terms), lang
        nav = page[page.index('<nav class="pw-az"') : page.index("</nav>", page.index('<nav class="pw-az"'))]
        targets = re.findall(r'href="#(az-[a-z0-9]+)"', nav)
        sections = re.findall(r'<section class="pw-glossary__group" id="([^"]+)">', page)
        assert targets == sections and len(sections) >= 10, lang
        assert 'aria-label="' in nav


# --- in the browser ------------------------------------------------------------------------------


def tab_to(page, selector: str, limit: int = 250) -> bool:
    """Press Tab until the focused element matches `selector`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return True
    return False


def open_tooltip(page):
    """The tooltip Material opened for the focused element (waits until it is active)."""
    return page.wait_for_function(
        "() => { const id = document.activeElement.getAttribute('aria-describedby');"
        " const tip = id && document.getElementById(id);"
        " return tip && tip.classList.contains('md-tooltip2--active') && tip; }"
    ).as_element()


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_a_terms_explanation_is_reached_by_keyboard_and_links_to_its_entry(browser, served_site, terms, lang):
    page = browser.new_page()
    page.goto(f"{served_site}/{PREFIXES[lang]}{CHAPTER}")
    page.wait_for_load_state("networkidle")
    assert tab_to(page, "a.pw-term"), "no glossary term can be reached with Tab"
    anchor = page.evaluate("document.activeElement.getAttribute('href').split('#')[1]")
    tooltip = open_tooltip(page)
    assert tooltip.get_attribute("role") == "tooltip"
    page.wait_for_function("(tip) => getComputedStyle(tip).opacity === '1'", arg=tooltip)
    assert tooltip.is_visible()
    assert tooltip.inner_text().strip() == first_sentence(terms[anchor].definition[lang])
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/{PREFIXES[lang]}glossary/#{re.escape(anchor)}$"))
    page.wait_for_load_state("networkidle")
    entry = page.locator(f"dt#{anchor}")
    assert entry.count() == 1 and entry.is_visible()
    assert page.evaluate("(id) => document.getElementById(id).getBoundingClientRect().top", anchor) >= 0
    page.close()


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_the_az_index_jumps_to_a_letter_by_keyboard(browser, served_site, lang):
    page = browser.new_page()
    page.goto(f"{served_site}/{PREFIXES[lang]}glossary/")
    page.wait_for_load_state("networkidle")
    assert page.locator(".pw-az span.pw-az__letter").count() > 0  # letters without terms are not links
    assert tab_to(page, '.pw-az a[href="#az-r"]')
    page.keyboard.press("Enter")
    page.wait_for_function("location.hash === '#az-r'")
    # the letter's heading comes to rest below the sticky header, in the upper half (waited for: the browser
    # may scroll smoothly); on a timeout, where it was
    box = (
        "(() => { const h = document.querySelector('#az-r h2').getBoundingClientRect();"
        " const header = document.querySelector('.md-header').getBoundingClientRect();"
        " return {top: h.top, bottom: h.bottom, header: header.bottom, height: innerHeight}; })()"
    )
    try:
        page.wait_for_function(f"(b => b.header <= b.top && b.bottom <= b.height / 2)({box})", timeout=WAIT_MS)
    except PlaywrightTimeout:
        pytest.fail(f"the heading is not below the sticky header: {page.evaluate(box)}")
    first = page.locator("#az-r dt").first.inner_text()
    assert first[:1].casefold() == "r"
    page.close()


def test_the_az_index_wraps_on_a_phone_with_large_enough_targets(browser, served_site):
    page = browser.new_page(viewport={"width": 320, "height": 640}, device_scale_factor=2)
    for lang in PREFIXES:
        page.goto(f"{served_site}/{PREFIXES[lang]}glossary/")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
        boxes = page.evaluate(
            "[...document.querySelectorAll('.pw-az .pw-az__letter')].map(e => e.getBoundingClientRect().toJSON())"
        )
        assert all(b["width"] >= 24 and b["height"] >= 24 for b in boxes), lang
        assert all(b["right"] <= 320 for b in boxes), lang
        assert len({round(b["top"]) for b in boxes}) > 1, lang  # the letters wrap onto several lines
    page.close()


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_a_chapter_with_a_term_explanation_open_is_accessible(browser, served_site, lang):
    """The glossary page itself is scanned with every page kind (test_accessibility.py); here a chapter with a
    term's explanation open, in the light scheme with every rule and in the dark one with the colour rules."""
    page = browser.new_page(color_scheme="light")
    try:
        page.goto(f"{served_site}/{PREFIXES[lang]}{CHAPTER}")
        assert tab_to(page, "a.pw-term")
        page.wait_for_selector(".md-tooltip2--active")
        found = {"light": blocking(scan(page))}
        page.emulate_media(color_scheme="dark")
        page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
        assert page.locator(".md-tooltip2--active").count() == 1  # still open
        found["dark"] = blocking(scan(page, rules=COLOUR_RULES))
        assert not any(found.values()), "\n".join(
            f"chapter with an explanation open ({lang}, {scheme}):\n{report(violations)}"
            for scheme, violations in found.items()
            if violations
        )
    finally:
        page.close()


def test_escape_hides_an_open_explanation_without_moving_the_focus(browser, served_site):
    page = browser.new_page()
    page.goto(f"{served_site}/{PREFIXES['pl']}{CHAPTER}")
    page.wait_for_load_state("networkidle")
    assert tab_to(page, "a.pw-term")
    tip = open_tooltip(page)
    page.wait_for_function("(tip) => getComputedStyle(tip).opacity === '1'", arg=tip)
    term = page.evaluate_handle("document.activeElement")
    page.keyboard.press("Escape")
    page.wait_for_function("(tip) => getComputedStyle(tip).visibility === 'hidden'", arg=tip)
    assert page.evaluate("(term) => document.activeElement === term", term)  # the focus stayed
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focusing the term again shows its explanation again
    page.wait_for_function("(tip) => getComputedStyle(tip).visibility === 'visible'", arg=tip)
    page.close()
