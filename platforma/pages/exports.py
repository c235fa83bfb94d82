"""Open data published with every build: all practices as JSON and CSV, and Atom feeds per language.

Pure functions from validated `Practice` objects to text or bytes.  Output depends on the
content only (no clocks, no dict-order accidents), so two builds of the same sources give
byte-identical files.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from typing import Any
from xml.etree import ElementTree as ET

from platforma.content.practices import MARKDOWN_SECTIONS, OrgName, Practice, Source, Text
from platforma.content.sources import source_path
from platforma.content.vocabularies import Vocabulary
from platforma.pages.views import practice_path
from platforma.project import LANGUAGES, language_prefix

ATOM_NS = "http://www.w3.org/2005/Atom"
FEED_LIMIT = 50
"""Entries per feed: the most recently reviewed practices."""

LICENCE = "CC BY 4.0"


def absolute_url(site_url: str, path: str) -> str:
    """The full address of the site path `path` on the site at `site_url`."""
    return f"{site_url.rstrip('/')}/{path}"


def _text(value: Text | None) -> dict[str, str | None] | None:
    return {"pl": value.pl, "en": value.en} if value else None


def _coded(vocabularies: Mapping[str, Vocabulary], key: str, code: str | None) -> dict[str, Any] | None:
    if code is None:
        return None
    return {"code": code, "label": {lang: vocabularies[key].label(code, lang) for lang in LANGUAGES}}


def _name(name: OrgName | None) -> dict[str, str] | None:
    """An organisation's name as in the entry (None: the source does not name it)."""
    return {k: v for k, v in vars(name).items() if v} if name else None


def _citation(source: Source, site_url: str) -> dict[str, Any]:
    """A citation: an archived source with the address of its copy, or a published work."""
    if source.source:
        record: dict[str, Any] = {
            "source": source.source,
            "url": {lang: absolute_url(site_url, source_path(source.source, lang)) for lang in LANGUAGES},
        }
        if source.locator:
            record["locator"] = _text(source.locator)
        return record
    return {
        k: v
        for k, v in {"title": source.title, "lang": source.lang, "url": source.url, "accessed": source.accessed}.items()
        if v
    }


def practice_record(practice: Practice, vocabularies: Mapping[str, Vocabulary], site_url: str) -> dict[str, Any]:
    """One practice with both languages and every vocabulary code paired with its labels."""
    voc = vocabularies

    def coded(key: str, code: str | None) -> dict[str, Any] | None:
        return _coded(voc, key, code)

    def actor(a) -> dict[str, Any]:
        data: dict[str, Any] = {"name": _name(a.name), "actor_type": coded("actor_types", a.actor_type)}
        if a.url:
            data["url"] = a.url
        if a.country:
            data["country"] = a.country
        return data

    record: dict[str, Any] = {
        "id": practice.id,
        "url": {lang: absolute_url(site_url, practice_path(practice.id, lang)) for lang in LANGUAGES},
        "title": _text(practice.title),
        "summary": _text(practice.summary),
        "status": coded("statuses", practice.status),
        "period": {"start": practice.period_start, "end": practice.period_end} if practice.period_start else None,
        "implementer": actor(practice.implementer),
        "partners": [actor(p) for p in practice.partners],
        "target_groups": [coded("target_groups", c) for c in practice.target_groups],
        "themes": [coded("themes", c) for c in practice.themes],
        "geo": {
            "level": coded("geo_levels", practice.geo.level),
            "voivodeships": [coded("voivodeships", c) for c in practice.geo.voivodeships],
            "city": practice.geo.city,
            "countries": list(practice.geo.countries),
        },
        "funding": [
            {"source": coded("funding_sources", f.source), "programme": _text(f.programme), "grant_eur": f.grant_eur}
            for f in practice.funding
        ],
        "total_cost_eur": practice.total_cost_eur,
        "project_number": practice.project_number,
        **{key: _text(practice.sections.get(key)) for key in MARKDOWN_SECTIONS},
        "results": [
            {
                "label": _text(r.label),
                "value": r.value,
                "unit": _text(r.unit),
                "qualifier": coded("result_qualifiers", r.qualifier),
                "metric": coded("metrics", r.metric),
                "planned": r.planned,
            }
            for r in practice.results
        ],
        "part_of": practice.part_of,
        "contact": dict(sorted(practice.contact.items())) or None,
        "sources": [_citation(s, site_url) for s in practice.sources],
        "last_reviewed": practice.last_reviewed.isoformat(),
        "review_due": practice.review_due.isoformat(),
        "translation": {"en": coded("translation_states", practice.translation_en)},
    }
    return record


def practices_json(practices: list[Practice], vocabularies: Mapping[str, Vocabulary], site_url: str) -> str:
    """`/data/practices.json`: every practice, both languages, labels resolved; sorted by id."""
    data = {
        "title": {"pl": "Platforma Wiedzy – dobre praktyki", "en": "Knowledge Platform – good practices"},
        "licence": LICENCE,
        "entry_schema": absolute_url(site_url, "schema/practice.schema.json"),
        "note": "Each practice as in its source file, with every code paired with its Polish and English label.",
        "count": len(practices),
        "practices": [],
    }
    records = [practice_record(p, vocabularies, site_url) for p in sorted(practices, key=lambda p: p.id)]
    # One practice per line: readable and diff-friendly, and json's C encoder does the work (with `indent`
    # the pure-Python encoder runs, which took a third of a second at 1000 practices).
    head = json.dumps(data, ensure_ascii=False).removesuffix("[]}")
    rows = ",\n".join(json.dumps(record, ensure_ascii=False) for record in records)
    return f"{head}[\n{rows}\n]}}\n" if records else f"{head}[]}}\n"


