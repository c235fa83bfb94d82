"""The editor's preview fast lane: a saved practice or chapter is shown first, the rest follows.

A full dirty build costs MkDocs' fixed work per language pass whatever changed (listing every file,
static-i18n pairing them, the navigation, the search index...): about 0.3 s with the real content
and 1.5-2 s with 1000 practices.  So when a save touches only practice entries or the text of
manual chapters and pages (no page added or removed, no title or front matter changed, no code,
template or data changed), the pages made from those files are made again at once, in both
languages, with what the last full build left: its configuration, its checked content (only the
saved files are read and checked again), and per language its files, navigation and template
environment.  The tabs showing those pages reload at once; then the full dirty build that brings
every other page (catalogue, search, neighbours, lists) up to date runs, and every tab reloads when
it is done.

Only `mkdocs serve --dirty` (`make preview`) uses this; a plain build never does.  Anything the lane
cannot handle falls back to the full build, which shows errors as before.

hooks/preview.py records the passes and calls the lane from the serve loop.  The lane reaches into
two internals, through hooks/mkdocs_internals.py: MkDocs' own page steps (the code the build itself
runs) and LiveReloadServer's site versions (which decide when the browsers reload and when page
requests wait for a build).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs_internals import (
    i18n_pass,
    make_page,
    saved_during_build,
    set_i18n_pass,
    show_built_version,
    want_new_version,
)

from platforma.content import site
from platforma.preview.stale_pages import structure_digest
from platforma.project import DOCS_DIR, LANGUAGES, MANUALS_DIR, PRACTICES_DIR, display_path

log = get_plugin_logger("preview")

Snapshot = dict[Path, tuple[int, int]]


def sources_snapshot() -> Snapshot:
    """Size and modification time of every file the lane can make pages from."""
    paths = [*PRACTICES_DIR.glob("*.yml"), *MANUALS_DIR.rglob("*.md"), *DOCS_DIR.rglob("*.md")]
    result = {}
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            continue
        result[path] = (stat.st_size, stat.st_mtime_ns)
    return result


def changed_files(before: Snapshot, after: Snapshot) -> set[Path] | None:
    """The files changed between two snapshots; None when a file was added or removed."""
    if before.keys() != after.keys():
        return None
    return {path for path, stamp in after.items() if before[path] != stamp}


@dataclass
class LanguagePass:
    """What one language pass of the last full build made its pages with."""

    files: Files | None = None
    nav: Navigation | None = None
    env: jinja2.Environment | None = None


@dataclass
class Recording:
    """What one full build made its pages with: its configuration, per language its files, navigation and
    templates, and the sources it read."""

    config: MkDocsConfig | None = None
    passes: dict[str, LanguagePass] = field(default_factory=dict)
    sources: Snapshot = field(default_factory=dict)
    structure: str = ""

    def complete(self) -> bool:
        """Every language pass was recorded whole."""
        return self.config is not None and all(
            lang in self.passes
            and self.passes[lang].files is not None
            and self.passes[lang].nav is not None
            and self.passes[lang].env is not None
            for lang in LANGUAGES
        )


@dataclass
class Lane:
    """The state the lane needs between builds (one per `mkdocs serve` process): the last full build that
    finished, which saves are compared with and made from, and the one running, which replaces it once done.
    A full build stopped by a newer save (`build_stopped`) leaves the last one in place, so the lane can
    still answer that save."""

    last: Recording | None = None
    running: Recording | None = None

    @property
    def ready(self) -> bool:
        """A full build finished since the last failure: the lane can make saved pages."""
        return self.last is not None

    # --- recorded by hooks/preview.py during a full build

    def build_starts(self, structure: str) -> None:
        """A full build starts: what it reads is what later saves are compared with."""
        self.running = Recording(sources=sources_snapshot(), structure=structure)

    def record(self, lang: str, config: MkDocsConfig, **parts: object) -> None:
        """Part of a language pass (files, nav or env) as the running build made it."""
        if self.running is None:
            return
        self.running.config = config
        record = self.running.passes.setdefault(lang, LanguagePass())
        for name, value in parts.items():
            setattr(record, name, value)

    def build_finished(self) -> None:
        """The full build wrote every language's pages: saves are now compared with what it read."""
        if self.running is not None and self.running.complete():
            self.last = self.running
        self.running = None

    def build_stopped(self) -> None:
        """The full build stopped before the end (a newer save is to be shown first): the last one stays."""
        self.running = None

    def forget(self) -> None:
        """A build failed: the next save takes the full build."""
        self.last = self.running = None

    # --- used by the serve loop

    def try_saved_pages(self) -> list[str] | None:
        """Make the pages of the saved files at once if the lane can; the URLs of the pages made, or None.

        The caller then runs the full build, which brings every other page up to date.
        """
        last = self.last
        if last is None:
            return None
        started = time.perf_counter()
        now = sources_snapshot()
        changed = changed_files(last.sources, now)
        if not changed or structure_digest() != last.structure:
            return None
        pages = self._pages_of(last, changed)
        if pages is None:
            return None
        content = site.after_saving(site.current(), changed)  # the last build's, with the saved files read again
        if content.problems:
            return None  # the full build reports them (and the browser shows its error page)
        site.set_current(content)
        try:
            self._make(last, pages)
        except Exception as error:  # noqa: BLE001  the full build makes the same pages and reports it properly
            log.debug(f"fast lane gave up: {type(error).__name__}: {error}")
            return None
        last.sources = now
        names = ", ".join(sorted(display_path(path) for path in changed))
        seconds = time.perf_counter() - started
        log.info(f"Saved {names}: its pages made again in {seconds:.2f} s; the other pages follow")
        return [page.url for lang_pages in pages.values() for page in lang_pages]

    @staticmethod
    def _pages_of(last: Recording, changed: set[Path]) -> dict[str, list[Page]] | None:
        """Per language, the pages made from the changed files; None if a file is not one the lane handles."""
        practice_ids = {path.stem for path in changed if path.parent == PRACTICES_DIR}
        texts = {path.resolve() for path in changed if path.parent != PRACTICES_DIR}
        names = {path.name for path in texts}  # resolving only these is what keeps this quick at 1000 practices
        found: dict[str, list[Page]] = {}
        seen: set[Path | str] = set()
        for lang in LANGUAGES:
            files = last.passes[lang].files
            assert files is not None
            for file in files.documentation_pages():
                page = file.page
                practice = getattr(page, "stub_meta", {}).get("practice")
                staged = Path(file.abs_src_path) if file.abs_src_path else None
                source = staged.resolve() if staged and staged.name in names else None
                if page is not None and (practice in practice_ids or source in texts):
                    found.setdefault(lang, []).append(page)
                    seen.add(practice if practice in practice_ids else source)
        if seen != practice_ids | texts:
            return None  # e.g. an entry whose page is not built, or a Markdown file that is no page
        return found

    @staticmethod
    def _make(last: Recording, pages: dict[str, list[Page]]) -> None:
        """Make `pages` as the passes of their languages would (settings, events, templates)."""
        config = last.config
        assert config is not None
        saved = i18n_pass(config)
        quiet, loggers = _OnlyProblems(), _plugin_loggers()
        for logger in loggers:  # not static-i18n's "Building 'pl' documentation..." once more
            logger.addFilter(quiet)
        try:
            for lang, lang_pages in pages.items():
                # as static-i18n's own passes: the language, and "not the first pass" (which
                # would stage the sources and reload the content; done above, for the changed files)
                set_i18n_pass(config, lang, True)
                config = config.plugins.on_config(config)  # the language's settings, as build() makes them
                record = last.passes[lang]
                assert record.files is not None and record.nav is not None and record.env is not None
                doc_files = record.files.documentation_pages()
                for page in lang_pages:
                    make_page(page, config, record.files, doc_files, record.nav, record.env)
        finally:
            for logger in loggers:
                logger.removeFilter(quiet)
            set_i18n_pass(config, *saved)


