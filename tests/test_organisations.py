"""Organisations as files of their own (organisations/<id>.yml): checked like entries, named by id in entries,
each organisation written once; and the migration that moved the inline names into files."""

from __future__ import annotations

import importlib.util
import posixpath
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import ROOT
from platforma.content.organisations import load_organisations
from platforma.content.practices import load_practices
from platforma.pages.countries import country_name

VALID_ENTRY = (ROOT / "tests" / "fixtures" / "valid-entry.yml").read_text(encoding="utf-8")
INLINE = "implementer: {name: {pl: Przykładowa organizacja}, actor_type: ngo}"

ORGANISATION = """id: przyklad
name: {pl: "Przykładowa organizacja", en: "Example organisation", short: "PO"}
actor_type: ngo
country: "PL"
voivodeship: PL-22
city: Gdańsk
sources:
  - title: Przykładowe sprawozdanie
    lang: pl
"""


def _project(tmp_path: Path, entry: str, organisations: dict[str, str]) -> tuple[Path, Path]:
    practices, folder = tmp_path / "practices", tmp_path / "organisations"
    practices.mkdir()
    folder.mkdir()
    (practices / "valid-entry.yml").write_text(entry, encoding="utf-8")
    for name, text in organisations.items():
        (folder / name).write_text(text, encoding="utf-8")
    return practices, folder


def _load(tmp_path: Path, entry: str, organisations: dict[str, str] | None = None):
    practices, folder = _project(
        tmp_path, entry, {"przyklad.yml": ORGANISATION} if organisations is None else organisations
    )
    found, problems = load_organisations(folder)
    result = load_practices([practices], known_sources=set(), organisations=found)
    return found, problems, result


def _messages(problems) -> list[str]:
    return [f"{p.path.rsplit('/', 1)[-1]}:{p.line}:{p.col}: {p.message}" for p in problems]


def test_an_entry_names_its_organisations_by_id_and_gets_their_details(tmp_path):
    entry = VALID_ENTRY.replace(INLINE, "implementer: {organisation: przyklad}\npartners:\n  - organisation: przyklad")
    found, problems, result = _load(tmp_path, entry)
    assert problems == [] and result.problems == []
    practice = result.practices[0]
    assert practice.implementer.organisation == "przyklad"
    assert practice.implementer.name.plain("en") == "Example organisation (PO)"
    assert (practice.implementer.actor_type, practice.implementer.country) == ("ngo", "PL")
    assert practice.partners[0].name == found["przyklad"].name
    assert (found["przyklad"].voivodeship, found["przyklad"].city) == ("PL-22", "Gdańsk")


@pytest.mark.parametrize(
    ("implementer", "expected"),
    [
        (
            "implementer: {organisation: przyklat}",
            "valid-entry.yml:11:29: implementer.organisation: unknown organisation 'przyklat'; did you mean"
            " 'przyklad'? (organisations are the files in organisations/)",
        ),
        (
            "implementer: {url: 'https://example.org'}",
            "valid-entry.yml:11:14: implementer should be a map with organisation: (the id of a file in"
            " organisations/), or actor_type: alone when the source names no organisation",
        ),
    ],
)
def test_an_unknown_or_missing_organisation_is_reported_at_its_place(tmp_path, implementer, expected):
    _, _, result = _load(tmp_path, VALID_ENTRY.replace(INLINE, implementer))
    assert _messages(result.problems) == [expected]


def test_details_beside_a_reference_and_names_of_an_organisation_with_a_file_are_refused(tmp_path):
    folder = tmp_path / "organisations"
    entry = VALID_ENTRY.replace(
        INLINE,
        "implementer: {organisation: przyklad, actor_type: ngo}\n"
        "partners:\n"
        '  - name: {en: "EXAMPLE  organisation"}\n'
        "    actor_type: ngo",
    )
    _, _, result = _load(tmp_path, entry)
    assert _messages(result.problems) == [
        "valid-entry.yml:11:39: implementer.actor_type: an organisation's details are kept in"
        " organisations/przyklad.yml",
        f"valid-entry.yml:13:11: partners[0].name: this organisation has a file ({folder / 'przyklad.yml'});"
        " write organisation: przyklad instead of its details",
    ]


def test_an_organisation_without_a_file_written_out_in_two_entries_is_refused(tmp_path):
    practices, folder = _project(tmp_path, VALID_ENTRY, {})
    second = VALID_ENTRY.replace("id: valid-entry", "id: zz-second").replace(
        INLINE, 'implementer: {name: {pl: "PRZYKŁADOWA  organizacja"}, actor_type: ngo}'
    )
    (practices / "zz-second.yml").write_text(second, encoding="utf-8")
    result = load_practices([practices], known_sources=set(), organisations={})
    assert _messages(result.problems) == [
        "zz-second.yml:11:21: implementer.name: this organisation is also written out in"
        f" {practices / 'valid-entry.yml'}; give it a file in organisations/ and name it by id in both"
        " (one organisation, one file)"
    ]


