"""Editor preview benchmark: from saving a file to the browser showing the change, under `mkdocs serve`.

Used by `python scripts/bench.py serve`.  For each N (synthetic practices added to a copy of the
project; 0 = the real content only) it starts `mkdocs serve` as `make preview` does (no PDFs),
opens a practice page and a manual chapter in Debian's Chromium, and then, in turns, edits the
practice's Polish title and adds a sentence to the chapter.  Each figure is the time from writing
the file to the reloaded page showing the new text: the watcher, the rebuild and the browser's
reload together, as an editor meets it.  "All pages" is the time until the server is done with the
save: under `make preview` the saved page is shown first and the full dirty build that brings the
other pages (catalogue, search, lists) up to date follows (hooks/_preview_lane.py).  The next edit
waits for that, as an editor's next save comes seconds later.  Then the same edits are made one
second apart (the next as soon as the last one showed, if that took longer), so that most land
while the full build of the one before runs: "1 s apart" times those after the first.
"""

from __future__ import annotations

import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from _table import table

from evaluation.synthetic import write_synthetic_practices
from platforma.project import copy_project

TARGET_S = 1.5
PRACTICE = "avr-trainings"
CHAPTER = Path("manuals/psn/05-unaccompanied-minors.md")
CHROMIUM = "/usr/bin/chromium"
PREVIEW_ARGS = ["--dirty"]  # as `make preview`


@dataclass
class ServeFigures:
    """Seconds from saving to the reloaded page, per kind of edit (medians and worst of the repeats)."""

    practices: int
    startup_s: float
    practice_median_s: float
    practice_max_s: float
    chapter_median_s: float
    chapter_max_s: float
    all_pages_median_s: float
    all_pages_max_s: float
    apart_median_s: float
    apart_max_s: float
    builds: list[float]


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PreviewServer:
    """`mkdocs serve` of a project in its own process; remembers its log lines."""

    def __init__(self, project: Path, port: int, extra: list[str]) -> None:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PLATFORMA_PDF": "0"}
        self.lines: list[str] = []
        self.reloads: list[float] = []  # perf_counter() of each "Reloading browsers"
        self.changes: list[float] = []  # ... and of each "Detected file changes"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", *extra],
            cwd=project,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self._ready = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip())
            if "Reloading browsers" in line:
                self.reloads.append(time.perf_counter())
            elif "Detected file changes" in line:
                self.changes.append(time.perf_counter())
            if "Serving on" in line:
                self._ready.set()

    def wait_ready(self, timeout: float) -> None:
        """Wait until the server serves; a server that stops first (bad content, a taken port) fails at once."""
        deadline = time.monotonic() + timeout
        while not self._ready.wait(0.1):
            if self.process.poll() is not None or time.monotonic() > deadline:
                break
        if not self._ready.is_set() or self.process.poll() is not None:
            self._reader.join(timeout=5)  # its last lines say why
            raise SystemExit("mkdocs serve did not start:\n" + "\n".join(self.lines[-30:]))

    def wait_idle(self, since: float, hold_s: float = 0.8, timeout_s: float = 300) -> float:
        """Wait until the server has reloaded the browsers after `since` and started nothing else for
        `hold_s`; returns the moment of that last reload."""
        deadline = time.perf_counter() + timeout_s
        while time.perf_counter() < deadline:
            reloads = [t for t in self.reloads if t > since]
            last_change = max(self.changes, default=0.0)
            if reloads and reloads[-1] > last_change and time.perf_counter() - reloads[-1] > hold_s:
                return reloads[-1]
            time.sleep(0.05)
        raise SystemExit("mkdocs serve did not settle:\n" + "\n".join(self.lines[-30:]))

    def build_seconds(self) -> list[float]:
        """'Documentation built in X seconds' of every rebuild after the first build."""
        found = [float(m[1]) for line in self.lines if (m := re.search(r"built in ([\d.]+) seconds", line))]
        return found[1:]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def retitle(path: Path, title: str) -> None:
    """Give the entry a new Polish title (the line under `title:`)."""
    text = path.read_text(encoding="utf-8")
    changed = re.sub(r"(?m)^(title:\s*\n\s+pl:\s*).*$", lambda m: m[1] + json.dumps(title, ensure_ascii=False), text)
    path.write_text(changed, encoding="utf-8")


def _add_sentence(path: Path, original: str, sentence: str) -> None:
    path.write_text(original.rstrip("\n") + f"\n\n{sentence}\n", encoding="utf-8")


def wait_for_text(page, text: str, timeout_s: float = 120, polling_ms: int = 20) -> None:  # noqa: ANN001
    """Wait until the page (which reloads itself after a save) shows `text`."""
    page.wait_for_function(
        "t => document.body && document.body.innerText.includes(t)",
        arg=text,
        timeout=timeout_s * 1000,
        polling=polling_ms,
    )


def _save_and_show(page, write: Callable[[], None], marker: str) -> tuple[float, float]:  # noqa: ANN001
    """Call `write` (a save); its moment, and the seconds until `marker` shows in the page."""
    started = time.perf_counter()
    write()
    wait_for_text(page, marker)
    return started, time.perf_counter() - started


def _time_until(server: PreviewServer, page, write, marker: str) -> tuple[float, float]:
    """Seconds from calling `write` to `marker` showing in the page (it reloads itself), and to the
    server being done with the save (every page up to date)."""
    started, shown = _save_and_show(page, write, marker)
    return shown, server.wait_idle(started) - started


