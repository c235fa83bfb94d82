"""The test suite's own machinery: what `make test` relies on to share slow fixtures between tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

GROUPED = """
import os

import pytest

pytestmark = pytest.mark.xdist_group("one")


@pytest.mark.parametrize("n", range(6))
def test_worker(n):
    with open(os.environ["WORKERS_FILE"], "a", encoding="utf-8") as out:
        out.write(os.environ.get("PYTEST_XDIST_WORKER", "none") + "\\n")
"""


def test_a_modules_xdist_group_runs_on_one_worker(tmp_path: Path):
    """`make test` (`--dist loadgroup`) must keep the tests of an `xdist_group` on one worker, or a module
    fixture that takes a full build is made once per worker. pytest 9.2 with pytest-xdist 3.8 broke this
    without a word (pytest-dev/pytest-xdist#1386): this test notices such an upgrade."""
    (tmp_path / "test_grouped.py").write_text(GROUPED, encoding="utf-8")
    workers = tmp_path / "workers.txt"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadgroup", "-q", "-p", "no:cacheprovider"],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "WORKERS_FILE": str(workers)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:]
    ran_on = workers.read_text(encoding="utf-8").split()
    assert len(ran_on) == 6 and len(set(ran_on)) == 1, ran_on