def test_an_entry_still_says_when_the_source_names_no_organisation(tmp_path):
    entry = VALID_ENTRY.replace(INLINE, "implementer: {actor_type: unspecified}")
    _, _, result = _load(tmp_path, entry)
    assert result.problems == [] and result.practices[0].implementer.name is None


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("id: przyklad", "id: inna"), "przyklad.yml:1:5: id 'inna' must equal the file name 'przyklad'"),
        (("actor_type: ngo", "actor_type: ngoo"), "przyklad.yml:3:13: unknown actor type 'ngoo'; did you mean 'ngo'?"),
        (("voivodeship: PL-22", "voivodeship: PL-99"), "przyklad.yml:5:14: unknown voivodeship 'PL-99'"),
        (
            ("  - title: Przykładowe sprawozdanie\n    lang: pl\n", "  - source: nie-ma\n"),
            "przyklad.yml:8:13: sources[0].source: unknown source 'nie-ma'",
        ),
        (("city: Gdańsk", "town: Gdańsk"), "przyklad.yml:6:1: unknown field 'town'"),
        (("id: przyklad", "id: index"), "przyklad.yml:1:5: id 'index' must equal the file name"),
    ],
)
def test_an_organisation_file_is_checked_like_an_entry(tmp_path, change, expected):
    folder = tmp_path / "organisations"
    folder.mkdir()
    (folder / "przyklad.yml").write_text(ORGANISATION.replace(*change), encoding="utf-8")
    found, problems = load_organisations(folder, known_sources=set())
    assert found == {}
    assert any(m.startswith(expected) for m in _messages(problems)), _messages(problems)


def test_index_is_not_an_id_and_a_link_is_not_read(tmp_path):
    folder = tmp_path / "organisations"
    folder.mkdir()
    (folder / "index.yml").write_text(ORGANISATION.replace("id: przyklad", "id: index"), encoding="utf-8")
    (folder / "link.yml").symlink_to(folder / "index.yml")
    found, problems = load_organisations(folder, known_sources=set())
    assert found == {}
    assert "index.yml:1:5: 'index' cannot be an id (it is the directory's page)" in _messages(problems)
    assert any(m.startswith("link.yml:1:1: is a symbolic link") for m in _messages(problems)), _messages(problems)


def test_two_files_with_one_name_are_refused(tmp_path):
    folder = tmp_path / "organisations"
    folder.mkdir()
    (folder / "przyklad.yml").write_text(ORGANISATION, encoding="utf-8")
    twin = (
        ORGANISATION.replace("id: przyklad", "id: zz-twin")
        .replace("Przykładowa", "Inna")
        .replace('"Example organisation"', '"Example Organisation "')
    )
    (folder / "zz-twin.yml").write_text(twin, encoding="utf-8")
    _, problems = load_organisations(folder)
    assert _messages(problems) == [
        "zz-twin.yml:2:36: name.en 'Example Organisation ' is also a name of"
        f" {(folder / 'przyklad.yml')}: one organisation, one file"
    ]


def test_every_real_organisation_is_valid_and_named_by_some_entry():
    found, problems = load_organisations()
    assert problems == [] and found
    named = {a.organisation for p in load_practices().practices for a in (p.implementer, *p.partners)}
    assert set(found) <= named, set(found) - named