def _one_second_apart(edits: list[tuple[object, Callable[[], None], str]], gap_s: float = 1.0) -> list[float]:
    """Make the edits (page, write, marker) `gap_s` apart, or each as soon as the last one showed if that took
    longer; seconds from each save to its page showing its marker."""
    times: list[float] = []
    next_at = time.perf_counter()
    for page, write, marker in edits:
        # the gap between an editor's saves, not a wait for a result
        time.sleep(max(0.0, next_at - time.perf_counter()))
        started, shown = _save_and_show(page, write, marker)
        times.append(shown)
        next_at = started + gap_s
    return times


def measure(count: int, repeat: int, *, full: bool = False) -> ServeFigures:
    """Start a preview server with `count` synthetic practices and time `repeat` edits of each kind.

    `full`: `mkdocs serve` without `--dirty`, every rebuild makes every page (for comparison).
    """
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        project = copy_project(Path(tmp) / "project")
        if count:
            write_synthetic_practices(project / "practices", count)
        port = free_port()
        started = time.perf_counter()
        server = PreviewServer(project, port, [] if full else PREVIEW_ARGS)
        try:
            server.wait_ready(timeout=600)
            startup = time.perf_counter() - started
            base = f"http://127.0.0.1:{port}"
            entry, chapter = project / "practices" / f"{PRACTICE}.yml", project / CHAPTER
            chapter_text = chapter.read_text(encoding="utf-8")
            practice_times, chapter_times, all_pages = [], [], []
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
                practice_page = browser.new_page()
                practice_page.goto(f"{base}/practices/{PRACTICE}/")
                chapter_page = browser.new_page()
                chapter_page.goto(f"{base}/{CHAPTER.with_suffix('').as_posix()}/")
                for round_ in range(repeat):
                    title = f"Tytuł po edycji {count}-{round_}"
                    shown, done = _time_until(server, practice_page, lambda t=title: retitle(entry, t), title)
                    practice_times.append(shown)
                    all_pages.append(done)
                    sentence = f"Zdanie dodane w edycji {count}-{round_}."
                    write = lambda s=sentence: _add_sentence(chapter, chapter_text, s)  # noqa: E731
                    shown, done = _time_until(server, chapter_page, write, sentence)
                    chapter_times.append(shown)
                    all_pages.append(done)
                    print(
                        f"  N={count} round {round_ + 1}: practice {practice_times[-1]:.2f} s, "
                        f"chapter {chapter_times[-1]:.2f} s (all pages {all_pages[-2]:.2f} s, {all_pages[-1]:.2f} s)",
                        flush=True,
                    )
                edits = []
                for round_ in range(repeat):
                    title = f"Tytuł zapisany w serii {count}-{round_}"
                    edits.append((practice_page, lambda t=title: retitle(entry, t), title))
                    sentence = f"Zdanie zapisane w serii {count}-{round_}."
                    edits.append((chapter_page, lambda s=sentence: _add_sentence(chapter, chapter_text, s), sentence))
                started_apart = time.perf_counter()
                apart = _one_second_apart(edits)[1:]  # the first found the server idle
                server.wait_idle(started_apart)
                print(f"  N={count} one second apart: " + ", ".join(f"{t:.2f}" for t in apart) + " s", flush=True)
                browser.close()
            return ServeFigures(
                practices=count,
                startup_s=round(startup, 2),
                practice_median_s=round(statistics.median(practice_times), 2),
                practice_max_s=round(max(practice_times), 2),
                chapter_median_s=round(statistics.median(chapter_times), 2),
                chapter_max_s=round(max(chapter_times), 2),
                all_pages_median_s=round(statistics.median(all_pages), 2),
                all_pages_max_s=round(max(all_pages), 2),
                apart_median_s=round(statistics.median(apart), 2),
                apart_max_s=round(max(apart), 2),
                builds=server.build_seconds(),
            )
        finally:
            server.stop()


def run(counts: list[int], repeat: int, json_path: Path | None, *, full: bool = False) -> list[ServeFigures]:
    """Measure every N and print the table (and the target beside it)."""
    figures = []
    command = "mkdocs serve" + ("" if full else " " + " ".join(PREVIEW_ARGS))
    for count in counts:
        print(f"{command} with the real content + {count} synthetic practices ...", flush=True)
        figures.append(measure(count, repeat, full=full))
    print(f"\nSave → reloaded page under `{command}` (medians of {repeat}; target ≤ {TARGET_S} s)")
    header = ["added practices", "first build", "practice median", "practice max", "chapter median", "chapter max"]
    header += ["all pages median", "all pages max", "1 s apart median", "1 s apart max"]
    rows = [
        [
            str(f.practices),
            f"{f.startup_s:.1f} s",
            f"{f.practice_median_s:.2f} s",
            f"{f.practice_max_s:.2f} s",
            f"{f.chapter_median_s:.2f} s",
            f"{f.chapter_max_s:.2f} s",
            f"{f.all_pages_median_s:.2f} s",
            f"{f.all_pages_max_s:.2f} s",
            f"{f.apart_median_s:.2f} s",
            f"{f.apart_max_s:.2f} s",
        ]
        for f in figures
    ]
    table(header, rows)
    for f in figures:
        if f.builds:
            print(f"  N={f.practices}: rebuilds took {min(f.builds):.2f}–{max(f.builds):.2f} s (server log)")
    if json_path:
        json_path.write_text(json.dumps([asdict(f) for f in figures], indent=2) + "\n", encoding="utf-8")
        print(f"figures written to {json_path}")
    return figures
