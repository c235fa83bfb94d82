"""The preview's fast lane (hooks/_preview_lane.py) on its own: after a dirty build as `make preview`
makes it, a saved entry or chapter has its pages made again and nothing else; a change the lane cannot
handle is left to the full build.  Runs in a project copy, in a process of its own (the hooks import
the copy's platforma)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from _preview_lane import Browsers

from platforma.project import copy_project

SCRIPT = textwrap.dedent(
    """
    import gc, json, os, sys, time
    from pathlib import Path
    sys.argv = ["mkdocs", "serve", "--dirty"]  # static-i18n reads --dirty from here
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from _preview_lane import LANE

    config = load_config("mkdocs.yml", site_dir=SITE)
    config.plugins.on_startup(command="serve", dirty=True)
    build(config, dirty=True)
    frozen = gc.get_freeze_count()  # hooks/content.py keeps the content out of full collections until the end
    LANE.build_finished()  # as hooks/preview.py's on_serve does after MkDocs' first build

    site = Path(config.site_dir)
    watched = {name: site / name for name in WATCHED}
    before = {name: path.stat().st_mtime_ns for name, path in watched.items()}
    time.sleep(0.05)
    for name, (old, new) in EDITS.items():
        path = Path(name)
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    made = LANE.try_saved_pages() is not None
    changed = [name for name, path in watched.items() if path.stat().st_mtime_ns != before[name]]
    texts = {name: path.read_text(encoding="utf-8") for name, path in watched.items()}
    print("RESULT" + json.dumps({"made": made, "changed": changed, "texts": texts, "frozen": frozen}))
    """
)

PRACTICE_PAGE = "practices/avr-trainings/index.html"
PRACTICE_PAGE_EN = "en/practices/avr-trainings/index.html"
CATALOGUE = "practices/index.html"
CHAPTER_PAGE = "manuals/psn/05-unaccompanied-minors/index.html"
OTHER_CHAPTER = "manuals/psn/01-introduction/index.html"
WATCHED = [PRACTICE_PAGE, PRACTICE_PAGE_EN, CATALOGUE, CHAPTER_PAGE]


# the module's tests share a module fixture that takes a while to make (`make test` runs pytest-xdist with
# --dist loadgroup): one worker runs them all, so the fixture is made once
pytestmark = pytest.mark.xdist_group("preview_lane")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("lane") / "project")


def _result_of(project: Path, script: str) -> dict:
    """What `script`, run in the project copy in a process of its own, printed after "RESULT"."""
    path = os.pathsep.join(filter(None, ["hooks", os.environ.get("PYTHONPATH")]))  # the adapters, then the rest
    env = {**os.environ, "PLATFORMA_PDF": "0", "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": path}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=project, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    line = next(line for line in done.stdout.splitlines() if line.startswith("RESULT"))
    return json.loads(line.removeprefix("RESULT"))


def _run(project: Path, site: Path, edits: dict[str, tuple[str, str]]) -> dict:
    return _result_of(project, f"SITE = {str(site)!r}\nWATCHED = {WATCHED!r}\nEDITS = {edits!r}\n" + SCRIPT)


def _run_and_restore(project: Path, site: Path, edits: dict[str, tuple[str, str]]) -> dict:
    """`_run`, then the edited files as they were, even when the run fails (the project copy is shared by
    the module's tests)."""
    saved = {name: (project / name).read_bytes() for name in edits}
    try:
        return _run(project, site, edits)
    finally:
        for name, data in saved.items():
            (project / name).write_bytes(data)


def test_a_saved_entry_and_chapter_have_their_pages_made_and_nothing_else(project, tmp_path):
    entry = (project / "practices" / "avr-trainings.yml").read_text(encoding="utf-8")
    polish_title = entry.split("title:\n  pl: ", 1)[1].splitlines()[0]
    edits = {
        "practices/avr-trainings.yml": (f"pl: {polish_title}", "pl: Tytuł zapisany w szybkim torze"),
        "manuals/psn/05-unaccompanied-minors.md": (
            "## Kim jest małoletni bez opieki",
            "Zdanie z szybkiego toru.\n\n## Kim jest małoletni bez opieki",
        ),
    }
    result = _run_and_restore(project, tmp_path / "site", edits)
    assert result["frozen"] == 0  # a build leaves nothing out of the garbage collector's reach
    assert result["made"] is True
    # the saved practice's pages in both languages and the chapter's; the catalogue waits for the full build
    assert sorted(result["changed"]) == sorted([PRACTICE_PAGE, PRACTICE_PAGE_EN, CHAPTER_PAGE])
    assert "Tytuł zapisany w szybkim torze" in result["texts"][PRACTICE_PAGE]
    assert "Zdanie z szybkiego toru." in result["texts"][CHAPTER_PAGE]
    assert "Tytuł zapisany w szybkim torze" not in result["texts"][CATALOGUE]
    # each made with its own language's settings (the last full build left the English ones)
    polish, english = result["texts"][PRACTICE_PAGE], result["texts"][PRACTICE_PAGE_EN]
    assert '<html lang="pl"' in polish and "Knowledge Platform" not in polish
    assert '<html lang="en"' in english and "Knowledge Platform" in english


@pytest.mark.parametrize(
    "edits",
    [
        # a chapter's title is in every page's navigation
        {"manuals/psn/05-unaccompanied-minors.md": ("title: Małoletni bez opieki", "title: Inny tytuł")},
        # data every page is made from
        {"data/ui.yml": ("nav_home:", "nav_home_unused: x\nnav_home:")},
        # an entry the validator refuses: the full build reports it
        {"practices/avr-trainings.yml": ("target_groups: [", "target_groups: [kids, ")},
        # a chapter's text citing a source that is not archived: the full build reports it
        {
            "manuals/psn/05-unaccompanied-minors.md": (
                "## Kim jest małoletni bez opieki",
                "Zdanie [source: no-such-source].\n\n## Kim jest małoletni bez opieki",
            )
        },
    ],
    ids=["chapter-title", "data", "invalid-entry", "unknown-citation"],
)
def test_changes_the_lane_cannot_handle_are_left_to_the_full_build(project, tmp_path, edits):
    result = _run_and_restore(project, tmp_path / "site", edits)
    assert result["made"] is False
    assert result["changed"] == []


def test_browsers_reload_the_saved_pages_tabs_first_and_the_others_after_the_full_build():
    """The serve loop lets only the tabs showing the pages the lane made reload, waits until they have
    loaded them (polled again), and lets the other tabs reload when the full build is done."""
    site_changed = threading.Event()

    def server_app(environ, start_response):
        if environ["PATH_INFO"].startswith("/livereload/"):
            site_changed.wait(5)  # as MkDocs' poll does until the site changes
        return [b"ok"]

    def poll(page: str) -> dict:
        return {"PATH_INFO": "/livereload/1/1", "HTTP_REFERER": f"http://127.0.0.1:8000{page}#top"}

    browsers = Browsers()
    app = browsers.wrap(server_app)
    answered: list[str] = []
    tabs = [
        threading.Thread(target=lambda p=page: (app(poll(p), None), answered.append(p)))
        for page in ("/practices/saved/", "/en/practices/saved/", "/manuals/other/")
    ]
    for tab in tabs:
        tab.start()
    app({"PATH_INFO": "/practices/saved/"}, None)  # a page request is not a poll
    _wait_until(lambda: sum(browsers._waiting.values()) == 3)

    bumped = time.monotonic()
    assert browsers.reload_only({"/practices/saved/", "/en/practices/saved/"}) == 2
    site_changed.set()
    # every poll has its answer; the two saved tabs take it, the other tab waits
    _wait_until(lambda: sum(browsers._waiting.values()) == 0 and len(answered) == 2)
    assert sorted(answered) == ["/en/practices/saved/", "/practices/saved/"]
    assert tabs[2].is_alive()

    browsers.wait_reloaded(2, after=bumped, longest_s=0.8)  # the two tabs did not poll again: gives up
    assert time.monotonic() - bumped >= 0.8  # (it waited its whole limit)
    app(poll("/practices/saved/"), None)
    app(poll("/en/practices/saved/"), None)
    started = time.monotonic()
    browsers.wait_reloaded(2, after=bumped, longest_s=120)  # both polled again: returns at once, not at its limit
    assert time.monotonic() - started < 60

    browsers.release()  # the full build is done
    for tab in tabs:
        tab.join(60)
    assert not any(tab.is_alive() for tab in tabs)
    assert answered[-1] == "/manuals/other/"
    assert sum(browsers._waiting.values()) == 0


def test_a_tab_held_since_an_earlier_save_reloads_when_its_page_is_made():
    """After a newer save stopped the full build, the tabs answered for the earlier save stay held (they would
    reload an old page); the lane's pages of the newer save let the held tab of that page reload, and count it."""
    site_changed = threading.Event()

    def server_app(environ, start_response):
        site_changed.wait(5)
        return [b"ok"]

    browsers = Browsers()
    app = browsers.wrap(server_app)
    answered: list[str] = []
    chapter = {"PATH_INFO": "/livereload/1/1", "HTTP_REFERER": "http://127.0.0.1:8000/manuals/psn/chapter/"}
    tab = threading.Thread(target=lambda: (app(chapter, None), answered.append("chapter")), daemon=True)
    tab.start()
    try:
        _wait_until(lambda: sum(browsers._waiting.values()) == 1)
        assert browsers.reload_only({"/practices/saved/"}) == 0  # the first save's pages: another tab's
        site_changed.set()
        _wait_until(lambda: sum(browsers._waiting.values()) == 0)
        assert tab.is_alive() and not answered  # the chapter's tab is held

        assert browsers.reload_only({"/manuals/psn/chapter/"}) == 1  # the newer save: the chapter, made by the lane
        _wait_until(lambda: answered == ["chapter"], timeout_s=10)
    finally:
        browsers.release()  # a tab still held (the test failed) is let go
        tab.join(10)


def _wait_until(condition, timeout_s: float = 60) -> None:
    """Poll `condition` until it holds (a loaded machine only makes this slower, never wrong)."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "the condition did not come true"
        time.sleep(0.01)


AFTER_SAVING = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from platforma.content import site
    from platforma.project import ROOT

    content = site.load_site_content()
    assert not content.problems, content.problems
    chapter, entry = ROOT / "manuals/psn/05-unaccompanied-minors.md", ROOT / "practices/avr-trainings.yml"
    result = {"unchanged": [str(p) for p in site.after_saving(content, {chapter}).problems]}
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\\nZdanie [source: no-such-source].\\n", encoding="utf-8")
    result["citation"] = [str(p) for p in site.after_saving(content, {chapter}).problems]
    text = entry.read_text(encoding="utf-8")
    entry.write_text(text.replace("target_groups: [", "target_groups: [kids, ", 1), encoding="utf-8")
    result["entry"] = [str(p) for p in site.after_saving(content, {entry}).problems]
    print("RESULT" + json.dumps(result))
    """
)


