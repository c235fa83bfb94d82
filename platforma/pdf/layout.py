"""Laying out a prepared document with WeasyPrint: `RenderSetup` is what a rendering needs besides the HTML
(the merged fonts and the folders images may come from; plain data for worker processes) and its
`fingerprint`; each process keeps one renderer per setup, with the print stylesheet `pdf.css`, that
fetches nothing from the network. `_render_document` is what worker processes run (`_warm_up` starts
them); `glyph_warnings` names the characters the site's fonts cannot draw.
"""

from __future__ import annotations

import atexit
import gc
import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from platforma.pdf.disk_cache import _CACHE_VERSION
from platforma.pdf.fonts import FontFace, font_css, missing_glyphs
from platforma.pdf.model import RenderedPdf
from platforma.project import DOCS_DIR

PRINT_CSS = Path(__file__).with_name("pdf.css")


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


# Tagged for assistive technology: headings, lists, tables, links and the reading order are in the
# PDF's structure tree, with the document's language and title (WeasyPrint's PDF/UA-1 support).
PDF_VARIANT = "pdf/ua-1"


@dataclass(frozen=True)
class RenderSetup:
    """What laying out a document needs besides its HTML: the merged fonts and the folders images may come
    from. Plain data, so that worker processes can receive it."""

    fonts: tuple[FontFace, ...]
    allowed: tuple[Path, ...]

    @property
    def fonts_css(self) -> str:
        return font_css(self.fonts)

    def fingerprint(self) -> str:
        """What, besides the document, decides the PDF's bytes: stylesheets, fonts, library versions, variant."""
        versions = " ".join(f"{name} {_version(name)}" for name in ("weasyprint", "pydyf"))
        digest = hashlib.sha256(f"{_CACHE_VERSION} {versions} {PDF_VARIANT}".encode())
        for part in (self.fonts_css, PRINT_CSS.read_text(encoding="utf-8")):
            digest.update(part.encode())
        return digest.hexdigest()


def _version(package: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


class _Renderer:
    """WeasyPrint objects reused across documents of one process (fonts and stylesheet parsed once)."""

    def __init__(self, setup: RenderSetup) -> None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration
        from weasyprint.urls import URLFetcher

        roots = tuple(p.resolve() for p in setup.allowed) + tuple({f.path.parent.resolve() for f in setup.fonts})

        class LocalFiles(URLFetcher):
            """Fetches local files under the allowed folders and data: URLs; never the network."""

            def fetch(self, url, headers=None):  # noqa: ANN001 - WeasyPrint's signature
                if url.startswith("data:"):
                    return super().fetch(url, headers)
                if url.startswith("file:"):
                    path = Path(unquote(urlsplit(url).path)).resolve()
                    if any(path.is_relative_to(root) for root in roots):
                        return super().fetch(url, headers)
                raise ValueError(f"not fetched (PDFs use local files only): {url}")

        self.fetcher = LocalFiles()
        self.font_config = FontConfiguration()
        self.stylesheets = [
            CSS(string=setup.fonts_css, font_config=self.font_config, url_fetcher=self.fetcher),
            CSS(string=PRINT_CSS.read_text(encoding="utf-8"), font_config=self.font_config, url_fetcher=self.fetcher),
        ]

    def render(self, document: str) -> RenderedPdf:
        from weasyprint import HTML

        logger = logging.getLogger("weasyprint")
        collector = _Collector()
        logger.addHandler(collector)
        propagate, logger.propagate = logger.propagate, False
        # WeasyPrint allocates millions of short-lived objects; with MkDocs' large heap alive, the cyclic
        # garbage collector costs about a quarter of the time and frees next to nothing (measured).
        collecting = gc.isenabled()
        gc.disable()
        try:
            laid_out = HTML(string=document, url_fetcher=self.fetcher, base_url=DOCS_DIR.as_uri() + "/").render(
                font_config=self.font_config, stylesheets=self.stylesheets
            )
            data = laid_out.write_pdf(pdf_identifier=False, pdf_variant=PDF_VARIANT)
        finally:
            if collecting:
                gc.enable()
            logger.removeHandler(collector)
            logger.propagate = propagate
        return RenderedPdf(data, len(laid_out.pages), tuple(collector.messages))


_renderers: dict[RenderSetup, _Renderer] = {}


@atexit.register
def _release() -> None:
    """Drop WeasyPrint's font configurations while their libraries are still loaded."""
    _renderers.clear()


def _render_document(setup: RenderSetup, document: str) -> RenderedPdf:
    """Lay out one prepared document with this process's renderer (made on first use). Runs in workers too."""
    if setup not in _renderers:
        _renderers[setup] = _Renderer(setup)
    return _renderers[setup].render(document)


def _warm_up(setup: RenderSetup) -> None:
    """Worker start: import WeasyPrint and parse the stylesheets while the build goes on."""
    _render_document(setup, "<p>.</p>")


def glyph_warnings(document: str, covered: set[int]) -> tuple[str, ...]:
    """A warning naming the characters of `document` that the site's fonts cannot draw, if any."""
    missing = missing_glyphs(document, covered)
    if not missing:
        return ()
    shown = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in missing)
    return (f"characters the site's fonts cannot draw (a system font would be embedded): {shown}",)
