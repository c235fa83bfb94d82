"""What editors rely on besides the form: the entry template, the schema their editor reads,
the pull-request checks, the review rules and the form's view model."""

from __future__ import annotations

import json
import re
import shutil

import export_schema
import yaml
from jsonschema import Draft202012Validator

import validate
from conftest import ROOT
from platforma.content.practices import load_practices
from platforma.content.schema import practice_schema
from platforma.content.vocabularies import load_vocabularies
from platforma.pages.submission import form_view, new_file_url

TEMPLATE = ROOT / "templates" / "practice.yml"
SCHEMA_LINE = "# yaml-language-server: $schema=../schema/practice.schema.json"


def test_checked_in_schema_is_up_to_date(capsys):
    assert export_schema.main(["--check"]) == 0, "run: python scripts/export_schema.py"


def test_stale_schema_is_detected_and_rewritten(tmp_path, capsys):
    target = tmp_path / "practice.schema.json"
    target.write_text('{"stale": true}\n', encoding="utf-8")
    assert export_schema.main(["--check", "--output", str(target)]) == 1
    assert "out of date" in capsys.readouterr().out
    assert export_schema.main(["--output", str(target)]) == 0
    assert export_schema.main(["--check", "--output", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == (ROOT / "schema" / "practice.schema.json").read_text(encoding="utf-8")


def test_schema_line_of_every_entry_and_the_template_resolves():
    for path in [TEMPLATE, *sorted((ROOT / "practices").glob("*.yml"))]:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == SCHEMA_LINE, path.name
        assert (path.parent / first.split("$schema=", 1)[1]).resolve() == ROOT / "schema" / "practice.schema.json"


def test_every_organisation_names_its_schema_and_passes_it():
    """The exported schema/organisation.schema.json (what editors' VS Code reads) accepts every organisation file,
    whose first line points to it."""
    schema = json.loads((ROOT / "schema" / "organisation.schema.json").read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema)
    files = sorted((ROOT / "organisations").glob("*.yml"))
    assert files
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schema/organisation.schema.json", path.name
        assert (path.parent / first.split("$schema=", 1)[1]).resolve() == ROOT / "schema" / "organisation.schema.json"
        assert not list(validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8")))), path.name
    assert not validator.is_valid({"id": "x", "name": {"pl": "X"}, "actor_type": "kids", "sources": [{"title": "t"}]})


def test_template_is_a_valid_entry_once_named_after_its_id(tmp_path, capsys):
    data = yaml.safe_load(TEMPLATE.read_text(encoding="utf-8"))
    copy = tmp_path / f"{data['id']}.yml"
    shutil.copy(TEMPLATE, copy)
    assert validate.main([str(copy)]) == 0, capsys.readouterr().out


def test_template_explains_every_field_of_the_schema(tmp_path, capsys):
    text = TEMPLATE.read_text(encoding="utf-8")
    schema = practice_schema()
    missing = [name for name in schema["properties"] if not re.search(rf"^#? *{name}:", text, re.MULTILINE)]
    assert not missing, f"fields not in templates/practice.yml: {missing}"
    # optional fields are shown commented out; uncommented, the template is still a valid entry
    lines, inside = [], False
    for line in text.splitlines():
        field = re.match(r"^# ([a-z_]+):", line)
        if field and field.group(1) in schema["properties"]:
            inside = True
            lines.append(line[2:])
        elif inside and line.startswith("#   "):
            lines.append(line[2:])
        else:
            inside = False
            lines.append(line)
    everything = "\n".join(lines) + "\n"
    data = yaml.safe_load(everything)
    assert set(data) == set(schema["properties"])
    full = tmp_path / f"{data['id']}.yml"
    full.write_text(everything, encoding="utf-8")
    assert validate.main([str(full)]) == 0, capsys.readouterr().out


def test_pull_requests_validate_changed_entries_build_strictly_and_test():
    check = yaml.safe_load((ROOT / ".github" / "workflows" / "check.yml").read_text(encoding="utf-8"))
    assert "pull_request" in check[True]  # `on:` is read as true by YAML 1.1
    runs = "\n".join(step.get("run", "") for job in check["jobs"].values() for step in job["steps"])
    assert "scripts/validate.py --format github" in runs
    assert "make build" in runs and "make test" in runs
    assert "scripts/build.py" in (ROOT / "Makefile").read_text(encoding="utf-8")  # strict, swapped in on success


def test_main_is_published_to_github_pages():
    publish = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    assert publish[True]["push"]["branches"] == ["main"]
    uses = [step.get("uses", "") for job in publish["jobs"].values() for step in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert publish["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_code_and_build_changes_need_a_maintainer():
    owners = {}
    for line in (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            path, *who = line.split()
            owners[path] = who
    for path in ("/hooks/", "/scripts/", "/.github/", "/requirements.txt", "/Makefile"):
        assert owners.get(path), path
    for path in ("/manuals/", "/docs/", "/data/"):  # content is published as it is: someone reviews it
        assert owners.get(path), path
    assert "/practices/" not in owners  # entries are reviewed by editors through the checklist


def test_workflow_actions_are_pinned_by_commit():
    for workflow in (ROOT / ".github" / "workflows").glob("*.yml"):
        jobs = yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"]
        for job in jobs.values():
            for step in job["steps"]:
                if "uses" in step:
                    reference = step["uses"].partition("@")[2]
                    assert len(reference) == 40 and all(c in "0123456789abcdef" for c in reference), step["uses"]


def test_pull_request_template_has_the_checklist():
    text = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    boxes = re.findall(r"^- \[ \] \*\*(.+?)\*\*", text, re.MULTILINE)
    assert boxes[:3] == ["Źródła", "Bez danych osobowych", "Oba języki"]
    assert "translation" in text


def test_form_view_offers_vocabularies_in_the_page_language():
    practices = load_practices().practices
    view = form_view("en", load_vocabularies(), practices, "https://github.com/o/r/")
    assert view["new_file_url"] == "https://github.com/o/r/new/main/practices"
    assert {"code": "minors", "label": "Minors"} in view["choices"]["target_groups"]
    assert view["names"]["voivodeships"] == "Voivodeships"
    assert view["existing_ids"] == sorted(p.id for p in practices)
    titles = [p["title"] for p in view["parents"]]
    assert titles == sorted(titles, key=str.casefold)
    polish = form_view("pl", load_vocabularies(), practices, None)
    assert {"code": "minors", "label": "Małoletni"} in polish["choices"]["target_groups"]
    assert polish["new_file_url"] is None and new_file_url("") is None
