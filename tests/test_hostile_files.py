"""Hostile content, round 2: what a pull request puts beside, around and inside the content.

Each case is built with `scripts/build.py` (as `make build` does) over a built site: it is refused with
`file:line:col: message` (exit 1, no traceback, the previous site and the checkout unchanged), or it builds
safely.  Every build runs under a one-minute timeout: a guard against runaway work (inputs that once took
minutes), not a performance target.  Cases refused while the content loads share one build each (the build
reports every problem of a run at once).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, copy_project, run_build_script

GUARD_SECONDS = 60
PAYLOAD = "<img src=x onerror=alert(1)>"


def _build(project: Path, site: Path) -> subprocess.CompletedProcess:
    return run_build_script(project, site, timeout=GUARD_SECONDS)


def snapshot(folder: Path) -> dict[str, str]:
    """Every file, folder and link under `folder` with its content's digest (a link: where it points)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if "__pycache__" in path.parts:
            continue
        name = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[name] = "link to " + os.readlink(path)
        elif path.is_file():
            found[name] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            found[name] = "folder"
    return found


# the module's tests share a module fixture that takes a while to make (`make test` runs pytest-xdist with
# --dist loadgroup): one worker runs them all, so the fixture is made once
pytestmark = pytest.mark.xdist_group("hostile_files")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path, dict[str, str]]:
    """A project, its site built once, and the site's snapshot."""
    project = copy_project(tmp_path_factory.mktemp("round2") / "project")
    site = project.parent / "site"
    result = _build(project, site)
    assert result.returncode == 0, result.stderr[-3000:]
    return project, site, snapshot(site)


def _write(project: Path, name: str, content: str | bytes) -> None:
    path = project / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


def _edit(project: Path, name: str, change: Callable[[str], str]) -> None:
    path = project / name
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def refused(built, tmp_path: Path, plant: Callable[[Path], None], expected: list[str]) -> str:
    """Plant hostile files in a fresh copy of the built project; its build must fail naming each of `expected`
    (`file:line:col: message` fragments), change neither the checkout nor the previous site, and print no
    traceback. Returns the build's messages."""
    _, site_before, site_snapshot = built
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    os.rename(site_before, site)  # the built site, as it was: the failed build must leave it so
    try:
        plant(project)
        checkout = snapshot(project)
        result = _build(project, site)
        assert result.returncode != 0
        assert "Traceback" not in result.stderr, result.stderr[-3000:]
        missing = [message for message in expected if message not in result.stderr]
        assert not missing, f"not reported: {missing}\n{result.stderr[-4000:]}"
        assert snapshot(project) == checkout, "the build changed the checkout"
        assert snapshot(site) == site_snapshot, "the failed build changed the previous site"
        return result.stderr
    finally:
        os.rename(site, site_before)


# --- the build writes only into its own folders ------------------------------------------------------


def _links_and_folders(project: Path) -> None:
    (project / "docs" / "practices" / "avr-project.md").symlink_to("../../overrides/main.html")
    (project / "docs" / "extra.md").mkdir()
    (project / "manuals" / "psn" / "10-extra.md").mkdir()
    (project / "sources" / "extra.yml").mkdir()
    (project / "data" / "vocabularies-link.yml").symlink_to("vocabularies.yml")


def test_links_and_folders_named_like_content_are_refused(built, tmp_path):
    refused(
        built,
        tmp_path,
        _links_and_folders,
        [
            "docs/practices/avr-project.md:1:1: is a symbolic link (to ../../overrides/main.html)",
            "docs/extra.md:1:1: is a folder, named like a content file (.md)",
            "manuals/psn/10-extra.md:1:1: is a folder",
            "sources/extra.yml:1:1: is a folder",
            "data/vocabularies-link.yml:1:1: is a symbolic link",
        ],
    )


