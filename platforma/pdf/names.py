"""Names of the PDF files: `pdf_filename` (e.g. `networking-en.pdf`, published under /pdf/); their sizes are
written by platforma.file_sizes."""

from __future__ import annotations


def pdf_filename(name: str, lang: str) -> str:
    """`/pdf/<name>-<lang>.pdf` without the folder, e.g. `networking-en.pdf`."""
    return f"{name}-{lang}.pdf"
