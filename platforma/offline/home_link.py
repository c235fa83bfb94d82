"""The online site's home page links to the offline copy with its size, which is known only after the
copy is zipped: the page is written with a size mark (`ZIP_SIZE_MARK`) that `fill_zip_size` replaces."""

from __future__ import annotations

from pathlib import Path

from platforma.file_sizes import fill_size_marks, size_mark
from platforma.project import LANGUAGES, site_path

ZIP_NAME = "platforma-wiedzy.zip"
ZIP_PATH = f"offline/{ZIP_NAME}"  # site path of the zip
ZIP_SIZE_MARK = size_mark(ZIP_NAME)


def fill_zip_size(site: Path, size: int, languages: tuple[str, ...] = LANGUAGES) -> list[Path]:
    """Put the zip's size in place of the mark on each language's home page; returns the pages changed."""
    changed = []
    for lang in languages:
        page = site / site_path("index.html", lang)
        if page.exists() and ZIP_SIZE_MARK in page.read_text(encoding="utf-8"):
            fill_size_marks(page, {ZIP_NAME: size}, lang)
            changed.append(page)
    return changed
