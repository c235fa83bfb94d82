"""Which pages the editor's preview (`mkdocs serve --dirty`) must make again after a change.

Every page gets a fingerprint: a digest of what its HTML is made from.

- All pages share the *structure*: the configuration, templates, hooks, data files and archived
  sources (by name, size and modification time), the list of pages, and each Markdown page's front
  matter and first heading (titles are in every page's navigation).
- A practice's page adds its entry file and the entry files of every practice it shows: its parent,
  children, related practices and its neighbours in the catalogue's order.
- A manual chapter adds its own file and the entry files of the practices it lists (and how many
  it could list); a manual's landing page only its own file.
- Any other page adds its own source file and every entry file (the home page, the catalogue and
  the source pages are made from all of them).

A page whose fingerprint is the one it had when the previous build wrote it is not made again.  The
first build of a process, and any build after a failed one, makes every page.  Nothing here imports
MkDocs: hooks/preview.py passes the pages in.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from platforma.content.practices import Practice, entry_digest
from platforma.content.relations import Relations
from platforma.pages.views import CatalogueOrder, catalogue_order
from platforma.project import ROOT

STRUCTURE_PARTS = ("mkdocs.yml", "hooks", "data", "overrides", "sources", "organisations")
PAGE_FOLDERS = ("docs", "manuals")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
_FIRST_HEADING = re.compile(r"^# .*$", re.MULTILINE)


@dataclass(frozen=True)
class PageSource:
    """One page of a language pass: its key (src_uri) and the file it is read from.

    `practice_id`: the page is this practice's.  `shows`: the ids of the practices the page lists
    (None: it may show any of them), and `extra` anything else it is made from (e.g. a count).
    """

    key: str
    path: Path | None
    practice_id: str | None = None
    shows: tuple[str, ...] | None = None
    extra: str = ""


def _digest(*parts: str | bytes) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def _file_digest(path: Path | None) -> str:
    try:
        return _digest(path.read_bytes()) if path else ""
    except OSError:
        return "missing"


def structure_digest(root: Path = ROOT) -> str:
    """What every page depends on: settings, templates, code, data, sources, organisations (an entry shows its
    organisations' names), and the pages' titles."""
    parts: list[str] = []
    for name in STRUCTURE_PARTS:
        base = root / name
        for path in sorted(base.rglob("*")) if base.is_dir() else [base]:
            if path.is_file() and "__pycache__" not in path.parts:
                stat = path.stat()
                parts.append(f"{path.relative_to(root).as_posix()}:{stat.st_size}:{stat.st_mtime_ns}")
    for name in PAGE_FOLDERS:
        for path in sorted((root / name).rglob("*")):
            if not path.is_file():
                continue
            parts.append(path.relative_to(root).as_posix())
            if path.suffix == ".md":
                text = path.read_text(encoding="utf-8", errors="replace")
                front = _FRONT_MATTER.match(text)
                heading = _FIRST_HEADING.search(text)
                parts += [front.group(0) if front else "", heading.group(0) if heading else ""]
    return _digest(*parts)


def practices_shown_on(practice: Practice, relations: Relations, order: CatalogueOrder) -> list[Practice]:
    """The other practices a practice's page shows: parent, children, related and its two neighbours."""
    shown = [*relations.children_of(practice), *relations.related_to(practice)]
    parent = relations.parent_of(practice)
    if parent:
        shown.append(parent)
    at = order.position[practice.id]
    shown += order.practices[max(0, at - 1) : at] + order.practices[at + 1 : at + 2]
    return shown


def page_fingerprints(
    pages: Iterable[PageSource], practices: list[Practice], relations: Relations, lang: str, structure: str
) -> dict[str, str]:
    """The fingerprint of every page of one language pass."""
    entry = {p.id: entry_digest(ROOT / p.path) for p in practices}
    every_entry = _digest(*(f"{k}={v}" for k, v in sorted(entry.items())))
    order = catalogue_order(relations, lang)
    result = {}
    for page in pages:
        if page.practice_id and page.practice_id in relations.by_id:
            practice = relations.by_id[page.practice_id]
            deps = sorted(f"{p.id}={entry[p.id]}" for p in practices_shown_on(practice, relations, order))
            result[page.key] = _digest(structure, lang, entry[practice.id], *deps)
        elif page.shows is not None:
            deps = sorted(f"{i}={entry.get(i, '')}" for i in page.shows)
            result[page.key] = _digest(structure, lang, _file_digest(page.path), page.extra, *deps)
        else:
            result[page.key] = _digest(structure, lang, _file_digest(page.path), page.extra, every_entry)
    return result


@dataclass
class PreviewRecord:
    """The fingerprints of the pages as the last successful build wrote them, per language."""

    written: dict[str, dict[str, str]] = field(default_factory=dict)
    pending: dict[str, dict[str, str]] = field(default_factory=dict)

    def is_stale(self, lang: str, key: str) -> bool:
        """True when the page must be made again (unknown, or its sources changed since it was written)."""
        new = self.pending.get(lang, {}).get(key)
        return new is None or self.written.get(lang, {}).get(key) != new

    def expect(self, lang: str, fingerprints: Mapping[str, str]) -> None:
        """The fingerprints of the pass being built (kept once the pass has written its pages)."""
        self.pending[lang] = dict(fingerprints)

    def written_pass(self, lang: str) -> None:
        """The pass of `lang` has written its pages."""
        if lang in self.pending:
            self.written[lang] = self.pending.pop(lang)

    def forget(self) -> None:
        """A build failed or the pages were replaced: the next build makes every page."""
        self.written.clear()
        self.pending.clear()


RECORD = PreviewRecord()  # one per process
