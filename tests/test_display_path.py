"""platforma.project.display_path: the path an editor sees in a message."""

from __future__ import annotations

import os
from pathlib import Path

from platforma.project import ROOT, display_path


def test_a_path_under_the_project_is_shown_from_its_root():
    assert display_path(ROOT / "practices" / "x.yml") == "practices/x.yml"
    assert display_path(ROOT / "practices" / ".." / "manuals" / "a.md") == "manuals/a.md"


def test_a_relative_path_is_read_from_the_working_directory(monkeypatch):
    monkeypatch.chdir(ROOT / "practices")
    assert display_path(Path("x.yml")) == "practices/x.yml"


def test_a_path_outside_the_project_is_shown_as_given(tmp_path):
    assert display_path(tmp_path / "x.yml") == str(tmp_path / "x.yml")


def test_a_path_reaching_the_project_through_a_link_is_shown_from_its_root(tmp_path):
    link = tmp_path / "project"
    os.symlink(ROOT, link)
    assert display_path(link / "practices" / "x.yml") == "practices/x.yml"
