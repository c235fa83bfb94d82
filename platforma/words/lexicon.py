"""simplemma's dictionaries as tries on disk, for the lemmatiser and for the two questions `form_map` asks.

simplemma ships each dictionary compressed; decoding the Polish one into a dict takes about 4 s
and 440 MiB, on every build whose vocabulary is not cached.  simplemma's own
`TrieDictionaryFactory` keeps the dictionary as a MARISA trie instead (marisa-trie), made once
per simplemma version and then opened in milliseconds.  Beside it we keep a second trie, lemma →
forms, so that both questions are lookups instead of walks over 3.7 million entries:

- `with_prefix(prefix)`: the dictionary's words beginning with a prefix, with their lemmas;
- `forms_of(lemma)`: the words the dictionary maps to a lemma.

The tries live in `cache_dir()/lexicon/simplemma-<version>/` and are made on first use
(about 15 s for Polish; `scripts/setup.sh` makes them during set-up).  Lemmas are exactly
simplemma's: the same strategies run over the same entries, only the storage differs.
"""

from __future__ import annotations

import os
import tempfile
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from platforma.project import cache_dir

_FORMAT = "1"  # of the lemma → forms trie


def lexicon_dir() -> Path:
    """The folder of the tries for the installed simplemma."""
    return cache_dir() / "lexicon" / f"simplemma-{metadata.version('simplemma')}-{_FORMAT}"


class Lexicon:
    """One language's dictionary: a lemmatiser and the prefix and lemma → forms lookups."""

    def __init__(self, lang: str, folder: Path | None = None) -> None:
        from simplemma import Lemmatizer
        from simplemma.strategies import DefaultStrategy
        from simplemma.strategies.dictionaries import TrieDictionaryFactory

        self.lang = lang
        self.folder = folder or lexicon_dir()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError:  # a cache folder that cannot be made: work in a temporary one (slower, still right)
            self.folder = Path(tempfile.mkdtemp(prefix="platforma-lexicon-"))
        factory = TrieDictionaryFactory(disk_cache_dir=str(self.folder))
        self._forms = factory.get_dictionary(lang)._trie  # form → lemma (a marisa_trie.BytesTrie)
        self._lemmatizer = Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=factory))
        self._by_lemma = self._lemma_trie()

    def lemmatize(self, word: str) -> str:
        """simplemma's lemma of `word` (as `simplemma.lemmatize(word, lang)` gives it)."""
        return self._lemmatizer.lemmatize(word, self.lang)

    def with_prefix(self, prefix: str) -> list[tuple[str, str]]:
        """(form, lemma) for every word of the dictionary that begins with `prefix`."""
        return [(form, lemma.decode("utf-8")) for form, lemma in self._forms.items(prefix)]

    def forms_of(self, lemma: str) -> list[str]:
        """Every word the dictionary maps to `lemma`."""
        return [form.decode("utf-8") for form in self._by_lemma.get(lemma, ())]

    def _lemma_trie(self):
        from marisa_trie import BytesTrie

        path = self.folder / f"{self.lang}-lemmas.dic"
        if path.exists():
            try:
                return BytesTrie().load(str(path))
            except Exception:  # a damaged file: make it again
                path.unlink(missing_ok=True)
        trie = BytesTrie((lemma.decode("utf-8"), form.encode("utf-8")) for form, lemma in self._forms.iteritems())
        partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            trie.save(str(partial))
            os.replace(partial, path)
        except OSError:
            partial.unlink(missing_ok=True)  # a cache that cannot be written only makes the next build slower
        return trie


def is_prepared(lang: str) -> bool:
    """Whether the tries of `lang` exist already (else the first use makes them, which takes a while)."""
    folder = lexicon_dir()
    return (folder / f"{lang}.dic").exists() and (folder / f"{lang}-lemmas.dic").exists()


def lexicon(lang: str) -> Lexicon:
    """The lexicon of `lang` (opened once per process and folder)."""
    return _open(lang, lexicon_dir())


@lru_cache(maxsize=4)
def _open(lang: str, folder: Path) -> Lexicon:
    return Lexicon(lang, folder)


__all__ = ["Lexicon", "is_prepared", "lexicon", "lexicon_dir"]
