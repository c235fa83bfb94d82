"""The submission form in a real browser: its YAML passes scripts/validate.py unchanged, errors
appear next to their fields, and the GitHub link carries the file."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import yaml
from playwright.sync_api import expect

import validate
from conftest import ROOT
from platforma.content.safe_yaml import load_yaml

# Text that trips up hand-made YAML: YAML 1.1 booleans and octals, dates, a colon and hash,
# quotes, a backslash, leading dashes, Polish letters and an emoji.
TRICKY_TITLE = 'no: "Mentorzy" #1 – 0123 \\ 2020-01-01 @ŁÓDŹ 🙂'
TRICKY_SUMMARY = "yes\n- not a list\n\n# not a comment\n  indented line: with colon\nkoniec"


def open_form(browser, served_site, lang="pl", width=1280):
    page = browser.new_page(viewport={"width": width, "height": 900}, accept_downloads=True)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{served_site}/{'' if lang == 'pl' else lang + '/'}submit/")
    page.wait_for_selector('.pw-submit[data-ready="true"]')
    return page, errors


def fill_valid(page, *, title=TRICKY_TITLE, summary=TRICKY_SUMMARY):
    """Every required field and a good share of the optional ones."""
    page.fill("#pw-f-title-pl", title)
    page.fill("#pw-f-title-en", "Mentors for refugees")
    page.fill("#pw-f-summary-pl", summary)
    page.select_option("#pw-f-status", "completed")
    page.fill("#pw-f-period-start", "2020-11")
    page.fill("#pw-f-period-end", "2021")
    page.fill("#pw-f-implementer-name-pl", "Fundacja Przykładowa")
    page.select_option("#pw-f-implementer-actor_type", "ngo")
    page.fill("#pw-f-implementer-url", "https://example.org/")
    page.click("#pw-f-partners [data-add]")
    page.fill("#pw-f-partners .pw-row input[data-path$='.name.pl']", "Przykładowa instytucja")
    page.select_option("#pw-f-partners .pw-row select[data-path$='.actor_type']", "foreign_institution")
    page.fill("#pw-f-partners .pw-row input[data-path$='.country']", "no")
    page.check("#pw-f-target_groups-minors")
    page.check("#pw-f-target_groups-refugees")
    page.check("#pw-f-themes-mentoring")
    page.select_option("#pw-f-geo-level", "local")
    page.fill("#pw-f-geo-city", "Gdańsk")
    page.check("#pw-f-geo-voivodeships-PL-22")
    page.fill("#pw-f-geo-countries", "pl, NO")
    page.fill("#pw-f-description-pl", 'Pierwszy akapit.\n\n- punkt: jeden\n- punkt "dwa"\n\tz tabulatorem')
    page.click("#pw-f-funding [data-add]")
    page.select_option("#pw-f-funding .pw-row select[data-path$='.source']", "eea_grants")
    page.fill("#pw-f-funding .pw-row input[data-path$='.grant_eur']", "60 804,50")
    page.click("#pw-f-results [data-add]")
    page.fill("#pw-f-results .pw-row input[data-path$='.label.pl']", "Przeszkolone osoby")
    page.fill("#pw-f-results .pw-row input[data-path$='.value']", "120")
    page.select_option("#pw-f-results .pw-row select[data-path$='.qualifier']", "at_least")
    page.fill("#pw-f-contact-email", "biuro@example.org")
    page.fill("#pw-f-sources .pw-row input[data-path$='.title']", "Sprawozdanie końcowe: 2021")
    page.fill("#pw-f-sources .pw-row input[data-path$='.url']", "https://example.org/raport?a=1&b=2")
    page.fill("#pw-f-sources .pw-row input[data-path$='.accessed']", "2026-01-15")
    page.fill("#pw-f-last_reviewed", "2026-02-01")
    page.select_option("#pw-f-translation-en", "partial")


def download(page, folder: Path) -> Path:
    with page.expect_download() as info:
        page.click("#pw-download")
    target = folder / info.value.suggested_filename
    info.value.save_as(target)
    return target


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_valid_form_gives_a_file_that_validates_unchanged(browser, served_site, tmp_path, capsys, lang):
    page, errors = open_form(browser, served_site, lang)
    fill_valid(page)
    assert (
        page.locator("#pw-state")
        .inner_text()
        .strip()
        .endswith("Wpis jest kompletny i poprawny." if lang == "pl" else "The entry is complete and valid.")
    )
    saved = download(page, tmp_path)
    assert saved.name == "no-mentorzy-1-0123-2020-01-01-lodz.yml"
    text = saved.read_text(encoding="utf-8")
    assert text == page.locator("#pw-yaml").inner_text()
    assert text.startswith("# yaml-language-server: $schema=../schema/practice.schema.json\n")

    assert validate.main([str(saved)]) == 0, capsys.readouterr().out
    # every text is double-quoted or a literal block, keys and numbers plain; no anchors, aliases or tags
    events = list(yaml.parse(text))
    scalars = [event for event in events if isinstance(event, yaml.ScalarEvent)]
    assert {event.style for event in scalars} <= {None, '"', "|"}
    plain = [event.value for event in scalars if event.style is None]
    assert all(value.isidentifier() or value.replace(".", "", 1).isdigit() for value in plain), plain
    assert not [event for event in events if isinstance(event, yaml.AliasEvent)]
    assert all(getattr(event, "anchor", None) is None and getattr(event, "tag", None) is None for event in events)
    data = load_yaml(saved).data
    assert data["id"] == saved.stem
    assert data["title"] == {"pl": TRICKY_TITLE, "en": "Mentors for refugees"}
    assert data["summary"] == {"pl": TRICKY_SUMMARY}
    assert data["description"]["pl"] == 'Pierwszy akapit.\n\n- punkt: jeden\n- punkt "dwa"\n\tz tabulatorem'
    assert data["period"] == {"start": "2020-11", "end": "2021"}
    assert data["partners"] == [
        {"name": {"pl": "Przykładowa instytucja"}, "actor_type": "foreign_institution", "country": "NO"}
    ]
    assert data["geo"] == {"level": "local", "voivodeships": ["PL-22"], "city": "Gdańsk", "countries": ["PL", "NO"]}
    assert data["funding"] == [{"source": "eea_grants", "grant_eur": 60804.5}]
    assert data["results"] == [{"label": {"pl": "Przeszkolone osoby"}, "value": 120, "qualifier": "at_least"}]
    assert data["sources"][0]["url"] == "https://example.org/raport?a=1&b=2"
    assert data["last_reviewed"] == "2026-02-01"
    assert list(data) == [
        *("id", "title", "summary", "status", "period", "implementer", "partners", "target_groups", "themes"),
        *("geo", "funding", "description", "results", "contact", "sources", "last_reviewed", "translation"),
    ]
    assert not errors
    page.close()


def test_missing_required_field_shows_the_error_next_to_it(browser, served_site):
    page, _ = open_form(browser, served_site)
    fill_valid(page)
    page.fill("#pw-f-summary-pl", "")
    page.click("#pw-download")
    field = page.locator("#pw-f-summary-pl")
    assert field.get_attribute("aria-invalid") == "true"
    error = page.locator("#pw-f-summary-pl-error")
    assert error.inner_text() == "To pole jest wymagane."
    assert "pw-f-summary-pl-error" in field.get_attribute("aria-describedby").split()
    # the message sits right below its field, in the same field block
    assert (
        page.evaluate("() => document.getElementById('pw-f-summary-pl').nextElementSibling.id")
        == "pw-f-summary-pl-error"
    )
    summary = page.locator("#pw-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.id") == "pw-summary"
    assert summary.locator("a").count() == 1
    summary.locator("a").click()
    assert page.evaluate("document.activeElement.id") == "pw-f-summary-pl"
    # only that field is marked
    assert page.locator('[aria-invalid="true"]').count() == 1
    page.fill("#pw-f-summary-pl", "Streszczenie.")
    assert field.get_attribute("aria-invalid") is None
    assert error.inner_text() == ""
    page.close()


def test_each_kind_of_mistake_is_named_at_its_field(browser, served_site):
    page, _ = open_form(browser, served_site, "en")
    fill_valid(page)
    page.fill("#pw-f-period-start", "2021-13")
    page.fill("#pw-f-period-end", "2020")
    page.fill("#pw-f-implementer-url", "javascript:alert(1)")
    page.uncheck("#pw-f-themes-mentoring")
    page.fill("#pw-f-funding .pw-row input[data-path$='.grant_eur']", "about 100")
    page.fill("#pw-f-id", "avr-project")  # an id another practice already has
    page.click("#pw-download")
    messages = {
        "pw-f-period-start": "This date does not exist.",
        "pw-f-period-end": "The end cannot be before the start.",
        "pw-f-implementer-url": "The address must start with https:// or http://",
        "pw-f-themes": "Tick at least one.",
        "pw-f-id": "Another practice on the platform already has this identifier",
    }
    for field, message in messages.items():
        assert message in page.locator(f"#{field}-error").inner_text(), field
        assert page.locator(f"#{field}").get_attribute("aria-invalid") == "true", field
    amount = page.locator("#pw-f-funding .pw-row input[data-path$='.grant_eur']")
    assert (
        page.locator(f"#{amount.get_attribute('id')}-error").inner_text()
        == "Write a number only, e.g. 1250 or 1250.50."
    )
    page.close()


def test_errors_wait_until_a_field_is_left(browser, served_site):
    page, _ = open_form(browser, served_site)
    assert page.locator('[aria-invalid="true"]').count() == 0
    page.focus("#pw-f-title-pl")
    page.focus("#pw-f-title-en")
    assert page.locator("#pw-f-title-pl").get_attribute("aria-invalid") == "true"
    assert page.locator("#pw-f-summary-pl").get_attribute("aria-invalid") is None
    page.close()


def test_github_link_carries_the_url_encoded_file(browser, served_site):
    page, _ = open_form(browser, served_site)
    fill_valid(page, title="Mentorzy dla uchodźców w Gdańsku")
    href = page.locator("#pw-github").get_attribute("href")
    yaml_text = page.locator("#pw-yaml").inner_text()
    repo_url = "https://github.com/platforma-wiedzy/platforma-wiedzy"
    assert href.startswith(f"{repo_url}/new/main/practices?filename=mentorzy-dla-uchodzcow-w-gdansku.yml&value=")
    assert href.split("&value=", 1)[1] == page.evaluate("(text) => encodeURIComponent(text)", yaml_text)
    query = parse_qs(urlparse(href).query)
    assert query["filename"] == ["mentorzy-dla-uchodzcow-w-gdansku.yml"]
    assert query["value"] == [yaml_text]
    assert page.locator("#pw-github").get_attribute("target") == "_blank"
    page.close()


def test_github_link_does_not_open_while_the_entry_is_incomplete(browser, served_site):
    page, _ = open_form(browser, served_site)
    page.evaluate("window.addEventListener('click', (event) => { window.pwPrevented = event.defaultPrevented; })")
    page.click("#pw-github")
    assert page.evaluate("window.pwPrevented") is True
    assert page.locator("#pw-summary").is_visible()
    assert page.locator('[aria-invalid="true"]').count() >= 5
    page.close()


def test_form_offers_vocabularies_in_the_page_language(browser, served_site):
    vocabularies = load_yaml(ROOT / "data" / "vocabularies.yml").data
    for lang in ("pl", "en"):
        page, _ = open_form(browser, served_site, lang)
        for key, selector in (("target_groups", "#pw-f-target_groups"), ("themes", "#pw-f-themes")):
            labels = page.locator(f"{selector} label").all_inner_texts()
            assert labels == [label[lang] for label in vocabularies[key]["codes"].values()]
        options = page.locator("#pw-f-implementer-actor_type option").all_inner_texts()[1:]
        assert options == [label[lang] for label in vocabularies["actor_types"]["codes"].values()]
        page.close()


def test_form_uses_the_published_schema_and_sends_nothing(browser, served_site, built_site, tmp_path):
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(f"{request.method} {request.url}"))
    page.goto(f"{served_site}/en/submit/")
    page.wait_for_selector('.pw-submit[data-ready="true"]')
    fill_valid(page)
    download(page, tmp_path)
    assert f"GET {served_site}/schema/practice.schema.json" in requests
    assert all(r.startswith("GET ") for r in requests)
    assert all(urlparse(r.split(" ", 1)[1]).netloc == urlparse(served_site).netloc for r in requests if "http" in r)
    published = json.loads((built_site / "schema" / "practice.schema.json").read_text(encoding="utf-8"))
    checked_in = json.loads((ROOT / "schema" / "practice.schema.json").read_text(encoding="utf-8"))
    assert published == checked_in
    page.close()


def test_phone_layout_of_the_form_has_no_horizontal_scroll(browser, served_site):
    for lang in ("pl", "en"):
        page, _ = open_form(browser, served_site, lang, width=390)
        page.click("#pw-f-results [data-add]")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, lang
        page.close()


def test_ids_from_titles_match_the_command_line_tool(browser, served_site):
    from new_practice import slugify

    page, _ = open_form(browser, served_site)
    titles = [
        "Mentorzy dla uchodźców w Gdańsku",
        "Łódzkie ŻÓŁTE ścieżki: szkolenia (2021–2022)",
        "A very long title that goes on and on about training staff of the Border Guard in Poland",
    ]
    for title in titles:
        page.fill("#pw-f-title-pl", title)
        assert page.input_value("#pw-f-id") == slugify(title), title
    page.fill("#pw-f-id", "my-own-id")
    page.fill("#pw-f-title-pl", "Inny tytuł")
    assert page.input_value("#pw-f-id") == "my-own-id"  # an id typed by hand is kept
    page.close()


def test_a_very_long_entry_suggests_downloading_instead_of_the_link(browser, served_site):
    page, _ = open_form(browser, served_site, "en")
    fill_valid(page)
    assert page.locator("#pw-long").is_hidden()
    page.fill("#pw-f-how_it_works-pl", "Bardzo długi opis działania praktyki. " * 300)
    assert len(page.locator("#pw-github").get_attribute("href")) > 8000
    assert page.locator("#pw-long").is_visible()
    page.close()


def test_an_organisation_picked_from_the_list_is_named_by_its_id(browser, served_site, tmp_path, capsys):
    """Picking an organisation hides the fields that describe a new one, and the entry names it by id; a partner
    not on the list is written out (until the editors give it a file)."""
    page, errors = open_form(browser, served_site, "en")
    fill_valid(page)
    new_name = page.locator("#pw-f-implementer-name-pl")
    assert new_name.is_visible()
    page.select_option("#pw-f-implementer-organisation", "iom")
    expect(new_name).to_be_hidden()
    page.click("#pw-f-partners [data-add]")  # a second partner, picked from the list
    page.locator("#pw-f-partners .pw-row select[data-path$='.organisation']").nth(1).select_option("udsc")
    assert page.locator("#pw-f-implementer-organisation option", has_text="Office for Foreigners (UdSC)").count() == 1
    saved = download(page, tmp_path)
    assert validate.main([str(saved)]) == 0, capsys.readouterr().out
    data = load_yaml(saved).data
    assert data["implementer"] == {"organisation": "iom"}  # the name typed before is not written
    assert data["partners"] == [
        {"name": {"pl": "Przykładowa instytucja"}, "actor_type": "foreign_institution", "country": "NO"},
        {"organisation": "udsc"},
    ]
    page.select_option("#pw-f-implementer-organisation", "")  # back to "not on the list": the fields return
    expect(new_name).to_be_visible()
    assert "Fundacja Przykładowa" in page.locator("#pw-yaml").inner_text()
    assert not errors
    page.close()
