"""The organisations' pages as data for templates: the directory, and what each organisation did, with whom, for
whom and where, from the practices that name it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from platforma.content.organisations import Organisation
from platforma.content.practices import Practice
from platforma.content.sources import SourceDocument
from platforma.content.vocabularies import Vocabulary
from platforma.pages.citations import citation
from platforma.pages.countries import country_name
from platforma.pages.views import Link, catalogue_path, format_period, org_view, organisation_path, practice_path
from platforma.project import site_path
from platforma.words.order import sort_key


def directory_path(lang: str) -> str:
    """Site path of the directory of organisations."""
    return site_path("organisations/", lang)


@dataclass
class Network:
    """Which practices each organisation ran and was a partner in, and who worked with whom on which practices."""

    ran: dict[str, list[Practice]] = field(default_factory=dict)
    partner_in: dict[str, list[Practice]] = field(default_factory=dict)
    links: dict[tuple[str, str], list[Practice]] = field(default_factory=dict)
    """(id, id) in alphabetical order → the practices both took part in."""
    partners: dict[str, dict[str, list[Practice]]] = field(default_factory=dict)
    """id → the organisations it worked with → the practices they shared (`links` seen from each side)."""

    @classmethod
    def of(cls, practices: Sequence[Practice]) -> Network:
        network = cls()
        for practice in practices:
            implementer = practice.implementer.organisation
            if implementer:
                network.ran.setdefault(implementer, []).append(practice)
            for partner in dict.fromkeys(a.organisation for a in practice.partners if a.organisation):
                network.partner_in.setdefault(partner, []).append(practice)
            ids = sorted({a.organisation for a in (practice.implementer, *practice.partners) if a.organisation})
            for index, first in enumerate(ids):
                for second in ids[index + 1 :]:
                    shared = network.links.setdefault((first, second), [])
                    shared.append(practice)
                    network.partners.setdefault(first, {})[second] = shared
                    network.partners.setdefault(second, {})[first] = shared
        return network

    def practices_of(self, organisation_id: str) -> list[Practice]:
        """Every practice the organisation took part in, once, in any role."""
        both = [*self.ran.get(organisation_id, []), *self.partner_in.get(organisation_id, [])]
        return list({p.id: p for p in both}.values())

    def partners_of(self, organisation_id: str) -> dict[str, list[Practice]]:
        """The organisations `organisation_id` worked with → the practices they shared."""
        return self.partners.get(organisation_id, {})


_NETWORK: dict[int, tuple[Sequence[Practice], Network]] = {}


def network_of(practices: Sequence[Practice]) -> Network:
    """The network of these practices (made once for each list of practices: each page of a build asks)."""
    cached = _NETWORK.get(id(practices))
    if cached is None or cached[0] is not practices:
        _NETWORK.clear()
        cached = _NETWORK[id(practices)] = (practices, Network.of(practices))
    return cached[1]


def name_order(organisation: Organisation, lang: str) -> Any:
    """Sort key of an organisation: its name in `lang`, alphabetically."""
    return sort_key(organisation.name.plain(lang))


def _place(organisation: Organisation, lang: str, voc: dict[str, Vocabulary]) -> str:
    voivodeship = voc["voivodeships"].label(organisation.voivodeship, lang) if organisation.voivodeship else None
    country = country_name(organisation.country, lang) if organisation.country else None
    return ", ".join(filter(None, [organisation.city, voivodeship, country]))


def _practice_item(
    practice: Practice, lang: str, voc: dict[str, Vocabulary], ui: dict[str, str], link: Link
) -> dict[str, Any]:
    return {
        "title": practice.title.get(lang),
        "url": link(practice_path(practice.id, lang)),
        "period": format_period(practice, lang, ui),
        "status": voc["statuses"].label(practice.status, lang) if practice.status else None,
    }


def organisation_view(
    organisation: Organisation,
    network: Network,
    organisations: dict[str, Organisation],
    lang: str,
    *,
    vocabularies: dict[str, Vocabulary],
    ui: dict[str, str],
    link: Link,
    sources: dict[str, SourceDocument],
) -> dict[str, Any]:
    """Everything an organisation's page shows, in `lang`, with links relative to the page."""
    voc = vocabularies
    practices = network.practices_of(organisation.id)

    def listed(found: list[Practice]) -> list[dict[str, Any]]:
        return [
            _practice_item(p, lang, voc, ui, link) for p in sorted(found, key=lambda p: sort_key(p.title.get(lang)))
        ]

    def badges(vocabulary: str, param: str, codes: list[str]) -> list[dict[str, str]]:
        ordered = sorted(dict.fromkeys(codes), key=lambda c: sort_key(voc[vocabulary].label(c, lang)))
        return [
            {"label": voc[vocabulary].label(c, lang), "url": link(catalogue_path(lang, f"?{param}={c}"))}
            for c in ordered
        ]

    partners = network.partners_of(organisation.id)
    worked_with = [
        {
            "name": org_view(organisations[other].name, lang),
            "url": link(organisation_path(other, lang)),
            "practices": [_practice_item(p, lang, voc, ui, link) for p in partners[other]],
        }
        for other in sorted(partners, key=lambda o: name_order(organisations[o], lang))
    ]
    places = [
        *sorted({p.geo.city for p in practices if p.geo.city}, key=sort_key),
        *sorted({voc["voivodeships"].label(v, lang) for p in practices for v in p.geo.voivodeships}, key=sort_key),
        *sorted({country_name(c, lang) for p in practices for c in p.geo.countries}, key=sort_key),
    ]
    return {
        "id": organisation.id,
        "name": org_view(organisation.name, lang),
        "type": voc["actor_types"].label(organisation.actor_type, lang),
        "place": _place(organisation, lang, voc),
        "url": organisation.url,
        "as_implementer": listed(network.ran.get(organisation.id, [])),
        "as_partner": listed(network.partner_in.get(organisation.id, [])),
        "worked_with": worked_with,
        "target_groups": badges("target_groups", "group", [g for p in practices for g in p.target_groups]),
        "themes": badges("themes", "theme", [t for p in practices for t in p.themes]),
        "places": places,
        "sources": [citation(s, sources, lang, link) for s in organisation.sources],
    }


