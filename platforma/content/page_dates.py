"""When the platform last changed a content file: the date of its last commit in git.

Stable under `SOURCE_DATE_EPOCH`: a commit's date never changes, and a date after the build moment (a
clock gone wrong) is capped at it. Without git or outside a repository there is no date, and pages
simply do not show one.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterable
from pathlib import Path

from platforma.dates import source_date_moment
from platforma.project import ROOT


def last_changed(paths: Iterable[Path], root: Path = ROOT) -> dict[str, dt.date]:
    """Date of the last commit that touched each file (by path relative to `root`), for those git knows."""
    wanted = {p.resolve().relative_to(root.resolve()).as_posix() for p in paths}
    if not wanted:
        return {}
    try:
        log = subprocess.run(
            ["git", "-C", str(root), "log", "--format=%x00%cs", "--name-only", "--no-renames", "--", *sorted(wanted)],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    latest = source_date_moment().date()
    found: dict[str, dt.date] = {}
    for record in log.split("\x00")[1:]:  # newest commit first: the first date seen for a file is its last change
        day, *names = record.strip().splitlines()
        for name in names:
            if name in wanted and name not in found:
                found[name] = min(dt.date.fromisoformat(day), latest)
    return found


__all__ = ["last_changed"]