def _plugin_loggers() -> list[logging.Logger]:
    """The loggers of MkDocs' plugins, "mkdocs.plugins.*" ("properdocs.plugins.*" under ProperDocs); a filter
    on a logger does not see its children's records."""
    names = [name for name in logging.root.manager.loggerDict if name.split(".")[1:2] == ["plugins"]]
    return [logging.getLogger(name) for name in names]


class _OnlyProblems(logging.Filter):
    """Lets warnings and errors through, not the plugins' progress lines."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING


# LiveReloadServer keeps two versions of the site: the one being built ("wanted") and the last one
# finished ("visible").  Browsers reload when "visible" moves on, and every request waits while the two
# differ.  It only moves "visible" when the builder returns; these two let the fast lane show its pages
# first and still have the browsers reload when the full build is done.


def show_pages_now(server: LiveReloadServer, browsers: Browsers, urls: Iterable[str]) -> None:
    """The tabs showing the pages at `urls` (the pages just made) reload now; returns once they have
    loaded them (or after 2 s).  The other tabs wait for the full build (`browsers.release()`).

    The full build that follows runs in the server's process: it slows the answers to a reloading tab,
    and other tabs reloading now would only show what the full build is about to change.
    """
    bumped = time.monotonic()
    tabs = browsers.reload_only({server.mount_path + url for url in urls})
    show_built_version(server)
    browsers.wait_reloaded(tabs, after=bumped)


class Browsers:
    """What the preview's browser tabs are doing, seen from the server's requests.

    MkDocs' live-reload script in every visible tab keeps one poll (`/livereload/...`) waiting at the
    server until the site changes; the tab then reloads, and polls again once the page has loaded.  A
    poll names its tab's page in its Referer header.
    """

    def __init__(self) -> None:
        self._waiting: Counter[str] = Counter()  # page path of each poll waiting for a change
        self._held: Counter[str] = Counter()  # ... and of each poll answered, whose answer waits for release()
        self._poll_starts: deque[float] = deque(maxlen=64)
        self._only: set[str] | None = None  # while set, the answers to other pages' polls wait for release()
        self._cond = threading.Condition()

    def wrap(self, app: Callable[..., Iterable[bytes]]) -> Callable[..., Iterable[bytes]]:
        """`app` (the server's WSGI application), keeping count of the live-reload polls."""

        def counted(environ: dict, start_response: Callable) -> Iterable[bytes]:
            if not environ.get("PATH_INFO", "").startswith("/livereload/"):
                return app(environ, start_response)
            page = urlsplit(environ.get("HTTP_REFERER", "")).path
            with self._cond:
                self._waiting[page] += 1
                self._poll_starts.append(time.monotonic())
            try:
                answer = app(environ, start_response)  # returns when the site changes (or after a minute)
            finally:
                with self._cond:
                    self._waiting[page] -= 1
            with self._cond:  # the tab reloads when it gets the answer
                self._held[page] += 1
                try:
                    self._cond.wait_for(lambda: self._only is None or not page or page in self._only)
                finally:
                    self._held[page] -= 1
            return answer

        return counted

    def reload_only(self, pages: set[str]) -> int:
        """Until `release()`, only the tabs showing `pages` (paths) may reload; how many of them wait (a poll still
        waiting for a change, or one answered earlier and held since: after a newer save stopped the full build,
        the held tab of the newer save's page reloads now, once the lane has made that page)."""
        with self._cond:
            self._only = pages
            self._cond.notify_all()
            polls = self._waiting + self._held
            return sum(count for page, count in polls.items() if not page or page in pages)

    def release(self) -> None:
        """Every tab may reload again."""
        with self._cond:
            self._only = None
            self._cond.notify_all()

    def wait_reloaded(self, tabs: int, after: float, longest_s: float = 2.0) -> None:
        """Wait until `tabs` polls began after `after` (those tabs have loaded their page), at most `longest_s`."""
        deadline = after + longest_s
        while time.monotonic() < deadline:
            with self._cond:
                if sum(started > after for started in self._poll_starts) >= tabs:
                    return
            time.sleep(0.02)


def reload_again_when_built(server: LiveReloadServer) -> None:
    """The build that ends now is a new version: the browsers reload once more when it is done."""
    want_new_version(server)


LANE = Lane()


SAVED_AGAIN = "saved again: the newer save is shown first"


class SavedAgain(Exception):
    """Stops the full build that follows the lane's pages: the editor saved again meanwhile."""

    def __init__(self) -> None:
        super().__init__(SAVED_AGAIN)


@dataclass
class Stopper:
    """Whether the running full build may stop for a newer save (armed by hooks/preview.py around the full build
    that follows the lane's pages), and the check the hooks call between its steps."""

    server: LiveReloadServer | None = None
    armed: bool = False

    def check(self) -> None:
        """Raise `SavedAgain` if armed and a watched file changed since the build began."""
        if self.armed and self.server is not None and saved_during_build(self.server):
            raise SavedAgain


STOPPER = Stopper()

__all__ = [
    "LANE",
    "SAVED_AGAIN",
    "STOPPER",
    "Browsers",
    "Lane",
    "SavedAgain",
    "Stopper",
    "changed_files",
    "reload_again_when_built",
    "show_pages_now",
    "sources_snapshot",
]
