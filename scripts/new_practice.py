"""Start a new practice entry: `python scripts/new_practice.py [options]`.

Asks for the required fields that were not given as options (target groups, themes and the
actor type are chosen from the vocabularies), then writes `practices/<id>.yml`: a valid entry
with comments for the optional fields, ready to be filled in.  The entry is checked with the
same validator as the build before the command says it is done.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shutil
import sys
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path

from platforma.content.organisations import Organisation, load_organisations, named_organisation
from platforma.content.practices import load_practices
from platforma.content.vocabularies import Vocabulary, load_vocabularies
from platforma.project import PRACTICES_DIR, display_path


def slugify(text: str) -> str:
    """An id from a title: ASCII, lower-case, hyphens ('Szkolenia dla SG' → 'szkolenia-dla-sg')."""
    text = text.replace("ł", "l").replace("Ł", "L")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML and never ambiguous)."""
    return json.dumps(text, ensure_ascii=False)


def _known_organisation(answer: str) -> Organisation | None:
    """The organisation in organisations/ that `answer` names by id or by one of its full names, if any."""
    organisations, _ = load_organisations()
    return organisations.get(answer.strip()) or named_organisation({"pl": answer, "en": answer}, organisations)


def _implementer_yaml(values: dict[str, object]) -> str:
    """The implementer: a reference to its file, or a new organisation written out (the editors give it a file)."""
    if values.get("organisation"):
        return f"implementer: {{organisation: {values['organisation']}}}"
    return f"""implementer:  # new to the platform: the editors move it into organisations/
  name:
    pl: {q(str(values["implementer"]))}
    # en: "..."    # the name in English, when known
    # short: "..."  # the acronym it goes by
  actor_type: {values["actor_type"]}"""


def render_entry(values: dict[str, object]) -> str:
    """The text of a new entry: required fields filled in, optional ones as comments."""
    groups = ", ".join(values["target_groups"])  # type: ignore[arg-type]
    themes = ", ".join(values["themes"])  # type: ignore[arg-type]
    title_en = f"\n  en: {q(values['title_en'])}" if values.get("title_en") else ""
    summary_en = f"\n  en: {q(values['summary_en'])}" if values.get("summary_en") else ""
    return f"""# yaml-language-server: $schema=../schema/practice.schema.json
# A good-practice entry. Every fact must come from a source listed under `sources`.
# No personal data: only an organisation's public contact. Check with: make validate
id: {values["id"]}
title:
  pl: {q(values["title_pl"])}{title_en}
summary:  # plain text, 1–3 sentences
  pl: {q(values["summary_pl"])}{summary_en}
# status: completed  # ongoing | completed | planned — omit when the source does not say
# period:            # omit when the source gives no dates; never guess
#   start: "2024-01"
#   end: "2025-06"
{_implementer_yaml(values)}
# partners:           # organisations by id, as in organisations/
#   - organisation: udsc
target_groups: [{groups}]
themes: [{themes}]
geo:
  level: {values["level"]}  # national | regional | local | international
  # voivodeships: [PL-22]
  # city: "Gdańsk"
# funding:
#   - source: eea_grants
#     grant_eur: 10000  # the grant from this source
# total_cost_eur: 12000  # the whole project's cost
# description:
#   pl: |
#     ...
# results:
#   - metric: people_trained
#     label: {{pl: "Przeszkolone osoby", en: "People trained"}}
#     value: 100
#     qualifier: exactly  # at_least | about | exactly | more_than (the source's "over"/"ponad")
# part_of: parent-practice-id
sources:  # an archived source: `- source: <id of a file in sources/>`
  - title: {q(values["source"])}
last_reviewed: "{values["last_reviewed"]}"
"""


def _ask(prompt: str, ask: Callable[[str], str], *, default: str | None = None) -> str:
    while True:
        shown = f"{prompt} [{default}]: " if default else f"{prompt}: "
        answer = ask(shown).strip() or (default or "")
        if answer:
            return answer
        print("  This field is required.")


def _choose(vocabulary: Vocabulary, ask: Callable[[str], str], *, many: bool) -> list[str]:
    codes = vocabulary.codes
    print(f"\n{vocabulary.plural['en']} ({vocabulary.plural['pl']}):")
    for number, code in enumerate(codes, start=1):
        print(f"  {number:2}. {code:22} {vocabulary.label(code, 'pl')}")
    hint = "numbers or codes, separated by commas" if many else "a number or a code"
    while True:
        answer = ask(f"Choose {hint}: ").replace(" ", "")
        chosen = []
        for part in filter(None, answer.split(",")):
            code = codes[int(part) - 1] if part.isdigit() and 0 < int(part) <= len(codes) else part
            if code not in codes:
                print(f"  Unknown {vocabulary.name['en']} '{part}'.")
                break
            chosen.append(code)
        else:
            if chosen and (many or len(chosen) == 1):
                return list(dict.fromkeys(chosen))
            print("  Choose at least one." if many else "  Choose exactly one.")


ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def id_problem(practice_id: str) -> str | None:
    """Why `practice_id` cannot name a practice file, or None (checked before anything is written)."""
    if practice_id == "index":
        return "'index' is the catalogue page; choose another id"
    if not ID_PATTERN.match(practice_id) or len(practice_id) > 80:
        rule = "use lower-case letters a–z, digits and single hyphens (e.g. gdansk-mentors)"
        return f"'{practice_id}' is not a valid id: {rule}"
    return None