def test_a_title_that_is_template_code_stays_text_and_nothing_is_written_into_the_checkout(built, tmp_path):
    """The attack of round 2: a practice whose stub page would have been written through a link into a template,
    whose title is Jinja code. Without the link, the title is text on every page."""
    project = copy_project(tmp_path / "project")
    code = "{{ lipsum.__globals__['os'].popen('id').read() }}"
    _edit(project, "practices/avr-project.yml", lambda t: t.replace("  pl: Zwiększenie", f'  pl: "{code}" #', 1))
    checkout = snapshot(project)
    result = _build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    assert snapshot(project) == checkout
    page = (tmp_path / "site" / "practices" / "avr-project" / "index.html").read_text(encoding="utf-8")
    assert "uid=" not in page and "lipsum.__globals__" in page


# --- files beside the content ------------------------------------------------------------------------

SCRIPTED_SVG = '<svg xmlns="http://www.w3.org/2000/svg">\n  <script>alert(1)</script>\n</svg>\n'


def _files_beside_the_content(project: Path) -> None:
    _write(project, "docs/report.html", "<script>alert(1)</script><img src=https://evil.example/b.gif>")
    _write(project, "docs/assets/images/chart.svg", SCRIPTED_SVG)
    _write(project, "docs/assets/javascripts/bundle.a5f9d56c.min.js", "alert(1)")
    _write(project, "docs/practices/avr-project/index.html", "<p>replaced</p>")
    _write(project, "docs/pack/items/0123456789.js", "alert(1)")
    _write(project, "docs/search/pl.json", "{}")
    _write(project, "docs/assets/images/favicon.png", b"\x89PNG\r\n")
    _write(project, "docs/pdf/psn-pl.pdf", b"%PDF-1.7\n")
    _write(project, "docs/practices/avr-project.md", "# replaced\n")
    _write(project, "docs/sources/index.md", "# replaced\n")
    _write(project, "docs/feed.xml.md", "# a page where the feed goes\n")
    _write(project, "docs/manuals/psn/01-who-is-vulnerable.md", "# twice\n")
    _write(project, "docs/about/index.md", "# the about page again\n")
    _write(project, "docs/en/about.md", "# English?\n")


def test_files_that_would_run_or_replace_what_the_build_writes_are_refused(built, tmp_path):
    refused(
        built,
        tmp_path,
        _files_beside_the_content,
        [
            "docs/report.html:1:1: .html files are not published from docs/",
            "docs/assets/images/chart.svg:2:3: <script> is not allowed",
            "docs/assets/javascripts/bundle.a5f9d56c.min.js:1:1: .js files are not published",
            "docs/practices/avr-project/index.html:1:1: .html files are not published",
            "docs/pack/items/0123456789.js:1:1: .js files are not published",
            "docs/search/pl.json:1:1: .json files are not published",
            "docs/assets/images/favicon.png:1:1: the site's assets/images/favicon.png is the theme's",
            "docs/pdf/psn-pl.pdf:1:1: the site's pdf/psn-pl.pdf is the PDFs of the manuals",
            "docs/practices/avr-project.md:1:1: the site's practices/avr-project/index.html is the page of "
            "practices/avr-project.yml",
            "docs/sources/index.md:1:1: the site's sources/index.html is the list of archived sources",
            "docs/feed.xml.md:1:1: the site's feed.xml/index.html is the feed",
            "docs/manuals/psn/01-who-is-vulnerable.md:1:1: the site's manuals/psn/01-who-is-vulnerable/index.html is "
            "the page of manuals/psn/01-who-is-vulnerable.md",
            "docs/about.md:1:1: the site's about/index.html is also made from docs/about/index.md: keep one",
            "docs/en/about.md:1:1: the English site is made from .en.md files",
        ],
    )


# --- front matter, text and data files ---------------------------------------------------------------

LAUGHS = "\n".join(
    ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    + [f"{c}: &{c} [{', '.join(['*' + p] * 10)}]" for p, c in zip("abcdefg", "bcdefgh", strict=True)]
)


