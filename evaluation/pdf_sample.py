"""A synthetic manual for benchmarks: `sample_document` (placeholder text, tables and lists, about the
number of A4 pages asked for) and `time_sample`, which times its rendering (scripts/bench_pdf.py).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

from platforma.content.ui import ui_strings
from platforma.dates import build_moment
from platforma.pdf.jobs import render_pdf
from platforma.pdf.model import PdfDocument, Section
from platforma.pdf.names import pdf_filename

_SAMPLE_TEXT = (
    "Ten akapit jest tekstem przykładowym do pomiaru czasu składu: zażółć gęślą jaźń, "
    "źdźbło, łódź, ćma, żółw. Nie zawiera żadnych informacji merytorycznych; ma tylko długość, "
    "polskie znaki i rytm zwykłego rozdziału podręcznika, z odsyłaczem do [sekcji](#sekcja-2) "
    "i do [następnego rozdziału](../rozdzial-{next}/)."
)


def sample_document(pages: int = 60, lang: str = "pl") -> PdfDocument:
    """A synthetic manual of about `pages` A4 pages (placeholder text, tables, lists) for benchmarks."""
    chapters = max(1, round(pages / 3.2))
    sections = []
    for number in range(1, chapters + 1):
        parts = [f"<h1>Rozdział {number}</h1>"]
        for sub in range(1, 5):
            parts.append(f'<h2 id="sekcja-{sub}">Sekcja {number}.{sub}</h2>')
            text = _SAMPLE_TEXT.replace("{next}", str(number % chapters + 1))
            parts += [f"<p>{_inline(text)}</p>"] * 5
            parts.append("<ul>" + "<li>Punkt listy z tekstem przykładowym.</li>" * 4 + "</ul>")
            parts.append(
                "<table><thead><tr><th>Kolumna</th><th>Opis</th><th>Uwagi</th></tr></thead><tbody>"
                + "<tr><td>Wiersz</td><td>Komórka z dłuższym tekstem przykładowym</td><td>—</td></tr>" * 4
                + "</tbody></table>"
            )
        sections.append(Section(f"/manuals/sample/rozdzial-{number}/", f"Rozdział {number}", "".join(parts)))
    labels = ui_strings(lang)
    return PdfDocument(
        filename=pdf_filename("sample", lang),
        lang=lang,
        title="Podręcznik przykładowy",
        subtitle=labels["pdf_kind_manual"],
        sections=tuple(sections),
        created=build_moment("1790000000"),
        reviewed="2026-01-01",
        labels=labels,
    )


def _inline(markdown_like: str) -> str:
    return re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r'<a href="\2">\1</a>', markdown_like)


@dataclass(frozen=True)
class Timing:
    """One timed rendering: wall-clock and CPU seconds (CPU time is steadier on a busy machine)."""

    seconds: float
    cpu_seconds: float
    pages: int
    size: int


def time_sample(pages: int = 60, *, cache_dir: Path | None = None) -> Timing:
    """Render `sample_document(pages)` without the PDF cache, after a warm-up that prepares the fonts, and time it.

    For scripts/bench.py: `time_sample(60)` is the "60-page manual in under 5 s" figure.
    """
    render_pdf(sample_document(5), cache_dir=cache_dir, use_cache=False)
    start, cpu = time.perf_counter(), time.process_time()
    result = render_pdf(sample_document(pages), cache_dir=cache_dir, use_cache=False)
    return Timing(time.perf_counter() - start, time.process_time() - cpu, result.pages, len(result.data))
