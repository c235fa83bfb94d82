"""`make preview` (`mkdocs serve --dirty`) in a real browser: a save shows at once, a broken entry shows
an error page in the page's language, and fixing it brings the page back (hooks/preview.py)."""

from __future__ import annotations

import json
import re
import time
import urllib.request

import pytest
from bench_serve import PREVIEW_ARGS, PreviewServer, free_port, retitle, wait_for_text
from playwright.sync_api import expect

from evaluation.synthetic import write_synthetic_practices
from platforma.content.manuals import load_manuals
from platforma.project import copy_project

ENTRY = "avr-trainings"
WAIT_MS = 120_000


@pytest.fixture
def preview(tmp_path):
    """A project copy of its own (a test that fails half-way leaves no broken entry to the next one), served
    as `make preview` serves it; yields (project folder, base URL, server)."""
    project = copy_project(tmp_path / "project")
    for attempt in range(3):
        port = free_port()
        server = PreviewServer(project, port, PREVIEW_ARGS)
        try:
            server.wait_ready(timeout=300)
            break
        except SystemExit:  # the port was taken between free_port() and the server binding it: another one
            server.stop()
            if attempt == 2 or not any("Address already in use" in line for line in server.lines):
                raise
    try:
        yield project, f"http://127.0.0.1:{port}", server
    finally:
        server.stop()


@pytest.fixture
def tabs(browser, preview):
    """A browser context of the test's own, closed before the server stops (it asks for `preview` so that
    pytest tears it down first). Its tabs are first sent to a blank page, with a bound: a context closed
    while its tabs still held live-reload requests to a stopped server once never finished closing."""
    context = browser.new_context()
    try:
        yield context
    finally:
        for page in context.pages:
            try:
                # "commit": the blank page needs no load event, which a reload of the page under way held up
                # until the bound (10 s, seen once)
                page.goto("about:blank", timeout=10_000, wait_until="commit")
            except Exception:  # noqa: BLE001 - a tab that cannot leave is closed with the context all the same
                pass
        context.close()


def _shows(page, text: str) -> None:
    wait_for_text(page, text, WAIT_MS / 1000, polling_ms=100)


def _holds(page, text: str) -> None:
    """`text` is in the page's HTML, now or after the page reloads itself."""
    page.wait_for_function(
        "t => document.documentElement.innerHTML.includes(t)", arg=text, timeout=WAIT_MS, polling=100
    )


def _fast_lane_count(server, name: str) -> int:
    """How many saves of `name` the fast lane made the pages of (hooks/_preview_lane.py)."""
    return sum(f"preview: Saved {name}: " in line for line in server.lines)


def _fast_lane_reaches(server, name: str, count: int) -> None:
    """Wait until the server's log says the fast lane made the pages of `count` saves of `name` (the log is read
    by a thread of its own, which may be a moment behind the browser)."""
    deadline = time.monotonic() + WAIT_MS / 1000
    while _fast_lane_count(server, name) < count:
        assert time.monotonic() < deadline, "\n".join(server.lines[-30:])
        time.sleep(0.05)
    assert _fast_lane_count(server, name) == count, "\n".join(server.lines[-30:])


def _read(page, expression: str):
    """The value of the JavaScript `expression` in the page once it has loaded: the page may reload itself
    at any moment (live reload), and an evaluate() during a navigation fails, so this waits (surviving
    navigations) for a loaded document and brings the value back as JSON."""
    handle = page.wait_for_function(
        f"() => document.readyState === 'complete' && JSON.stringify([{expression}])", timeout=WAIT_MS, polling=100
    )
    return json.loads(handle.json_value())[0]


