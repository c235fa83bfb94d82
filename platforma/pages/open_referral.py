"""The organisations as open data: Open Referral's Human Services Data Specification (HSDS 3.0) and a CSV.

HSDS describes organisations, the services they provide and where.  Here an organisation with a file is an
HSDS `organization` (its English name, else the Polish one; the other names as `alternate_name`), each practice
it ran is one of its `services` (title, summary, status, page, and where it worked as `service_areas`), and the
city it is based in, where its file gives one, a `location`.  HSDS has no place for a partner: partners are in
the CSV and on the pages.  Ids are UUIDs derived from ours, so they stay the same from build to build.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Mapping
from typing import Any

from platforma.content.organisations import Organisation
from platforma.content.practices import Practice
from platforma.content.vocabularies import Vocabulary
from platforma.pages.exports import absolute_url, csv_cell
from platforma.pages.organisations import Network
from platforma.pages.views import organisation_path, practice_path

HSDS_VERSION = "3.0"
ID_NAMESPACE = uuid.UUID("5d0c6b1e-8f43-4c3a-9a57-2f1b6c0e9d41")
"""Chosen once for this platform: an HSDS id is uuid5 of it and our id, the same in every build."""

SERVICE_STATUS = {"ongoing": "active", "completed": "inactive", "planned": "inactive"}
"""Our statuses in HSDS's words; a practice whose source gives no status is not said to be active."""


def hsds_id(kind: str, our_id: str) -> str:
    """The HSDS id (a UUID) of our `kind` (organisation, practice, area…) with id `our_id`."""
    return str(uuid.uuid5(ID_NAMESPACE, f"{kind}:{our_id}"))


def _english(name_or_text: Any) -> str:
    return name_or_text.en or name_or_text.pl


def _service(practice: Practice, organisation_id: str, site_url: str, voc: Mapping[str, Vocabulary]) -> dict:
    areas = [
        *([practice.geo.city] if practice.geo.city else []),
        *(voc["voivodeships"].label(v, "en") for v in practice.geo.voivodeships),
        *practice.geo.countries,
    ]
    return {
        "id": hsds_id("practice", practice.id),
        "organization_id": organisation_id,
        "name": _english(practice.title),
        "alternate_name": practice.title.pl if practice.title.en else None,
        "description": _english(practice.summary),
        "url": absolute_url(site_url, practice_path(practice.id, "en")),
        "status": SERVICE_STATUS.get(practice.status or "", "inactive"),
        "service_areas": [
            {
                "id": hsds_id("area", f"{practice.id}:{area}"),
                "service_id": hsds_id("practice", practice.id),
                "name": area,
            }
            for area in areas
        ],
    }


def hsds_organizations(
    organisations: Mapping[str, Organisation], network: Network, vocabularies: Mapping[str, Vocabulary], site_url: str
) -> str:
    """`/data/hsds/organizations.json`: every organisation as an HSDS 3.0 organization with its services."""
    voc = vocabularies
    records = []
    for organisation in sorted(organisations.values(), key=lambda o: o.id):
        own_id = hsds_id("organisation", organisation.id)
        ran = network.ran.get(organisation.id, [])
        partner_in = network.partner_in.get(organisation.id, [])
        name = organisation.name.en or organisation.name.pl or organisation.name.short or organisation.id
        others = [n for n in (organisation.name.pl, organisation.name.short) if n and n != name]
        description = (
            f"{voc['actor_types'].label(organisation.actor_type, 'en')}; in the practices on this platform: "
            f"implementer of {len(ran)}, partner in {len(partner_in)}."
        )
        record: dict[str, Any] = {
            "id": own_id,
            "name": name,
            "alternate_name": "; ".join(others) or None,
            "description": description,
            "website": organisation.url,
            "uri": absolute_url(site_url, organisation_path(organisation.id, "en")),
            "locations": [
                {
                    "id": hsds_id("location", organisation.id),
                    "location_type": "physical",
                    "organization_id": own_id,
                    "name": ", ".join(filter(None, [organisation.city, organisation.country])),
                }
            ]
            if organisation.city
            else [],
            "services": [_service(p, own_id, site_url, voc) for p in sorted(ran, key=lambda p: p.id)],
        }
        records.append(_without_empty(record))
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def _without_empty(value: Any) -> Any:
    """`value` without keys whose value is None (HSDS leaves an unknown field out)."""
    if isinstance(value, dict):
        return {k: _without_empty(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_empty(v) for v in value]
    return value


CSV_COLUMNS = (
    "id",
    "name_pl",
    "name_en",
    "short_name",
    "type",
    "country",
    "voivodeship",
    "city",
    "website",
    "implementer_of",
    "partner_in",
    "worked_with",
    "url_pl",
    "url_en",
)


def organisations_csv(
    organisations: Mapping[str, Organisation], network: Network, vocabularies: Mapping[str, Vocabulary], site_url: str
) -> bytes:
    """`/data/organisations.csv`: one row per organisation, UTF-8 with BOM (spreadsheets read Polish letters), CRLF;
    practices and partners by id, as in practices.csv."""
    voc = vocabularies
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for organisation in sorted(organisations.values(), key=lambda o: o.id):
        row = {
            "id": organisation.id,
            "name_pl": organisation.name.pl,
            "name_en": organisation.name.en,
            "short_name": organisation.name.short,
            "type": f"{voc['actor_types'].label(organisation.actor_type, 'pl')} ({organisation.actor_type})",
            "country": organisation.country,
            "voivodeship": voc["voivodeships"].label(organisation.voivodeship, "pl")
            if organisation.voivodeship
            else None,
            "city": organisation.city,
            "website": organisation.url,
            "implementer_of": "; ".join(sorted(p.id for p in network.ran.get(organisation.id, []))),
            "partner_in": "; ".join(sorted(p.id for p in network.partner_in.get(organisation.id, []))),
            "worked_with": "; ".join(sorted(network.partners_of(organisation.id))),
            "url_pl": absolute_url(site_url, organisation_path(organisation.id, "pl")),
            "url_en": absolute_url(site_url, organisation_path(organisation.id, "en")),
        }
        writer.writerow([csv_cell(row[column]) for column in CSV_COLUMNS])
    return out.getvalue().encode("utf-8-sig")
