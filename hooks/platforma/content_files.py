"""Which files a build may read and publish: nothing reached through a link out of the content folders.

MkDocs copies whatever a symbolic link under docs/ points to (`/proc/self/environ` included, which
holds a CI job's secrets), and a practice file may be a link to any YAML file on the machine.
Every file the build reads or copies lives in `CONTENT_DIRS`; a link must resolve inside them too.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from .limits import MAX_FILE_BYTES
from .project import DATA_DIR, DOCS_DIR, MANUALS_DIR, PRACTICES_DIR, ROOT, SOURCES_DIR, display_path
from .safe_yaml import Problem

CONTENT_DIRS = (DOCS_DIR, MANUALS_DIR, PRACTICES_DIR, SOURCES_DIR, DATA_DIR, ROOT / "overrides")
TEXT_SUFFIXES = frozenset({".md", ".yml", ".yaml"})


def _inside(path: Path, folders: Iterable[Path]) -> bool:
    return any(path == folder or folder in path.parents for folder in folders)


def shown(path: Path) -> str:
    """A path as an editor sees it, without following links (unlike `display_path`)."""
    try:
        return path.absolute().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def link_problem(path: Path, folders: Iterable[Path] = CONTENT_DIRS) -> str | None:
    """Why the build must not follow `path` (a link leading out of the content folders), or None."""
    if not path.is_symlink():
        return None
    target = path.resolve()
    if _inside(target, [f.resolve() for f in folders]):
        return None
    names = ", ".join(f"{display_path(f)}/" for f in folders)
    return f"is a link to {target}, outside {names}: copy the file into the project instead of linking to it"


def unsafe_file(path: Path, folders: Iterable[Path] = CONTENT_DIRS) -> Problem | None:
    """Why the build must not read `path` (a link out of `folders`, or a text file over the size limit), or None."""
    problem = link_problem(path, folders)
    if problem:
        return Problem(shown(path), 1, 1, problem)
    if path.suffix in TEXT_SUFFIXES and path.is_file() and path.stat().st_size > MAX_FILE_BYTES:
        size = path.stat().st_size
        message = f"the file has {size:,} bytes; content files may have at most {MAX_FILE_BYTES:,}"
        return Problem(shown(path), 1, 1, message)
    return None


def unsafe_files(folders: Iterable[Path] = CONTENT_DIRS) -> list[Problem]:
    """Links out of the content folders, and text files over the size limit, anywhere under `folders`."""
    folders = [f for f in folders if f.is_dir()]
    problems: list[Problem] = []
    for folder in folders:
        for top, dirs, files in os.walk(folder):  # does not descend into linked folders: they are checked here
            for name in sorted(dirs + files):
                problem = unsafe_file(Path(top) / name, folders)
                if problem:
                    problems.append(problem)
    return sorted(problems, key=lambda p: p.path)
