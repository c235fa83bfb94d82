"""The disk cache of packed form maps: a map is made once per vocabulary, and unchanged texts find it unread."""

from __future__ import annotations

from pathlib import Path

from platforma.search import forms_cache
from platforma.search.forms_cache import FormsCache, words_of


class Maker:
    """A stand-in for the form map's maker that records the vocabularies it was asked for."""

    def __init__(self) -> None:
        self.asked: list[set[str]] = []

    def __call__(self, words: set[str]) -> str:
        self.asked.append(set(words))
        return " ".join(sorted(words))


def test_the_same_texts_and_the_same_words_reuse_the_map(tmp_path: Path, monkeypatch):
    cache, make = FormsCache(tmp_path), Maker()
    read: list[list[str]] = []
    monkeypatch.setattr(forms_cache, "words_of", lambda texts: read.append(texts) or words_of(texts))
    texts = ["Pomoc dla małoletnich", "pomoc prawna"]
    first = cache.get("pl", texts, make)
    assert make.asked == [{"pomoc", "dla", "małoletnich", "prawna"}]
    assert cache.get("pl", texts, make) == first  # the texts' file names the map: the texts are not read
    assert len(read) == 1
    assert cache.get("pl", ["prawna pomoc", "dla małoletnich, pomoc"], make) == first  # other texts, same words
    assert len(make.asked) == 1
    assert cache.get("en", texts, make) == first  # another language: made for it
    assert len(make.asked) == 2


def test_a_new_word_makes_the_map_again(tmp_path: Path):
    cache, make = FormsCache(tmp_path), Maker()
    cache.get("pl", ["pomoc prawna"], make)
    assert cache.get("pl", ["pomoc prawna", "tłumacz"], make) == "pomoc prawna tłumacz"
    assert make.asked[-1] == {"pomoc", "prawna", "tłumacz"}


def test_texts_whose_map_was_pruned_or_whose_file_is_foreign_are_read_again(tmp_path: Path):
    cache, make = FormsCache(tmp_path), Maker()
    cache.get("pl", ["pomoc"], make)
    for forms in tmp_path.glob("forms-*.txt"):
        forms.unlink()
    assert cache.get("pl", ["pomoc"], make) == "pomoc"
    assert len(make.asked) == 2
    secret = tmp_path.parent / "secret.txt"
    secret.write_text("not a form map", encoding="utf-8")
    for texts_file in tmp_path.glob("texts-*.txt"):
        texts_file.write_text(str(secret), encoding="utf-8")  # a texts file naming anything else is not followed
    assert cache.get("pl", ["pomoc"], make) == "pomoc"


def test_only_the_newest_files_of_each_kind_are_kept(tmp_path: Path):
    cache, make = FormsCache(tmp_path, keep=2), Maker()
    for word in ("jeden", "dwa", "trzy"):
        cache.get("pl", [word], make)
    assert len(list(tmp_path.glob("forms-*.txt"))) == 2
    assert len(list(tmp_path.glob("texts-*.txt"))) == 2


def test_a_cache_that_cannot_be_written_still_gives_the_map(tmp_path: Path):
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")
    cache, make = FormsCache(blocked / "search"), Maker()
    assert cache.get("pl", ["pomoc prawna"], make) == "pomoc prawna"
    assert cache.get("pl", ["pomoc prawna"], make) == "pomoc prawna"
    assert len(make.asked) == 2


def test_words_of_are_the_tokens_of_every_text():
    assert words_of(["Ośrodek dla cudzoziemców,", "OŚRODEK 2026"]) == {"ośrodek", "dla", "cudzoziemców", "2026"}
