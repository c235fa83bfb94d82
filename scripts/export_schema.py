"""Write the complete practice JSON Schema to schema/practice.schema.json: `python scripts/export_schema.py`.

The schema's field rules live in platforma/practice.schema.json and its codes in
data/vocabularies.yml; this writes the complete schema (codes filled in) into the repository,
so that the `# yaml-language-server: $schema=../schema/practice.schema.json` line at the top
of every entry and of templates/practice.yml resolves in VS Code and other editors without a
network.  The published copy on the site (/schema/practice.schema.json) is the same text.
Run it after changing the schema or a vocabulary; `--check` exits 1 when the file is stale
(the tests run that check).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from platforma.content.organisations import organisation_schema_json
from platforma.content.schema import practice_schema_json
from platforma.project import ROOT, display_path

TARGET = ROOT / "schema" / "practice.schema.json"
ORGANISATION_TARGET = ROOT / "schema" / "organisation.schema.json"


def site_url() -> str:
    """`site_url` from mkdocs.yml, ending in '/' (read as plain data: YAML tags there are ignored)."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    return (config.get("site_url") or "/").rstrip("/") + "/"


def expected_text() -> str:
    """The schema text the repository should hold: the same text the build publishes."""
    return practice_schema_json(f"{site_url()}schema/practice.schema.json")


def expected_organisation_text() -> str:
    """The organisation files' schema text the repository should hold (the build publishes the same)."""
    return organisation_schema_json(f"{site_url()}schema/organisation.schema.json")


def main(argv: list[str] | None = None) -> int:
    """Write (or with --check, compare) schema/practice.schema.json and schema/organisation.schema.json (with
    --output: the practice schema only, there); return the exit status."""
    parser = argparse.ArgumentParser(description="Write the complete practice JSON Schema into schema/.")
    parser.add_argument("--check", action="store_true", help="only check that the file is up to date")
    parser.add_argument("--output", type=Path, default=TARGET, help=f"where to write (default: {TARGET})")
    args = parser.parse_args(argv)
    files = {args.output: expected_text()}
    if args.output == TARGET:  # the whole schema/ folder: the organisation files' schema too
        files[ORGANISATION_TARGET] = expected_organisation_text()
    return max(_write_or_check(path, text, args.check) for path, text in files.items())


def _write_or_check(path: Path, text: str, check: bool) -> int:
    shown = display_path(path)
    current = path.read_text(encoding="utf-8") if path.exists() else None
    if check:
        if current == text:
            print(f"{shown}: up to date.")
            return 0
        print(f"{shown}:1:1: out of date; run `python scripts/export_schema.py` and commit the file")
        return 1
    if current == text:
        print(f"{shown}: already up to date.")
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"{shown}: written.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
