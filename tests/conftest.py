"""Shared helpers: copies of the project and real MkDocs builds into temporary folders."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from platforma.project import copy_project  # noqa: F401  (re-exported for tests)

ROOT = Path(__file__).resolve().parents[1]
EPOCH = "1790000000"  # a fixed SOURCE_DATE_EPOCH (2026-09-21) so builds are comparable


def pytest_configure(config):
    """Before pytest-xdist starts its workers: the search word lexicon, which `make test` has its set-up make
    (scripts/setup.sh), is made here when missing, once: simplemma writes its tries in place, and two workers
    making them at once could read each other's half-written file. (The build cache's other writers write
    a file of their own and rename it, so workers and other test runs can share the cache.)"""
    if os.environ.get("PYTEST_XDIST_WORKER") or not getattr(config.option, "numprocesses", None):
        return
    from platforma.words.lexicon import is_prepared, lexicon

    for lang in ("pl", "en"):
        if not is_prepared(lang):
            lexicon(lang)


def run_build(project: Path, site: Path, *, epoch: str = EPOCH, extra_env: dict[str, str] | None = None):
    """`mkdocs build --strict` of `project` into `site`, as a subprocess (like `make build`)."""
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": epoch,
        "NO_MKDOCS_2_WARNING": "1",
        "PLATFORMA_PDF": "0",  # PDFs only where a test asks for them (they take seconds per build)
        **(extra_env or {}),
    }
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def run_build_script(project: Path, site: Path, *, timeout: int = 600) -> subprocess.CompletedProcess:
    """`scripts/build.py --no-offline` of `project` into `site` (as `make build`: a failed build leaves `site`
    as it was), PDFs off, as a subprocess; the offline copy (a second build) is tested in test_offline.py."""
    env = {**os.environ, "PLATFORMA_PDF": "0", "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": EPOCH}
    return subprocess.run(
        [sys.executable, str(project / "scripts" / "build.py"), "--site-dir", str(site), "--no-offline"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real project built once for the whole test session (its log: `build_log(built_site)`); tests only
    read it. Under pytest-xdist the workers share one build (see `made_once`)."""

    def build(site: Path) -> None:
        result = run_build(ROOT, site, extra_env={"PLATFORMA_PDF": "1"})
        assert result.returncode == 0, result.stderr[-5000:]
        build_log(site).write_text(result.stderr, encoding="utf-8")

    return made_once(tmp_path_factory, "site", build)


def made_once(tmp_path_factory, name: str, make) -> Path:
    """A folder `make(folder)` fills, made once per test run: by this process, or under pytest-xdist by the
    first worker that asks, in the run's own temporary folder (shared by its workers, never by two runs)
    while the others wait on a lock; a worker whose `make` fails leaves nothing behind for the next one."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        folder = tmp_path_factory.mktemp(name)
        make(folder)
        return folder
    import fcntl
    import shutil

    run_folder = tmp_path_factory.getbasetemp().parent  # xdist gives each worker <run folder>/popen-<worker>
    folder, done = run_folder / f"shared-{name}", run_folder / f"shared-{name}.done"
    with open(run_folder / f"shared-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


def build_log(site: Path) -> Path:
    """Where the log of the build of `site` is kept: beside it, not in it (the site stays as built)."""
    return site.with_name(site.name + ".log")


@contextlib.contextmanager
def serving(folder: Path):
    """`folder` over HTTP on a free loopback port while the block runs; gives its base URL (no trailing /)."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):  # keep test output readable
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def served_site(built_site):
    """The built site over HTTP on a free loopback port; yields its base URL."""
    with serving(built_site) as url:
        yield url


# How long a browser test waits for something a script makes (search results, the catalogue ready): long, as
# it is only a bound on a condition, and a loaded two-core machine has taken more than 10 s to load the index
WAIT_MS = 60_000

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (Playwright's own browser download is not used)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def pdf_pages(path: Path) -> list[str]:
    """The text of every page, laid out as on paper (pdftotext -layout)."""
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return out.split("\f")[:-1]


def lines(page: str) -> list[str]:
    """The non-empty lines of a page's text, stripped."""
    return [line.strip() for line in page.splitlines() if line.strip()]


def squeeze(text: str) -> str:
    """`text` with every run of white space made one space."""
    return " ".join(text.split())