def _migration():
    path = ROOT / "scripts" / "migrations" / "2026_12_organisations.py"
    spec = importlib.util.spec_from_file_location("organisations_migration", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_migration_moves_each_organisation_into_one_file_and_keeps_comments(tmp_path):
    practices, folder = _project(tmp_path, VALID_ENTRY, {})
    second = VALID_ENTRY.replace("id: valid-entry", "id: second").replace(
        INLINE,
        "implementer:  # who ran it\n"
        "  name: {en: Example organisation, short: PO}\n"
        "  actor_type: ngo\n"
        "  # the partner below gave the place\n"
        "partners:\n"
        '  - name: {pl: "PRZYKŁADOWA organizacja", en: Example organisation}\n'
        "    actor_type: ngo\n"
        "    country: PL\n"
        "  - {name: {short: XYZ}, actor_type: municipality}\n",
    )
    (practices / "second.yml").write_text(second, encoding="utf-8")
    done = _migration().migrate(practices, folder)
    # one organisation, however its names were spread over the entries; its id is the acronym one gave
    assert sorted(p.name for p in folder.iterdir()) == ["po.yml", "xyz.yml"], done
    moved = (practices / "second.yml").read_text(encoding="utf-8")
    assert "implementer: {organisation: po}\n  # the partner below gave the place\n" in moved
    assert "  - organisation: po\n  - {organisation: xyz}\n" in moved
    assert "implementer: {organisation: po}\ntarget_groups" in (practices / "valid-entry.yml").read_text("utf-8")
    assert "# who ran it" not in moved  # a comment inside the replaced text goes with it; the others stay
    found, problems = load_organisations(folder)
    assert problems == []
    organisation = found["po"]
    assert (organisation.name.pl, organisation.name.en, organisation.name.short) == (
        "PRZYKŁADOWA organizacja",  # as first written: the implementer of second.yml gave none, its partner did
        "Example organisation",
        "PO",
    )
    assert organisation.country == "PL" and organisation.sources[0].title == "Przykładowe sprawozdanie"
    result = load_practices([practices], known_sources=set(), organisations=found)
    assert result.problems == []
    assert {p.implementer.organisation for p in result.practices} == {"po"}


class _Page(HTMLParser):
    """The links of a built page's article, and the text and language marks of its first heading."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.h1_langs: list[str] = []
        self.h1 = ""
        self._in_article = self._in_h1 = False
        self._h1_done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self._in_article |= tag == "article"
        if tag == "h1" and self._in_article and not self._h1_done:
            self._in_h1 = True
        if self._in_h1 and found.get("lang"):
            self.h1_langs.append(found["lang"] or "")
        if tag == "a" and self._in_article and found.get("href"):
            self.links.append(found["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1" and self._in_h1:
            self._in_h1, self._h1_done = False, True

    def handle_data(self, data: str) -> None:
        if self._in_h1:
            self.h1 += data


def _page(site: Path, path: str) -> _Page:
    parser = _Page()
    parser.feed((site / path / "index.html").read_text(encoding="utf-8"))
    return parser


def _target(page_path: str, href: str) -> str:
    """The site path a relative link on the page at `page_path` leads to."""
    return posixpath.normpath(posixpath.join(page_path, href)) + "/"


def test_every_organisation_has_a_page_in_both_languages_linked_from_its_practices(built_site):
    organisations, _ = load_organisations()
    practices = load_practices().practices
    for lang in ("", "en/"):
        directory = _page(built_site, f"{lang}organisations")
        listed = {_target(f"{lang}organisations", href) for href in directory.links}
        for organisation in organisations.values():
            path = f"{lang}organisations/{organisation.id}/"
            assert path in listed, path
            page = _page(built_site, path)
            assert organisation.name.plain("en" if lang else "pl") in " ".join(page.h1.split()), path
        for practice in practices:
            page_path = f"{lang}practices/{practice.id}"
            links = {_target(page_path, href) for href in _page(built_site, page_path).links}
            for actor in (practice.implementer, *practice.partners):
                if actor.organisation:
                    assert f"{lang}organisations/{actor.organisation}/" in links, (page_path, actor.organisation)


def test_an_organisation_page_shows_its_practices_and_partners_and_marks_a_name_in_the_other_language(built_site):
    page = _page(built_site, "organisations/immigrant-support-center")
    assert page.h1_langs == ["en"]  # known only by its English name: marked on the Polish page
    links = {_target("organisations/immigrant-support-center", href) for href in page.links}
    ran = {p.id for p in load_practices().practices if p.implementer.organisation == "immigrant-support-center"}
    assert ran and {f"practices/{i}/" for i in ran} <= links
    # it worked with the partners of those practices, whose pages it links
    assert "organisations/gdansk-foundation-of-social-innovation/" in links
    english = _page(built_site, "en/organisations/norwegian-police")
    assert english.h1_langs == [] and "Norwegian Police" in english.h1


def _svg_links(site: Path, lang: str) -> set[frozenset[str]]:
    root = ET.parse(site / lang / "organisations" / "network.svg").getroot()
    paths = root.iter("{http://www.w3.org/2000/svg}path")
    return {frozenset((p.get("data-from"), p.get("data-to"))) for p in paths}


def _table_links(site: Path, lang: str) -> set[frozenset[str]]:
    """The pairs of organisations in the rows of the table below the picture, from the links in their first two
    cells."""
    html = (site / lang / "organisations" / "index.html").read_text(encoding="utf-8")
    table = html.split('<div class="pw-network__links">', 1)[1].split("</table>", 1)[0]
    found = set()
    for row in table.split("<tr>")[2:]:  # after the header's row
        cells = row.split("<td>")[1:3]
        ids = [re.search(r'href="(?:\.\./)*(?:en/)?organisations/([^/"]+)/"', cell) for cell in cells]
        if not all(ids):
            ids = [re.search(r'href="([^/"]+)/"', cell) for cell in cells]  # a link relative to the directory
        found.add(frozenset(m.group(1) for m in ids))
    return found


def test_the_network_picture_and_its_table_show_the_same_links(built_site):
    organisations, _ = load_organisations()
    shared: set[frozenset[str]] = set()
    for practice in load_practices().practices:
        named = {a.organisation for a in (practice.implementer, *practice.partners) if a.organisation}
        shared |= {frozenset((a, b)) for a in named for b in named if a < b}
    assert shared  # the real content has partners
    for lang in ("", "en/"):
        assert _svg_links(built_site, lang) == shared, lang
        assert _table_links(built_site, lang) == shared, lang
        root = ET.parse(built_site / lang / "organisations" / "network.svg").getroot()
        rows = {c.get("data-id") for c in root.iter("{http://www.w3.org/2000/svg}circle") if c.get("data-id")}
        assert rows == set(organisations)


def test_the_directory_filters_by_type_and_finds_names_with_the_search_engine(browser, served_site):
    """The directory's filters and text box in Chromium: a type keeps its organisations, words typed are matched by
    the search box's engine (an English query finds a name known in Polish, a Polish word without its accent the
    English page's organisation), and the state is in the address."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{served_site}/en/organisations/")
        page.wait_for_selector("[data-pw-filters]:not([hidden])")

        def shown() -> list[str]:
            return [
                " ".join(t.split())
                for t in page.locator("[data-pw-org]:visible .pw-organisations__name").all_inner_texts()
            ]

        assert len(shown()) == len(load_organisations()[0])
        page.locator("details[data-facet=type] summary").click()
        page.check("input[name=type][value=intl_org]")
        assert shown() == [
            "International Centre for Migration Policy Development (ICMPD)",
            "International Organization for Migration (IOM)",
        ]
        assert page.url.endswith("?type=intl_org")
        page.uncheck("input[name=type][value=intl_org]")
        page.click("#pw-org-q")
        page.keyboard.type("office foreigners")
        page.wait_for_selector("[data-pw-directory][data-pw-words=engine]")
        expect(page.locator("[data-pw-org]:visible")).to_have_count(1)
        assert shown() == ["Office for Foreigners (UdSC)"]
        page.goto(
            f"{served_site}/organisations/?text=policja+norweska&type=police"
        )  # the Polish page, from the address
        page.wait_for_selector("[data-pw-directory][data-pw-words=engine]")
        assert shown() == ["Policja norweska"]
        assert page.locator("input[name=type][value=police]").is_checked()
        assert not errors
    finally:
        page.close()


def test_without_the_engine_the_directory_matches_words_as_typed(browser, served_site):
    """When the search engine cannot load, the text box still filters: each word, folded (case and diacritics),
    is looked for in the item (search/loader.js's fold, which the catalogue uses too)."""
    context = browser.new_context()
    try:
        context.route("**/search/engine.js", lambda route: route.abort())
        page = context.new_page()
        page.goto(f"{served_site}/organisations/?text=URZAD+cudzoziemcow")
        page.wait_for_selector("[data-pw-directory][data-pw-words=as-typed]")
        names = [
            " ".join(t.split()) for t in page.locator("[data-pw-org]:visible .pw-organisations__name").all_inner_texts()
        ]
        assert names == ["Urząd do Spraw Cudzoziemców (UdSC)"]
    finally:
        context.close()


def test_countries_are_named_in_the_reader_s_language_not_given_as_codes(built_site):
    assert country_name("PL", "pl") == "Polska" and country_name("NO", "en") == "Norway"
    assert country_name("ZZ", "en") == "ZZ" and country_name("EU", "pl") == "EU"  # not countries: as written
    for lang, norway, poland in (("pl", "Norwegia", "Polska"), ("en", "Norway", "Poland")):
        prefix = "" if lang == "pl" else "en/"
        police = (built_site / prefix / "organisations" / "norwegian-police" / "index.html").read_text(encoding="utf-8")
        assert f"<dd>{norway}</dd>" in police
        practice = (built_site / prefix / "practices" / "avr-project" / "index.html").read_text(encoding="utf-8")
        assert f" · {poland}</dd>" in practice and f", {poland})" in practice  # where it ran; a partner's country
        assert not re.search(r"(, |· )(PL|NO|CH)\b", practice + police)