def _choose_id(option: str | None, title: str, ask: Callable[[str], str]) -> str:
    """The id given with --id, else made from the title, else asked for (a title in Cyrillic gives no id)."""
    if option is not None:
        return option
    made = slugify(title)
    if made:
        return made
    print("  The title gives no id (it has no Latin letters or digits).")
    while True:
        answer = ask("Id for the file name (e.g. gdansk-mentors): ").strip()
        problem = id_problem(answer)
        if not problem:
            return answer
        print(f"  {problem}")


def main(argv: list[str] | None = None, ask: Callable[[str], str] = input) -> int:
    """Collect the required fields, write the entry, validate it; return the exit status."""
    try:
        return _main(argv, ask)
    except EOFError:
        print(
            "new_practice.py: no answer could be read (no terminal?). Run it in a terminal, or give every "
            "required field as an option: --title-pl --summary-pl --implementer --actor-type --target-groups "
            "--themes --level --source (see --help).",
            file=sys.stderr,
        )
        return 2


def _main(argv: list[str] | None, ask: Callable[[str], str]) -> int:
    voc = load_vocabularies()
    parser = argparse.ArgumentParser(description="Create a new practice entry in practices/.")
    parser.add_argument("--title-pl")
    parser.add_argument("--title-en")
    parser.add_argument("--summary-pl")
    parser.add_argument("--summary-en")
    parser.add_argument("--id", help="file name without .yml (default: made from the Polish title)")
    parser.add_argument("--implementer")
    parser.add_argument("--actor-type", choices=voc["actor_types"].codes)
    parser.add_argument("--target-groups", help="comma-separated codes")
    parser.add_argument("--themes", help="comma-separated codes")
    parser.add_argument("--level", choices=voc["geo_levels"].codes)
    parser.add_argument("--source", help="title of the document the facts come from")
    parser.add_argument("--dir", type=Path, default=PRACTICES_DIR, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.id is not None and id_problem(args.id):
        print(f"--id: {id_problem(args.id)}", file=sys.stderr)
        return 1

    def codes(option: str | None, vocabulary: str, many: bool = True) -> list[str]:
        if option:
            chosen = [c.strip() for c in option.split(",") if c.strip()]
            unknown = [c for c in chosen if c not in voc[vocabulary].codes]
            if not unknown:
                return chosen
            print(f"Unknown {voc[vocabulary].name['en']}: {', '.join(unknown)}")
        return _choose(voc[vocabulary], ask, many=many)

    values: dict[str, object] = {
        "title_pl": args.title_pl or _ask("Title in Polish (tytuł po polsku)", ask),
        "title_en": args.title_en if args.title_en is not None else ask("Title in English (optional): ").strip(),
        "summary_pl": args.summary_pl or _ask("Summary in Polish, 1–3 sentences (streszczenie)", ask),
        "summary_en": args.summary_en
        if args.summary_en is not None
        else ask("Summary in English (optional): ").strip(),
        "implementer": args.implementer
        or _ask("Implementing organisation: its id in organisations/ or its name (realizator)", ask),
    }
    known = _known_organisation(str(values["implementer"]))
    values["organisation"] = known.id if known else None
    if known:
        print(f"Implementer: {known.name.plain('en')} ({known.path})")
    values["id"] = _choose_id(args.id, str(values["title_pl"]), ask)
    values["actor_type"] = None if known else args.actor_type or codes(None, "actor_types", many=False)[0]
    values["target_groups"] = codes(args.target_groups, "target_groups")
    values["themes"] = codes(args.themes, "themes")
    values["level"] = args.level or codes(None, "geo_levels", many=False)[0]
    values["source"] = args.source or _ask("Source document title (źródło)", ask)
    values["last_reviewed"] = dt.date.today().isoformat()

    target = args.dir / f"{values['id']}.yml"
    if target.exists():
        print(f"{display_path(target)} already exists; choose another --id.", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="new-practice-") as folder:  # checked first, written only when valid
        draft = Path(folder) / target.name
        draft.write_text(render_entry(values), encoding="utf-8")
        result = load_practices([draft])
        for problem in result.problems:
            print(str(problem).replace(str(draft), display_path(target)), file=sys.stderr)
        if not result.ok:
            print("Nothing was written.", file=sys.stderr)
            return 1
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(draft, target)
    print(f"Wrote {display_path(target)}. Fill in the commented fields, then run: make validate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
