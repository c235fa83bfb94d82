"""How a download link writes a file's size (PDFs, the offline copy): one rule for every link, and one way to
write a link before its file exists: a mark in the page that `fill_size_marks` replaces once the size is known."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

_MARK_START = "PW-SIZE["
_MARK = re.compile(re.escape(_MARK_START) + r"([^\]<>\"']+)\]")


def format_size(size: int, lang: str) -> str:
    """A file size for a download link: `245 KB`, `1,2 MB` in Polish, `1.2 MB` in English."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    text = f"{size / (1024 * 1024):.1f}"
    return (text.replace(".", ",") if lang == "pl" else text) + " MB"


def size_mark(name: str) -> str:
    """What a page says in place of the size of the file `name` (a PDF or the zip) while that file is not made."""
    return f"{_MARK_START}{name}]"


def holds_size_marks(text: str) -> bool:
    """Does `text` (a whole page, on every page's way out) hold a size mark? A quick look, no pattern."""
    return _MARK_START in text


def marked_sizes(text: str) -> list[str]:
    """The names of the files whose size `text` still marks."""
    return _MARK.findall(text)


def fill_size_marks(page: Path, sizes: Mapping[str, int], lang: str) -> list[str]:
    """Write the size of each file of `sizes` in place of its mark in `page` (a page in `lang`); returns the
    names still marked, whose files were not made."""
    text = page.read_text(encoding="utf-8")
    filled = _MARK.sub(lambda m: format_size(sizes[m[1]], lang) if m[1] in sizes else m[0], text)
    if filled != text:
        page.write_text(filled, encoding="utf-8")
    return marked_sizes(filled)