def test_saves_show_and_a_broken_entry_gives_an_error_page_until_it_is_fixed(tabs, preview):
    project, base, server = preview
    entry = project / "practices" / f"{ENTRY}.yml"
    original = entry.read_text(encoding="utf-8")
    polish, english = tabs.new_page(), tabs.new_page()
    polish.goto(f"{base}/practices/{ENTRY}/")
    english.goto(f"{base}/en/practices/{ENTRY}/")

    # a save shows in the open page (and the pages that list the practice are made again)
    retitled = re.sub(r"(?m)^(title:\s*\n\s+pl:\s*).*$", lambda m: m[1] + '"Szkolenia po zapisie"', original)
    entry.write_text(retitled, encoding="utf-8")
    _shows(polish, "Szkolenia po zapisie")
    _fast_lane_reaches(server, f"practices/{ENTRY}.yml", 1)  # its page first (hooks/_preview_lane.py) ...
    catalogue = tabs.new_page()
    catalogue.goto(f"{base}/practices/")
    _holds(catalogue, "Szkolenia po zapisie")  # ... then the pages that list it; its card may be off screen

    # a chapter saved: only it is made again, and its navigation still names the chapters that were not
    chapter = project / "manuals" / "psn" / "05-unaccompanied-minors.md"
    reader = tabs.new_page()
    reader.goto(f"{base}/manuals/psn/05-unaccompanied-minors/")
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n\nZdanie dodane w podglądzie.\n", encoding="utf-8")
    _shows(reader, "Zdanie dodane w podglądzie.")
    _fast_lane_reaches(server, "manuals/psn/05-unaccompanied-minors.md", 1)
    names = _read(reader, "[...document.querySelectorAll('.md-nav__link .md-ellipsis')].map(e => e.textContent.trim())")
    psn = next(m for m in load_manuals()[0] if m.slug == "psn")
    assert "None" not in names and {c.title("pl") for c in psn.chapters} <= set(names), names

    # a broken entry: both open pages turn into the error page, each in its own language
    broken = retitled.replace("target_groups: [professionals]", "target_groups: [kids]")
    assert broken != retitled
    entry.write_text(broken, encoding="utf-8")
    _shows(polish, "treści nie da się zbudować")
    _shows(english, "the content cannot be built")
    message = polish.locator(".pw-preview-errors li").first.inner_text()
    assert re.match(rf"practices/{ENTRY}\.yml:\d+:\d+: .*'kids'", message), message
    expect(polish.locator("html")).to_have_attribute("lang", "pl", timeout=WAIT_MS)
    expect(english.locator("html")).to_have_attribute("lang", "en", timeout=WAIT_MS)
    expect(english.locator(".pw-preview-errors li").first).to_have_text(message, timeout=WAIT_MS)
    # a page the browser had not opened yet, and one that never existed, say the same
    other = tabs.new_page()
    other.goto(f"{base}/glossary/")
    _shows(other, "treści nie da się zbudować")
    assert other.goto(f"{base}/no-such-page/").status == 404
    _shows(other, "treści nie da się zbudować")

    # the fix: the open pages reload themselves into the real pages again
    entry.write_text(original, encoding="utf-8")
    _shows(polish, "Szkolenia")
    polish.wait_for_selector("h1", timeout=WAIT_MS)
    polish.wait_for_function("() => !document.querySelector('.pw-preview-errors')", timeout=WAIT_MS, polling=100)
    english.wait_for_function("() => !document.querySelector('.pw-preview-errors')", timeout=WAIT_MS, polling=100)
    assert "Szkolenia po zapisie" not in polish.inner_text("h1")
    other.goto(f"{base}/glossary/")
    expect(other.locator("h1")).to_be_visible(timeout=WAIT_MS)
    expect(other.locator(".pw-preview-errors")).to_have_count(0)
    assert server.process.poll() is None  # the server kept running throughout


