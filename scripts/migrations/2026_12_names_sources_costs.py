"""One-off migration of practices/*.yml to the December 2026 contract (issue #16); run once, kept for the record.

- organisation names become bilingual maps `{pl, en, short}`; an implementer the source does not name
  loses its bilingual placeholder name (pages now say "not stated" in the reader's language);
- a citation of a seed file ("source document 000_….txt") becomes `source: <id>` of sources/<id>.yml;
- `funding[].amount_eur` becomes `grant_eur`, and a project's cost moves to `total_cost_eur`.

Edits are made line by line so that comments and layout stay; every file is re-validated afterwards.
Usage: `python scripts/migrations/2026_12_names_sources_costs.py [--check]`.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from platforma.content.practices import load_practices

ROOT = Path(__file__).resolve().parents[2]

NOT_STATED = {
    "Nie podano w źródle / Not stated in the source",
    "Partnerstwo projektu: ICMPD, UdsC, SIP, PFM, CMI, Policja (Norwegia)",
}

# Names as the entries held them → the bilingual name.  Only what the sources give, or the
# organisation's own name for an unambiguous acronym; acronyms the sources do not expand stay short.
NAMES: dict[str, dict[str, str]] = {
    "International Organization for Migration (IOM)": {
        "pl": "Międzynarodowa Organizacja do Spraw Migracji",
        "en": "International Organization for Migration",
        "short": "IOM",
    },
    "IOM": {
        "pl": "Międzynarodowa Organizacja do Spraw Migracji",
        "en": "International Organization for Migration",
        "short": "IOM",
    },
    "Komenda Główna Straży Granicznej (Border Guard Headquarters)": {
        "pl": "Komenda Główna Straży Granicznej",
        "en": "Border Guard Headquarters",
    },
    "Urząd do Spraw Cudzoziemców (Office for Foreigners)": {
        "pl": "Urząd do Spraw Cudzoziemców",
        "en": "Office for Foreigners",
        "short": "UdSC",
    },
    "Urząd do Spraw Cudzoziemców (UdsC)": {
        "pl": "Urząd do Spraw Cudzoziemców",
        "en": "Office for Foreigners",
        "short": "UdSC",
    },
    "ICMPD": {"en": "International Centre for Migration Policy Development", "short": "ICMPD"},
    "SIP": {"short": "SIP"},
    "PFM": {"short": "PFM"},
    "CMI": {"short": "CMI"},
    "MSW": {"short": "MSW"},
    "Policja (Norwegia)": {"pl": "Policja norweska", "en": "Norwegian Police"},
    "Immigrant Support Center": {"en": "Immigrant Support Center"},
    "Gdańsk Foundation of Social Innovation": {"en": "Gdańsk Foundation of Social Innovation"},
    'Artistic and Social Association "Feeria"': {"en": "Artistic and Social Association “Feeria”"},
}

SEEDS = {
    "000_a8ea8d9998030f8a": "psn-project-page",
    "001_da7b721400c70933": "avr-project-page",
    "002_17c864fd7da3df7b": "migration-management-project-page",
    "003_72e6fd1facab152a": "refugee-networks-project-page",
    "004_3e857eacfb0fae36": "active-immigrants-project-page",
}

# Project costs the sources give (the grant stays in funding as grant_eur).
TOTAL_COST = {"avr-project": 667031, "active-immigrants-project": 62946, "gdansk-refugee-networks": 39032}
COST_NOT_GRANT = {"avr-project"}  # the amount recorded as funding was the final project cost

_NAME = re.compile(r"^(?P<indent>\s*(?:- )?)name: (?P<value>.+)$")
_SEED_TITLE = re.compile(r"^(?P<indent>\s*)- title: .*(?P<seed>00\d_[0-9a-f]{16})\.txt.*$")


def _flow(name: dict[str, str]) -> str:
    return "{" + ", ".join(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in name.items()) + "}"


def _unquote(value: str) -> str:
    value = value.strip()
    if value[:1] in "\"'":
        return json.loads(value) if value[0] == '"' else value[1:-1].replace("''", "'")
    return value


def migrate_text(practice_id: str, text: str) -> str:
    """The file's text in the new contract."""
    out: list[str] = []
    lines = text.splitlines()
    for index, line in enumerate(lines):
        before = lines[index - 1] if index else ""
        if (match := _NAME.match(line)) and not match.group("value").startswith("{"):
            value = _unquote(match.group("value"))
            if value in NOT_STATED and before.startswith("implementer:"):
                continue
            if value not in NAMES:
                raise SystemExit(f"practices/{practice_id}.yml:{index + 1}: no bilingual form for name '{value}'")
            out.append(f"{match.group('indent')}name: {_flow(NAMES[value])}")
        elif match := _SEED_TITLE.match(line):
            out.append(f"{match.group('indent')}- source: {SEEDS[match.group('seed')]}")
        elif line.strip().startswith("amount_eur:"):
            if practice_id not in COST_NOT_GRANT:
                out.append(line.replace("amount_eur:", "grant_eur:"))
        elif line.startswith("project_number:") or (line.startswith("description:") and practice_id in TOTAL_COST):
            if practice_id in TOTAL_COST and not any(x.startswith("total_cost_eur:") for x in out):
                out.append(f"total_cost_eur: {TOTAL_COST[practice_id]}")
            out.append(line)
        else:
            out.append(line)
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    check = "--check" in argv
    changed = []
    for path in sorted((ROOT / "practices").glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        new = migrate_text(path.stem, text)
        if new != text:
            changed.append(path)
            if not check:
                path.write_text(new, encoding="utf-8")
    print(f"{len(changed)} file(s) {'to migrate' if check else 'migrated'}")
    if check:
        return 1 if changed else 0
    result = load_practices()
    for problem in result.problems:
        print(problem, file=sys.stderr)
    return 1 if result.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