CSV_COLUMNS = (
    "id",
    "title_pl",
    "title_en",
    "summary_pl",
    "summary_en",
    "status",
    "period_start",
    "period_end",
    "implementer",
    "implementer_type",
    "partners",
    "target_groups",
    "themes",
    "level",
    "voivodeships",
    "city",
    "countries",
    "funding",
    "grants_eur",
    "total_cost_eur",
    "project_number",
    "results",
    "part_of",
    "last_reviewed",
    "url_pl",
    "url_en",
    "sources",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """Text for a spreadsheet: numbers plain, and a leading ' before text a spreadsheet would run as a formula."""
    if value is None:
        return ""
    if isinstance(value, float | int):
        return str(int(value)) if float(value).is_integer() else str(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _labels(vocabularies: Mapping[str, Vocabulary], key: str, codes: tuple[str, ...] | list[str]) -> str:
    """'Małoletni (minors); Mieszkalnictwo (housing)': Polish labels with the codes (for filtering)."""
    return "; ".join(f"{vocabularies[key].label(c, 'pl')} ({c})" for c in codes)


def practices_csv(practices: list[Practice], vocabularies: Mapping[str, Vocabulary], site_url: str) -> bytes:
    """`/data/practices.csv`: one row per practice, UTF-8 with BOM (so spreadsheets read Polish letters), CRLF."""
    voc = vocabularies
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for p in sorted(practices, key=lambda p: p.id):
        results = "; ".join(
            " ".join(
                filter(
                    None,
                    [
                        f"{r.label.pl}:",
                        voc["result_qualifiers"].label(r.qualifier, "pl") if r.qualifier != "exactly" else "",
                        csv_cell(r.value),
                        r.unit.pl if r.unit else "",
                    ],
                )
            )
            for r in p.results
        )
        amounts = [f.grant_eur for f in p.funding if f.grant_eur is not None]
        row = {
            "id": p.id,
            "title_pl": p.title.pl,
            "title_en": p.title.en,
            "summary_pl": p.summary.pl,
            "summary_en": p.summary.en,
            "status": _labels(voc, "statuses", [p.status] if p.status else []),
            "period_start": p.period_start,
            "period_end": p.period_end,
            "implementer": p.implementer.name.plain("pl") if p.implementer.name else None,
            "implementer_type": _labels(voc, "actor_types", [p.implementer.actor_type]),
            "partners": "; ".join(a.name.plain("pl") for a in p.partners if a.name),
            "target_groups": _labels(voc, "target_groups", p.target_groups),
            "themes": _labels(voc, "themes", p.themes),
            "level": _labels(voc, "geo_levels", [p.geo.level]),
            "voivodeships": _labels(voc, "voivodeships", p.geo.voivodeships),
            "city": p.geo.city,
            "countries": "; ".join(p.geo.countries),
            "funding": "; ".join(
                " – ".join(filter(None, [voc["funding_sources"].label(f.source, "pl"), f.programme and f.programme.pl]))
                for f in p.funding
            ),
            "grants_eur": sum(amounts) if amounts else None,
            "total_cost_eur": p.total_cost_eur,
            "project_number": p.project_number,
            "results": results,
            "part_of": p.part_of,
            "last_reviewed": p.last_reviewed.isoformat(),
            "url_pl": absolute_url(site_url, practice_path(p.id, "pl")),
            "url_en": absolute_url(site_url, practice_path(p.id, "en")),
            "sources": "; ".join(
                absolute_url(site_url, source_path(s.source, "pl"))
                if s.source
                else " ".join(filter(None, [s.title, s.url]))
                for s in p.sources
            ),
        }
        writer.writerow([csv_cell(row[column]) for column in CSV_COLUMNS])
    return out.getvalue().encode("utf-8-sig")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


def atom_feed(
    practices: list[Practice],
    lang: str,
    vocabularies: Mapping[str, Vocabulary],
    site_url: str,
    *,
    title: str,
    subtitle: str,
    limit: int = FEED_LIMIT,
) -> str:
    """Atom feed of the most recently reviewed practices in `lang` (`updated` = `last_reviewed`)."""
    prefix = language_prefix(lang)
    chosen = sorted(practices, key=lambda p: (-p.last_reviewed.toordinal(), p.id))[:limit]
    feed = ET.Element("feed", {"xmlns": ATOM_NS, "xml:lang": lang})
    _sub(feed, "id", absolute_url(site_url, f"{prefix}feed.xml"))
    _sub(feed, "title", title)
    _sub(feed, "subtitle", subtitle)
    newest = max((p.last_reviewed for p in practices), default=None)
    _sub(feed, "updated", f"{newest.isoformat()}T00:00:00Z" if newest else "1970-01-01T00:00:00Z")
    _sub(feed, "link", rel="self", type="application/atom+xml", href=absolute_url(site_url, f"{prefix}feed.xml"))
    _sub(feed, "link", rel="alternate", type="text/html", href=absolute_url(site_url, f"{prefix}practices/"))
    author = _sub(feed, "author")
    _sub(author, "name", "Platforma Wiedzy")
    _sub(feed, "rights", LICENCE)
    for p in chosen:
        url = absolute_url(site_url, practice_path(p.id, lang))
        item = _sub(feed, "entry")
        _sub(item, "id", url)
        _sub(item, "title", p.title.get(lang))
        _sub(item, "updated", f"{p.last_reviewed.isoformat()}T00:00:00Z")
        _sub(item, "link", rel="alternate", type="text/html", href=url)
        _sub(item, "summary", p.summary.get(lang))
        for key, codes in (("target_groups", p.target_groups), ("themes", p.themes)):
            for code in codes:
                _sub(item, "category", term=code, label=vocabularies[key].label(code, lang))
    ET.indent(feed, space=" ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
