"""The training pack: a page where a trainer picks manual chapters and practices and prints them as one document.

The pack page lists every chapter (by manual) and every practice (in catalogue order) with a tick box
(`pack_view`); the browser (docs/assets/javascripts/pack.js) keeps the choice in the page address, so a
pack can be shared by e-mail, and assembles the chosen pages below the list. Each page's content comes
from a small script (`item_script`), not from `fetch`, so that the pack also works from a copy of the site
opened from disk (`file://`), where browsers refuse `fetch`.  The items' scripts are kept in at most
16**`BUCKET_DIGITS` files per language (`bucket_script`), by the first hex digits of the item's digest: a file per
item meant a thousand files per language at a thousand practices, and creating them was a tenth of the build.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from platforma.content.manuals import Chapter, Manual
from platforma.content.practices import Practice

CHAPTER = "c"
PRACTICE = "p"
ITEMS_FOLDER = "pack/items"
BUCKET_DIGITS = 2  # hex digits of an item's digest that name its file: at most 16**2 = 256 files per language


@dataclass(frozen=True)
class PackItem:
    """One page a trainer can put in a pack: `kind` is CHAPTER or PRACTICE, `key` names it in the address."""

    kind: str
    key: str
    title: str

    @property
    def script_path(self) -> str:
        """Where the item's script is, relative to the language's site root (a file shared with other items)."""
        return f"{ITEMS_FOLDER}/{item_digest(self.kind, self.key)[:BUCKET_DIGITS]}.js"


@dataclass(frozen=True)
class PackGroup:
    """A heading of the pack page's list (a manual, or the practices) and its items."""

    title: str
    items: tuple[PackItem, ...]


def item_digest(kind: str, key: str) -> str:
    """A file name for an item that any key can have (manual folders are named freely)."""
    return hashlib.sha256(f"{kind}:{key}".encode()).hexdigest()[:16]


def chapter_key(chapter: Chapter) -> str:
    """`manuals/psn/01-who-is-vulnerable.md` → `psn/01-who-is-vulnerable` (a landing page: `psn/index`)."""
    return chapter.src_uri.removeprefix("manuals/").removesuffix(".md")


def chapter_item(chapter: Chapter, lang: str) -> PackItem:
    return PackItem(CHAPTER, chapter_key(chapter), chapter.title(lang))


def practice_item(practice: Practice, lang: str) -> PackItem:
    return PackItem(PRACTICE, practice.id, practice.title.get(lang))


def pack_groups(
    manuals: Sequence[Manual], ordered_practices: Iterable[Practice], lang: str, practices_title: str
) -> list[PackGroup]:
    """Every manual with its landing page and chapters, then the practices (already in catalogue order)."""
    groups = [
        PackGroup(manual.title(lang), tuple(chapter_item(c, lang) for c in [manual.landing, *manual.chapters]))
        for manual in manuals
    ]
    practices = tuple(practice_item(p, lang) for p in ordered_practices)
    if practices:
        groups.append(PackGroup(practices_title, practices))
    return groups


def item_script(item: PackItem, html: str, url: str, note: str = "") -> str:
    """The script that hands one page's sanitised content to the pack page (`PlatformaPack.receive`).

    `url` is the page's address from the site root (MkDocs' `page.url`): the pack resolves the page's
    relative links against it. `note` is a line shown under the page's title (a chapter's review date).
    """
    return script_of({"kind": item.kind, "key": item.key, "title": item.title, "url": url, "html": html, "note": note})


_CALL = "window.PlatformaPack&&window.PlatformaPack.receive("


def script_of(data: dict[str, str]) -> str:
    """The item script carrying `data`.

    JSON is a JavaScript expression, so titles and HTML reach the browser as strings, never as code;
    `<` is escaped as well so that the text can never close a `<script>` element it might be put in.
    """
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    payload = payload.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"{_CALL}{payload});\n"


def data_of(script: str) -> dict[str, str]:
    """What an item script (`script_of`) carries; ValueError for anything else."""
    if not (script.startswith(_CALL) and script.endswith(");\n")):
        raise ValueError("not a training-pack item script")
    return json.loads(script[len(_CALL) : -len(");\n")])


def bucket_script(scripts: dict[str, str]) -> str:
    """The file of several items: their scripts (`script_of`, one line each) by item id (`kind:key`), in id order."""
    return "".join(scripts[item_id] for item_id in sorted(scripts))


def scripts_in(bucket: str) -> dict[str, str]:
    """The item scripts of a file written by `bucket_script`, by item id; ValueError for anything else."""
    scripts = {}
    for line in bucket.splitlines(keepends=True):
        data = data_of(line)
        scripts[f"{data['kind']}:{data['key']}"] = line
    return scripts
