"""Finding your way (issue #18): breadcrumbs on every page below the home page, a manual page's review
dates under its title, previous/next between practices, and a way back to the catalogue that keeps the
reader's filters."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from platforma.content.practices import load_practices
from platforma.words.order import sort_key

CRUMBS = """items => items.map(li => {
  const link = li.querySelector('a')
  const current = li.querySelector('[aria-current=page]') !== null
  return [li.innerText.trim(), link ? link.getAttribute('href') : null, current]
})"""


def _crumbs(page):
    return page.eval_on_selector_all("nav.md-path li", CRUMBS)


def test_breadcrumbs_lead_from_home_to_the_current_page(browser, served_site):
    page = browser.new_page()
    page.goto(f"{served_site}/manuals/psn/05-unaccompanied-minors/")
    nav = page.locator("nav.md-path")
    assert nav.get_attribute("aria-label") == "Ścieżka"
    crumbs = _crumbs(page)
    assert [c[0] for c in crumbs] == [
        "Start",
        "Podręczniki",
        "Praca z osobami ze szczególnymi potrzebami",
        "Małoletni bez opieki",
    ]
    assert crumbs[0][1] is not None and crumbs[2][1] is not None  # home and the manual are links
    assert crumbs[1][1] is None  # "Manuals" has no page of its own: text, not a link to something else
    assert crumbs[-1][2] and crumbs[-1][1] is None  # the current page is marked and not a link
    page.goto(f"{served_site}/en/practices/avr-project/")
    assert [c[0] for c in _crumbs(page)][:2] == ["Home", "Good practices"]
    page.goto(f"{served_site}/en/sources/avr-project-page/")
    assert [c[0] for c in _crumbs(page)][:2] == ["Home", "Sources"]
    page.goto(f"{served_site}/en/")
    assert page.locator("nav.md-path").count() == 0  # none on the home page
    page.close()


def test_a_chapter_shows_when_it_was_reviewed_and_where_to_suggest_a_change(built_site):
    html = (built_site / "en" / "manuals" / "psn" / "05-unaccompanied-minors" / "index.html").read_text(
        encoding="utf-8"
    )
    meta = re.search(r'<p class="pw-page-meta">(.*?)</p>', html, re.S).group(1)
    assert "Last reviewed" in meta and "next review by" in meta
    assert "/edit/main/manuals/psn/05-unaccompanied-minors.en.md" in meta
    assert html.index('class="pw-page-meta"') > html.index("<h1")  # under the title


def test_previous_and_next_follow_the_catalogue_order(built_site):
    practices = load_practices().practices
    order = [p.id for p in sorted(practices, key=lambda p: sort_key(p.title.get("en")))]
    middle = order[len(order) // 2]
    html = (built_site / "en" / "practices" / middle / "index.html").read_text(encoding="utf-8")
    previous = re.search(r'rel="prev" href="\.\./([^/]+)/"', html).group(1)
    following = re.search(r'rel="next" href="\.\./([^/]+)/"', html).group(1)
    at = order.index(middle)
    assert (previous, following) == (order[at - 1], order[at + 1])
    first = (built_site / "en" / "practices" / order[0] / "index.html").read_text(encoding="utf-8")
    assert 'rel="prev"' not in first and 'rel="next"' in first


def test_back_to_the_catalogue_keeps_the_filters(browser, served_site):
    page = browser.new_page()
    page.goto(f"{served_site}/practices/")
    page.wait_for_selector(".pw-cat--ready")
    page.check("input[name=theme][value=staff_training]")
    query = urlparse(page.url).query
    assert parse_qs(query) == {"theme": ["staff_training"]}
    page.locator(".pw-card:visible .pw-card__title a").first.click()
    page.wait_for_load_state()
    back = page.locator("a[data-pw-back]")
    assert back.get_attribute("href").endswith(f"/practices/?{query}")
    back.click()
    page.wait_for_selector(".pw-cat--ready")
    assert page.is_checked("input[name=theme][value=staff_training]")
    page.close()


def test_the_coi_template_has_a_copy_button_and_wraps_on_a_phone(browser, served_site):
    page = browser.new_page(viewport={"width": 390, "height": 800})
    page.goto(f"{served_site}/manuals/coi/05-note-template/")
    copy = "button.md-code__button[data-md-type=copy]"  # Material 9.8's copy button, added by its script
    page.wait_for_selector(copy, state="attached")
    assert page.locator(copy).first.get_attribute("title") == "Kopiuj do schowka"
    sizes = page.eval_on_selector("pre code", "code => [code.scrollWidth, code.clientWidth]")
    assert sizes[0] <= sizes[1]  # no sideways scrolling
    page.close()


def _active_tab(html: str) -> list[str]:
    return re.findall(r'md-tabs__item--active">\s*<a[^>]*>\s*([^<]+?)\s*<', html)


def test_a_page_outside_the_navigation_marks_the_tab_of_its_index(built_site):
    pages = {
        "practices/avr-project": ["Dobre praktyki"],
        "en/practices/avr-project": ["Good practices"],
        "organisations/iom": ["Organizacje"],
        "en/organisations/iom": ["Organisations"],
        "practices": ["Dobre praktyki"],  # the index itself, as Material marks it
        "glossary": ["Słowniczek"],  # after a practice page, nothing stays marked
        "sources/psn-project-page": [],  # the list of sources is no tab
    }
    for path, tab in pages.items():
        html = (built_site / path / "index.html").read_text(encoding="utf-8")
        assert _active_tab(html) == tab, path
