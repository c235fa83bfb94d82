"""One-off migration (issue #30): organisations written out inside practice entries become files of their own.

Every implementer and partner with a name becomes `organisations/<id>.yml` (the same organisation, however many
entries name it, one file: names are compared without case or diacritics), and the entry refers to it:
`implementer: {organisation: iom}`, `- organisation: udsc`.  An organisation's file takes the names, type and
country the entries gave and cites every source of the entries that name it; nothing else is added.  An
implementer the source does not name (`actor_type` alone) stays as it is.

Only the text of the implementer or partner is replaced, so comments and layout elsewhere stay.  Afterwards every
entry is loaded again and must give each implementer and partner exactly the details it had.
Usage: `python scripts/migrations/2026_12_organisations.py [--check]` (--check: say what would change, write
nothing).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import yaml

from platforma.content.organisations import load_organisations
from platforma.content.practices import load_practices
from platforma.project import ORGANISATIONS_DIR, PRACTICES_DIR, display_path
from platforma.words.normalise import fold


def _keys(name: dict[str, str]) -> set[str]:
    """The names compared: the full names (the acronym when there is none), without case, diacritics or extra
    spaces."""
    full = [name[lang] for lang in ("pl", "en") if name.get(lang)] or [name["short"]]
    return {" ".join(fold(n).casefold().split()) for n in full}


def _new_id(name: dict[str, str]) -> str:
    """The acronym, else the English (or Polish) name, as lower-case words joined by hyphens."""
    words = name.get("short") or name.get("en") or name["pl"]
    return "-".join(re.findall(r"[a-z0-9]+", fold(words).casefold()))


def _content_end(node: yaml.Node) -> int:
    """Where the text of `node` ends: a block mapping or list ends with its last value (not with the comments
    and blank lines after it, which PyYAML counts in)."""
    if isinstance(node, yaml.MappingNode) and not node.flow_style and node.value:
        return _content_end(node.value[-1][1])
    if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        return _content_end(node.value[-1])
    return node.end_mark.index


def _actors(root: yaml.MappingNode, data: dict[str, Any]) -> list[tuple[yaml.Node | None, yaml.Node, dict]]:
    """(key node, or None for a partner; value node; value) of the implementer and of each partner."""
    found: list[tuple[yaml.Node | None, yaml.Node, dict]] = []
    for key, value in root.value:
        if key.value == "implementer":
            found.append((key, value, data["implementer"]))
        elif key.value == "partners" and isinstance(value, yaml.SequenceNode):
            found += [(None, item, actor) for item, actor in zip(value.value, data["partners"], strict=True)]
    return found


def migrate(practices: Path = PRACTICES_DIR, organisations: Path = ORGANISATIONS_DIR, write: bool = True) -> list[str]:
    """Move every named organisation into `organisations`; returns what was done, a line each."""
    # each file on its own: entries that write out the same organisation are what this moves into one file
    before = {
        p.id: p for path in sorted(practices.glob("*.yml")) for p in load_practices([path], organisations={}).practices
    }
    made: list[dict[str, Any]] = []  # the organisations' file data, as first named
    edits: dict[Path, str] = {}
    for path in sorted(practices.glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        replacements = []
        for key_node, node, actor in _actors(yaml.compose(text, Loader=yaml.SafeLoader), data):
            if not isinstance(actor, dict) or "name" not in actor or "organisation" in actor:
                continue
            organisation = _organisation_of(actor, made)
            for source in data.get("sources", []):
                if source not in organisation["sources"]:
                    organisation["sources"].append(source)
            reference = f"organisation: {organisation['id']}"
            if key_node is not None:  # implementer: the key and its value become one line
                replacements.append((key_node.start_mark.index, _content_end(node), f"implementer: {{{reference}}}"))
            else:  # a partner: the item's text, `{...}` kept for an item written as one
                item = f"{{{reference}}}" if node.flow_style else reference
                replacements.append((node.start_mark.index, _content_end(node), item))
        replacements.reverse()  # from the end of the file backwards, so that the offsets stay valid
        for start, end, new in replacements:
            text = text[:start] + new + text[end:]
        if replacements:
            edits[path] = text
    done = [f"{display_path(practices / p.name)}: names its organisations by id" for p in edits]
    done += [f"organisations/{o['id']}.yml: {o['name']}" for o in made]
    if not write:
        return done
    organisations.mkdir(exist_ok=True)
    for organisation in made:
        (organisations / f"{organisation['id']}.yml").write_text(_organisation_yaml(organisation), encoding="utf-8")
    for path, text in edits.items():
        path.write_text(text, encoding="utf-8")
    _check_same(before, practices, organisations)
    return done


def _organisation_of(actor: dict[str, Any], made: list[dict[str, Any]]) -> dict[str, Any]:
    """The organisation `actor` names: one already made if they share a full name (its names and country then
    completed from `actor`), else a new one."""
    keys = _keys(actor["name"])
    organisation = next((o for o in made if o["keys"] & keys), None)
    if organisation is None:
        organisation = {"id": _new_id(actor["name"]), "name": {}, "actor_type": actor["actor_type"], "sources": []}
        organisation["keys"] = set()
        made.append(organisation)
    organisation["keys"] |= keys
    for part, value in actor["name"].items():
        organisation["name"].setdefault(part, value)
    if "country" in actor:
        organisation.setdefault("country", actor["country"])
    return organisation


def _organisation_yaml(organisation: dict[str, Any]) -> str:
    """The file of one organisation, in the layout of the entries (flow maps, quoted texts)."""

    def flow(mapping: dict[str, Any]) -> str:
        return "{" + ", ".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in mapping.items()) + "}"

    lines = [
        f"id: {organisation['id']}",
        f"name: {flow({k: organisation['name'][k] for k in ('pl', 'en', 'short') if k in organisation['name']})}",
        f"actor_type: {organisation['actor_type']}",
    ]
    if "country" in organisation:
        lines.append(f"country: {json.dumps(organisation['country'])}")
    lines.append("sources:")
    lines += [f"  - {flow(source)}" for source in organisation["sources"]]
    lines.append(
        'editor_note: "Moved from the practice entries that name it (issue #30); names, type and country as those'
        ' entries gave them, sources: the sources of those entries."'
    )
    return "\n".join(lines) + "\n"


def _same(was: str | None, now: str | None) -> bool:
    """A name kept: the same words, whatever their case, diacritics and spaces (or none given before)."""
    return was is None or (now is not None and _keys({"pl": was}) == _keys({"pl": now}))


def _check_same(before: dict[str, Any], practices: Path, organisations: Path) -> None:
    """Every entry loads and names the same organisations with the same details as before."""
    found, problems = load_organisations(organisations)
    result = load_practices([practices], organisations=found)
    result.problems[:0] = problems
    if result.problems:
        sys.exit("\n".join(map(str, result.problems)))

    for practice in result.practices:
        old = before[practice.id]
        for was, now in zip((old.implementer, *old.partners), (practice.implementer, *practice.partners), strict=True):
            # the same type and address, and every name and country given kept (another entry may add some)
            kept = [(was.actor_type, was.url) == (now.actor_type, now.url), was.country in (None, now.country)]
            kept += [_same(getattr(was.name, part), getattr(now.name, part)) for part in ("pl", "en", "short")]
            if not all(kept):
                sys.exit(f"{practice.path}: {was} became {now}")


if __name__ == "__main__":
    for line in migrate(write="--check" not in sys.argv[1:]):
        print(line)
