"""Where the project's folders are, so hooks, scripts and tests agree."""

import os
import shutil
from pathlib import Path


def _project_root() -> Path:
    """The project being built: `$PLATFORMA_ROOT`, else the nearest folder from the working directory up that
    holds a `mkdocs.yml`, else the checkout this package lives in. (The package is installed once, with
    `pip install -e .`; a copy of the project, in tests and benchmarks, is built from inside the copy.)"""
    if os.environ.get("PLATFORMA_ROOT"):
        return Path(os.environ["PLATFORMA_ROOT"]).resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    return Path(__file__).resolve().parents[1]


ROOT = _project_root()
PRACTICES_DIR = ROOT / "practices"
MANUALS_DIR = ROOT / "manuals"
DATA_DIR = ROOT / "data"
DOCS_DIR = ROOT / "docs"
SOURCES_DIR = ROOT / "sources"
ORGANISATIONS_DIR = ROOT / "organisations"
OVERRIDES_DIR = ROOT / "overrides"
LANGUAGES = ("pl", "en")
DEFAULT_LANGUAGE = "pl"


def site_path(path: str, lang: str) -> str:
    """`path` (e.g. `practices/`, `feed.xml`) in the site of `lang`: the default language at the root, others
    under their code (`en/practices/`), as mkdocs-static-i18n lays them out."""
    return path if lang == DEFAULT_LANGUAGE else f"{lang}/{path}"


def language_of(relative: Path) -> str:
    """The language of a built file from its path in the site (the inverse of `site_path`)."""
    first = relative.parts[0] if relative.parts else ""
    return first if first in LANGUAGES and first != DEFAULT_LANGUAGE else DEFAULT_LANGUAGE


def language_prefix(lang: str) -> str:
    """The folder of `lang`'s pages: '' for the default language, `en/` for English."""
    return site_path("", lang)


def display_path(path: Path) -> str:
    """Path as an editor sees it: relative to the project root when inside it."""
    absolute = Path(os.path.abspath(path))  # no file system calls: the usual case, a path under the root
    if absolute.is_relative_to(ROOT):
        return absolute.relative_to(ROOT).as_posix()
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


PROJECT_PARTS = (
    "mkdocs.yml",
    "docs",
    "manuals",
    "practices",
    "organisations",
    "sources",
    "hooks",
    "data",
    "overrides",
    "scripts",
)


def file_stamp(*paths: Path) -> tuple[tuple[int, int], ...]:
    """Modification time and size of each file ((0, 0) when missing): a cache key that changes when a file does.

    Data read once per process (interface strings, vocabularies, the schema) is cached under it, so
    `mkdocs serve` picks up an edit without a restart.
    """
    stamps = []
    for path in paths:
        try:
            stat = path.stat()
            stamps.append((stat.st_mtime_ns, stat.st_size))
        except OSError:
            stamps.append((0, 0))
    return tuple(stamps)


def copy_project(target: Path, source: Path | None = None) -> Path:
    """A copy of everything a build reads of the project at `source` (default: this one), links kept as links
    (for tests and benchmarks that change content)."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source_part = (source or ROOT) / part
        if source_part.is_dir():
            shutil.copytree(source_part, target / part, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
        elif source_part.exists():
            shutil.copy2(source_part, target / part, follow_symlinks=False)
    return target


def cache_dir() -> Path:
    """Where builds keep what they can reuse (PDFs, merged fonts, the search form map).

    `$PLATFORMA_CACHE_DIR`, else `$XDG_CACHE_HOME/platforma-wiedzy`, else `~/.cache/platforma-wiedzy`.
    """
    if os.environ.get("PLATFORMA_CACHE_DIR"):
        return Path(os.environ["PLATFORMA_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "platforma-wiedzy"
