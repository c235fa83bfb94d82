"""A disk cache of packed form maps, so that rebuilding unchanged content skips the lemmatiser.

Making the Polish form map takes seconds (2.5 s at 1,000 practices); the map depends only on the language, the
site's vocabulary and the rules (the code of `normalise` and the versions of simplemma, snowballstemmer and
PyStemmer), so it is stored under a hash of exactly those.  Finding the vocabulary means reading every word of the
index (0.15 s a language at 1,000 practices), so a small second file, named by a hash of the texts themselves,
names the map of their vocabulary: unchanged texts find their map without being read word by word.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

from platforma.disk_memo import rules_fingerprint
from platforma.project import cache_dir
from platforma.words import normalise

_FORMS_NAME = re.compile(r"forms-[a-z]+-[0-9a-f]{40}\.txt")  # what a texts file may name (see `path`)


def default_folder() -> Path:
    """The `search` folder of the build cache (see `platforma.project.cache_dir`)."""
    return cache_dir() / "search"


@lru_cache(maxsize=1)
def _rules() -> str:
    """The rules' fingerprint, once per process (as `disk_memo.build_memo` takes it once): the code that runs is the
    code that was imported."""
    return rules_fingerprint([Path(normalise.__file__)], ["simplemma", "snowballstemmer", "pystemmer"])


def _digest(lang: str) -> hashlib._Hash:
    """The start of a cache file's digest: the language and the rules."""
    return hashlib.sha256(f"{lang}\n{_rules()}\n".encode())


class FormsCache:
    """Packed form maps on disk; the newest `keep` are kept."""

    def __init__(self, folder: Path | None = None, keep: int = 24) -> None:
        self.folder = folder or default_folder()
        self.keep = keep

    def path(self, lang: str, words: Iterable[str]) -> Path:
        digest = _digest(lang)
        digest.update("\n".join(sorted(words)).encode("utf-8"))
        return self.folder / f"forms-{lang}-{digest.hexdigest()[:40]}.txt"

    def get(self, lang: str, texts: Iterable[str], make: Callable[[set[str]], str]) -> str:
        """The packed map of the words of `texts` (`normalise.tokens`): the one these very texts had, else the one
        their words had (texts edited without a new word), else `make(words)`, stored for next time (a cache that
        cannot be written is skipped)."""
        texts = list(texts)
        named = self._texts_path(lang, texts)
        try:
            name = named.read_text(encoding="utf-8").strip()
            if _FORMS_NAME.fullmatch(name) and name.startswith(f"forms-{lang}-"):
                return (self.folder / name).read_text(encoding="utf-8")
        except (OSError, ValueError):
            pass
        words = words_of(texts)
        path = self.path(lang, words)
        try:
            packed = path.read_text(encoding="utf-8")
        except OSError:
            packed = make(words)
            self._write(path, packed)
        self._write(named, path.name)
        return packed

    def _texts_path(self, lang: str, texts: list[str]) -> Path:
        digest = _digest(lang)
        for text in texts:
            digest.update(text.encode("utf-8", "surrogatepass"))
            digest.update(b"\0")
        return self.folder / f"texts-{lang}-{digest.hexdigest()[:40]}.txt"

    def _write(self, path: Path, text: str) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=self.folder, delete=False) as out:
                out.write(text)
            os.replace(out.name, path)
            self._prune(path.name.split("-", 1)[0])
        except OSError:
            pass

    def _prune(self, kind: str) -> None:
        entries = sorted(self.folder.glob(f"{kind}-*.txt"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[self.keep :]:
            old.unlink(missing_ok=True)


def words_of(texts: Iterable[str]) -> set[str]:
    """Every distinct word (`normalise.tokens`) of `texts`."""
    words: set[str] = set()
    for text in texts:
        words.update(normalise.tokens(text))
    return words


__all__ = ["FormsCache", "default_folder", "words_of"]
