"""PDFs for training days: one per manual and language, and a booklet of practices.

The MkDocs adapter (hooks/pdf.py) gathers the pages' rendered HTML into a `PdfDocument`;
this module prepares it for print and renders it with WeasyPrint:

- every page becomes a `<section>` whose ids are prefixed, so anchors of different pages
  never clash; links to pages of the same PDF become internal links (clickable, and the
  target of the contents' page numbers), links to other pages of the site become their
  online address; header permalinks and screen-only parts are dropped;
- a cover, a table of contents and the sections are laid out by the template
  `overrides/platforma/pdf-document.html` with the print stylesheet `pdf.css` (A4,
  running chapter titles, `page n / N` footers, bookmarks from headings);
- only the site's own fonts (docs/assets/fonts/*.woff2) are used: WeasyPrint muddles
  two subsets of one family (latin and latin-ext), so each style is merged into one
  TrueType font with fontTools, once, and kept in a cache folder;
- nothing is fetched from the network: only files under the folders a document allows.

Same input and the same `created` moment give byte-identical PDFs.
"""

from __future__ import annotations

import atexit
import datetime as dt
import gc
import hashlib
import html
import io
import json
import logging
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from .dates import build_moment
from .project import DOCS_DIR
from .project import cache_dir as build_cache_dir
from .templates import render
from .ui import ui_strings

FONTS_DIR = DOCS_DIR / "assets" / "fonts"
PRINT_CSS = Path(__file__).with_name("pdf.css")
TEMPLATE = "pdf-document.html"
_CACHE_VERSION = "2"

#: Classes and ids of elements that make no sense on paper (permalinks, the landing page's
#: chapter list that the table of contents replaces, the "suggest a change" link).
DROP_CLASSES = frozenset({"headerlink", "pw-chapters", "pw-edit"})
DROP_IDS = frozenset({"pw-chapters"})
_SKIP_TAGS = frozenset({"script", "style", "noscript", "iframe", "object", "embed", "video", "audio", "form"})
_VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
_FONT_FILE = re.compile(
    r"^(?P<family>[a-z0-9-]+?)-(?P<subset>latin|latin-ext)-(?P<weight>\d{3})-(?P<style>normal|italic)\.woff2$"
)
_FAMILY_NAMES = {"noto-sans": "Noto Sans PW", "jetbrains-mono": "JetBrains Mono PW"}


class PdfError(Exception):
    """A PDF could not be made; the message says which and why."""


# --------------------------------------------------------------------------- documents


@dataclass(frozen=True)
class Notice:
    """A boxed remark shown before a section's text (review overdue, translation, COI dates)."""

    kind: str
    title: str
    text: str


@dataclass(frozen=True)
class Section:
    """One page of the site inside a PDF: its site path (e.g. `/en/manuals/coi/`), title and HTML."""

    url: str
    title: str
    html: str
    notices: tuple[Notice, ...] = ()


@dataclass(frozen=True)
class PdfDocument:
    """Everything a PDF shows; `labels` are the interface strings of its language (data/ui.yml)."""

    filename: str
    lang: str
    title: str
    subtitle: str
    sections: tuple[Section, ...]
    created: dt.datetime
    reviewed: str
    labels: dict[str, str]
    site_name: str = "Platforma Wiedzy"
    site_url: str = ""
    online_url: str = ""
    licence: str = ""
    toc_depth: int = 2


@dataclass(frozen=True)
class Heading:
    """A heading of a section, for the table of contents (`id` already prefixed)."""

    level: int
    id: str
    text: str


@dataclass
class PreparedSection:
    """A section after rewriting: what the template needs."""

    id: str
    title: str
    html: str
    notices: tuple[Notice, ...]
    has_h1: bool
    headings: list[Heading] = field(default_factory=list)


@dataclass(frozen=True)
class RenderedPdf:
    """The PDF's bytes, its number of pages and what went wrong on the way (missing images, glyphs)."""

    data: bytes
    pages: int
    warnings: tuple[str, ...] = ()


# --------------------------------------------------------------------------- links and ids

_BASE = "https://site.invalid"