def test_after_saving_checks_the_saved_files_again(tmp_path):
    """The lane's content check (platforma.content.site.after_saving) finds what the full build would."""
    result = _result_of(copy_project(tmp_path / "project"), AFTER_SAVING)
    assert result["unchanged"] == []
    [citation] = result["citation"]
    assert citation.startswith("manuals/psn/05-unaccompanied-minors.md:") and "no-such-source" in citation
    assert any(p.startswith("practices/avr-trainings.yml:") and "'kids'" in p for p in result["entry"])


def _recorded(lane, marker: str) -> None:
    """Record a whole build into `lane` (objects stand in for files, nav and templates: only their identity is
    kept and compared here)."""
    from platforma.project import LANGUAGES

    lane.build_starts(structure=marker)
    for lang in LANGUAGES:
        lane.record(lang, config=marker, files=object(), nav=object(), env=object())


def test_the_lane_keeps_the_last_finished_build_until_a_newer_one_finishes():
    from _preview_lane import Lane

    lane = Lane()
    assert not lane.ready
    _recorded(lane, "first")
    assert not lane.ready  # running, not finished
    lane.build_finished()
    assert lane.ready and lane.last.structure == "first"

    _recorded(lane, "second")
    lane.build_stopped()  # a newer save stopped it: saves are still compared with the first
    assert lane.last.structure == "first" and lane.running is None

    lane.build_starts(structure="third")
    lane.record("pl", config="third", nav=object())
    lane.build_finished()  # a pass is missing: what it recorded cannot make pages
    assert lane.last.structure == "first"

    _recorded(lane, "fourth")
    lane.build_finished()
    assert lane.last.structure == "fourth"
    lane.forget()
    assert not lane.ready


def test_reading_the_practices_stops_between_files_when_the_checkpoint_says_so():
    """The preview's full build stops for a newer save while it reads the entries, not only after."""
    from platforma.content.practices import load_practices, practice_files

    class Stop(Exception):
        pass

    calls: list[int] = []

    def checkpoint() -> None:
        calls.append(1)
        if len(calls) == 3:
            raise Stop

    with pytest.raises(Stop):
        load_practices(checkpoint=checkpoint)
    assert len(calls) == 3
    calls.clear()
    assert not load_practices(checkpoint=lambda: calls.append(1)).problems
    assert len(calls) == len(list(practice_files())) > 3
