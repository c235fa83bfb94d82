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
from platforma.pages.views import Link, catalogue_path, format_period, org_view, organisation_path, practice_path
from platforma.project import site_path
from platforma.words.order import sort_key

IMPLEMENTER, PARTNER = "implementer", "partner"


def directory_path(lang: str) -> str:
    """Site path of the directory of organisations."""
    return site_path("organisations/", lang)


@dataclass
class Network:
    """Which practices each organisation took part in, and in which role, and who worked with whom."""

    roles: dict[str, list[tuple[Practice, str]]] = field(default_factory=dict)
    links: dict[tuple[str, str], list[Practice]] = field(default_factory=dict)
    """(id, id) in alphabetical order → the practices both took part in."""

    @classmethod
    def of(cls, practices: Sequence[Practice]) -> Network:
        network = cls()
        for practice in practices:
            taking_part = [
                (a.organisation, IMPLEMENTER if a is practice.implementer else PARTNER)
                for a in (practice.implementer, *practice.partners)
                if a.organisation
            ]
            ids = sorted(dict.fromkeys(i for i, _ in taking_part))
            for organisation_id, role in dict.fromkeys(taking_part):
                network.roles.setdefault(organisation_id, []).append((practice, role))
            for index, first in enumerate(ids):
                for second in ids[index + 1 :]:
                    network.links.setdefault((first, second), []).append(practice)
        return network

    def partners_of(self, organisation_id: str) -> dict[str, list[Practice]]:
        """The organisations `organisation_id` worked with → the practices they shared."""
        found: dict[str, list[Practice]] = {}
        for (first, second), practices in self.links.items():
            if organisation_id in (first, second):
                found[second if first == organisation_id else first] = practices
        return found


_NETWORK: dict[int, tuple[Sequence[Practice], Network]] = {}


def network_of(practices: Sequence[Practice]) -> Network:
    """The network of these practices (made once for each list of practices: each page of a build asks)."""
    cached = _NETWORK.get(id(practices))
    if cached is None or cached[0] is not practices:
        _NETWORK.clear()
        cached = _NETWORK[id(practices)] = (practices, Network.of(practices))
    return cached[1]


def _name_key(organisation: Organisation, lang: str) -> Any:
    return sort_key(organisation.name.plain(lang))


def _place(organisation: Organisation, lang: str, voc: dict[str, Vocabulary]) -> str:
    voivodeship = voc["voivodeships"].label(organisation.voivodeship, lang) if organisation.voivodeship else None
    return ", ".join(filter(None, [organisation.city, voivodeship, organisation.country]))


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
    roles = network.roles.get(organisation.id, [])
    practices = list({p.id: p for p, _ in roles}.values())  # one practice may name it twice

    def done_as(role: str) -> list[dict[str, Any]]:
        found = sorted((p for p, r in roles if r == role), key=lambda p: sort_key(p.title.get(lang)))
        return [_practice_item(p, lang, voc, ui, link) for p in found]

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
        for other in sorted(partners, key=lambda o: _name_key(organisations[o], lang))
    ]
    places = [
        *sorted({p.geo.city for p in practices if p.geo.city}, key=sort_key),
        *sorted({voc["voivodeships"].label(v, lang) for p in practices for v in p.geo.voivodeships}, key=sort_key),
        *sorted({c for p in practices for c in p.geo.countries}),
    ]
    return {
        "id": organisation.id,
        "name": org_view(organisation.name, lang),
        "type": voc["actor_types"].label(organisation.actor_type, lang),
        "place": _place(organisation, lang, voc),
        "url": organisation.url,
        "as_implementer": done_as(IMPLEMENTER),
        "as_partner": done_as(PARTNER),
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
    for organisation in sorted(organisations.values(), key=lambda o: _name_key(o, lang)):
        roles = network.roles.get(organisation.id, [])
        practices = [p for p, _ in roles]
        own_region = (organisation.voivodeship,) if organisation.voivodeship else ()
        rows.append(
            {
                "name": org_view(organisation.name, lang),
                "url": link(organisation_path(organisation.id, lang)),
                "type": voc["actor_types"].label(organisation.actor_type, lang),
                "place": _place(organisation, lang, voc),
                "implementer": sum(r == IMPLEMENTER for _, r in roles),
                "partner": sum(r == PARTNER for _, r in roles),
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
