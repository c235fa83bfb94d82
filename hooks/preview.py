"""MkDocs adapter for the editor's preview (`make preview` = `mkdocs serve --dirty`).

- on_startup: remembers whether the build is dirty (only then are pages skipped).
- on_config (first pass): a full build starts; what it reads is what the fast lane compares saves with.
- on_files: each page's fingerprint (platforma.preview.stale_pages); a page whose sources did not change since
  it was written is not made again (MkDocs asks `File.is_modified` in dirty builds).
- on_nav: a page that is not made again still gets its title (read from its source, which is
  quick), or the navigation of the pages that are made would name it "None".
- on_post_build: the pass's pages are written: their fingerprints are kept for the next build.
- on_build_error: the next build makes every page (unless the build stopped for a newer save, below).
- on_pre_build, on_files, on_nav, on_env, on_pre_page, on_page_context, on_post_build: the full build that
  follows the fast lane's pages stops when the editor saves again meanwhile (`SavedAgain`), so that the lane
  shows the newer save at once; the full build then starts again.  Any other full build runs to the end.
- on_nav, on_env: each pass's files, navigation and templates are kept for the fast lane
  (`_preview_lane`): a save that touches only practice entries or the text of chapters and pages
  makes those pages at once, and the full dirty build follows.
- on_serve: `make preview` looks for saved files every 0.1 s, not MkDocs' 0.5 s.  While the content
  cannot be built, every page the browser asks for is an error page
  with the build's `file:line: message` lines, in the page's language; it reloads itself once a
  save fixes the build (MkDocs alone keeps the old pages and the browser waits for ever).

Runs once per language pass (mkdocs-static-i18n); each pass keeps its own fingerprints.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import _order as order
import jinja2
from _adapter import current_language, is_first_pass
from _preview_lane import LANE, SAVED_AGAIN, STOPPER, Browsers, SavedAgain, reload_again_when_built, show_pages_now
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs_internals import (
    BUILD_LOGGERS,
    judge_modified_by,
    take_newer_save,
    undo_unfinished_i18n_passes,
    watched_paths,
)
from watchdog.observers.polling import PollingObserver

from platforma.content import site
from platforma.content.manuals import find_chapter
from platforma.content.site import SiteContent
from platforma.preview.error_page import write_error_pages
from platforma.preview.stale_pages import RECORD, PageSource, page_fingerprints, structure_digest

log = get_plugin_logger(__name__)


class _State:
    dirty = False
    structure = ""  # platforma.preview.stale_pages.structure_digest of the build in progress (both passes share it)


class _WithoutStopNotices(logging.Filter):
    """MkDocs logs "Error reading page 'x': <error>" before passing a page's error on: not for a stop."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().endswith(SAVED_AGAIN)


STATE = _State()


def on_startup(command: str, dirty: bool) -> None:
    STATE.dirty = dirty


@event_priority(order.PREPARE_PREVIEW)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if STATE.dirty and is_first_pass(config):
        STATE.structure = structure_digest()
        LANE.build_starts(STATE.structure)
    return config


def _is_stale(file: File, lang: str) -> bool:
    return not os.path.isfile(file.abs_dest_path) or RECORD.is_stale(lang, file.src_uri)


@event_priority(order.PREVIEW_FILES)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    STOPPER.check()
    if not STATE.dirty:
        return files
    lang, content = current_language(config), site.current()
    pages = [_page_source(f, content, lang) for f in files.documentation_pages()]
    RECORD.expect(lang, page_fingerprints(pages, content.practices, content.relations, lang, STATE.structure))
    for file in files.documentation_pages():
        # MkDocs' own test compares the file times of the (staged, rewritten) source and the page
        judge_modified_by(file, lambda file=file: _is_stale(file, lang))
    return files


def on_pre_build(config: MkDocsConfig) -> None:
    STOPPER.check()  # after every on_config: the content is read and staged


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    STOPPER.check()
    if STATE.dirty:
        LANE.record(current_language(config), config, nav=nav)
        for file in files.documentation_pages():
            if file.page is not None and file.page.markdown is None and not file.is_modified():
                file.page.read_source(config)  # front matter and Markdown only: nothing is rendered
    return nav


def _page_source(file: File, content: SiteContent, lang: str) -> PageSource:
    """What a page is made from, as far as the preview needs to know (see platforma.preview.stale_pages)."""
    path = Path(file.abs_src_path) if file.abs_src_path else None
    practice_id = getattr(file.page, "stub_meta", {}).get("practice")
    if practice_id:
        return PageSource(file.src_uri, path, practice_id)
    found = find_chapter(content.manuals, file.src_uri)
    if not found:
        return PageSource(file.src_uri, path)
    manual, chapter = found
    if chapter is manual.landing:
        return PageSource(file.src_uri, path, shows=())
    shown, total = chapter.listed_practices(content.practices, lang)
    return PageSource(file.src_uri, path, shows=tuple(p.id for p in shown), extra=str(total))


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    if STATE.dirty:
        LANE.record(current_language(config), config, files=files, env=env)
    STOPPER.check()
    return env