def test_the_fast_lane_escapes_a_hostile_title_and_leaves_title_changes_to_the_full_build(tabs, preview):
    project, base, server = preview
    entry = project / "practices" / f"{ENTRY}.yml"
    original = entry.read_text(encoding="utf-8")
    page = tabs.new_page()
    page.goto(f"{base}/practices/{ENTRY}/")
    payload = "<img src=x onerror=window.pwned=1>Tytuł"
    hostile = re.sub(r"(?m)^(title:\s*\n\s+pl:\s*).*$", lambda m: m[1] + f'"{payload}"', original)
    made_before = _fast_lane_count(server, f"practices/{ENTRY}.yml")
    entry.write_text(hostile, encoding="utf-8")
    _shows(page, payload)  # shown as text, by the fast lane
    _fast_lane_reaches(server, f"practices/{ENTRY}.yml", made_before + 1)
    expect(page.locator("img[src=x]")).to_have_count(0)
    assert _read(page, "window.pwned") is None

    # a chapter's new title is in every page's navigation: the lane leaves it to the full build
    chapter = project / "manuals" / "psn" / "05-unaccompanied-minors.md"
    text = chapter.read_text(encoding="utf-8")
    title = re.search(r"(?m)^title: (.*)$", text)[1]
    saved_before = _fast_lane_count(server, "manuals/psn/05-unaccompanied-minors.md")
    other = tabs.new_page()
    other.goto(f"{base}/manuals/psn/")
    chapter.write_text(text.replace(f"title: {title}", "title: Rozdział o nowym tytule", 1), encoding="utf-8")
    _holds(other, "Rozdział o nowym tytule")  # in the navigation of a page that was not saved
    assert _fast_lane_count(server, "manuals/psn/05-unaccompanied-minors.md") == saved_before
    chapter.write_text(text, encoding="utf-8")
    entry.write_text(original, encoding="utf-8")
    _holds(other, title)


def _wait_for_line(server, text: str, after: int = 0) -> int:
    """Wait until a log line after the first `after` holds `text`; its index."""
    deadline = time.monotonic() + WAIT_MS / 1000
    while True:
        for index in range(after, len(server.lines)):
            if text in server.lines[index]:
                return index
        assert time.monotonic() < deadline, f"no line with {text!r}:\n" + "\n".join(server.lines[-30:])
        time.sleep(0.02)


def test_a_save_while_the_other_pages_are_made_is_shown_first_and_they_follow(tmp_path):
    """Saves one second apart: the full build that follows the first save's pages stops when the second comes,
    the lane shows the second save at once, and the full build then makes every page from both."""
    project = copy_project(tmp_path / "project")
    write_synthetic_practices(project / "practices", 400)  # the full build takes seconds: the save lands in it
    port = free_port()
    server = PreviewServer(project, port, PREVIEW_ARGS)
    try:
        server.wait_ready(timeout=300)
        first, second = project / "practices" / f"{ENTRY}.yml", project / "practices" / "avr-project.yml"
        retitle(first, "Pierwszy zapis")
        lane = _wait_for_line(server, f"preview: Saved practices/{ENTRY}.yml: ")
        retitle(second, "Drugi zapis")  # while the full build of the first save runs
        stop = _wait_for_line(server, "Saved again while the other pages were made", after=lane)
        again = _wait_for_line(server, "preview: Saved practices/avr-project.yml: ", after=stop)
        assert lane < stop < again
        # the stopped build is no version of its own: no tab reloads for it before the newer save's page is made
        assert not any("Reloading browsers" in line for line in server.lines[stop:again])
        base = f"http://127.0.0.1:{port}"
        assert "Drugi zapis" in _fetch(f"{base}/practices/avr-project/")
        deadline = time.monotonic() + WAIT_MS / 1000
        while not all(title in _fetch(f"{base}/practices/") for title in ("Pierwszy zapis", "Drugi zapis")):
            assert time.monotonic() < deadline, "\n".join(server.lines[-30:])  # the catalogue, by the full build
            time.sleep(0.2)
        assert not any("Error reading page" in line or "Error building page" in line for line in server.lines)
    finally:
        server.stop()


def _fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=WAIT_MS / 1000) as answer:
        return answer.read().decode("utf-8")
