"""A document's HTML prepared for print: every page becomes a `<section>` whose ids are prefixed
(`s<n>-`), so anchors of different pages never clash; links to pages of the same PDF become internal
links, links to other pages of the site their online address; header permalinks and screen-only parts
are dropped (`prepare_sections`). `document_html` lays out the cover, the contents and the sections
with the template `overrides/platforma/pdf-document.html`.

What paper needs besides: an internal link is marked `pw-xref` with the word for "page" (`data-pw-page`,
`pdf_page_short` in data/ui.yml), so that pdf.css prints "(s. 12)" after it; a link that leaves the document
is followed by its address in short form, `(example.org/path)`, unless its text already is that address; a
link to a page of the site that is not in the PDF by the page's site path, `(/practices/x/)`, never by the
configured `site_url` (a placeholder such as platforma-wiedzy.example until deployment; the cover gives the
real address once, with a QR code, and none while it is a placeholder: `cover`). Glossary terms and footnote
marks keep no address. A checklist's checkbox becomes a ☐ (☑ ticked) in the text, and the closing sections of
a chapter or practice ("Sources", "Legal acts", "Good practices related to this chapter", `closing_titles`) are marked
`pw-closing`: out of the contents and the bookmarks.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from platforma.pages.templates import render_template
from platforma.pdf.cover import is_placeholder, qr_data_uri, short_url
from platforma.pdf.model import Heading, PdfDocument, PreparedSection

TEMPLATE = "pdf-document.html"

#: Classes and ids of elements that make no sense on paper (permalinks, the landing page's
#: chapter list that the table of contents replaces, the "suggest a change" link, a footnote's way back, the
#: checklists' drawn indicator, which a ☐ replaces).
DROP_CLASSES = frozenset({"headerlink", "pw-chapters", "pw-edit", "task-list-indicator", "footnote-backref"})
DROP_IDS = frozenset({"pw-chapters"})
#: Links that keep no printed address: glossary terms (explained online), footnote marks, a practice's badges
#: (links to the catalogue filtered by a target group or theme: the word is what counts on paper).
# Links whose address is not printed after them: glossary terms, footnotes, badges, and legal acts cited in the
# text (the chapter's list of legal acts prints each act's address once).
NO_ADDRESS_CLASSES = frozenset({"pw-term", "footnote-ref", "pw-badge", "pw-act"})
TICK_BOXES = {False: "\u2610", True: "\u2611"}  # ☐, ☑: drawn by the ballot-box font (platforma.pdf.fonts)
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


def _comparable(address: str) -> str:
    """An address or a link's text reduced for comparison: no scheme, `www.`, trailing `/`, case or spaces."""
    text = "".join(address.split()).lower()
    text = re.sub(r"^(https?://|mailto:)", "", text).removeprefix("www.")
    return text.rstrip("/")


_PATH_HEAD = re.compile(r"/(?:[a-z]{2}/)?[^/?#]*")  # `/practices`, `/en/practices`: kept with the `(` before it


def address_html(printed: str) -> str:
    """` (address)` written after a link: a site path's first segments never leave `(/` alone at a line's end
    (a line may break after any `/`), long words get break opportunities."""
    head = _PATH_HEAD.match(printed)
    kept = f'<span class="pw-keep">{html.escape(head[0], quote=False)}</span>' if head else ""
    return f'<span class="pw-address"> ({kept}{_breakable(printed[head.end() if head else 0 :])})</span>'


def closing_titles(labels: dict[str, str]) -> frozenset[str]:
    """Titles of the sections that close a chapter or a practice: its sources, the legal acts it cites, the
    practices related to it."""
    keys = ("sources", "legal_acts_title", "related_in_chapter", "related")
    return frozenset(labels[key] for key in keys if key in labels)


_LONG_WORD = re.compile(r"[^\s<>]{28,}")
_AFTER = re.compile(r"([/_.?&=-]+)")


def _break_opportunities(match: re.Match[str]) -> str:
    """`<wbr>` inside a long word or address (after / - _ . ? & =, but not within its first three characters,
    so that `(/` stays with what follows; in a piece longer than 16 characters also every 8), so that a table
    column can be narrower than the word: much cheaper to lay out than `overflow-wrap: anywhere` on cells."""
    pieces = [p for p in _AFTER.split(match[0]) if p]
    out, length = [], 0
    for piece in pieces:
        chunks = [piece] if len(piece) <= 16 else [piece[i : i + 8] for i in range(0, len(piece), 8)]
        out.append("<wbr>".join(html.escape(chunk, quote=False) for chunk in chunks))
        length += len(piece)
        if _AFTER.fullmatch(piece) and length > 3:
            out.append("<wbr>")
    return "".join(out).removesuffix("<wbr>")


def _breakable(text: str) -> str:
    """Plain `text` as HTML, with `<wbr>` in its long words (see `_break_opportunities`)."""
    out, last = [], 0
    for match in _LONG_WORD.finditer(text):
        out += [html.escape(text[last : match.start()], quote=False), _break_opportunities(match)]
        last = match.end()
    return "".join(out) + html.escape(text[last:], quote=False)


