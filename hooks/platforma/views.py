"""View models: the data templates need to show a practice, in one language.

Python passes data, templates own the HTML.  Markdown fields arrive already
rendered and sanitised (`render.markdown_html`), marked safe for Jinja.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from .practices import MARKDOWN_SECTIONS, Practice
from .relations import Relations
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
    relations: Relations,
    vocabularies: dict[str, Vocabulary],
    ui: dict[str, str],
    link: Link,
    edit_url: str | None,
    today: dt.date,
) -> dict[str, Any]:
    """Everything the practice template shows, in `lang`, with links relative to the page."""
    voc = vocabularies

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

    parent = relations.parent_of(practice)
    children = sorted(relations.children_of(practice), key=lambda p: p.title.get(lang))
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
        "related": [card_view(r, lang, voc, link) for r in relations.related_to(practice)],
        "last_reviewed": practice.last_reviewed.isoformat(),
        "review_due": practice.review_due.isoformat(),
        "overdue": practice.is_overdue(today),
        "translation": translation,
        "edit_url": edit_url,
    }
