"""Where the project's folders are, so hooks, scripts and tests agree."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRACTICES_DIR = ROOT / "practices"
MANUALS_DIR = ROOT / "manuals"
DATA_DIR = ROOT / "data"
DOCS_DIR = ROOT / "docs"
LANGUAGES = ("pl", "en")
DEFAULT_LANGUAGE = "pl"


def display_path(path: Path) -> str:
    """Path as an editor sees it: relative to the project root when inside it."""
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)
