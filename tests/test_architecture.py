"""The architecture contracts of the build's core (.importlinter), checked with import-linter: they hold for the
code as it is, and an import that breaks one fails with the contract and the line."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(folder: Path) -> subprocess.CompletedProcess:
    """`lint-imports` run in `folder` (its `platforma/` is the one analysed: the working folder comes first)."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=folder, capture_output=True, text=True, timeout=300, check=False
    )


def test_the_core_keeps_every_contract():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "planted", "broken"),
    [
        (
            "content/practices.py",
            "from platforma.pages import views",
            "platforma.content.practices -> platforma.pages.views",
        ),
        ("offline/links.py", "from platforma.pdf import names", "platforma.offline.links -> platforma.pdf.names"),
        ("content/markdown_files.py", "import mkdocs.utils", "platforma.content.markdown_files -> mkdocs"),
        (
            "content/vocabularies.py",
            "def late():\n    from platforma.content import schema_messages\n",
            "No cycles are allowed in platforma.content",
        ),
    ],
    ids=["layers", "features-apart", "no-mkdocs", "no-cycles-even-inside-functions"],
)
def test_an_import_that_breaks_a_contract_fails_it(tmp_path, module, planted, broken):
    shutil.copytree(ROOT / "platforma", tmp_path / "platforma", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / ".importlinter", tmp_path)
    target = tmp_path / "platforma" / module
    target.write_text(target.read_text(encoding="utf-8") + "\n" + planted, encoding="utf-8")
    result = _lint(tmp_path)
    assert result.returncode == 1, result.stdout[-3000:]
    assert broken in result.stdout, result.stdout[-3000:]
