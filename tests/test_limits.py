"""Limits of content (platforma/content/limits.py): each refused with `file:line`, and what passes builds.

The property test generates entries within and just outside every limit: a valid one must go through
everything the build makes of an entry; an invalid one must be refused by scripts/validate.py with
exit status 1, a `path:line:col: message` line and no traceback.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from platforma.content import limits
from platforma.content.manuals import read_front_matter
from platforma.content.practices import MARKDOWN_SECTIONS, load_practices
from platforma.content.readable_files import unsafe_files
from platforma.content.relations import Relations
from platforma.content.ui import ui_strings
from platforma.content.vocabularies import load_vocabularies
from platforma.dates import source_date_moment
from platforma.markup.markdown_cost import markdown_cost_problems
from platforma.pages.catalogue import catalogue_json, catalogue_view, home_view
from platforma.pages.exports import atom_feed, practices_csv, practices_json
from platforma.pages.templates import render_template
from platforma.pages.views import card_view, practice_path, practice_view
from platforma.search import analyzer, index_json, practice_documents

BASE = yaml.safe_load((ROOT / "tests" / "fixtures" / "valid-entry.yml").read_text(encoding="utf-8"))
TODAY = source_date_moment().date()
PROBLEM_LINE = re.compile(r"^\S+\.yml:\d+:\d+: \S")


def write_entry(folder: Path, data: dict | str, name: str = "valid-entry") -> Path:
    path = folder / f"{name}.yml"
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**9)
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(folder: Path) -> list[str]:
    return [str(p) for p in load_practices([folder]).problems]


def with_fields(**fields) -> dict:
    return {**BASE, **fields}


# --- one test per limit --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "refused"),
    [("1989-12-31", True), ("1990-01-01", False), (limits.latest_date(TODAY).isoformat(), False), ("9999-12-31", True)],
)
def test_dates_are_kept_between_1990_and_five_years_ahead(tmp_path, value, refused):
    write_entry(tmp_path, with_fields(last_reviewed=value))
    found = problems_of(tmp_path)
    assert bool(found) is refused, found
    if refused:
        assert len(found) == 1 and "last_reviewed: " in found[0]


def test_every_date_field_is_checked(tmp_path):
    write_entry(tmp_path, with_fields(period={"start": "1950"}, sources=[{"title": "x", "accessed": "2999-01-01"}]))
    found = "\n".join(problems_of(tmp_path))
    assert "period.start: 1950-01-01 is before 1990-01-01" in found
    assert "sources[0].accessed: 2999-01-01 is after" in found


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("9" * 400, "larger than 10^12"),
        ("1e999", "too large to be a usable number"),
        ("-1e999", "too large to be a usable number"),
        ("1000000000001", "at most 1,000,000,000,000"),
        ("1e13", "at most 1,000,000,000,000"),
    ],
)
def test_numbers_are_finite_and_at_most_ten_to_the_twelfth(tmp_path, value, message):
    text = yaml.safe_dump(BASE, allow_unicode=True) + f"results:\n  - label: {{pl: x}}\n    value: {value}\n"
    write_entry(tmp_path, text)
    found = problems_of(tmp_path)
    assert len(found) == 1 and message in found[0], found


def test_the_largest_number_is_accepted(tmp_path):
    write_entry(tmp_path, with_fields(results=[{"label": {"pl": "x"}, "value": 10**12}]))
    assert problems_of(tmp_path) == []


def test_strings_up_to_twenty_thousand_characters(tmp_path):
    write_entry(tmp_path, with_fields(summary={"pl": "a" * limits.MAX_STRING}))
    assert problems_of(tmp_path) == []
    write_entry(tmp_path, with_fields(summary={"pl": "a" * (limits.MAX_STRING + 1)}))
    found = problems_of(tmp_path)
    assert len(found) == 1 and "summary.pl has 20,001 characters; at most 20,000" in found[0]
    assert len(found[0]) < 200  # the value itself is not repeated in the message


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_yaml_nesting_is_refused_before_it_is_composed(tmp_path):
    write_entry(tmp_path, f"id: valid-entry\nx: {_nested(20000)}\n")
    found = problems_of(tmp_path)
    assert found == ["valid-entry.yml:2:23: values are nested more than 20 levels deep"] or (
        len(found) == 1 and found[0].endswith("values are nested more than 20 levels deep")
    )


def test_nesting_up_to_the_limit_is_read(tmp_path):
    write_entry(tmp_path, yaml.safe_dump(BASE) + f"extra: {_nested(19)}\n")  # 19 inside the top-level mapping
    found = problems_of(tmp_path)
    assert len(found) == 1 and "unknown field 'extra'" in found[0]


def test_files_over_one_megabyte_are_not_read(tmp_path):
    write_entry(tmp_path, yaml.safe_dump(BASE) + "# " + "x" * limits.MAX_FILE_BYTES + "\n")
    found = problems_of(tmp_path)
    assert len(found) == 1 and "content files may have at most 1,000,000" in found[0]


def test_markdown_nested_too_deeply_is_refused(tmp_path):
    write_entry(tmp_path, with_fields(description={"pl": "- " * 3000 + "x"}))
    found = problems_of(tmp_path)
    assert len(found) == 1 and "description.pl: lists or quotes are nested more than 20 levels deep" in found[0]


def test_remote_images_in_entries_are_refused(tmp_path):
    write_entry(tmp_path, with_fields(lessons={"pl": "Zob. ![wykres](https://tracker.example/p.png)"}))
    found = problems_of(tmp_path)
    assert len(found) == 1 and "remote image https://tracker.example/p.png is not allowed" in found[0]


def test_images_in_entries_need_a_text_alternative(tmp_path):
    write_entry(tmp_path, with_fields(lessons={"pl": "Schemat: ![](../assets/images/logo.svg) i ![logo](logo.svg)"}))
    found = problems_of(tmp_path)
    assert len(found) == 1 and "lessons.pl: image logo.svg has no text alternative" in found[0], found


def test_remote_frames_without_any_image_are_refused_too(tmp_path):
    write_entry(tmp_path, with_fields(lessons={"pl": "Film: <iframe src='https://video.example/x'></iframe>"}))
    found = problems_of(tmp_path)
    assert len(found) == 1 and "remote resource (<iframe>) https://video.example/x is not allowed" in found[0]


@pytest.mark.parametrize("chain", [["a-one", "b-two"], ["a-one", "b-two", "c-three"]])
def test_part_of_cycles_are_refused(tmp_path, chain):
    for i, practice_id in enumerate(chain):
        implementer = {"name": {"pl": f"Organizacja {practice_id}"}, "actor_type": "ngo"}  # one organisation, one file
        entry = with_fields(id=practice_id, part_of=chain[(i + 1) % len(chain)], implementer=implementer)
        write_entry(tmp_path, entry, practice_id)
    found = problems_of(tmp_path)
    assert len(found) == len(chain) and all("part_of makes a cycle" in p for p in found)


def test_chapter_front_matter_dates_and_length_are_limited(tmp_path):
    chapter = tmp_path / "01-x.md"
    chapter.write_text(f"---\ntitle: {'t' * 20001}\nlast_reviewed: 9999-12-31\n---\n\nText.\n", encoding="utf-8")
    _, found = read_front_matter(chapter)
    messages = "\n".join(map(str, found))
    assert "title has 20,001 characters" in messages


def test_chapter_dates_are_limited(tmp_path):
    chapter = tmp_path / "01-x.md"
    chapter.write_text("---\ntitle: T\nlast_reviewed: 9999-12-31\n---\n\n- " + "- " * 30 + "x\n", encoding="utf-8")
    _, found = read_front_matter(chapter)
    messages = "\n".join(map(str, found))
    assert ":3:16: last_reviewed: 9999-12-31 is after" in messages
    assert ":6:1: lists or quotes are nested more than 20 levels deep" in messages


# --- files from outside ---------------------------------------------------------------------


def test_a_practice_that_is_a_link_is_refused(tmp_path):
    outside = write_entry(tmp_path, BASE, "elsewhere")
    folder = tmp_path / "practices"
    folder.mkdir()
    (folder / "valid-entry.yml").symlink_to(outside)
    found = problems_of(folder)
    assert len(found) == 1 and "is a symbolic link" in found[0] and "put the file itself here" in found[0]


def test_every_link_in_the_content_folders_is_refused_and_so_are_folders_named_like_content(tmp_path):
    docs = tmp_path / "docs"
    (docs / "assets").mkdir(parents=True)
    (docs / "env.txt").symlink_to("/proc/self/environ")
    (docs / "assets" / "folder").symlink_to("/etc")
    (docs / "inside.md").write_text("# x\n", encoding="utf-8")
    (docs / "alias.md").symlink_to(docs / "inside.md")  # even a link within the content: the build follows none
    (docs / "extra.md").mkdir()
    (docs / "fine.png").write_bytes(b"png")
    found = unsafe_files([docs])
    assert sorted(p.path.rsplit("/", 1)[-1] for p in found) == ["alias.md", "env.txt", "extra.md", "folder"]
    assert sum("is a symbolic link" in p.message for p in found) == 3
    assert any("is a folder, named like a content file (.md)" in p.message for p in found)


def test_a_content_folder_that_is_a_link_is_refused(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "docs").symlink_to(tmp_path / "real")
    assert [p.message.split(" (")[0] for p in unsafe_files([tmp_path / "docs"])] == ["is a symbolic link"]


def test_the_project_has_no_unsafe_files():
    assert unsafe_files() == []


# --- property: valid builds, invalid is refused --------------------------------------------

LATEST = limits.latest_date(TODAY)
text_at_limit = st.sampled_from([1, limits.MAX_STRING - 1, limits.MAX_STRING, limits.MAX_STRING + 1]).map(
    lambda n: ("Zażółć <b>gęślą</b> & jaźń " * (n // 26 + 1))[:n]
)
number_text = st.sampled_from(["0", "1000000000000", "1000000000001", "1e12", "1.5e12", "1e999", "9" * 400, "-1"])
date_text = st.sampled_from(
    [
        "1990-01-01",
        "1989-12-31",
        LATEST.isoformat(),
        (LATEST + dt.timedelta(days=1)).isoformat(),
        "2024-02-30",
        "9999-12-31",
    ]
)
TEXT_FIELDS = [("title", "pl"), ("summary", "en"), ("description", "pl"), ("lessons", "en")]


@st.composite
def entries(draw) -> tuple[str, bool]:
    """(YAML text, whether every value is within the limits)."""
    data = json.loads(json.dumps(BASE))
    within = True
    for key, lang in draw(st.lists(st.sampled_from(TEXT_FIELDS), max_size=2, unique=True)):
        text = draw(text_at_limit)
        data.setdefault(key, {"pl": "x"})[lang] = text
        within &= len(text) <= limits.MAX_STRING
        if key in MARKDOWN_SECTIONS:  # Markdown also keeps the caps on what it costs to render
            within &= not markdown_cost_problems(text)
    date = draw(date_text)
    data["last_reviewed"] = date
    try:
        within &= limits.date_problem(dt.date.fromisoformat(date), TODAY) is None
    except ValueError:
        within = False
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**9)
    number = draw(number_text)
    body += f"results:\n  - label: {{pl: Liczba, en: Number}}\n    value: {number}\n"
    value = float(number)
    within &= 0 <= value <= limits.MAX_NUMBER and len(number) < 20
    depth = draw(st.sampled_from([0, 18, 19, 21]))
    if depth:
        body += f"partners: {'[' * depth}{']' * depth}\n"  # never valid: partners hold mappings
        within = False
    return body, within


def render_everything(practices, lang: str) -> None:
    """What the build makes of entries, in one language: pages, cards, catalogue, exports, search."""
    vocabularies, ui = load_vocabularies(), ui_strings(lang)
    relations = Relations.of(practices)
    link = "/{}".format
    for practice in practices:
        view = practice_view(
            practice,
            lang,
            relations=relations,
            vocabularies=vocabularies,
            ui=ui,
            link=link,
            edit_url=None,
            today=TODAY,
        )
        render_template("practice.html", p=view, t=ui, lang=lang)
        card_view(practice, lang, vocabularies, link)
    catalogue_view(practices, lang, vocabularies, ui, link)
    home_view(practices, 1, lang, vocabularies, ui, link)
    json.loads(catalogue_json(practices, lang, vocabularies, ui), parse_constant=_refuse)
    json.loads(practices_json(practices, vocabularies, "https://x.example/"), parse_constant=_refuse)
    practices_csv(practices, vocabularies, "https://x.example/")
    atom_feed(practices, lang, vocabularies, "https://x.example/", title="t", subtitle="s")
    index_json(practice_documents(practices, lang, vocabularies, practice_path), analyzer(lang))


def _refuse(constant: str):
    raise AssertionError(f"{constant} in JSON")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries())
def test_valid_entries_build_and_invalid_ones_are_refused(tmp_path, case):
    text, within = case
    folder = tmp_path / "case"
    folder.mkdir(exist_ok=True)
    for old in folder.glob("*.yml"):
        old.unlink()
    write_entry(folder, text)
    result = load_practices([folder])
    assert result.ok is within, [str(p) for p in result.problems]
    if result.ok:
        for lang in ("pl", "en"):
            render_everything(result.practices, lang)
    else:
        done = subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "validate.py"), str(folder)],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
        assert done.returncode == 1
        assert "Traceback" not in done.stderr + done.stdout
        problem_lines = done.stdout.splitlines()[:-1]
        # each line starts with the file's path (absolute: outside the project); a message may name a folder too
        assert problem_lines and all(PROBLEM_LINE.match(line.removeprefix(f"{folder}/")) for line in problem_lines)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Zażółć gęślą jaźń\t\r\n", None),
        ("a\x0bb", (1, "a control character (U+000B)")),
        ("\x00", (0, "a control character (U+0000)")),
        ("x\x7f", (1, "a control character (U+007F)")),
        ("x\x9b", (1, "a control character (U+009B)")),
        ("\u202eevil", (0, "a bidirectional control character (U+202E)")),
        ("ok \u2066", (3, "a bidirectional control character (U+2066)")),
        ("\ud800", (0, "a lone surrogate (U+D800)")),
    ],
)
def test_characters_no_text_may_hold(text, found):
    assert limits.control_character(text) == found