def _front_matter_and_text(project: Path) -> None:
    _edit(project, "docs/about.md", lambda t: t.replace("---\n", "---\n" + LAUGHS + "\n", 1))
    _edit(project, "docs/contribute.md", lambda t: t.replace("---\n", "---\nhide: 5\n", 1))
    _edit(project, "docs/glossary.md", lambda t: t.replace("---\n", "---\nicon: material/no-such-icon\n", 1))
    _edit(project, "docs/pack.md", lambda t: t.replace("---\n", "---\npractice: avr-project\n", 1))
    _write(project, "docs/notes.md", "Uwaga: to nie jest ustawienie.\n\nTekst.\n")
    _write(project, "docs/latin2.md", "# Strona\n\nZa\xbf\xf3\xb3\xe6\n".encode("latin-1"))
    _edit(project, CHAPTER, lambda t: t + "\nTekst z \x1b[31m kolorem.\n")
    _edit(project, "practices/avr-project.yml", lambda t: t.replace("  pl: Zwiększenie", '  pl: "A\\vB" #', 1))
    _edit(project, REVIEWED, lambda t: _replace_line(t, "last_reviewed:", '"2026-01-10\\n"'))
    _edit(
        project,
        DESCRIBED,
        lambda t: t.replace(
            "description:\n  pl: |\n", "description:\n  pl: |\n    ![Logo](/\\evil.example/x.png)\n", 1
        ),
    )


def _replace_line(text: str, key: str, value: str) -> str:
    lines = [f"{key} {value}" if line.startswith(key) else line for line in text.splitlines()]
    return "\n".join(lines) + "\n"


CHAPTER, REVIEWED = "manuals/psn/02-early-identification.md", "practices/psn-study-visits.yml"
DESCRIBED = "practices/avr-project.yml"


def _lines(name: str) -> int:
    return len((ROOT / name).read_text(encoding="utf-8").splitlines())


def _line(name: str, needle: str) -> int:
    lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


def test_front_matter_control_characters_and_bad_dates_are_refused_with_file_and_line(built, tmp_path):
    messages = refused(
        built,
        tmp_path,
        _front_matter_and_text,
        [
            "docs/about.md:2:4: anchors (&a) are not allowed",
            "docs/contribute.md:2:7: hide should be a list, not the number 5",
            "docs/glossary.md:2:7: icon: the theme has no icon 'material/no-such-icon'",
            "docs/pack.md:2:1: unknown field 'practice'",
            "docs/notes.md:1:1: the first line starts like a setting ('Uwaga:')",
            "docs/latin2.md:3:3: the file is not valid UTF-8",
            f"{CHAPTER}:{_lines(CHAPTER) + 2}:9: the text holds a control character (U+001B)",
            "practices/avr-project.yml:4:7: the text holds a control character (U+000B)",
            f"{REVIEWED}:{_line(REVIEWED, 'last_reviewed:')}:16: last_reviewed: '2026-01-10\\n' is not valid",
        ],
    )
    assert messages.count("aliases (*") == 7  # once per anchor, not once per use
    assert f"{DESCRIBED}:{_line(DESCRIBED, 'description:') + 1}:" in messages
    assert "description.pl: remote image /\\evil.example/x.png is not allowed" in messages


def _remote_by_backslash(project: Path) -> None:
    _edit(project, CHAPTER, lambda t: t + "\n![Logo](/\\evil.example/x.png)\n")
    _edit(project, "docs/about.md", lambda t: t + '\n<img src="\\\\evil.example/y.png" alt="y">\n')


