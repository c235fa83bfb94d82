"""View models: the data templates need to show a practice, in one language.

Python passes data, templates own the HTML.  Markdown fields arrive already
rendered and sanitised (`render.markdown_html`), marked safe for Jinja.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from markupsafe import Markup

from platforma.content.glossary import Term, abbreviation_block
from platforma.content.practices import MARKDOWN_SECTIONS, OrgName, Practice, Text
from platforma.content.relations import Relations
from platforma.content.sources import SourceDocument
from platforma.content.vocabularies import Vocabulary
from platforma.markup.entry_markdown import markdown_html
from platforma.pages.citations import citation
from platforma.pages.countries import country_name
from platforma.project import site_path
from platforma.words.order import sort_key

Link = Callable[[str], str]
"""Turns a site path such as `practices/x/` into a URL relative to the page being built."""


def practice_path(practice_id: str, lang: str) -> str:
    """Site path of a practice page (directory URL)."""
    return site_path(f"practices/{practice_id}/", lang)


def organisation_path(organisation_id: str, lang: str) -> str:
    """Site path of an organisation's page (directory URL)."""
    return site_path(f"organisations/{organisation_id}/", lang)


def edit_url(edit_base: str | None, path: str) -> str | None:
    """Where an editor changes the file at `path` (from the project's root), or None when the site names no
    repository; `edit_base` ends with `/` (hooks/_adapter.py derives it from mkdocs.yml)."""
    return f"{edit_base}{path}" if edit_base else None


def catalogue_path(lang: str, query: str = "") -> str:
    return site_path(f"practices/{query}", lang)


def abbreviations(practice: Practice, lang: str) -> str:
    """Markdown abbreviation definitions for the acronyms of the entry's organisations (hover explanations)."""
    lines = []
    for actor in (practice.implementer, *practice.partners):
        full, written_in = actor.name.full(lang) if actor.name else (None, lang)
        # a title cannot be marked with its language: a name only in the other language explains nothing here
        if actor.name and actor.name.short and full and written_in == lang:
            lines.append(f"*[{actor.name.short}]: {' '.join(full.split())}")
    return "\n\n" + "\n\n".join(dict.fromkeys(lines)) + "\n" if lines else ""  # one block each: see abbreviation_block


def _with_abbreviations(text: str, practice: Practice, glossary: Sequence[Term], lang: str) -> str:
    return text + abbreviations(practice, lang) + abbreviation_block(glossary, lang, text)


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


def org_view(name: OrgName | None, lang: str) -> dict[str, str | None]:
    """An organisation's name for a template: the name (marked with its language when it is not the
    page's), its acronym; all None when the source does not name it (the template says so)."""
    if name is None:
        return {"full": None, "lang": None, "short": None}
    full, written_in = name.full(lang)
    short = name.short if name.short and (not full or name.short not in full) else None
    return {"full": full, "lang": written_in if full and written_in != lang else None, "short": short}


def text_view(text: Text, lang: str) -> dict[str, str | None]:
    """A bilingual text in `lang`, with the language it falls back to when there is no translation."""
    return {"text": text.get(lang), "lang": None if text.has(lang) else "pl"}


