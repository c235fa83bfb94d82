"""The one HTML allow-list for everything written by editors: practice text and Markdown pages.

Rendered Markdown passes through `clean_html` before it reaches a page: it keeps what our Markdown
extensions produce (headings with permalinks, tables, admonitions, details, abbr, footnotes,
attr_list ids and classes, images from the site itself, checklists) and drops everything that runs or
loads from elsewhere: scripts, event handlers, `javascript:` links, iframes, forms, styles
other than table alignment, and images from other hosts (reported through `on_remote`).
The one form control kept is a checklist's tick box: every `<input>` comes out disabled (it cannot be focused,
typed into or sent) with nothing else on it but `type="checkbox"` and `checked`, if it had them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from html.parser import HTMLParser

import nh3
from ada_url import URL
from markupsafe import Markup

TAGS = frozenset(
    {
        *("p", "br", "hr", "div", "span", "blockquote", "pre", "code", "kbd", "samp", "var"),
        *("strong", "em", "b", "i", "u", "s", "del", "ins", "mark", "small", "sup", "sub", "abbr", "q", "cite"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "a", "img", "figure", "figcaption"),
        *("ul", "ol", "li", "dl", "dt", "dd", "details", "summary"),
        *("table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td"),
        *("label", "input"),  # checklists (platforma.markup.checklists); every input is made disabled
    }
)
ATTRIBUTES = {
    "*": {"id", "class", "title", "lang"},  # plus _FETCHED, which the filter checks and then drops or keeps
    "a": {"href", "data-act", "data-historical"},  # a legal act cited from the register (platforma.content.legal_acts)
    "img": {"src", "alt", "width", "height", "loading"},
    "th": {"align", "style", "colspan", "rowspan"},
    "td": {"align", "style", "colspan", "rowspan"},
    "ol": {"start", "type"},
    "li": {"value"},
    "details": {"open"},
    "input": {"checked"},
}
#: Attributes kept only with one of these values (and so not in ATTRIBUTES).
ATTRIBUTE_VALUES = {"input": {"type": {"checkbox"}}}
#: Set on every element of the tag whatever it had: an `<input>` does nothing. One attribute per tag: nh3 writes
#: several set ones in a random order, and the same content must give the same bytes.
FORCED_ATTRIBUTES = {"input": ("disabled", "disabled")}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
STYLE_PROPERTIES = frozenset({"text-align"})  # Python-Markdown's table alignment; nothing that loads a URL
# Ids the page's own scripts look up (Material's `__config`, `__search`, …; our `pw-…`): content
# must not shadow them.
_RESERVED_ID = re.compile(r"^(_|pw-|md-)")
_ACT_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

RemoteHandler = Callable[[str, str], None]
"""Called with (tag, URL) for each resource from another host that was removed (images, frames, CSS `url()`)."""


_FETCHED = frozenset({"src", "srcset", "style", "poster", "background"})
_NETWORK_SCHEMES = frozenset({"http:", "https:", "ftp:", "ws:", "wss:"})
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)""", re.IGNORECASE)


_SITE_HOST = "platforma.invalid"
_SITE = f"https://{_SITE_HOST}/page/"  # stands for the page that holds the URL


def is_remote(url: str) -> bool:
    """True for a URL that a browser would fetch from another host (`https://…`, `//host/…`, `/\\host/…`).

    Decided as the browser decides, by the WHATWG URL Standard (the `ada_url` parser): backslashes are
    slashes, tabs and newlines are dropped, leading and trailing spaces and controls are ignored.
    """
    try:
        parsed = URL(url, _SITE)
    except ValueError:  # the browser cannot resolve it either: nothing is fetched
        return False
    return parsed.protocol in _NETWORK_SCHEMES and parsed.host != _SITE_HOST


def tooltip_text(value: str) -> str:
    """A `title` as Material's tooltips (`content.tooltips`) need it: Material puts the value into the page as
    HTML, so it becomes the HTML-escaped text of the value, tags dropped (the same value again stays as it is)."""
    return html.escape(text_of(value), quote=False)


def _fetched_urls(name: str, value: str) -> list[str]:
    """The URLs a browser would load for this attribute (`src`, each candidate of `srcset`, CSS `url()`)."""
    if name == "srcset":
        return [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]
    if name == "style":
        return _CSS_URL.findall(value)
    return [value]


def clean_html(fragment: str, on_remote: RemoteHandler | None = None) -> str:
    """`fragment` with only allowed tags, attributes and URLs left; nothing in it runs or loads from elsewhere."""

    def attribute(tag: str, name: str, value: str) -> str | None:
        if name == "id" and _RESERVED_ID.match(value):
            return None
        if name == "src" and not value.strip():  # an empty source loads the page itself
            return None
        if name == "title":
            return tooltip_text(value)
        if name == "data-act" and not _ACT_ID.match(value) or name == "data-historical" and value:
            return None
        if name in _FETCHED:
            remote = [url for url in _fetched_urls(name, value) if is_remote(url)]
            for url in remote:
                if on_remote is not None:
                    on_remote(tag, url)
            if remote or name not in ATTRIBUTES.get(tag, ()):
                return None
        return value

    return nh3.clean(
        fragment,
        tags=set(TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) | (_FETCHED if tag == "*" else set()) for tag, names in ATTRIBUTES.items()},
        attribute_filter=attribute,
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        tag_attribute_values={tag: {n: set(v) for n, v in names.items()} for tag, names in ATTRIBUTE_VALUES.items()},
        set_tag_attribute_values={tag: dict([pair]) for tag, pair in FORCED_ATTRIBUTES.items()},
        link_rel="noopener noreferrer",
    )


def inline_html(fragment: str) -> Markup:
    """HTML that must stay inline text (table-of-contents entries): tags dropped, text kept escaped."""
    return Markup(nh3.clean(fragment, tags=set(), clean_content_tags={"script", "style"}))


def text_of(fragment: str) -> str:
    """The plain text of an HTML fragment (a page title MkDocs took from a rendered `<h1>`)."""
    return html.unescape(inline_html(fragment))


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.without_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        # an image whose source the allow-list removed shows nothing: only a shown image needs its text
        if tag == "img" and (values.get("src") or "").strip() and not (values.get("alt") or "").strip():
            self.without_text.append(values["src"] or "")


def images_without_text(fragment: str) -> list[str]:
    """The sources of the images in `fragment` that have no text alternative (no `alt`, or an empty one).

    Images without a source (the allow-list drops an empty or unsafe one) show nothing and are not listed.

    Every image needs one: screen readers say it, and the tagged PDFs (PDF/UA-1) cannot be made without it.
    """
    parser = _Images()
    parser.feed(fragment)
    parser.close()
    return parser.without_text


def image_text_problem(src: str) -> str:
    """What an editor is told about an image without a text alternative."""
    name = src.rsplit("/", 1)[-1] or src
    return (
        f"image {name} has no text alternative: say what it shows, ![what it shows]({name}) "
        "(screen readers read it, and the PDFs cannot be made without it)"
    )
