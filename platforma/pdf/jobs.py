"""PDFs made while the rest of the build goes on: `PdfJobs` prepares each document's HTML at once, looks it
up in the cache and hands a document not in it to a pool of worker processes (started with "spawn",
as many as `default_workers` says), which run `render._render_document`; `render_pdf` makes one PDF in
this process.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from platforma.pdf.disk_cache import _Cache, default_cache_dir
from platforma.pdf.fonts import FONTS_DIR, font_coverage, prepare_fonts
from platforma.pdf.layout import RenderSetup, _render_document, _warm_up, glyph_warnings
from platforma.pdf.model import PdfDocument, PdfError, RenderedPdf
from platforma.pdf.rewrite import document_html
from platforma.project import DOCS_DIR


@dataclass
class _Job:
    """One submitted document: from the cache, or being made (`pending`: a finished result or a future)."""

    doc: PdfDocument
    document: str
    key: str
    cached: RenderedPdf | None
    pending: Any = None


def default_workers() -> int:
    """Worker processes for PDFs: PLATFORMA_PDF_WORKERS if set (0 = render in the build's own process),
    else one per CPU, at most 4 (a build makes eight PDFs)."""
    wanted = os.environ.get("PLATFORMA_PDF_WORKERS", "").strip()
    if wanted:
        try:
            return max(0, int(wanted))
        except ValueError:
            raise PdfError(f"PLATFORMA_PDF_WORKERS must be a whole number, not {wanted!r}") from None
    return min(4, os.cpu_count() or 1)


class PdfJobs:
    """PDFs made while the rest of the build goes on.

    `submit` prepares a document's HTML at once (so a broken template fails there) and looks it up
    in the cache; a document not in it is laid out in a worker process (`workers` = 0: here, at once).
    `results` waits for every submitted document and gives them back in submission order.
    Workers are started on the first document the cache does not have (so a build whose PDFs are
    all cached pays nothing for them), or earlier by `start_workers`.
    """

    def __init__(
        self,
        *,
        allowed: Sequence[Path] = (),
        fonts_dir: Path = FONTS_DIR,
        cache_dir: Path | None = None,
        use_cache: bool = True,
        workers: int | None = None,
    ) -> None:
        cache_root = cache_dir or default_cache_dir()
        try:
            fonts = tuple(prepare_fonts(fonts_dir, cache_root))
        except PdfError:
            raise
        except Exception as error:
            raise PdfError(f"fonts: {type(error).__name__}: {error}") from error
        self.setup = RenderSetup(fonts, (DOCS_DIR, *allowed))
        self.fingerprint = self.setup.fingerprint()
        self.cache = _Cache(cache_root / "pdf") if use_cache else None
        self.workers = default_workers() if workers is None else workers
        self._covered: set[int] | None = None
        self._pool = None
        self._jobs: list[_Job] = []

    def submit(self, doc: PdfDocument, assets: Callable[[str], Path | None] | None = None) -> None:
        """Queue `doc`; raises PdfError when its HTML cannot be made."""
        try:
            document = document_html(doc, assets)
        except Exception as error:
            raise PdfError(f"{doc.filename}: {type(error).__name__}: {error}") from error
        key = self.cache.key(self.fingerprint, document) if self.cache else ""
        cached = self.cache.get(key) if self.cache else None
        job = _Job(doc, document, key, cached)
        if cached is None:
            job.pending = self._start(doc, document)
        self._jobs.append(job)

    def _start(self, doc: PdfDocument, document: str) -> Any:
        if self.workers == 0:
            return self._call(doc, _render_document, self.setup, document)
        return self._call(doc, self._submit, _render_document, self.setup, document)

    def start_workers(self) -> None:
        """Start the workers now (they import WeasyPrint and read the stylesheets while the build goes on),
        for a build that will surely need them: see `likely_cold`."""
        for _ in range(self.workers):
            self._submit(os.getpid)

    def likely_cold(self) -> bool:
        """True when the cache cannot have these PDFs: it is off, or holds no PDF at all (a fresh machine)."""
        return self.cache is None or not any(self.cache.folder.glob("*.pdf"))

    def _submit(self, function: Callable[..., Any], *args: Any) -> Any:
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            # spawn, not fork: the build may have threads (mkdocs serve), and forking those is unsafe
            self._pool = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_warm_up,
                initargs=(self.setup,),
            )
        return self._pool.submit(function, *args)

    @staticmethod
    def _call(doc: PdfDocument, function: Callable[..., Any], *args: Any) -> Any:
        """`function(*args)`, with any failure reported as a PdfError naming the document."""
        try:
            return function(*args)
        except Exception as error:  # WeasyPrint, fontTools, a worker that died: report one clear line
            raise PdfError(f"{doc.filename}: {type(error).__name__}: {error}") from error

    def results(self) -> list[tuple[PdfDocument, RenderedPdf]]:
        """Every submitted document with its PDF (waiting for the workers); raises PdfError on the first failure."""
        finished = []
        try:
            for job in self._jobs:
                result = job.cached
                if result is None:
                    pending = job.pending
                    result = pending if isinstance(pending, RenderedPdf) else self._call(job.doc, pending.result)
                    if self.cache:
                        self.cache.put(job.key, result)
                warnings = result.warnings + glyph_warnings(job.document, self.covered())
                finished.append((job.doc, RenderedPdf(result.data, result.pages, warnings)))
        finally:
            self.close()
        return finished

    def covered(self) -> set[int]:
        if self._covered is None:
            self._covered = font_coverage(self.setup.fonts)
        return self._covered

    def close(self) -> None:
        """Stop the workers (unfinished documents are dropped) and forget the documents."""
        self._jobs = []
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def render_pdf(
    doc: PdfDocument,
    *,
    assets: Callable[[str], Path | None] | None = None,
    allowed: Sequence[Path] = (),
    fonts_dir: Path = FONTS_DIR,
    cache_dir: Path | None = None,
    use_cache: bool = True,
) -> RenderedPdf:
    """Lay out and write `doc` as a PDF, in this process.

    `assets` maps a site path (`/assets/images/x.png`) to the local file of an image;
    `allowed` are the folders images may be read from. Merged fonts and (with `use_cache`)
    finished PDFs are kept under `cache_dir` (default: `default_cache_dir()`).
    Raises PdfError when it fails.
    """
    jobs = PdfJobs(allowed=allowed, fonts_dir=fonts_dir, cache_dir=cache_dir, use_cache=use_cache, workers=0)
    jobs.submit(doc, assets)
    return jobs.results()[0][1]
