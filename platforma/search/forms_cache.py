"""A disk cache of packed form maps, so that rebuilding unchanged content skips the lemmatiser.

Making the Polish form map loads simplemma's dictionary (several seconds); the map depends
only on the language, the site's vocabulary and the rules (the code of `normalise` and the
versions of simplemma, snowballstemmer and PyStemmer), so it is stored under a hash of exactly those.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from platforma.disk_memo import rules_fingerprint
from platforma.project import cache_dir
from platforma.words import normalise


def default_folder() -> Path:
    """The `search` folder of the build cache (see `platforma.project.cache_dir`)."""
    return cache_dir() / "search"


def _rules() -> str:
    return rules_fingerprint([Path(normalise.__file__)], ["simplemma", "snowballstemmer", "pystemmer"])


class FormsCache:
    """Packed form maps on disk; the newest `keep` are kept."""

    def __init__(self, folder: Path | None = None, keep: int = 24) -> None:
        self.folder = folder or default_folder()
        self.keep = keep

    def path(self, lang: str, words: Iterable[str]) -> Path:
        digest = hashlib.sha256(f"{lang}\n{_rules()}\n".encode())
        digest.update("\n".join(sorted(words)).encode("utf-8"))
        return self.folder / f"forms-{lang}-{digest.hexdigest()[:40]}.txt"

    def get(self, lang: str, words: Iterable[str], make: Callable[[], str]) -> str:
        """The cached packed map, or `make()` stored for next time (a cache that cannot be written is skipped)."""
        words = set(words)
        path = self.path(lang, words)
        try:
            return path.read_text(encoding="utf-8")
        except OSError:
            pass
        packed = make()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=self.folder, delete=False) as out:
                out.write(packed)
            os.replace(out.name, path)
            self._prune()
        except OSError:
            pass
        return packed

    def _prune(self) -> None:
        entries = sorted(self.folder.glob("forms-*.txt"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[self.keep :]:
            old.unlink(missing_ok=True)


__all__ = ["FormsCache", "default_folder"]
