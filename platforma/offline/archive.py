"""A folder as a zip that is the same, byte for byte, whenever the folder's files are: entries sorted by
name, every entry dated `SOURCE_DATE_EPOCH` (never before 1980, the zip format's start), the same
permissions and compression for all, no directory entries and nothing of the machine that wrote it."""

from __future__ import annotations

import fnmatch
import time
import zipfile
from collections.abc import Iterable
from pathlib import Path

ARCHIVE_FOLDER = "platforma-wiedzy"  # the folder the zip unpacks into
ZIP_EPOCH_MIN = 315532800  # 1980-01-01T00:00:00Z


def _entries(folder: Path, skip: Iterable[str]) -> list[tuple[str, Path]]:
    patterns = tuple(skip)
    found = []
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        name = path.relative_to(folder).as_posix()
        if any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns):
            continue
        found.append((name, path))
    return sorted(found)


def write_zip(folder: Path, target: Path, epoch: int, *, prefix: str = ARCHIVE_FOLDER, skip: Iterable[str] = ()) -> int:
    """Zip every file under `folder` (but those whose path matches a `skip` pattern, where `*`
    matches across folders too) into `target`, each under
    `prefix/`; returns the zip's size in bytes."""
    stamp = time.gmtime(max(epoch, ZIP_EPOCH_MIN))[:6]
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w") as archive:
        for name, path in _entries(folder, skip):
            info = zipfile.ZipInfo(f"{prefix}/{name}" if prefix else name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever machine writes it
            info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
            archive.writestr(info, path.read_bytes(), compresslevel=9)
    return target.stat().st_size
