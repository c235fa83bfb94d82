"""Open data: practices.json, practices.csv and the Atom feeds (core functions, then the built site)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from xml.etree import ElementTree as ET

import pytest

from platforma.content.practices import Text, load_practices
from platforma.content.vocabularies import load_vocabularies
from platforma.pages import exports

SITE = "https://platforma-wiedzy.example/"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def practices():
    result = load_practices()
    assert result.ok, result.problems
    return result.practices


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_opens_with_the_csv_module_and_round_trips_the_ids(practices):
    data = exports.practices_csv(practices, load_vocabularies(), SITE)
    rows = read_csv(data)
    assert [r["id"] for r in rows] == sorted(p.id for p in practices)
    assert list(rows[0]) == list(exports.CSV_COLUMNS)
    by_id = {r["id"]: r for r in rows}
    sample = practices[0]
    assert by_id[sample.id]["title_pl"] == sample.title.pl
    assert by_id[sample.id]["url_en"] == f"{SITE}en/practices/{sample.id}/"
    assert b"\r\n" in data
    text = data.decode("utf-8-sig")
    assert any(ch in text for ch in "ąęłńóśźż"), "Polish letters survive"


def test_csv_cells_cannot_start_a_spreadsheet_formula(practices):
    hostile = replace(practices[0], title=Text('=HYPERLINK("http://x")', "+1"), summary=Text("@SUM(A1)"))
    rows = read_csv(exports.practices_csv([hostile], load_vocabularies(), SITE))
    assert rows[0]["title_pl"] == '\'=HYPERLINK("http://x")'
    assert rows[0]["title_en"] == "'+1" and rows[0]["summary_pl"] == "'@SUM(A1)"


def test_json_has_both_languages_and_resolved_labels(practices):
    data = json.loads(exports.practices_json(practices, load_vocabularies(), SITE))
    assert data["count"] == len(practices) == len(data["practices"])
    assert [p["id"] for p in data["practices"]] == sorted(p.id for p in practices)
    first = data["practices"][0]
    assert set(first["title"]) == {"pl", "en"} and first["title"]["pl"]
    assert set(first["url"]) == {"pl", "en"}
    group = first["target_groups"][0]
    assert set(group) == {"code", "label"} and set(group["label"]) == {"pl", "en"}
    assert group["label"]["en"] == load_vocabularies()["target_groups"].label(group["code"], "en")
    assert any(p["title"]["en"] for p in data["practices"])
    assert data["entry_schema"] == f"{SITE}schema/practice.schema.json"


@pytest.mark.parametrize(("lang", "prefix"), [("pl", ""), ("en", "en/")])
def test_feed_parses_as_atom_with_reviewed_dates(practices, lang, prefix):
    text = exports.atom_feed(practices, lang, load_vocabularies(), SITE, title="T", subtitle="S")
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}id").text == f"{SITE}{prefix}feed.xml"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == min(len(practices), exports.FEED_LIMIT)
    by_url = {f"{SITE}{prefix}practices/{p.id}/": p for p in practices}
    updated = []
    for entry in entries:
        practice = by_url[entry.find(f"{ATOM}id").text]
        assert entry.find(f"{ATOM}updated").text == f"{practice.last_reviewed.isoformat()}T00:00:00Z"
        assert entry.find(f"{ATOM}title").text == practice.title.get(lang)
        assert entry.find(f"{ATOM}link").get("href") == f"{SITE}{prefix}practices/{practice.id}/"
        updated.append(entry.find(f"{ATOM}updated").text)
    assert updated == sorted(updated, reverse=True)
    assert root.find(f"{ATOM}updated").text == max(updated)
    assert text == exports.atom_feed(practices, lang, load_vocabularies(), SITE, title="T", subtitle="S")


def test_feed_escapes_text(practices):
    odd = replace(practices[0], title=Text("A & B <c>", "A & B <c>"))
    text = exports.atom_feed([odd], "pl", load_vocabularies(), SITE, title="T & U", subtitle="S")
    root = ET.fromstring(text)
    assert root.find(f"{ATOM}entry/{ATOM}title").text == "A & B <c>"
    assert root.find(f"{ATOM}title").text == "T & U"


def test_feed_is_limited_to_the_most_recently_reviewed(practices):
    text = exports.atom_feed(practices, "pl", load_vocabularies(), SITE, title="T", subtitle="S", limit=3)
    entries = ET.fromstring(text).findall(f"{ATOM}entry")
    newest = sorted(practices, key=lambda p: (-p.last_reviewed.toordinal(), p.id))[:3]
    assert [e.find(f"{ATOM}id").text for e in entries] == [f"{SITE}practices/{p.id}/" for p in newest]


# --- the built site ---------------------------------------------------------------------------------


def test_built_site_publishes_the_open_data(built_site, practices):
    data = json.loads((built_site / "data" / "practices.json").read_text(encoding="utf-8"))
    assert sorted(p["id"] for p in data["practices"]) == sorted(p.id for p in practices)
    rows = read_csv((built_site / "data" / "practices.csv").read_bytes())
    assert sorted(r["id"] for r in rows) == sorted(p.id for p in practices)
    assert (built_site / "schema" / "practice.schema.json").is_file()
    for feed, lang in ((built_site / "feed.xml", "pl"), (built_site / "en" / "feed.xml", "en")):
        root = ET.fromstring(feed.read_bytes())
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
        assert root.findall(f"{ATOM}entry")


@pytest.mark.parametrize(
    ("page", "lang", "feed"), [("index.html", "pl", "feed.xml"), ("en/practices/index.html", "en", "../feed.xml")]
)
def test_pages_link_the_feed_of_their_language(built_site, page, lang, feed):
    html = (built_site / page).read_text(encoding="utf-8")
    assert f'<link rel="alternate" type="application/atom+xml" hreflang="{lang}"' in html
    assert f'href="{feed}"' in html
