"""Names and sizes of the PDF files: `pdf_filename` (e.g. `networking-en.pdf`, published under /pdf/) and
`format_size` for the download links.
"""

from __future__ import annotations


def pdf_filename(name: str, lang: str) -> str:
    """`/pdf/<name>-<lang>.pdf` without the folder, e.g. `networking-en.pdf`."""
    return f"{name}-{lang}.pdf"


def format_size(size: int, lang: str) -> str:
    """A file size for a download link: `245 KB`, `1,2 MB` in Polish, `1.2 MB` in English."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    text = f"{size / (1024 * 1024):.1f}"
    return (text.replace(".", ",") if lang == "pl" else text) + " MB"
