"""Every use of a private or undocumented name of MkDocs, Material, mkdocs-static-i18n or MkDocs' LiveReload
server, behind one door: each is a named function here, and nothing else in hooks/ touches such a name.

Checked with MkDocs 1.6.1, ProperDocs 1.6.7 (which maps `mkdocs` to itself), Material 9.8.1 and
mkdocs-static-i18n 1.3.1; `tests/test_mkdocs_internals.py` fails when an upgrade moves one of them. On an
upgrade, read this file first.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from mkdocs import livereload
from mkdocs import utils as mkdocs_utils
from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

# --- mkdocs-static-i18n: the language of the pass being built -------------------------------------------------


def i18n_pass(config: MkDocsConfig) -> tuple[str | None, bool]:
    """static-i18n's `current_language` and `building` (True in the passes it starts after the first one)."""
    i18n = config.plugins.get("i18n")
    return getattr(i18n, "current_language", None), bool(getattr(i18n, "building", False))


def set_i18n_pass(config: MkDocsConfig, lang: str | None, building: bool) -> None:
    """Make static-i18n believe it builds `lang` (the preview's fast lane makes pages of any language)."""
    i18n = config.plugins.get("i18n")
    if i18n is not None:
        i18n.current_language, i18n.building = lang, building


# --- MkDocs' build: one page made as `mkdocs build` makes it --------------------------------------------------


def make_page(
    page: Page, config: MkDocsConfig, files: Files, doc_files: Sequence[File], nav: Navigation, env: Any
) -> None:
    """Read, run the page events on, render and write `page`, with MkDocs' own steps (`_populate_page`,
    `_build_page`, private but unchanged since MkDocs 1.5); `doc_files` is `files.documentation_pages()`,
    taken once for all the pages made."""
    mkdocs_build._populate_page(page, config, files)
    mkdocs_build._build_page(page, config, doc_files, nav, env)


def judge_modified_by(file: File, is_stale: Callable[[], bool]) -> None:
    """In a dirty build MkDocs asks `File.is_modified()` whether to make a page again; ask `is_stale` instead."""
    file.is_modified = is_stale  # type: ignore[method-assign]


def forget_rendered_title(page: Page) -> None:
    """A page whose HTML is made without Markdown takes its title from its front matter, not from a render."""
    page._title_from_render = None


# --- LiveReloadServer: versions of the site and watched paths ------------------------------------------------
# It keeps two versions of the site: the one being built ("wanted") and the last one finished ("visible").
# Browsers reload when "visible" moves on, and every request waits while the two differ.


def show_built_version(server: LiveReloadServer) -> None:
    """The version being built counts as finished now: waiting requests are answered, tabs reload."""
    with server._epoch_cond:
        server._visible_epoch = server._wanted_epoch
        server._epoch_cond.notify_all()


def want_new_version(server: LiveReloadServer) -> None:
    """A new version is being built: browsers reload once more when the build that ends now is done."""
    with server._epoch_cond:
        server._wanted_epoch = max(livereload._timestamp(), server._visible_epoch + 1)


def take_newer_save(server: LiveReloadServer) -> None:
    """What LiveReloadServer's loop does with a save before it calls the builder, done by the running builder
    instead: wait until the saves stop for the server's build delay, then start a new version.  The loop then has
    nothing to build again for that save, and does not first tell every tab that the version it stopped is done."""
    with server._rebuild_cond:
        while server._rebuild_cond.wait(timeout=server.build_delay):
            pass  # another save within the delay
        server._wanted_epoch = livereload._timestamp()
        server._want_rebuild = False


def saved_during_build(server: LiveReloadServer) -> bool:
    """LiveReloadServer's `_want_rebuild`: a watched file changed after the running build began (the server's
    loop builds again once this build ends)."""
    return bool(getattr(server, "_want_rebuild", False))


_CLEAN_DIRECTORY = mkdocs_utils.clean_directory  # as MkDocs has it: this module is imported before any build


BUILD_LOGGERS = ("mkdocs.commands.build", "properdocs.commands.build")
"""MkDocs' build logger, under MkDocs and under ProperDocs (which maps `mkdocs` to itself)."""


def undo_unfinished_i18n_passes() -> None:
    """While static-i18n's on_post_build builds the other languages it replaces MkDocs' `clean_directory` with a
    no-op and filters MkDocs' build logger, and undoes both only when those passes end normally: after a build
    that stopped in one, undo them here, or the next builds would keep them."""
    mkdocs_utils.clean_directory = _CLEAN_DIRECTORY
    for name in BUILD_LOGGERS:
        logger = logging.getLogger(name)
        for leftover in [f for f in logger.filters if type(f).__name__ == "I18nLoggingFilter"]:
            logger.removeFilter(leftover)


def watched_paths(server: LiveReloadServer) -> dict[str, int]:
    """The paths the server watches, with how many `watch()` calls each had."""
    return dict(server._watched_paths)


# --- Material's search plugin --------------------------------------------------------------------------------


def clear_material_search_entries(config: MkDocsConfig) -> None:
    """Empty Material's own search index (`search_index.entries`): the site has its own index."""
    material = config.plugins.get("search") or config.plugins.get("material/search")
    entries = getattr(getattr(material, "search_index", None), "entries", None)
    if isinstance(entries, list):
        entries.clear()