class _Rewriter(HTMLParser):
    """Re-emits one page's HTML for print: prefixed ids, resolved links, dropped screen-only parts."""

    def __init__(
        self,
        prefix: str,
        base: str,
        targets: dict[str, str],
        site_url: str,
        assets: Callable[[str], Path | None] | None,
        page_word: str = "",
        closing: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__(convert_charrefs=False)
        self.prefix = prefix
        self.base = base
        self.targets = targets
        self.site_url = site_url.rstrip("/") + "/" if site_url else "/"
        self.assets = assets
        self.page_word = page_word
        self.closing = closing
        self.out: list[str] = []
        self.headings: list[Heading] = []
        self.has_h1 = False
        self._dropping: tuple[str, int] | None = None  # (tag, depth) of the element being dropped
        # the heading being read: level, prefixed id, its text so far, where its start tag is in `out`, its attributes
        self._heading: tuple[int, str, list[str], int, list[tuple[str, str | None]]] | None = None
        self._address: tuple[str, list[str]] | None = None  # the open link's printed address and its text so far
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

    def address(self, href: str) -> str | None:
        """What to print after a link to `href`: its short address, a site path, or None (inside this PDF)."""
        href = href.strip()
        if not href or href.lower().startswith("tel:"):
            return None
        if href.lower().startswith("mailto:"):
            return short_url(href)
        found = _site_path(href, self.base)
        if found is None:
            return short_url(href) if urlsplit(href).scheme.lower() in ("http", "https") else None
        path, query, _ = found
        if path in self.targets and not query:
            return None
        return path + (f"?{query}" if query else "")

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
        if tag == "input":  # a checklist's tick box becomes a character; any other field has no place on paper
            values = dict(attrs)
            if values.get("type") == "checkbox":
                self.out.append(f'<span class="pw-tick">{TICK_BOXES["checked" in values]}</span>')
            return
        if tag == "a":
            attrs = self._link_start(attrs)
        level = int(tag[1]) if re.fullmatch(r"h[1-6]", tag) else 0
        if level:
            self.has_h1 = self.has_h1 or level == 1
            if level <= 2 and not any(name == "id" for name, _ in attrs):
                self._count += 1
                attrs = [*attrs, ("id", f"h{self._count}")]
            ident = next((self._id(v or "") for name, v in attrs if name == "id"), "")
            self._heading = (level, ident, [], len(self.out), attrs)
        if tag == "pre" and not closed:
            self._pre += 1
        self.out.append(f"<{tag}{self._attributes(tag, attrs)}{' /' if closed else ''}>")

    def _link_start(self, attrs: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
        """A link's attributes for print; remembers the address to print after it (see `address`)."""
        values = dict(attrs)
        href = values.get("href") or ""
        if not href or set((values.get("class") or "").split()) & NO_ADDRESS_CLASSES or self._pre:
            return attrs
        if self.link(href).startswith("#"):  # inside this PDF: pdf.css prints the page number of the target
            classes = " ".join([*(values.get("class") or "").split(), "pw-xref"])
            return [*(a for a in attrs if a[0] != "class"), ("class", classes), ("data-pw-page", self.page_word)]
        printed = self.address(href)
        self._address = (printed, []) if printed else None
        return attrs

    def _link_end(self) -> None:
        """After a link's end tag: its printed address, unless its text already says it."""
        printed, text = self._address or ("", [])
        self._address = None
        if printed and _comparable("".join(text)) != _comparable(printed):
            self.out.append(address_html(printed))

    def _heading_end(self) -> None:
        """A heading is read: into the list for the contents, or marked as a section that closes its chapter."""
        level, ident, text, index, attrs = self._heading
        self._heading = None
        title = " ".join("".join(text).split())
        if title not in self.closing:
            self.headings.append(Heading(level, ident, title))
            return
        classes = " ".join([*(dict(attrs).get("class") or "").split(), "pw-closing"])
        attrs = [*(a for a in attrs if a[0] != "class"), ("class", classes)]
        tag = f"h{level}"
        self.out[index] = f"<{tag}{self._attributes(tag, attrs)}>"

    def handle_endtag(self, tag: str) -> None:
        if self._dropping:
            name, depth = self._dropping
            if tag == name:
                self._dropping = (name, depth - 1) if depth > 1 else None
            return
        if self._heading and tag == f"h{self._heading[0]}":
            self._heading_end()
        if tag == "pre" and self._pre:
            self._pre -= 1
        self.out.append(f"</{tag}>")
        if tag == "a" and self._address:
            self._link_end()

    def _text(self, raw: str, text: str) -> None:
        if self._dropping:
            return
        if self._heading:
            self._heading[2].append(text)
        if self._address:
            self._address[1].append(text)
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
        rewriter = _Rewriter(
            f"s{i}",
            section.url,
            targets,
            doc.site_url,
            assets,
            page_word=doc.labels.get("pdf_page_short", ""),
            closing=closing_titles(doc.labels),
        )
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
    """The whole PDF as one HTML document: cover, contents, sections. The cover names the site's address and
    has a QR code of the online version only when they are real addresses (`cover.is_placeholder`)."""
    online = "" if is_placeholder(doc.online_url) else doc.online_url
    return render_template(
        TEMPLATE,
        doc=doc,
        sections=prepare_sections(doc, assets),
        t=doc.labels,
        created=doc.created.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        built=doc.created.astimezone(dt.UTC).date().isoformat(),
        site_address="" if is_placeholder(doc.site_url) else short_url(doc.site_url),
        online=online,
        online_short=short_url(online),
        qr=qr_data_uri(online) if online else "",
        qr_alt=doc.labels.get("pdf_qr_alt", "{url}").format(url=online),
    )