@event_priority(order.STOP_FOR_A_NEWER_SAVE)
def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    STOPPER.check()
    return page


@event_priority(order.STOP_FOR_A_NEWER_SAVE)
def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    STOPPER.check()
    return context


@event_priority(order.RECORD_LANGUAGE_PASS)
def on_post_build(config: MkDocsConfig) -> None:
    RECORD.written_pass(current_language(config))
    STOPPER.check()  # this pass's pages are written and recorded; its search index and lists wait


def on_build_error(error: Exception) -> None:
    if isinstance(error, SavedAgain):  # the pages written so far are recorded; the last full build stays
        LANE.build_stopped()
        return
    RECORD.forget()
    LANE.forget()


_HOOK_PREFIX = re.compile(r"^hooks/[\w.]+: ")  # get_plugin_logger's prefix: our module, not the editor's file


class _Messages(logging.Handler):
    """The warnings and errors MkDocs and the hooks log during one build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if "'dirty' build" not in message:  # MkDocs' reminder on every preview build, not a problem
            self.lines.append(_HOOK_PREFIX.sub("", message))


@contextmanager
def _messages_logged() -> Iterator[_Messages]:
    handler, logger = _Messages(), logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


PREVIEW_BACKLOG = 64  # connections the preview server lets wait for it
PREVIEW_POLL_S = 0.1  # MkDocs looks for changes every 0.5 s: on average a quarter second of every save's wait


def _look_for_changes_more_often(server: LiveReloadServer) -> None:
    """Poll every PREVIEW_POLL_S.

    The cost, measured on a 2-core VM while nothing changes: about 6 % of a core with the real content
    and 17 % with 1000 practices (seven watched folders, each polled by its own thread).  MkDocs' own
    0.5 s would cost a fifth of that and add 0.2 s to the average save.

    LiveReloadServer takes no interval, so its observer is replaced before it starts, with the same
    watches.  It polls rather than using inotify on purpose: watchdog's native observers report a file
    being *read*, and every build reads the watched sources.
    """
    if server.observer.is_alive():
        return
    watched = watched_paths(server)  # path: how many watch() calls
    for path, count in watched.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = PollingObserver(timeout=PREVIEW_POLL_S)
    for path, count in watched.items():
        for _ in range(count):
            server.watch(path)


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Callable[..., None]) -> LiveReloadServer:
    if STATE.dirty:
        _look_for_changes_more_often(server)
    rebuild = server.builder
    # socketserver listens with a backlog of 5; two tabs reloading at once open more connections than
    # that, and Linux drops the rest, which the browser retries a second later (server_activate reads it)
    server.request_queue_size = PREVIEW_BACKLOG
    browsers = Browsers()
    server.set_app(browsers.wrap(server.serve_request))
    LANE.build_finished()  # MkDocs calls on_serve after its first build succeeded
    STOPPER.server = server
    for name in BUILD_LOGGERS:
        logging.getLogger(name).addFilter(_WithoutStopNotices())

    def saved_pages_then_the_rest(made: list[str]) -> bool:
        """Show the lane's pages, then make every other page; False if a newer save stopped that full build."""
        stopped = False
        try:
            show_pages_now(server, browsers, made)  # the saved pages first,
            STOPPER.armed = True
            rebuild()  # then every other page, unless the editor saves again meanwhile
            LANE.build_finished()
        except SavedAgain:
            stopped = True
            undo_unfinished_i18n_passes()
            log.info("Saved again while the other pages were made: the newer save is shown first")
        finally:
            STOPPER.armed = False
            if not stopped:  # every tab reloads once the loop moves on: to the built site, or to the error pages
                reload_again_when_built(server)
        return not stopped

    def rebuild_or_show_errors() -> None:
        try:
            build_or_show_errors()
        finally:  # the tabs held since the lane's pages were shown may reload (after a stop they stay held)
            browsers.release()

    def build_or_show_errors() -> None:
        with _messages_logged() as messages:
            try:
                while True:
                    made = LANE.try_saved_pages() if STATE.dirty else None
                    if not made:
                        rebuild()
                        LANE.build_finished()
                        return
                    if saved_pages_then_the_rest(made):
                        return
                    # The newer save is made here and now: returning would first have MkDocs' loop reload every
                    # tab for the stopped build, and the tab of the newer save would be loading an old page
                    # while the lane makes the new one.
                    take_newer_save(server)
            except Exception as error:  # noqa: BLE001  any failed build: MkDocs' loop would only print it
                lines = messages.lines or [f"{type(error).__name__}: {error}"]
        undo_unfinished_i18n_passes()
        RECORD.forget()
        LANE.forget()
        count = write_error_pages(Path(server.root), lines)
        log.error(f"The build failed; the browser shows the messages on {count} pages until a save fixes it.")

    server.builder = rebuild_or_show_errors
    return server


__all__ = [
    "on_build_error",
    "on_config",
    "on_env",
    "on_files",
    "on_nav",
    "on_page_context",
    "on_post_build",
    "on_pre_build",
    "on_pre_page",
    "on_serve",
    "on_startup",
]
