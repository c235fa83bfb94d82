"""What a pure step made from a text before, by the text's digest: kept for the process and on disk.

Two steps of every build depend only on a text and on their own rules, and between two builds almost every text is
the same: reading a YAML entry (`content.safe_yaml`) and rendering an entry's Markdown to safe HTML
(`markup.entry_markdown`).  A memo of such a step is named by a hash of its rules (the code it runs and the
versions of the packages it relies on), so changing any of them starts a new memo; inside it, the text's SHA-256
is the key.  Values are plain data (str, int, float, bool, None, tuples, lists, dicts) kept as `marshal` bytes, and
every `get` unpacks a fresh copy, so a caller that changes what it got changes nothing for the next build.  The file
is a sequence of `marshal` records (key, bytes), written and read one at a time.

The file holds the texts used since it was read (one build's, or one `mkdocs serve` session's), then texts of
earlier builds no longer used, newest first, as long as they take no more room than the used ones or
`KEEP_BYTES`, whichever is more: a build of another branch or checkout (or of the tests' small projects) does not
throw away the texts of this one, and the file stays within twice the site's texts or that bound.  A memo that
cannot be read or written is skipped: the step runs.
`PLATFORMA_MEMO=0` turns the memos off (every step runs, nothing is read or written).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

from platforma.project import cache_dir

KEEP_FILES = 4  # memos kept on disk per step (other branches, other versions)
KEEP_BYTES = 16 * 2**20  # room for texts no longer used, when the texts used take less
_MADE: list[DiskMemo] = []  # every memo of the build's steps (build_memo), for save_all


def rules_fingerprint(sources: Iterable[Path], packages: Iterable[str]) -> str:
    """A short hash of a step's code (`sources`) and of the versions of the `packages` it relies on."""
    digest = hashlib.sha256()
    for package in packages:
        try:
            digest.update(f"{package}=={metadata.version(package)};".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}==?;".encode())
    for source in sources:
        digest.update(source.read_bytes())
    return digest.hexdigest()[:32]


class DiskMemo:
    """Values by text digest: read from `folder/<step>-<fingerprint>.marshal` on first use, written back by
    `save()` when this process made something the file did not hold."""

    def __init__(self, folder: Path, step: str, fingerprint: str, *, enabled: bool = True) -> None:
        self.path = folder / f"{step}-{fingerprint}.marshal"
        self.step = step
        self.enabled = enabled
        self._stored: dict[str, bytes] | None = None  # as read from disk
        self._used: dict[str, bytes] = {}  # what this process made or reused
        self._made = False  # something was made since the file was read or written

    def get(self, text: str, make: Callable[[str], Any]) -> Any:
        """`make(text)`, or a copy of what it gave before for the same text."""
        if not self.enabled:
            return make(text)
        key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        packed = self._used.get(key) or self._read().get(key)
        if packed is not None:
            try:
                value = marshal.loads(packed)
                self._used[key] = packed
                return value
            except (EOFError, ValueError, TypeError):
                pass  # a damaged record: made again
        value = make(text)
        self._used[key] = marshal.dumps(value)
        self._made = True
        return value

    def save(self) -> None:
        """Write the texts used since the file was read, then earlier ones within the room left (see above);
        nothing when every text used was reused (the file holds them all)."""
        if not self.enabled or not self._made:
            return
        kept = dict(self._used)
        room = max(sum(len(packed) for packed in kept.values()), KEEP_BYTES)
        for key, packed in self._read().items():  # newest first: the order they were written in
            if key in kept:
                continue
            room -= len(packed)
            if room < 0:
                break
            kept[key] = packed
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("wb", dir=self.path.parent, delete=False) as out:
                for record in kept.items():  # one record at a time: no copy of the whole memo in memory
                    marshal.dump(record, out)
            os.replace(out.name, self.path)
            self._stored, self._made = kept, False
            self._prune()
        except OSError:
            pass

    def _read(self) -> dict[str, bytes]:
        if self._stored is None:
            self._stored = {}
            try:
                with self.path.open("rb") as file:
                    while True:
                        key, packed = marshal.load(file)
                        if not (isinstance(key, str) and isinstance(packed, bytes)):
                            raise ValueError("not a record of this memo")
                        self._stored[key] = packed
            except EOFError:
                pass  # the end of the file
            except (OSError, ValueError, TypeError):
                self._stored = {}  # not ours, or damaged: everything is made again
        return self._stored

    def _prune(self) -> None:
        files = self.path.parent.glob(f"{self.step}-*.marshal")
        for old in sorted(files, key=lambda p: p.stat().st_mtime, reverse=True)[KEEP_FILES:]:
            old.unlink(missing_ok=True)


def build_memo(step: str, sources: Iterable[Path], packages: Iterable[str]) -> DiskMemo:
    """The memo of `step` in the build cache's `memo` folder (see `platforma.project.cache_dir`)."""
    enabled = os.environ.get("PLATFORMA_MEMO") != "0"
    memo = DiskMemo(cache_dir() / "memo", step, rules_fingerprint(sources, packages), enabled=enabled)
    _MADE.append(memo)
    return memo


def save_all() -> None:
    """Keep what this build's steps made for the next build (each memo writes only when it has something new)."""
    for memo in _MADE:
        memo.save()


__all__ = ["DiskMemo", "build_memo", "rules_fingerprint", "save_all"]