def _site_path(href: str, base: str) -> tuple[str, str, str] | None:
    """(path, query, fragment) of a link relative to the page at site path `base`; None if external."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    joined = urlsplit(urljoin(_BASE + base, href))
    path = unquote(joined.path)
    if path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return path, joined.query, joined.fragment


_LONG_WORD = re.compile(r"[^\s<>]{28,}")
_AFTER = re.compile(r"([/_.?&=-]+)")


def _break_opportunities(match: re.Match[str]) -> str:
    """`<wbr>` inside a long word or address (after / - _ . ? & =, else every 8 characters), so that a table
    column can be narrower than the word: much cheaper to lay out than `overflow-wrap: anywhere` on cells."""
    pieces = [p for p in _AFTER.split(match[0]) if p]
    out = []
    for piece in pieces:
        out.append("<wbr>".join(piece[i : i + 8] for i in range(0, len(piece), 8)))
        if _AFTER.fullmatch(piece):
            out.append("<wbr>")
    return "".join(out).removesuffix("<wbr>")


class _Rewriter(HTMLParser):
    """Re-emits one page's HTML for print: prefixed ids, resolved links, dropped screen-only parts."""

    def __init__(
        self,
        prefix: str,
        base: str,
        targets: dict[str, str],
        site_url: str,
        assets: Callable[[str], Path | None] | None,
    ) -> None:
        super().__init__(convert_charrefs=False)
        self.prefix = prefix
        self.base = base
        self.targets = targets
        self.site_url = site_url.rstrip("/") + "/" if site_url else "/"
        self.assets = assets
        self.out: list[str] = []
        self.headings: list[Heading] = []
        self.has_h1 = False
        self._dropping: tuple[str, int] | None = None  # (tag, depth) of the element being dropped
        self._heading: tuple[int, str, list[str]] | None = None
        self._count = 0
        self._pre = 0  # depth of <pre> elements (text kept exactly as is)

    # -- attribute rewriting
    def _id(self, value: str) -> str:
        return f"{self.prefix}-{value}"

    def link(self, href: str) -> str:
        href = href.strip()
        if not href or href.lower().startswith(("mailto:", "tel:")):
            return href
        found = _site_path(href, self.base)
        if found is None:
            return href
        path, query, fragment = found
        if path in self.targets and not query:
            section = self.targets[path]
            return f"#{section}-{fragment}" if fragment else f"#{section}"
        online = self.site_url + path.lstrip("/")
        return online + (f"?{query}" if query else "") + (f"#{fragment}" if fragment else "")

    def source(self, src: str) -> str:
        if src.startswith("data:"):
            return src
        found = _site_path(src, self.base)
        if found is None:
            return src
        local = self.assets(found[0]) if self.assets else None
        return local.resolve().as_uri() if local else self.site_url + found[0].lstrip("/")

    def _attributes(self, tag: str, attrs: list[tuple[str, str | None]]) -> str:
        written: list[str] = []
        for name, value in attrs:
            if name.startswith("on") or name in ("srcset", "loading", "decoding"):
                continue
            if value is not None:
                if name in ("id", "for"):
                    value = self._id(value)
                elif name in ("aria-labelledby", "aria-describedby"):
                    value = " ".join(self._id(v) for v in value.split())
                elif name == "href":
                    value = self.link(value)
                elif name == "src":
                    value = self.source(value)
            written.append(name if value is None else f'{name}="{html.escape(value, quote=True)}"')
        if tag == "details" and not any(name == "open" for name, _ in attrs):
            written.append("open")
        return "".join(" " + w for w in written)

    # -- parser events
    def _drops(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        if tag in _SKIP_TAGS:
            return True
        values = dict(attrs)
        classes = set((values.get("class") or "").split())
        return bool(classes & DROP_CLASSES) or values.get("id") in DROP_IDS

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        if self._dropping:
            name, depth = self._dropping
            if tag == name and not closed:
                self._dropping = (name, depth + 1)
            return
        if self._drops(tag, attrs):
            if not closed and tag not in _VOID_TAGS:
                self._dropping = (tag, 1)
            return
        level = int(tag[1]) if re.fullmatch(r"h[1-6]", tag) else 0
        if level:
            self.has_h1 = self.has_h1 or level == 1
            if level <= 2 and not any(name == "id" for name, _ in attrs):
                self._count += 1
                attrs = [*attrs, ("id", f"h{self._count}")]
            ident = next((self._id(v or "") for name, v in attrs if name == "id"), "")
            self._heading = (level, ident, [])
        if tag == "pre" and not closed:
            self._pre += 1
        self.out.append(f"<{tag}{self._attributes(tag, attrs)}{' /' if closed else ''}>")

    def handle_endtag(self, tag: str) -> None:
        if self._dropping:
            name, depth = self._dropping
            if tag == name:
                self._dropping = (name, depth - 1) if depth > 1 else None
            return
        if self._heading and tag == f"h{self._heading[0]}":
            level, ident, text = self._heading
            self.headings.append(Heading(level, ident, " ".join("".join(text).split())))
            self._heading = None
        if tag == "pre" and self._pre:
            self._pre -= 1
        self.out.append(f"</{tag}>")

    def _text(self, raw: str, text: str) -> None:
        if self._dropping:
            return
        if self._heading:
            self._heading[2].append(text)
        self.out.append(raw)

    def handle_data(self, data: str) -> None:
        raw = data if self._pre else _LONG_WORD.sub(_break_opportunities, data)
        self._text(raw, html.unescape(data))

    def handle_entityref(self, name: str) -> None:
        self._text(f"&{name};", html.unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self._text(f"&#{name};", html.unescape(f"&#{name};"))


_ID = re.compile(r'\sid="([^"]*)"')
_INTERNAL = re.compile(r'href="#((s\d+)-[^"]*)"')


def prepare_sections(doc: PdfDocument, assets: Callable[[str], Path | None] | None = None) -> list[PreparedSection]:
    """Rewrite every section of `doc` for print (ids prefixed `s<n>-`, links resolved).

    A link to an anchor that is not in the PDF (e.g. inside a part dropped for print) leads to the
    start of its section instead.
    """
    targets = {section.url: f"s{i}" for i, section in enumerate(doc.sections, start=1)}
    prepared = []
    for i, section in enumerate(doc.sections, start=1):
        rewriter = _Rewriter(f"s{i}", section.url, targets, doc.site_url, assets)
        rewriter.feed(section.html)
        rewriter.close()
        headings = [h for h in rewriter.headings if h.level == 2] if doc.toc_depth >= 2 else []
        prepared.append(
            PreparedSection(f"s{i}", section.title, "".join(rewriter.out), section.notices, rewriter.has_h1, headings)
        )
    anchors = {id_ for s in prepared for id_ in _ID.findall(s.html)}

    def existing(match: re.Match[str]) -> str:
        return match[0] if match[1] in anchors else f'href="#{match[2]}"'

    for section in prepared:
        section.html = _INTERNAL.sub(existing, section.html)
    return prepared


def document_html(doc: PdfDocument, assets: Callable[[str], Path | None] | None = None) -> str:
    """The whole PDF as one HTML document: cover, contents, sections."""
    return render(
        TEMPLATE,
        doc=doc,
        sections=prepare_sections(doc, assets),
        t=doc.labels,
        created=doc.created.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        built=doc.created.astimezone(dt.UTC).date().isoformat(),
    )


# --------------------------------------------------------------------------- fonts


@dataclass(frozen=True)
class FontFace:
    """One merged TrueType font (all subsets of a family, weight and style) ready for @font-face."""

    family: str
    weight: int
    style: str
    path: Path


def default_cache_dir() -> Path:
    """Where merged fonts and finished PDFs are kept between builds (see `project.cache_dir`)."""
    return build_cache_dir()


def _merge_subsets(sources: Sequence[Path], target: Path) -> None:
    """Merge woff2 subsets of one font into a TrueType file, deterministically (no new timestamps)."""
    from fontTools.merge import Merger
    from fontTools.ttLib import TTFont

    buffers = []
    stamps = None
    for source in sources:
        font = TTFont(source, recalcTimestamp=False)
        stamps = stamps or (font["head"].created, font["head"].modified)
        font.flavor = None
        buffer = io.BytesIO()
        font.save(buffer)
        buffer.seek(0)
        buffers.append(buffer)
    font = Merger().merge(buffers) if len(buffers) > 1 else TTFont(buffers[0], recalcTimestamp=False)
    font.recalcTimestamp = False
    font["head"].created, font["head"].modified = stamps  # the merger would stamp "now"
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    font.save(partial)
    os.replace(partial, target)


def prepare_fonts(fonts_dir: Path = FONTS_DIR, cache_dir: Path | None = None) -> list[FontFace]:
    """The site's fonts as merged TrueType files (made once, then read from the cache)."""
    groups: dict[tuple[str, int, str], list[Path]] = {}
    for path in sorted(fonts_dir.glob("*.woff2")):
        match = _FONT_FILE.match(path.name)
        if match and match["family"] in _FAMILY_NAMES:
            key = (match["family"], int(match["weight"]), match["style"])
            groups.setdefault(key, []).append(path)
    if not groups:
        raise PdfError(f"no fonts found in {fonts_dir} (expected noto-sans-latin-400-normal.woff2 and friends)")
    cache = cache_dir or default_cache_dir()
    try:
        cache.mkdir(parents=True, exist_ok=True)
    except OSError:
        cache = Path(tempfile.gettempdir()) / "platforma-wiedzy"
    faces = []
    for (family, weight, style), sources in sorted(groups.items()):
        from fontTools import version as fonttools_version

        digest = hashlib.sha256(f"{_CACHE_VERSION} {fonttools_version}".encode())
        for source in sources:
            digest.update(source.read_bytes())
        target = cache / "fonts" / f"{family}-{weight}-{style}-{digest.hexdigest()[:16]}.ttf"
        if not target.exists():
            _merge_subsets(sources, target)
        faces.append(FontFace(_FAMILY_NAMES[family], weight, style, target))
    return faces


def font_css(faces: Iterable[FontFace]) -> str:
    """@font-face rules for the merged fonts."""
    return "".join(
        f'@font-face {{ font-family: "{f.family}"; src: url("{f.path.resolve().as_uri()}"); '
        f"font-weight: {f.weight}; font-style: {f.style}; }}\n"
        for f in faces
    )


def font_coverage(faces: Iterable[FontFace]) -> set[int]:
    """Code points the sans-serif fonts can draw."""
    from fontTools.ttLib import TTFont

    covered: set[int] = set()
    for face in faces:
        if face.family == _FAMILY_NAMES["noto-sans"] and face.weight == 400 and face.style == "normal":
            covered |= set(TTFont(face.path, lazy=True).getBestCmap())
    return covered


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def missing_glyphs(document: str, covered: set[int]) -> list[str]:
    """Characters of the document's text that the site's fonts cannot draw (a system font would)."""
    reader = _TextOnly()
    reader.feed(document)
    text = "".join(reader.parts)
    return sorted({c for c in text if ord(c) not in covered and not c.isspace() and ord(c) >= 32})


# --------------------------------------------------------------------------- rendering


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


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
        """What, besides the document, decides the PDF's bytes: stylesheets, fonts, library versions."""
        versions = " ".join(f"{name} {_version(name)}" for name in ("weasyprint", "pydyf"))
        digest = hashlib.sha256(f"{_CACHE_VERSION} {versions}".encode())
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
            data = laid_out.write_pdf(pdf_identifier=False)
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


_LOCAL_FILE = re.compile(r"file://[^\s\"'()<>]+")


class _Cache:
    """Finished PDFs by the hash of everything that decides their bytes, so an unchanged document is not laid
    out again (a rebuild, `mkdocs serve`, tests). WeasyPrint output is deterministic, so a hit gives the same
    bytes as a fresh rendering; the oldest entries beyond `keep` are removed."""

    def __init__(self, folder: Path, keep: int = 120) -> None:
        self.folder = folder
        self.keep = keep

    def key(self, fingerprint: str, document: str) -> str:
        digest = hashlib.sha256(fingerprint.encode())
        digest.update(document.encode())
        for url in sorted(set(_LOCAL_FILE.findall(document))):  # images: their bytes, not only their names
            path = Path(unquote(urlsplit(url).path))
            digest.update(path.read_bytes() if path.is_file() else b"missing")
        return digest.hexdigest()

    def get(self, key: str) -> RenderedPdf | None:
        data_file, meta_file = self.folder / f"{key}.pdf", self.folder / f"{key}.json"
        try:
            meta = json.loads(meta_file.read_text(encoding="utf-8"))
            data = data_file.read_bytes()
        except (OSError, ValueError):
            return None
        if len(data) != meta.get("size"):
            return None
        os.utime(meta_file)
        return RenderedPdf(data, int(meta["pages"]), tuple(meta["warnings"]))

    def put(self, key: str, result: RenderedPdf) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for name, content in (
                (f"{key}.pdf", result.data),
                (
                    f"{key}.json",
                    json.dumps({"pages": result.pages, "size": len(result.data), "warnings": result.warnings}).encode(),
                ),
            ):
                partial = self.folder / f".{name}.{os.getpid()}.tmp"
                partial.write_bytes(content)
                os.replace(partial, self.folder / name)
            entries = sorted(self.folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
            for old in entries[self.keep :]:
                old.unlink(missing_ok=True)
                old.with_suffix(".pdf").unlink(missing_ok=True)
        except OSError:
            pass  # a cache that cannot be written only makes the next build slower


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
        # A spawned worker imports this module by name with the parent's sys.path of the moment, and MkDocs
        # puts hooks/ on it only while it loads the hooks; workers start on demand, during a submit.
        package_root = str(Path(__file__).resolve().parent.parent)
        added = package_root not in sys.path
        if added:
            sys.path.insert(0, package_root)
        try:
            return self._pool.submit(function, *args)
        finally:
            if added:
                sys.path.remove(package_root)

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


# --------------------------------------------------------------------------- small helpers


def pdf_filename(name: str, lang: str) -> str:
    """`/pdf/<name>-<lang>.pdf` without the folder, e.g. `networking-en.pdf`."""
    return f"{name}-{lang}.pdf"


def format_size(size: int, lang: str) -> str:
    """A file size for a download link: `245 KB`, `1,2 MB` in Polish, `1.2 MB` in English."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    text = f"{size / (1024 * 1024):.1f}"
    return (text.replace(".", ",") if lang == "pl" else text) + " MB"


# --------------------------------------------------------------------------- benchmark

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
