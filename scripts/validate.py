"""Validate practice entries and organisations: `python scripts/validate.py [PATH ...]`.

Prints one line per problem (`path:line:col: message`) and a summary; exits 0
when every entry is valid, 1 otherwise.  `--format github` prints GitHub
Actions annotations instead, so problems appear on the pull request's files.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from platforma.content.organisations import load_organisations
from platforma.content.practices import load_practices, practice_files
from platforma.content.safe_yaml import Problem
from platforma.content.sources import load_sources


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """A property value of a workflow command: `,` and `:` would end it early (GitHub's own escaping)."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _github(problem: Problem) -> str:
    """A GitHub Actions annotation that puts the problem on the file's line in the pull request."""
    where = f"file={_escape_property(problem.path)},line={problem.line},col={problem.col}"
    return f"::error {where}::{_escape_data(problem.message)}"


def main(argv: list[str] | None = None) -> int:
    """Run the validator; return the exit status."""
    parser = argparse.ArgumentParser(description="Check practice entries against the schema and vocabularies.")
    parser.add_argument("paths", nargs="*", type=Path, help="files or folders (default: practices/)")
    parser.add_argument("--format", choices=("text", "github"), default="text")
    args = parser.parse_args(argv)
    missing = [p for p in args.paths if not p.exists()]
    for path in missing:
        print(f"{path}:1:1: no such file or folder", file=sys.stderr)
    if missing:
        return 1
    files = practice_files(args.paths or None)
    known_sources = set(load_sources()[0])  # read once: the organisations and the entries cite them
    organisations, problems = load_organisations(known_sources=known_sources)
    checked = f"{len(files)} entries"
    if args.paths:  # only the files named; the organisations they refer to are read all the same
        problems = []
    else:
        checked += f" and {len(organisations)} organisations"
    result = load_practices(args.paths or None, known_sources=known_sources, organisations=organisations)
    problems += result.problems
    for problem in problems:
        print(_github(problem) if args.format == "github" else str(problem))
    bad_files = len({p.path for p in problems})
    if not problems:
        print(f"{checked} checked, all valid.")
        return 0
    print(f"{checked} checked: {len(problems)} problem(s) in {bad_files} file(s).")
    return 1


if __name__ == "__main__":
    sys.exit(main())
