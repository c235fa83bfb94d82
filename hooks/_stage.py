"""The folder MkDocs reads as docs_dir, owned by the build: links to docs/ and to the manuals' chapters, and a
Markdown stub (all front matter) per page made from data: archived sources, the list of sources, the
organisations and their directory.  Staging makes every page an ordinary file inside docs_dir, which is what
mkdocs-static-i18n needs to pair `x.md` with `x.en.md` and fall back to Polish.  A practice has no stub: its
file enters the build's files without one (hooks/data_files.py), in the place its stub would have.

An organisation has one stub, in the default language: static-i18n's fallback (`fallback_to_default: true`) makes
its page in the other languages from it, and MkDocs never reads it (content.py makes it a `DataPage`, which takes
each language's front matter from the data); the preview's record of what each page was made from reads it.
Pages whose stub is read (sources, the lists) have one per language.

Made once per process (`mkdocs serve` rebuilds into it) in the system's temp folder; removed on shutdown, at exit
after a crash, or by the next build when the process that made it is gone.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from mkdocs.exceptions import Abort

from platforma.content.organisations import Organisation
from platforma.content.practices import Practice
from platforma.content.site import SiteContent
from platforma.content.ui import ui_strings
from platforma.project import DEFAULT_LANGUAGE, DOCS_DIR, LANGUAGES, MANUALS_DIR, ROOT


class _Stage:
    folder: Path | None = None  # this process's stage


STAGE = _Stage()


STAGE_PREFIX = "platforma-stage-"


def _remove_orphaned_stages() -> None:
    """Staged sources of builds that were killed (no atexit ran): their process id no longer exists."""
    for folder in Path(tempfile.gettempdir()).glob(f"{STAGE_PREFIX}*-*"):
        pid = folder.name.removeprefix(STAGE_PREFIX).split("-", 1)[0]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except PermissionError:  # another user's live process
            pass


def remove_stage() -> None:
    """Remove this process's stage, if it made one."""
    if STAGE.folder is not None:
        shutil.rmtree(STAGE.folder, ignore_errors=True)
        STAGE.folder = None


def stage_sources(content: SiteContent) -> Path:
    """The stage's docs folder made anew for `content`: links to docs/ and the manuals' chapters, and the stubs."""
    if STAGE.folder is None:
        _remove_orphaned_stages()
        STAGE.folder = Path(tempfile.mkdtemp(prefix=f"{STAGE_PREFIX}{os.getpid()}-"))
        atexit.register(remove_stage)
    docs = STAGE.folder / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    sources = [(p, p.relative_to(DOCS_DIR)) for p in DOCS_DIR.rglob("*") if p.is_file()]
    sources += [(p, p.relative_to(ROOT)) for m in content.manuals for p in (MANUALS_DIR / m.slug).glob("*.md")]
    for source, relative in sources:
        target = docs / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        _exclusively(target, partial(target.symlink_to, source))
    folder = docs / "sources"
    folder.mkdir(parents=True, exist_ok=True)
    for lang in LANGUAGES:
        _write_stub(
            folder / stub_name("index", lang),
            {"title": ui_strings(lang)["sources_index_title"], "sources_index": True},
        )
        for source in content.sources.values():
            # archived copies stay out of search: their text is in one language, and the entries built on
            # them are what a reader looks for
            front = {"title": source.title[lang], "source_doc": source.id, "search": {"exclude": True}}
            _write_stub(folder / stub_name(source.id, lang), front)
    folder = docs / "organisations"
    folder.mkdir(parents=True, exist_ok=True)
    for lang in LANGUAGES:
        front = {"title": ui_strings(lang)["nav_organisations"], "organisations_index": True, **_OUT_OF_SEARCH}
        _write_stub(folder / stub_name("index", lang), front)
    for organisation in content.organisations.values():
        meta = organisation_stub_meta(organisation, DEFAULT_LANGUAGE)
        _write_stub(folder / stub_name(organisation.id, DEFAULT_LANGUAGE), meta)
    return docs


def stub_name(stem: str, lang: str) -> str:
    """The file name of a page's source in `lang` (static-i18n's suffix structure: none for the default language)."""
    return f"{stem}.md" if lang == DEFAULT_LANGUAGE else f"{stem}.{lang}.md"


def _write_stub(path: Path, front: dict[str, Any]) -> None:
    """A generated page that is all front matter (JSON strings are valid YAML)."""
    text = "---\n" + "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in front.items()) + "---\n"
    _exclusively(path, partial(_write_new_file, path, text))


def _write_new_file(path: Path, text: str) -> None:
    with path.open("x", encoding="utf-8") as file:  # "x": fails on anything there, a link included
        file.write(text)


def _exclusively(path: Path, create: Callable[[], object]) -> None:
    """Make `path` anew with `create`, never through a link or over a file already there: that stops the build
    (the content checks refuse such a file before this)."""
    try:
        create()
    except FileExistsError:
        where = path.relative_to(STAGE.folder / "docs") if STAGE.folder else path
        raise Abort(f"{where}: two files of the site would take this place; nothing was built") from None


def stub_meta(practice: Practice, lang: str) -> dict[str, str]:
    """The front matter of a practice's stub page (written to the stub, and given to its DataPage)."""
    return {"title": practice.title.get(lang), "practice": practice.id}


# an organisation's page lists the titles of its practices and would come before them for their words (the hub
# pages of #29): search has a short document of each organisation instead (search.documents.organisation_documents)
_OUT_OF_SEARCH = {"search": {"exclude": True}}


def organisation_stub_meta(organisation: Organisation, lang: str) -> dict[str, Any]:
    """The front matter of an organisation's stub page (written to the stub, and given to its DataPage)."""
    return {"title": organisation.name.plain(lang), "organisation": organisation.id, **_OUT_OF_SEARCH}


def is_staged(path: Path) -> bool:
    """Is `path` inside this process's stage?"""
    return STAGE.folder is not None and path.is_relative_to(STAGE.folder)


__all__ = [
    "STAGE_PREFIX",
    "is_staged",
    "organisation_stub_meta",
    "remove_stage",
    "stage_sources",
    "stub_meta",
    "stub_name",
]
