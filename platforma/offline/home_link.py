"""The online site's home page links to the offline copy with its size, which is known only after the
copy is zipped: the page is written with a mark (`ZIP_SIZE_MARK`) that `fill_zip_size` replaces."""

from __future__ import annotations

from pathlib import Path

from platforma.file_sizes import format_size
from platforma.project import LANGUAGES, site_path

ZIP_PATH = "offline/platforma-wiedzy.zip"  # site path of the zip
ZIP_SIZE_MARK = "PW-ZIP-SIZE"


def fill_zip_size(site: Path, size: int, languages: tuple[str, ...] = LANGUAGES) -> list[Path]:
    """Put the zip's size in place of the mark on each language's home page; returns the pages changed."""
    changed = []
    for lang in languages:
        page = site / site_path("index.html", lang)
        if not page.exists():
            continue
        text = page.read_text(encoding="utf-8")
        if ZIP_SIZE_MARK in text:
            page.write_text(text.replace(ZIP_SIZE_MARK, format_size(size, lang)), encoding="utf-8")
            changed.append(page)
    return changed
