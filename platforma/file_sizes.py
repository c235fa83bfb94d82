"""How a download link writes a file's size (PDFs, the offline copy): one rule for every link."""

from __future__ import annotations


def format_size(size: int, lang: str) -> str:
    """A file size for a download link: `245 KB`, `1,2 MB` in Polish, `1.2 MB` in English."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    text = f"{size / (1024 * 1024):.1f}"
    return (text.replace(".", ",") if lang == "pl" else text) + " MB"
