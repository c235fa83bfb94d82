"""scripts/validate.py refuses every class of bad input with `path:line:col: message`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import validate
from conftest import ROOT

VALID = (ROOT / "tests" / "fixtures" / "valid-entry.yml").read_text(encoding="utf-8")


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def entry(**replace: str) -> str:
    """The valid fixture with some lines replaced: {'status: completed': 'status: no'}."""
    text = VALID
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


def test_valid_fixture_passes(tmp_path, capsys):
    path = write(tmp_path, "valid-entry.yml", VALID)
    assert validate.main([str(path)]) == 0
    assert "all valid" in capsys.readouterr().out


def test_real_entries_are_valid(capsys):
    assert validate.main([]) == 0, capsys.readouterr().out


CASES = [
    # (file name, content, expected line:col, message fragment)
    ("empty.yml", "", "1:1", "the file is empty"),
    ("comments.yml", "# only a comment\n", "1:1", "the file is empty"),
    ("binary.yml", b"id: x\x00\x01", "1:6", "binary file"),
    ("latin2.yml", "id: zażółć\n".encode("iso-8859-2"), "1:7", "not valid UTF-8"),
    ("tabs.yml", "id: tabs\ntitle:\n\tpl: x\n", "3:1", "tab is used for indentation"),
    ("broken.yml", "id: broken\ntitle: [unclosed\n", "3:1", "YAML syntax error"),
    ("list.yml", "- a\n- b\n", "1:1", "holds a list"),
    ("scalar.yml", "just text\n", "1:1", "holds a single value"),
    ("multi.yml", "id: multi\n---\nid: other\n", "2:1", "several YAML documents"),
    ("alias.yml", "id: &a alias\ntitle: *a\n", "1:5", "anchors (&a) are not allowed"),
    ("tag.yml", "id: !!python/object/apply:os.system [ls]\n", "1:5", "YAML tags"),
]


@pytest.mark.parametrize(("name", "content", "where", "message"), CASES, ids=[c[0] for c in CASES])
def test_unreadable_files(tmp_path, capsys, name, content, where, message):
    path = write(tmp_path, name, content)
    assert validate.main([str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:{where}: " in out, out
    assert message in out


FIELD_CASES = [
    ("duplicate key", {"status: completed": "status: completed\nstatus: ongoing"}, "8:1", "duplicate key 'status'"),
    ("yaml 1.1 boolean", {"status: completed": "status: no"}, "7:9", "'no' is read as yes/no"),
    ("leading zero", {"grant_eur: 1000": "grant_eur: 0123"}, "", "'0123' is an ambiguous number"),
    ("unknown field", {"status: completed": "status: completed\ncolour: red"}, "8:1", "unknown field 'colour'"),
    ("unknown group", {"target_groups: [minors]": "target_groups: [kids]"}, "", "unknown target group 'kids'"),
    ("unknown theme", {"themes: [education]": "themes: [educaton]"}, "", "did you mean 'education'?"),
    ("wrong type", {"themes: [education]": "themes: education"}, "", "themes should be a list"),
    ("missing field", {'last_reviewed: "2026-11-01"\n': ""}, "2:1", "missing required field 'last_reviewed'"),
    ("bad date", {'last_reviewed: "2026-11-01"': 'last_reviewed: "2026-02-30"'}, "", "is not a real date"),
    ("date format", {'last_reviewed: "2026-11-01"': "last_reviewed: 1.11.2026"}, "", "expected a date written"),
    ("period order", {'end: "2021-12"': 'end: "2019"'}, "", "period.end is before period.start"),
    ("id mismatch", {"id: valid-entry": "id: other-name"}, "2:5", "must equal the file name 'valid-entry'"),
    ("bad id", {"id: valid-entry": "id: Valid_Entry"}, "2:5", "is not valid; expected lower-case"),
    (
        "missing parent",
        {"status: completed": "status: completed\npart_of: no-such-practice"},
        "8:10",
        "part_of 'no-such-practice' names no existing practice",
    ),
    (
        "javascript url",
        {"url: https://example.org/report": 'url: "javascript:alert(1)"'},
        "",
        "expected a web address starting with https://",
    ),
    ("data url", {"url: https://example.org/report": 'url: "data:text/html,x"'}, "", "expected a web address"),
    ("empty list", {"target_groups: [minors]": "target_groups: []"}, "", "needs at least one value"),
    ("no polish", {"  pl: Przykładowy tytuł\n": ""}, "", "missing required field 'pl' in title"),
    (
        "unknown source",
        {
            "  - title: Przykładowe sprawozdanie\n    lang: pl\n": "  - source: avr-projekt-page\n",
            "    url: https://e": "    # ",
        },
        "19:13",
        "unknown source 'avr-projekt-page'; did you mean 'avr-project-page'?",
    ),
    (
        "source and title",
        {"    lang: pl\n": "    source: avr-project-page\n"},
        "19:5",
        "give either source: (an archived source's id) or title: (a published work), not both",
    ),
    (
        "name as text",
        {"name: {pl: Przykładowa organizacja}": "name: Przykładowa organizacja"},
        "11:21",
        "should be a mapping",
    ),
    ("empty name", {"name: {pl: Przykładowa organizacja}": "name: {}"}, "11:21", "implementer.name should be a map"),
    (
        "amount field",
        {"grant_eur: 1000": "amount_eur: 1000"},
        "",
        "unknown field 'amount_eur'; did you mean 'grant_eur'?",
    ),
]


@pytest.mark.parametrize(("label", "replace", "where", "message"), FIELD_CASES, ids=[c[0] for c in FIELD_CASES])
def test_bad_fields(tmp_path, capsys, label, replace, where, message):
    path = write(tmp_path, "valid-entry.yml", entry(**replace))
    assert validate.main([str(path)]) == 1
    out = capsys.readouterr().out
    assert message in out, out
    line = next(line for line in out.splitlines() if message in line)
    assert line.startswith(f"{path}:{where}" if where else f"{path}:"), line


def test_all_problems_of_all_files_at_once(tmp_path, capsys):
    write(
        tmp_path,
        "valid-entry.yml",
        entry(**{"status: completed": "status: no", "target_groups: [minors]": "target_groups: [kids]"}),
    )
    write(tmp_path, "empty.yml", "")
    assert validate.main([str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "'no' is read as yes/no" in out and "'kids'" in out and "the file is empty" in out
    assert "3 problem(s) in 2 file(s)" in out.splitlines()[-1]  # status: no is reported once, by the reader


def test_duplicate_ids_across_folders(tmp_path, capsys):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        write(tmp_path / folder, "valid-entry.yml", VALID)
    assert validate.main([str(tmp_path / "a"), str(tmp_path / "b")]) == 1
    assert "duplicate id 'valid-entry'" in capsys.readouterr().out


def test_github_annotations(tmp_path, capsys):
    path = write(tmp_path, "valid-entry.yml", entry(**{"target_groups: [minors]": "target_groups: [kids]"}))
    assert validate.main(["--format", "github", str(path)]) == 1
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith(f"::error file={path},line=") and "unknown target group 'kids'" in first


def test_command_line_never_shows_a_traceback(tmp_path):
    write(tmp_path, "tag.yml", "id: !!python/object/apply:os.system [echo pwned]\n")
    write(tmp_path, "binary.yml", b"\x89PNG\r\n\x1a\n\x00\x00")
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "validate.py"), str(tmp_path)], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "pwned" not in result.stdout
    assert "2 problem(s) in 2 file(s)" in result.stdout


def test_missing_path_is_an_error(tmp_path, capsys):
    assert validate.main([str(tmp_path / "nope.yml")]) == 1


def test_a_vocabulary_label_split_by_an_unquoted_comma_is_reported(tmp_path):
    from platforma.content.schema import check_vocabularies

    path = tmp_path / "vocabularies.yml"
    path.write_text(
        "funding_sources:\n  name: {pl: źródło, en: source}\n  plural: {pl: Źródła, en: Sources}\n"
        "  codes:\n    amif: {pl: Fundusz Azylu, Migracji i Integracji, en: AMIF}\n",
        encoding="utf-8",
    )
    [problem] = check_vocabularies(path)
    assert (problem.line, problem.col) == (5, 31) and "unknown field 'Migracji i Integracji'" in problem.message
    assert check_vocabularies() == []  # the real file


def test_github_annotations_escape_the_file_name(tmp_path, capsys):
    folder = tmp_path / "a,b:c"
    folder.mkdir()
    path = write(folder, "valid-entry.yml", entry(**{"target_groups: [minors]": "target_groups: [kids]"}))
    assert validate.main(["--format", "github", str(path)]) == 1
    first = capsys.readouterr().out.splitlines()[0]
    escaped = str(path).replace(",", "%2C").replace(":", "%3A")
    assert first.startswith(f"::error file={escaped},line=")  # a comma would have ended the file name
