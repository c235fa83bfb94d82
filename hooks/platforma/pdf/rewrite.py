"""A document's HTML prepared for print: every page becomes a `<section>` whose ids are prefixed
(`s<n>-`), so anchors of different pages never clash; links to pages of the same PDF become internal
links, links to other pages of the site their online address; header permalinks and screen-only parts
are dropped (`prepare_sections`). `document_html` lays out the cover, the contents and the sections
with the template `overrides/platforma/pdf-document.html`.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from ..templates import render
from .documents import Heading, PdfDocument, PreparedSection

TEMPLATE = "pdf-document.html"

#: Classes and ids of elements that make no sense on paper (permalinks, the landing page's
#: chapter list that the table of contents replaces, the "suggest a change" link).
DROP_CLASSES = frozenset({"headerlink", "pw-chapters", "pw-edit"})
DROP_IDS = frozenset({"pw-chapters"})
_SKIP_TAGS = frozenset({"script", "style", "noscript", "iframe", "object", "embed", "video", "audio", "form"})
_VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)


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
