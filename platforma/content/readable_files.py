"""Which files a build may read: regular files in the content folders, nothing reached through a link.

MkDocs copies whatever a symbolic link under docs/ points to (`/proc/self/environ` included, which
holds a CI job's secrets), and the build writes its own pages beside the content: a link there lets a
pull request make the build write into any file it names (a template, then run as code).  Editors never
need a link, so every link under `CONTENT_DIRS` is refused, wherever it points; so is a folder named like
a content file (`docs/extra.md/`), which the build would try to read as one.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from platforma.content.limits import MAX_FILE_BYTES
from platforma.content.safe_yaml import Problem
from platforma.project import (
    DATA_DIR,
    DOCS_DIR,
    MANUALS_DIR,
    ORGANISATIONS_DIR,
    OVERRIDES_DIR,
    PRACTICES_DIR,
    ROOT,
    SOURCES_DIR,
)

CONTENT_DIRS = (DOCS_DIR, MANUALS_DIR, PRACTICES_DIR, ORGANISATIONS_DIR, SOURCES_DIR, DATA_DIR, OVERRIDES_DIR)
TEXT_SUFFIXES = frozenset({".md", ".yml", ".yaml"})


def shown(path: Path) -> str:
    """A path as an editor sees it, without following links (unlike `display_path`)."""
    try:
        return path.absolute().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def link_problem(path: Path) -> str | None:
    """Why the build must not follow `path` (it is a symbolic link), or None."""
    if not path.is_symlink():
        return None
    return (
        f"is a symbolic link (to {os.readlink(path)}): the build reads no links; "
        "put the file itself here instead of linking to it"
    )


def unsafe_file(path: Path) -> Problem | None:
    """Why the build must not read `path` (a link, a folder named like a content file, a text file over the size
    limit), or None."""
    problem = link_problem(path)
    if problem:
        return Problem(shown(path), 1, 1, problem)
    if path.suffix in TEXT_SUFFIXES and path.is_dir():
        return Problem(shown(path), 1, 1, f"is a folder, named like a content file ({path.suffix}): rename it")
    if path.suffix in TEXT_SUFFIXES and path.is_file() and path.stat().st_size > MAX_FILE_BYTES:
        size = path.stat().st_size
        message = f"the file has {size:,} bytes; content files may have at most {MAX_FILE_BYTES:,}"
        return Problem(shown(path), 1, 1, message)
    return None


def unsafe_files(folders: Iterable[Path] = CONTENT_DIRS) -> list[Problem]:
    """Links, folders named like content files and text files over the size limit, anywhere under `folders`
    (and the folders themselves being links)."""
    problems: list[Problem] = []
    for folder in folders:
        if folder.is_symlink():
            problems.append(Problem(shown(folder), 1, 1, link_problem(folder) or ""))
            continue
        for top, dirs, files in os.walk(folder):  # does not descend into linked folders: they are refused here
            for name in sorted(dirs + files):
                problem = unsafe_file(Path(top) / name)
                if problem:
                    problems.append(problem)
    return sorted(problems, key=lambda p: p.path)
