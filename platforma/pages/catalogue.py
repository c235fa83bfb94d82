"""The practice catalogue: facets, selection, counts and totals of results, home-page figures.

One description of the facets serves the server-rendered page (counts over every practice),
the per-language data file the browser filters (`catalogue_data`), the tests and the
benchmark.  `assets/javascripts/catalogue.js` mirrors `select`, `facet_counts` and `totals`:
AND across facets, OR within one facet, and the count of a facet value is the number of
practices it would show with the other facets' selections kept.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pyphen

from platforma.content.practices import Practice
from platforma.content.vocabularies import Vocabulary
from platforma.pages.views import Link, card_view, catalogue_path, format_number, practice_path
from platforma.words.order import sort_key

Selection = Mapping[str, Iterable[str]]
"""Chosen values per facet parameter, e.g. {"group": ["minors"], "theme": ["housing"]}."""


@dataclass(frozen=True)
class Facet:
    """One filter of the catalogue: its URL parameter and where its values come from."""

    param: str
    vocabulary: str | None
    values: Callable[[Practice], tuple[str, ...]]


FACETS: tuple[Facet, ...] = (
    Facet("group", "target_groups", lambda p: p.target_groups),
    Facet("theme", "themes", lambda p: p.themes),
    Facet("region", "voivodeships", lambda p: p.geo.voivodeships),
    Facet("actor", "actor_types", lambda p: (p.implementer.actor_type,)),
    Facet("funding", "funding_sources", lambda p: tuple(dict.fromkeys(f.source for f in p.funding))),
    Facet("status", "statuses", lambda p: (p.status,) if p.status else ()),
    Facet("year", None, lambda p: tuple(str(y) for y in p.years)),
)
PARAMS: tuple[str, ...] = tuple(f.param for f in FACETS)

# Voivodeships on a 4 × 4 grid, roughly where they lie on the map (row, column).
TILE_GRID: dict[str, tuple[int, int]] = {
    "PL-32": (1, 1),
    "PL-22": (1, 2),
    "PL-28": (1, 3),
    "PL-20": (1, 4),
    "PL-08": (2, 1),
    "PL-30": (2, 2),
    "PL-04": (2, 3),
    "PL-14": (2, 4),
    "PL-02": (3, 1),
    "PL-10": (3, 2),
    "PL-26": (3, 3),
    "PL-06": (3, 4),
    "PL-16": (4, 1),
    "PL-24": (4, 2),
    "PL-12": (4, 3),
    "PL-18": (4, 4),
}


# A practice page shows a result's own qualifier ("ponad 300" as the source says); a total counts a lower
# bound stated as "more than" like "at least", so the catalogue's wording stays at_least / about.
TOTAL_QUALIFIER = {"more_than": "at_least"}


@dataclass(frozen=True)
class Entry:
    """What filtering needs to know about one practice: facet values and numeric results.

    A result's qualifier is the one its total takes (`TOTAL_QUALIFIER`): "more than 300" adds up as "at least".
    """

    id: str
    values: dict[str, tuple[str, ...]]
    results: tuple[tuple[str, float, str], ...]
    part_of: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, **{param: list(self.values[param]) for param in PARAMS}}
        data["results"] = [[metric, _plain_number(value), qualifier] for metric, value, qualifier in self.results]
        if self.part_of:
            data["part_of"] = self.part_of
        return data


@dataclass(frozen=True)
class Total:
    """The sum of one metric over a selection; `qualifiers` holds at_least / about when they occur."""

    metric: str
    value: float
    qualifiers: frozenset[str]
    practices: int


def _plain_number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def entry(practice: Practice) -> Entry:
    """The filtering view of one practice."""
    return Entry(
        id=practice.id,
        values={facet.param: facet.values(practice) for facet in FACETS},
        results=tuple(
            (r.metric, r.value, TOTAL_QUALIFIER.get(r.qualifier, r.qualifier))
            for r in practice.results
            if r.metric and not r.planned
        ),
        part_of=practice.part_of,
    )


def _normalise(selection: Selection) -> dict[str, set[str]]:
    return {param: set(values) for param, values in selection.items() if param in PARAMS and values}


def _failing(item: Entry, chosen: dict[str, set[str]]) -> list[str]:
    return [param for param, values in chosen.items() if not values.intersection(item.values[param])]


def select(entries: Iterable[Entry], selection: Selection) -> list[Entry]:
    """Entries that match every facet with a selection (any of the values chosen within one facet)."""
    chosen = _normalise(selection)
    return [item for item in entries if not _failing(item, chosen)]


def facet_counts(entries: Iterable[Entry], selection: Selection) -> dict[str, dict[str, int]]:
    """For every facet value: how many practices the selection would show with that value chosen (alone).

    A value's count ignores its own facet's selection and applies all the others, as in
    faceted search everywhere: the numbers tell what ticking one more box will give.
    """
    chosen = _normalise(selection)
    counts: dict[str, dict[str, int]] = {param: {} for param in PARAMS}
    for item in entries:
        failing = _failing(item, chosen)
        if len(failing) > 1:
            continue
        for param in failing or PARAMS:
            bucket = counts[param]
            for value in item.values[param]:
                bucket[value] = bucket.get(value, 0) + 1
    return counts


def totals(selected: Iterable[Entry]) -> list[Total]:
    """Sums of results by metric over the selected entries.

    A result is left out when an ancestor (via `part_of`) is selected too and reports the same
    metric: a project's figure already includes its components'.
    """
    selected = list(selected)
    by_id = {item.id: item for item in selected}
    metrics_of = {item.id: {r[0] for r in item.results} for item in selected}
    sums: dict[str, float] = {}
    qualifiers: dict[str, set[str]] = {}
    practices: dict[str, set[str]] = {}
    for item in selected:
        ancestors: set[str] = set()
        parent = item.part_of
        while parent in by_id and parent not in ancestors:
            ancestors.add(parent)
            parent = by_id[parent].part_of
        for metric, value, qualifier in item.results:
            if any(metric in metrics_of[a] for a in ancestors):
                continue
            sums[metric] = sums.get(metric, 0) + value
            qualifiers.setdefault(metric, set())
            if qualifier != "exactly":
                qualifiers[metric].add(qualifier)
            practices.setdefault(metric, set()).add(item.id)
    return [Total(m, sums[m], frozenset(qualifiers[m]), len(practices[m])) for m in sums]


def qualifier_key(qualifiers: Iterable[str]) -> str:
    """Which wording a total gets: '' (exact), 'at_least', 'about' or 'at_least_about' (both occur)."""
    found = set(qualifiers) - {"exactly"}
    return "_".join(q for q in ("at_least", "about") if q in found)


# --- data for the page and the browser --------------------------------------


def _facet_title(facet: Facet, vocabularies: Mapping[str, Vocabulary], lang: str, ui: Mapping[str, str]) -> str:
    return vocabularies[facet.vocabulary].plural[lang] if facet.vocabulary else ui["catalogue_year"]


def _facet_values(
    facet: Facet, entries: list[Entry], vocabularies: Mapping[str, Vocabulary], lang: str
) -> list[tuple[str, str]]:
    """(code, label) of every value that occurs, in vocabulary order (years: newest first)."""
    present = {value for item in entries for value in item.values[facet.param]}
    if facet.vocabulary is None:
        return [(year, year) for year in sorted(present, reverse=True)]
    vocabulary = vocabularies[facet.vocabulary]
    return [(code, vocabulary.label(code, lang)) for code in vocabulary.codes if code in present]


def catalogue_data(
    practices: list[Practice], lang: str, vocabularies: Mapping[str, Vocabulary], ui: Mapping[str, str]
) -> dict[str, Any]:
    """The one data file the catalogue page loads (`/data/catalogue-<lang>.json`).

    Facet titles and value labels in `lang`, metric labels, and per practice its facet values
    (all as strings), its results with a metric as `[metric, value, qualifier]` and `part_of`.
    Card text stays in the page: the script searches what the reader sees.
    """
    entries = [entry(p) for p in practices]
    return {
        "lang": lang,
        "facets": [
            {
                "param": facet.param,
                "title": _facet_title(facet, vocabularies, lang, ui),
                "values": dict(_facet_values(facet, entries, vocabularies, lang)),
            }
            for facet in FACETS
        ],
        "metrics": {code: vocabularies["metrics"].label(code, lang) for code in vocabularies["metrics"].codes},
        "practices": [item.to_json() for item in entries],
    }


def catalogue_json(
    practices: list[Practice], lang: str, vocabularies: Mapping[str, Vocabulary], ui: Mapping[str, str]
) -> str:
    """`catalogue_data` as compact, deterministic JSON text."""
    data = catalogue_data(practices, lang, vocabularies, ui)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def total_views(
    found: list[Total], lang: str, vocabularies: Mapping[str, Vocabulary], ui: Mapping[str, str]
) -> list[dict[str, Any]]:
    """Totals ready for a template, in vocabulary order, with their 'at least'/'about' wording."""
    by_metric = {t.metric: t for t in found}
    views = []
    for code in vocabularies["metrics"].codes:
        total = by_metric.get(code)
        if total is None:
            continue
        key = qualifier_key(total.qualifiers)
        views.append(
            {
                "metric": code,
                "label": vocabularies["metrics"].label(code, lang),
                "value": format_number(total.value, lang),
                "qualifier": ui[f"total_{key}"] if key else "",
                "practices": total.practices,
            }
        )
    return views


def catalogue_view(
    practices: list[Practice],
    lang: str,
    vocabularies: Mapping[str, Vocabulary],
    ui: Mapping[str, str],
    link: Link,
) -> dict[str, Any]:
    """Everything `catalogue.html` shows: cards, facets with counts, totals, bars and tiles (all practices)."""
    entries = [entry(p) for p in practices]
    counts = facet_counts(entries, {})
    cards = sorted((card_view(p, lang, vocabularies, link) for p in practices), key=lambda c: sort_key(c["title"]))
    facets = []
    for index, facet in enumerate(FACETS):
        values = [
            {"code": code, "label": label, "count": counts[facet.param].get(code, 0)}
            for code, label in _facet_values(facet, entries, vocabularies, lang)
        ]
        facets.append(
            {
                "param": facet.param,
                "title": _facet_title(facet, vocabularies, lang, ui),
                "values": values,
                "open": index < 3,
            }
        )
    total = len(entries)

    def bars(param: str) -> list[dict[str, Any]]:
        facet = next(f for f in facets if f["param"] == param)
        ordered = sorted(facet["values"], key=lambda v: -v["count"])
        return [{**v, "share": round(100 * v["count"] / total, 1) if total else 0} for v in ordered]

    tiles = region_tiles(counts["region"], lang, vocabularies)
    return {
        "cards": cards,
        "facets": facets,
        "total": total,
        "totals": total_views(totals(entries), lang, vocabularies, ui),
        "bars": [
            {"param": "group", "title": ui["chart_groups"], "values": bars("group")},
            {"param": "theme", "title": ui["chart_themes"], "values": bars("theme")},
        ],
        "tiles": tiles,
        "without_region": sum(1 for item in entries if not item.values["region"]),
    }


@lru_cache(maxsize=4)
def _hyphenator(lang: str) -> pyphen.Pyphen:
    return pyphen.Pyphen(lang={"pl": "pl_PL", "en": "en_GB"}.get(lang, "en_GB"), left=3, right=3)


def soft_hyphens(label: str, lang: str) -> str:
    """'zachodniopomorskie' → 'zachod\u00adnio\u00adpo\u00admor\u00adskie': where a name may break in a narrow tile.

    Only letter runs are hyphenated, so an existing hyphen never gets a second one next to it.
    """
    return re.sub(r"[^\W\d_]{6,}", lambda m: _hyphenator(lang).inserted(m.group(0), hyphen="\u00ad"), label)


def region_tiles(
    region_counts: Mapping[str, int], lang: str, vocabularies: Mapping[str, Vocabulary], link: Link | None = None
) -> list[dict[str, Any]]:
    """The 16 voivodeships as tiles of a schematic map (TILE_GRID), shaded by their number of practices.

    With `link`, a tile with practices also links to the catalogue filtered to its voivodeship.
    """
    top = max(region_counts.values(), default=0)
    return [
        {
            "code": code,
            "label": soft_hyphens(vocabularies["voivodeships"].label(code, lang), lang),
            "count": region_counts.get(code, 0),
            "level": tile_level(region_counts.get(code, 0), top),
            "row": row,
            "column": column,
            "url": link(catalogue_path(lang, f"?region={code}")) if link and region_counts.get(code) else None,
        }
        for code, (row, column) in TILE_GRID.items()
    ]


def tile_level(count: int, top: int) -> int:
    """Shade of a voivodeship tile, 0 (none) to 4 (the most practices); the script uses the same steps."""
    if count <= 0 or top <= 0:
        return 0
    return min(4, 1 + (4 * count - 1) // top) if top > 1 else 4


# --- home page ----------------------------------------------------------------


def newest(practices: list[Practice], limit: int = 5) -> list[Practice]:
    """Practices that started most recently (entries without a period last, then by id)."""
    return sorted(practices, key=lambda p: (p.period_start is None, _negated(p.period_start or ""), p.id))[:limit]


def recently_reviewed(practices: list[Practice], limit: int = 5) -> list[Practice]:
    """Practices reviewed most recently (ties by id, so the list is stable)."""
    return sorted(practices, key=lambda p: (-p.last_reviewed.toordinal(), p.id))[:limit]


def _negated(text: str) -> tuple[int, ...]:
    return tuple(-ord(ch) for ch in text)


def home_view(
    practices: list[Practice],
    manuals_count: int,
    lang: str,
    vocabularies: Mapping[str, Vocabulary],
    ui: Mapping[str, str],
    link: Link,
) -> dict[str, Any]:
    """Counts and the two short lists of the home page."""
    entries = [entry(p) for p in practices]
    trained = next((t for t in totals(entries) if t.metric == "people_trained"), None)
    region_counts = Counter(v for p in practices for v in set(p.geo.voivodeships))

    def item(p: Practice) -> dict[str, Any]:
        card = card_view(p, lang, vocabularies, link)
        return {**card, "reviewed": p.last_reviewed.isoformat()}

    counts = [
        {
            "value": format_number(len(practices), lang),
            "label": ui["home_count_practices"],
            "url": link(catalogue_path(lang)),
        },
        {"value": format_number(manuals_count, lang), "label": ui["home_count_manuals"], "url": None},
    ]
    if trained:
        key = qualifier_key(trained.qualifiers)
        counts.append(
            {
                "value": format_number(trained.value, lang),
                "qualifier": ui[f"total_{key}"] if key else "",
                "label": ui["home_count_trained"],
                "url": None,
            }
        )
    return {
        "counts": counts,
        "newest": [item(p) for p in newest(practices)],
        "reviewed": [item(p) for p in recently_reviewed(practices)],
        "catalogue_url": link(catalogue_path(lang)),
        "map": {
            "tiles": region_tiles(region_counts, lang, vocabularies, link),
            "caption": ui["home_map_caption"].format(n=len(region_counts), total=len(TILE_GRID)),
            "without_region": ui["chart_without_region"].format(n=sum(1 for p in practices if not p.geo.voivodeships)),
        },
    }


def practice_url(site_url: str, practice_id: str, lang: str) -> str:
    """Absolute URL of a practice page."""
    return f"{site_url.rstrip('/')}/{practice_path(practice_id, lang)}"
