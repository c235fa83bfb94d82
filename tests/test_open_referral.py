"""The organisations as open data: the Open Referral (HSDS 3.0) export validates against the specification's own
JSON Schemas (vendored in tests/hsds-3.0/ with their licence, from openreferral/specification at tag v3.0), and
the CSV opens in a spreadsheet with Polish letters intact."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from conftest import ROOT
from platforma.content.organisations import load_organisations

HSDS = ROOT / "tests" / "hsds-3.0"


def _closed(node: Any) -> Any:
    """`node` with `additionalProperties: false` on every object that lists its properties, as the specification's
    own check of its examples does (validate_examples_json_schema.sh): a misspelt field is an error."""
    if isinstance(node, dict):
        closed = {k: _closed(v) for k, v in node.items()}
        if "properties" in closed:
            closed.setdefault("additionalProperties", False)
        return closed
    if isinstance(node, list):
        return [_closed(v) for v in node]
    return node


def _validator() -> Draft202012Validator:
    """HSDS's organization with its services, as the specification's compiled organization schema has them."""
    resources = {
        path.name: Resource.from_contents(
            _closed(json.loads(path.read_text("utf-8"))), default_specification=DRAFT202012
        )
        for path in HSDS.glob("*.json")
    }
    organisation = _closed(json.loads((HSDS / "organization.json").read_text("utf-8")))
    organisation["properties"]["services"] = {"type": "array", "items": {"$ref": "service.json"}}
    return Draft202012Validator(
        organisation, registry=Registry().with_resources(resources.items()), format_checker=FormatChecker()
    )


def _errors(record: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in _validator().iter_errors(record)]


def test_the_export_validates_against_hsds_3(built_site):
    records = json.loads((built_site / "data" / "hsds" / "organizations.json").read_text("utf-8"))
    organisations, _ = load_organisations()
    assert len(records) == len(organisations)
    for record in records:
        assert _errors(record) == [], record["name"]
    iom = next(r for r in records if r["name"] == "International Organization for Migration")
    assert iom["alternate_name"] == "Międzynarodowa Organizacja do Spraw Migracji; IOM"
    assert len(iom["services"]) == 7 and {s["status"] for s in iom["services"]} <= {"active", "inactive"}
    assert all(s["organization_id"] == iom["id"] for s in iom["services"])


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (lambda r: r["services"][0].update(status="finished"), "services/0/status: 'finished' is not one of"),
        (lambda r: r.update(id="iom"), "id: 'iom' is not a 'uuid'"),
        (lambda r: r.update(partners=[]), "Additional properties are not allowed ('partners' was unexpected)"),
        (lambda r: r.pop("description"), ": 'description' is a required property"),
    ],
)
def test_the_check_refuses_what_hsds_does_not_allow(built_site, change, error):
    records = json.loads((built_site / "data" / "hsds" / "organizations.json").read_text("utf-8"))
    record = next(r for r in records if r["services"])
    change(record)
    assert any(error in message for message in _errors(record)), _errors(record)


def test_the_csv_keeps_polish_letters_and_lists_each_organisation_once(built_site):
    data = (built_site / "data" / "organisations.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM: spreadsheets then read UTF-8
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    organisations, _ = load_organisations()
    assert sorted(r["id"] for r in rows) == sorted(organisations)
    guard = next(r for r in rows if r["id"] == "border-guard-headquarters")
    assert guard["name_pl"] == "Komenda Główna Straży Granicznej"
    assert guard["partner_in"] == "avr-border-guard-tot; avr-project" and guard["worked_with"] == "iom; udsc"


def test_the_directory_links_both_files(built_site):
    for lang in ("", "en/"):
        page = (built_site / lang / "organisations" / "index.html").read_text("utf-8")
        prefix = "../" if not lang else "../../"
        assert (
            f'href="{prefix}data/organisations.csv"' in page and f'href="{prefix}data/hsds/organizations.json"' in page
        )
