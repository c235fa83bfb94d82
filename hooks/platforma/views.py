"""View models: the data templates need to show a practice, in one language.

Python passes data, templates own the HTML.  Markdown fields arrive already
rendered and sanitised (`render.markdown_html`), marked safe for Jinja.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from .practices import MARKDOWN_SECTIONS, Practice
from .render import markdown_html
from .vocabularies import Vocabulary

Link = Callable[[str], str]
"""Turns a site path such as `practices/x/` into a URL relative to the page being built."""


def practice_path(practice_id: str, lang: str) -> str:
    """Site path of a practice page (directory URL)."""
    return f"{'' if lang == 'pl' else lang + '/'}practices/{practice_id}/"


def catalogue_path(lang: str, query: str = "") -> str:
    return f"{'' if lang == 'pl' else lang + '/'}practices/{query}"


def format_number(value: float, lang: str) -> str:
    """1058 → '1058' / '1 058' style grouping per language (thin space in Polish)."""
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    return text.replace(",", "\u00a0") if lang == "pl" else text


def format_period(practice: Practice, lang: str, ui: dict[str, str]) -> str | None:
    if not practice.period_start:
        return None
    if not practice.period_end:
        return f"{ui['period_open']} {practice.period_start}"
    return f"{practice.period_start} – {practice.period_end}"


_related_cache: dict[tuple[str, ...], dict[str, list[Practice]]] = {}


def _related_table(everyone: list[Practice], limit: int) -> dict[str, list[Practice]]:
    """For every practice, the ids of its related practices, computed once per set of practices.

    An inverted index (code → ids) keeps this linear in practice, instead of comparing every
    pair: at 1000 practices the pairwise version cost about 5 s of a build.
    """
    key = (*(p.id for p in everyone), str(limit))
    if key in _related_cache:
        return _related_cache[key]
    by_group: dict[str, list[str]] = defaultdict(list)
    by_theme: dict[str, list[str]] = defaultdict(list)
    parent = {p.id: p.part_of for p in everyone}
    for practice in everyone:
        for code in practice.target_groups:
            by_group[code].append(practice.id)
        for code in practice.themes:
            by_theme[code].append(practice.id)
    by_id = {p.id: p for p in everyone}
    table: dict[str, list[Practice]] = {}
    for practice in everyone:
        groups = Counter(i for code in practice.target_groups for i in by_group[code])
        themes = Counter(i for code in practice.themes for i in by_theme[code])
        scored = [
            (-(count + themes[other]), other)
            for other, count in groups.items()
            if other in themes and other != practice.id and parent[other] != practice.id and practice.part_of != other
        ]
        table[practice.id] = [by_id[other] for _, other in heapq.nsmallest(limit, scored)]
    _related_cache.clear()
    _related_cache[key] = table
    return table


def related_practices(practice: Practice, everyone: list[Practice], limit: int = 5) -> list[Practice]:
    """Practices sharing a target group and a theme, most shared first; family links excluded."""
    return _related_table(everyone, limit).get(practice.id, [])


def card_view(practice: Practice, lang: str, vocabularies: dict[str, Vocabulary], link: Link) -> dict[str, Any]:
    """The short form of a practice: for catalogue cards and lists of related practices."""
    voc = vocabularies
    return {
        "id": practice.id,
        "url": link(practice_path(practice.id, lang)),
        "title": practice.title.get(lang),
        "summary": practice.summary.get(lang),
        "implementer": practice.implementer.name,
        "place": ", ".join(
            filter(None, [practice.geo.city, *[voc["voivodeships"].label(v, lang) for v in practice.geo.voivodeships]])
        ),
        "level": voc["geo_levels"].label(practice.geo.level, lang),
        "period": f"{practice.period_start or ''}–{practice.period_end or ''}" if practice.period_start else None,
        "status": voc["statuses"].label(practice.status, lang) if practice.status else None,
        "target_groups": [voc["target_groups"].label(c, lang) for c in practice.target_groups],
        "themes": [voc["themes"].label(c, lang) for c in practice.themes],
    }


def practice_view(
    practice: Practice,
    lang: str,
    *,
    everyone: list[Practice],
    vocabularies: dict[str, Vocabulary],
    ui: dict[str, str],
    link: Link,
    edit_url: str | None,
    today: dt.date,
) -> dict[str, Any]:
    """Everything the practice template shows, in `lang`, with links relative to the page."""
    voc = vocabularies
    by_id = {p.id: p for p in everyone}

    def badges(vocabulary: str, codes: tuple[str, ...], param: str) -> list[dict[str, str]]:
        return [
            {"label": voc[vocabulary].label(c, lang), "url": link(catalogue_path(lang, f"?{param}={c}"))} for c in codes
        ]

    def actor(a) -> dict[str, Any]:
        return {
            "name": a.name,
            "type": voc["actor_types"].label(a.actor_type, lang),
            "url": a.url,
            "country": a.country,
        }

    parent = by_id.get(practice.part_of) if practice.part_of else None
    children = sorted((p for p in everyone if p.part_of == practice.id), key=lambda p: p.title.get(lang))
    translation = "complete" if lang == "pl" else practice.translation_en
    sections = [
        {"key": key, "title": ui[key], "html": Markup(markdown_html(practice.sections[key].get(lang)))}
        for key in MARKDOWN_SECTIONS
        if key in practice.sections
    ]
    return {
        "id": practice.id,
        "title": practice.title.get(lang),
        "summary": practice.summary.get(lang),
        "status": voc["statuses"].label(practice.status, lang) if practice.status else None,
        "period": format_period(practice, lang, ui),
        "implementer": actor(practice.implementer),
        "partners": [actor(p) for p in practice.partners],
        "level": voc["geo_levels"].label(practice.geo.level, lang),
        "city": practice.geo.city,
        "voivodeships": [voc["voivodeships"].label(v, lang) for v in practice.geo.voivodeships],
        "countries": list(practice.geo.countries),
        "target_groups": badges("target_groups", practice.target_groups, "group"),
        "themes": badges("themes", practice.themes, "theme"),
        "funding": [
            {
                "source": voc["funding_sources"].label(f.source, lang),
                "programme": f.programme,
                "amount": format_number(f.amount_eur, lang) + " EUR" if f.amount_eur is not None else None,
            }
            for f in practice.funding
        ],
        "project_number": practice.project_number,
        "results": [
            {
                "label": r.label.get(lang),
                "value": format_number(r.value, lang),
                "qualifier": voc["result_qualifiers"].label(r.qualifier, lang) if r.qualifier != "exactly" else "",
                "unit": r.unit.get(lang) if r.unit else "",
            }
            for r in practice.results
        ],
        "sections": sections,
        "sources": [{"title": s.title, "url": s.url, "accessed": s.accessed} for s in practice.sources],
        "contact": practice.contact,
        "parent": card_view(parent, lang, voc, link) if parent else None,
        "children": [card_view(c, lang, voc, link) for c in children],
        "related": [card_view(r, lang, voc, link) for r in related_practices(practice, everyone)],
        "last_reviewed": practice.last_reviewed.isoformat(),
        "review_due": practice.review_due.isoformat(),
        "overdue": practice.is_overdue(today),
        "translation": translation,
        "edit_url": edit_url,
    }
