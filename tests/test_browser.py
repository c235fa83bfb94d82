"""The built site in a real browser: no third-party requests, language switch, phone layout."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

PAGES = ["", "en/", "practices/", "en/practices/avr-project/", "manuals/psn/", "en/glossary/", "about/"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_load_only_from_the_site(browser, served_site, path):
    page = browser.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    response = page.goto(f"{served_site}/{path}")
    page.wait_for_load_state("networkidle")
    assert response and response.status == 200
    host = urlparse(served_site).netloc
    foreign = [url for url in requested if urlparse(url).scheme in ("http", "https") and urlparse(url).netloc != host]
    assert not foreign
    assert not errors
    page.close()


def test_language_switch_keeps_the_page(browser, served_site):
    page = browser.new_page()
    page.goto(f"{served_site}/practices/avr-project/")
    english = page.locator('a[hreflang="en"]').first
    page.goto(page.evaluate("(a) => a.href", english.element_handle()))
    assert page.url.endswith("/en/practices/avr-project/")
    assert page.locator("html").get_attribute("lang") == "en"
    polish = page.locator('a[hreflang="pl"]').first
    page.goto(page.evaluate("(a) => a.href", polish.element_handle()))
    assert page.url.endswith("/practices/avr-project/") and "/en/" not in page.url
    page.close()


def test_phone_layout_has_no_horizontal_scroll(browser, served_site):
    page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    for path in ("", "en/practices/gdansk-refugee-networks/", "manuals/psn/"):
        page.goto(f"{served_site}/{path}")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, path
    page.close()


def test_fonts_render_from_the_site(browser, served_site):
    page = browser.new_page()
    page.goto(f"{served_site}/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.fonts.check('16px \"Noto Sans\"', 'zażółć gęślą jaźń')")
    loaded = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
    assert any("Noto Sans" in family for family in loaded)
    page.close()
