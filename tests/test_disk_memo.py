"""platforma/disk_memo.py: a step's results by text, reused between builds; and the two steps that use it (reading
YAML, rendering an entry's Markdown) give the same results from the memo as when they run.

The byte-identical build test (test_build.py) compares a whole build that reuses the first build's memos with it.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from pathlib import Path

import pytest

from platforma import disk_memo
from platforma.content import safe_yaml
from platforma.content.practices import MARKDOWN_SECTIONS, load_practices
from platforma.content.safe_yaml import YamlRefused, parse_yaml_text
from platforma.disk_memo import DiskMemo, build_memo, rules_fingerprint
from platforma.markup import entry_markdown
from platforma.project import LANGUAGES, ROOT


class Counted:
    """A step that counts its runs."""

    def __init__(self) -> None:
        self.runs = 0

    def __call__(self, text: str) -> dict:
        self.runs += 1
        return {"length": len(text), "words": text.split(), "nested": [(1, 2.5, None, True)]}


def test_a_text_is_made_once_and_reused_by_the_next_process(tmp_path):
    step = Counted()
    first = DiskMemo(tmp_path, "step", "rules")
    made = first.get("one two", step)
    assert first.get("one two", step) == made
    assert step.runs == 1
    first.save()
    later = DiskMemo(tmp_path, "step", "rules")  # what the next build starts with
    assert later.get("one two", step) == made
    assert step.runs == 1
    assert later.get("three", step) == step("three")
    assert step.runs == 3


def test_a_value_is_a_copy_a_caller_may_change(tmp_path):
    memo = DiskMemo(tmp_path, "step", "rules")
    memo.get("text", Counted())["words"].append("changed")
    assert memo.get("text", Counted())["words"] == ["text"]
    memo.save()
    again = DiskMemo(tmp_path, "step", "rules")
    again.get("text", Counted())["words"].clear()
    assert again.get("text", Counted())["words"] == ["text"]


def test_other_rules_start_another_memo(tmp_path):
    source = tmp_path / "step.py"
    source.write_text("RULE = 1\n", encoding="utf-8")
    before = rules_fingerprint([source], ["markdown"])
    source.write_text("RULE = 2\n", encoding="utf-8")
    assert rules_fingerprint([source], ["markdown"]) != before
    assert rules_fingerprint([source], ["nh3"]) != rules_fingerprint([source], ["markdown"])
    step = Counted()
    old = DiskMemo(tmp_path, "step", before)
    old.get("text", step)
    old.save()
    DiskMemo(tmp_path, "step", rules_fingerprint([source], ["markdown"])).get("text", step)
    assert step.runs == 2


def test_save_writes_only_when_something_was_made(tmp_path):
    memo = DiskMemo(tmp_path, "step", "rules")
    memo.get("a", Counted())
    memo.get("b", Counted())
    memo.save()
    written = memo.path.stat().st_ino
    same = DiskMemo(tmp_path, "step", "rules")
    same.get("b", Counted())
    same.get("a", Counted())
    same.save()
    assert memo.path.stat().st_ino == written  # not replaced: it holds every text used


def test_texts_of_earlier_builds_stay_while_they_take_less_room_than_the_texts_used(tmp_path, monkeypatch):
    monkeypatch.setattr(disk_memo, "KEEP_BYTES", 0)
    first = DiskMemo(tmp_path, "step", "rules")
    for text in ("old one", "old two", "old three"):
        first.get(text, Counted())
    first.save()
    other = DiskMemo(tmp_path, "step", "rules")  # another branch: one text of its own, one shared
    other.get("old one", Counted())
    other.get("new " * 40, Counted())  # takes more room than the three old texts together
    other.save()
    step = Counted()
    back = DiskMemo(tmp_path, "step", "rules")  # back on the first branch: its texts were kept
    for text in ("old one", "old two", "old three", "new " * 40):
        back.get(text, step)
    assert step.runs == 0
    small = DiskMemo(tmp_path, "step", "rules")  # a build whose texts take little room keeps few old ones
    small.get("tiny", Counted())
    small.save()
    step = Counted()
    later = DiskMemo(tmp_path, "step", "rules")
    for text in ("old one", "old two", "old three", "new " * 40, "tiny"):
        later.get(text, step)
    assert 3 <= step.runs < 5


def test_a_small_build_keeps_a_large_one_s_texts_within_the_bound(tmp_path, monkeypatch):
    monkeypatch.setattr(disk_memo, "KEEP_BYTES", 2000)
    large = DiskMemo(tmp_path, "step", "rules")
    texts = [f"entry {n} " * 10 for n in range(40)]  # about 4,000 bytes in all
    for text in texts:
        large.get(text, Counted())
    large.save()
    small = DiskMemo(tmp_path, "step", "rules")
    small.get("tiny", Counted())
    small.save()
    step = Counted()
    again = DiskMemo(tmp_path, "step", "rules")
    for text in texts:
        again.get(text, step)
    assert 10 < step.runs < 40  # about half of the large build's texts were kept, the newest
    runs = step.runs
    again.get("tiny", step)
    assert step.runs == runs  # the small build's own text first


def _record(key: str, packed: object) -> bytes:
    return marshal.dumps((hashlib.sha256(key.encode()).hexdigest(), packed))


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not marshal at all",
        b"\xff" * 64,
        marshal.dumps({"key": "text, not bytes", 1: b"x"}),
        _record("key", "text, not bytes"),
        _record("key", b"\xff damaged"),  # a record whose value cannot be unpacked
        _record("other", marshal.dumps(1)) + b"\x00\x01",  # a good record, then damage
    ],
)
def test_a_damaged_file_is_ignored(tmp_path, content):
    memo = DiskMemo(tmp_path, "step", "rules")
    memo.path.write_bytes(content)
    step = Counted()
    assert memo.get("key", step) == step("key")
    memo.save()
    assert DiskMemo(tmp_path, "step", "rules").get("key", step) == step("key")
    assert step.runs == 3  # twice by the test, once by the memo: the second memo read the file saved anew


def test_a_folder_that_cannot_be_written_only_costs_the_reuse(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    memo = DiskMemo(blocked / "memo", "step", "rules")
    assert memo.get("text", Counted()) == Counted()("text")
    memo.save()  # no error


def test_memos_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setattr(disk_memo, "_MADE", [])  # the memos made here leave the build's list with the test
    monkeypatch.setenv("PLATFORMA_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("PLATFORMA_MEMO", "0")
    step = Counted()
    memo = build_memo("step", [], ["markdown"])
    memo.get("text", step)
    memo.get("text", step)
    memo.save()
    assert step.runs == 2
    assert not list(tmp_path.rglob("*.marshal"))
    monkeypatch.delenv("PLATFORMA_MEMO")
    on = build_memo("step", [], ["markdown"])
    on.get("text", step)
    on.save()
    assert [p.parent.name for p in tmp_path.rglob("step-*.marshal")] == ["memo"]


def test_old_memos_of_a_step_are_pruned(tmp_path):
    for number in range(7):
        memo = DiskMemo(tmp_path, "step", f"rules{number}")
        memo.get("text", Counted())
        memo.save()
        os.utime(memo.path, (number, number))
    DiskMemo(tmp_path, "other", "rules").get("text", Counted())
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"step-rules{n}.marshal" for n in (3, 4, 5, 6)]


# the two steps: the memo gives what the step gives


def _yaml_files() -> list[Path]:
    return sorted(p for folder in ("practices", "organisations", "data") for p in (ROOT / folder).rglob("*.yml"))


def test_every_yaml_file_of_the_project_reads_the_same_from_the_memo(tmp_path, monkeypatch):
    memo = DiskMemo(tmp_path, "yaml", "rules")
    monkeypatch.setattr(safe_yaml, "_READ", memo)
    files = _yaml_files()
    assert len(files) > 40
    fresh = [safe_yaml._parse(p.read_text(encoding="utf-8"), p.name, False) for p in files]
    assert [parse_yaml_text(p.read_text(encoding="utf-8"), p.name, mapping=False) for p in files] == fresh
    memo.save()
    monkeypatch.setattr(safe_yaml, "_READ", DiskMemo(tmp_path, "yaml", "rules"))
    monkeypatch.setattr(safe_yaml, "_parse", None)  # every document now comes from the memo
    for path, made in zip(files, fresh, strict=True):
        reused = parse_yaml_text(path.read_text(encoding="utf-8"), path.name, mapping=False)
        assert reused == made, path


def test_problems_that_do_not_stop_reading_come_back_from_the_memo(tmp_path, monkeypatch):
    monkeypatch.setattr(safe_yaml, "_READ", DiskMemo(tmp_path, "yaml", "rules"))
    text = "id: x\ntitle: one\ntitle: two\nanswer: no\n"
    first = parse_yaml_text(text, "practices/x.yml")
    first.data["id"] = "changed by a caller"
    safe_yaml._READ.save()
    monkeypatch.setattr(safe_yaml, "_READ", DiskMemo(tmp_path, "yaml", "rules"))
    again = parse_yaml_text(text, "practices/x.yml")
    assert again.data["id"] == "x"
    assert [str(p) for p in again.problems] == [str(p) for p in first.problems]
    assert any("duplicate key 'title'" in str(p) for p in again.problems)
    assert again.where(("title",)) == (2, 8)
    # the same text under another name is another document: its problems name that file
    assert {p.path for p in parse_yaml_text(text, "practices/y.yml").problems} == {"practices/y.yml"}


def test_a_refused_text_is_refused_every_time(tmp_path, monkeypatch):
    monkeypatch.setattr(safe_yaml, "_READ", DiskMemo(tmp_path, "yaml", "rules"))
    for _ in range(2):
        with pytest.raises(YamlRefused, match="aliases"):
            parse_yaml_text("a: &x 1\nb: *x\n", "practices/bad.yml")
    safe_yaml._READ.save()
    assert not safe_yaml._READ.path.exists()


def test_every_entry_section_renders_the_same_from_the_memo(tmp_path, monkeypatch):
    memo = DiskMemo(tmp_path, "markdown", "rules")
    monkeypatch.setattr(entry_markdown, "_RENDERED", memo)
    texts = [
        text
        for practice in load_practices().practices
        for key in MARKDOWN_SECTIONS
        if key in practice.sections
        for text in {practice.sections[key].get(lang) for lang in LANGUAGES}
    ]
    texts.append("<script>alert(1)</script>\n\n![x](https://tracker.example/p.png)\n\n*[PSN]: special needs")
    assert len(texts) > 50
    fresh = [entry_markdown._render(text) for text in texts]
    assert [entry_markdown.markdown_html(text) for text in texts] == fresh
    memo.save()
    monkeypatch.setattr(entry_markdown, "_RENDERED", DiskMemo(tmp_path, "markdown", "rules"))
    monkeypatch.setattr(entry_markdown, "_render", None)  # every section now comes from the memo
    assert [entry_markdown.markdown_html(text) for text in texts] == fresh
    assert "<script" not in fresh[-1] and "tracker.example" not in fresh[-1]