def test_an_image_from_another_host_written_with_backslashes_is_refused(built, tmp_path):
    """Browsers read `/\\host/x` and `\\\\host/x` as `//host/x`: the check follows the WHATWG URL Standard."""
    refused(
        built,
        tmp_path,
        _remote_by_backslash,
        [
            f"{CHAPTER}:{_lines(CHAPTER) + 2}: remote image /\\evil.example/x.png is not allowed",
            f"docs/about.md:{_lines('docs/about.md') + 2}: remote image \\\\evil.example/y.png is not allowed",
        ],
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nav_home: Start\n", "data/ui.yml:1:11: nav_home should be a mapping (key: value), not the text 'Start'"),
        ("nav_home: {pl: Start\n", "data/ui.yml:2:9: YAML syntax error"),
    ],
    ids=["not-a-map", "unclosed"],
)
def test_a_broken_interface_string_is_refused_with_file_and_line(built, tmp_path, text, expected):
    refused(
        built, tmp_path, lambda project: _edit(project, "data/ui.yml", lambda t: text + t.split("\n", 1)[1]), [expected]
    )


# --- linear work -------------------------------------------------------------------------------------


def test_a_glossary_of_many_abbreviations_builds_within_the_guard(tmp_path):
    """1,500 abbreviations in the glossary (78 s once: every page got every definition)."""
    project = copy_project(tmp_path / "project")
    glossary = project / "data" / "glossary.yml"
    terms = yaml.safe_load(glossary.read_text(encoding="utf-8"))
    terms += [
        {
            "term": {"pl": f"ZQ{i:04d}", "en": f"ZQ{i:04d}"},
            "abbr": True,
            "expansion": {"pl": f"Przykładowy skrót {i}", "en": f"Example abbreviation {i}"},
            "definition": {"pl": "Przykład.", "en": "Example."},
            "source": {"pl": "Przykład", "en": "Example"},
        }
        for i in range(1500)
    ]
    glossary.write_text(yaml.safe_dump(terms, allow_unicode=True, sort_keys=False), encoding="utf-8")
    _edit(project, "docs/about.md", lambda t: t + "\nZQ0001 i ZQ1499.\n")
    result = _build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    about = (tmp_path / "site" / "about" / "index.html").read_text(encoding="utf-8")
    assert '<abbr title="Przykładowy skrót 1">ZQ0001</abbr>' in about
    assert "ZQ0002" not in about  # only the abbreviations the page uses are defined on it


def _costly_markdown(project: Path) -> None:
    _edit(project, "docs/about.md", lambda t: t + "\n" + "![a](" * 24_000 + "\n")
    _edit(project, CHAPTER, lambda t: t + "\n" + '<div markdown="1">\n' * 2_000 + "x\n")
    _edit(project, "manuals/psn/03-procedural-guarantees.md", lambda t: t + "\n" + "a\n: b\n" * 20_000)
    _edit(project, "docs/contribute.md", lambda t: t + "\n[source:" + " " * 100_000 + "\n")  # 31 s once
    entry = yaml.safe_load((project / DESCRIBED).read_text(encoding="utf-8"))
    for key in ("description", "how_it_works", "results_text", "transferability", "lessons"):
        entry[key] = {"pl": "![a](" * 3_999}  # each field within the 20,000-character limit
    (project / DESCRIBED).write_text(yaml.safe_dump(entry, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_markdown_that_would_take_minutes_or_exhaust_the_stack_is_refused_with_file_and_line(built, tmp_path):
    """Once: 225 s for `![a](` repeated in a page, 95 s in the fields of one entry; a RecursionError (no line)
    for nested `markdown` divs and long definition lists. Now refused, with where, before anything renders."""
    messages = refused(
        built,
        tmp_path,
        _costly_markdown,
        [
            f"docs/about.md:{_lines('docs/about.md') + 2}:",
            f"{CHAPTER}:{_lines(CHAPTER) + 2 + 50}:1: more than 50 HTML elements with a 'markdown' attribute",
            "manuals/psn/03-procedural-guarantees.md:",
            f"{DESCRIBED}:",
            "description.pl, line 1:",
            f"docs/contribute.md:{_lines('docs/contribute.md') + 2}:1: this paragraph or block has 100,008 characters",
        ],
    )
    assert "more than 10,000 formatting characters" in messages
    assert "Markdown would read more than 100,000 characters ahead" in messages or "formatting characters" in messages
    assert messages.count(f"{DESCRIBED}:") >= 5  # every field
