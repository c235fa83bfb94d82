"""`make preview` (`mkdocs serve --dirty`) in a real browser: a save shows at once, a broken entry shows
an error page in the page's language, and fixing it brings the page back (hooks/preview.py)."""

from __future__ import annotations

import re

import pytest
from bench_serve import PREVIEW_ARGS, PreviewServer, free_port

from platforma.manuals import load_manuals
from platforma.project import copy_project

ENTRY = "avr-trainings"
WAIT_MS = 120_000


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    """A project copy served as `make preview` serves it; yields (project folder, base URL, server)."""
    project = copy_project(tmp_path_factory.mktemp("preview") / "project")
    port = free_port()
    server = PreviewServer(project, port, PREVIEW_ARGS)
    try:
        server.wait_ready(timeout=300)
        yield project, f"http://127.0.0.1:{port}", server
    finally:
        server.stop()


def _shows(page, text: str) -> None:
    page.wait_for_function(
        "t => document.body && document.body.innerText.includes(t)", arg=text, timeout=WAIT_MS, polling=100
    )


def _holds(page, text: str) -> None:
    """`text` is in the page's HTML, now or after the page reloads itself."""
    page.wait_for_function(
        "t => document.documentElement.innerHTML.includes(t)", arg=text, timeout=WAIT_MS, polling=100
    )


def _fast_lane_count(server, name: str) -> int:
    """How many saves of `name` the fast lane made the pages of (hooks/_preview_lane.py)."""
    return sum(f"preview: Saved {name}: " in line for line in server.lines)


def _fast_lane_made(server, name: str) -> bool:
    return _fast_lane_count(server, name) > 0


def test_saves_show_and_a_broken_entry_gives_an_error_page_until_it_is_fixed(browser, preview):
    project, base, server = preview
    entry = project / "practices" / f"{ENTRY}.yml"
    original = entry.read_text(encoding="utf-8")
    polish, english = browser.new_page(), browser.new_page()
    polish.goto(f"{base}/practices/{ENTRY}/")
    english.goto(f"{base}/en/practices/{ENTRY}/")

    # a save shows in the open page (and the pages that list the practice are made again)
    retitled = re.sub(r"(?m)^(title:\s*\n\s+pl:\s*).*$", lambda m: m[1] + '"Szkolenia po zapisie"', original)
    entry.write_text(retitled, encoding="utf-8")
    _shows(polish, "Szkolenia po zapisie")
    assert _fast_lane_made(server, f"practices/{ENTRY}.yml")  # its page first (hooks/_preview_lane.py) ...
    catalogue = browser.new_page()
    catalogue.goto(f"{base}/practices/")
    _holds(catalogue, "Szkolenia po zapisie")  # ... then the pages that list it; its card may be off screen

    # a chapter saved: only it is made again, and its navigation still names the chapters that were not
    chapter = project / "manuals" / "psn" / "05-unaccompanied-minors.md"
    reader = browser.new_page()
    reader.goto(f"{base}/manuals/psn/05-unaccompanied-minors/")
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n\nZdanie dodane w podglądzie.\n", encoding="utf-8")
    _shows(reader, "Zdanie dodane w podglądzie.")
    assert _fast_lane_made(server, "manuals/psn/05-unaccompanied-minors.md")
    names = reader.eval_on_selector_all(".md-nav__link .md-ellipsis", "els => els.map(e => e.textContent.trim())")
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
    assert polish.evaluate("document.documentElement.lang") == "pl"
    assert english.evaluate("document.documentElement.lang") == "en"
    assert english.locator(".pw-preview-errors li").first.inner_text() == message
    # a page the browser had not opened yet, and one that never existed, say the same
    other = browser.new_page()
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
    assert other.locator(".pw-preview-errors").count() == 0
    assert server.process.poll() is None  # the server kept running throughout


def test_the_fast_lane_escapes_a_hostile_title_and_leaves_title_changes_to_the_full_build(browser, preview):
    project, base, server = preview
    entry = project / "practices" / f"{ENTRY}.yml"
    original = entry.read_text(encoding="utf-8")
    page = browser.new_page()
    page.goto(f"{base}/practices/{ENTRY}/")
    payload = "<img src=x onerror=window.pwned=1>Tytuł"
    hostile = re.sub(r"(?m)^(title:\s*\n\s+pl:\s*).*$", lambda m: m[1] + f'"{payload}"', original)
    made_before = _fast_lane_count(server, f"practices/{ENTRY}.yml")
    entry.write_text(hostile, encoding="utf-8")
    _shows(page, payload)  # shown as text, by the fast lane
    assert _fast_lane_count(server, f"practices/{ENTRY}.yml") == made_before + 1
    assert page.evaluate("window.pwned") is None
    assert page.locator("img[src=x]").count() == 0

    # a chapter's new title is in every page's navigation: the lane leaves it to the full build
    chapter = project / "manuals" / "psn" / "05-unaccompanied-minors.md"
    text = chapter.read_text(encoding="utf-8")
    title = re.search(r"(?m)^title: (.*)$", text)[1]
    saved_before = _fast_lane_count(server, "manuals/psn/05-unaccompanied-minors.md")
    other = browser.new_page()
    other.goto(f"{base}/manuals/psn/")
    chapter.write_text(text.replace(f"title: {title}", "title: Rozdział o nowym tytule", 1), encoding="utf-8")
    _holds(other, "Rozdział o nowym tytule")  # in the navigation of a page that was not saved
    assert _fast_lane_count(server, "manuals/psn/05-unaccompanied-minors.md") == saved_before
    chapter.write_text(text, encoding="utf-8")
    entry.write_text(original, encoding="utf-8")
    _holds(other, title)