DIRECTORY_FACETS = (
    ("type", "actor_types"),
    ("region", "voivodeships"),
    ("group", "target_groups"),
    ("theme", "themes"),
)
"""The directory's filters: URL parameter and vocabulary (organisations.js reads the same parameters)."""


def directory_view(
    organisations: dict[str, Organisation], network: Network, lang: str, vocabularies: dict[str, Vocabulary], link: Link
) -> dict[str, Any]:
    """The organisations in alphabetical order, each with its type, its place, how many practices it ran and took
    part in, and the codes the filters use (its type; where it is based and where its practices were; the groups
    and themes of its practices); and the filters, with the values that occur."""
    voc = vocabularies
    rows = []
    for organisation in sorted(organisations.values(), key=lambda o: name_order(o, lang)):
        practices = network.practices_of(organisation.id)
        own_region = (organisation.voivodeship,) if organisation.voivodeship else ()
        rows.append(
            {
                "name": org_view(organisation.name, lang),
                "url": link(organisation_path(organisation.id, lang)),
                "type": voc["actor_types"].label(organisation.actor_type, lang),
                "place": _place(organisation, lang, voc),
                "implementer": len(network.ran.get(organisation.id, [])),
                "partner": len(network.partner_in.get(organisation.id, [])),
                "codes": {
                    "type": [organisation.actor_type],
                    "region": sorted({*own_region, *(v for p in practices for v in p.geo.voivodeships)}),
                    "group": sorted({g for p in practices for g in p.target_groups}),
                    "theme": sorted({t for p in practices for t in p.themes}),
                },
            }
        )
    facets = []
    for param, vocabulary in DIRECTORY_FACETS:
        present = {code for row in rows for code in row["codes"][param]}
        options = [{"code": c, "label": voc[vocabulary].label(c, lang)} for c in voc[vocabulary].codes if c in present]
        facets.append({"param": param, "title": voc[vocabulary].plural[lang], "options": options})
    return {"organisations": rows, "facets": [f for f in facets if f["options"]]}