def card_view(practice: Practice, lang: str, vocabularies: dict[str, Vocabulary], link: Link) -> dict[str, Any]:
    """The short form of a practice: for catalogue cards and lists of related practices."""
    voc = vocabularies
    return {
        "id": practice.id,
        "url": link(practice_path(practice.id, lang)),
        "title": practice.title.get(lang),
        "summary": practice.summary.get(lang),
        "implementer": org_view(practice.implementer.name, lang),
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
    sources: dict[str, SourceDocument] | None = None,
    glossary: Sequence[Term] = (),
) -> dict[str, Any]:
    """Everything the practice template shows, in `lang`, with links relative to the page; the Markdown
    sections explain the acronyms of the entry's organisations and the `glossary`'s abbreviations on hover."""
    voc = vocabularies

    def badges(vocabulary: str, codes: tuple[str, ...], param: str) -> list[dict[str, str]]:
        return [
            {"label": voc[vocabulary].label(c, lang), "url": link(catalogue_path(lang, f"?{param}={c}"))} for c in codes
        ]

    def actor(a) -> dict[str, Any]:
        return {
            "name": org_view(a.name, lang),
            # "not stated" is said once, by the name, not again as the type
            "type": None if a.actor_type == "unspecified" else voc["actor_types"].label(a.actor_type, lang),
            "url": a.url,
            "country": country_name(a.country, lang) if a.country else None,
            # an organisation with a file has a page; its own website is on that page
            "page": link(organisation_path(a.organisation, lang)) if a.organisation else None,
        }

    parent = relations.parent_of(practice)
    children = sorted(relations.children_of(practice), key=lambda p: p.title.get(lang))
    translation = "complete" if lang == "pl" else practice.translation_en
    sections = [
        {
            "key": key,
            "title": ui[key],
            "html": Markup(
                markdown_html(_with_abbreviations(practice.sections[key].get(lang), practice, glossary, lang))
            ),
            "lang": text_view(practice.sections[key], lang)["lang"],
        }
        for key in MARKDOWN_SECTIONS
        if key in practice.sections
    ]
    return {
        "id": practice.id,
        "title": practice.title.get(lang),
        "summary": text_view(practice.summary, lang),
        "status": voc["statuses"].label(practice.status, lang) if practice.status else None,
        "period": format_period(practice, lang, ui),
        "implementer": actor(practice.implementer),
        "partners": [actor(p) for p in practice.partners],
        "level": voc["geo_levels"].label(practice.geo.level, lang),
        "city": practice.geo.city,
        "voivodeships": [voc["voivodeships"].label(v, lang) for v in practice.geo.voivodeships],
        "countries": [country_name(code, lang) for code in practice.geo.countries],
        "target_groups": badges("target_groups", practice.target_groups, "group"),
        "themes": badges("themes", practice.themes, "theme"),
        "funding": [
            {
                "source": voc["funding_sources"].label(f.source, lang),
                "programme": f.programme.get(lang) if f.programme else None,
                "programme_lang": None if not f.programme or f.programme.has(lang) else "pl",
                "grant": format_number(f.grant_eur, lang) + " EUR" if f.grant_eur is not None else None,
            }
            for f in practice.funding
        ],
        "project_number": practice.project_number,
        "total_cost": format_number(practice.total_cost_eur, lang) + " EUR"
        if practice.total_cost_eur is not None
        else None,
        "results": [
            {
                "label": r.label.get(lang),
                "value": format_number(r.value, lang),
                "qualifier": voc["result_qualifiers"].label(r.qualifier, lang) if r.qualifier != "exactly" else "",
                "unit": r.unit.get(lang) if r.unit else "",
                "planned": r.planned,
            }
            for r in practice.results
        ],
        "sections": sections,
        "sources": [citation(s, sources or {}, lang, link) for s in practice.sources],
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


class CatalogueOrder(NamedTuple):
    """Every practice in the catalogue's order (by title in one language), and each one's place in it."""

    practices: list[Practice]
    position: dict[str, int]


_ORDER: dict[str, tuple[Relations, CatalogueOrder]] = {}


def catalogue_order(relations: Relations, lang: str) -> CatalogueOrder:
    """The catalogue's order of `relations`' practices in `lang`; made once per set of practices and language."""
    cached = _ORDER.get(lang)
    if cached is None or cached[0] is not relations:
        ordered = sorted(relations.by_id.values(), key=lambda p: sort_key(p.title.get(lang)))
        _ORDER[lang] = (relations, CatalogueOrder(ordered, {p.id: i for i, p in enumerate(ordered)}))
    return _ORDER[lang][1]


def neighbours(practice: Practice, relations: Relations, lang: str, link: Link) -> dict[str, Any]:
    """The practices before and after `practice` in the catalogue's order (by title in `lang`)."""
    order, position = catalogue_order(relations, lang)
    at = position[practice.id]
    around = {"previous": order[at - 1] if at > 0 else None, "next": order[at + 1] if at + 1 < len(order) else None}
    return {
        name: {"title": p.title.get(lang), "url": link(practice_path(p.id, lang))} if p else None
        for name, p in around.items()
    }
