"""Markdown from entries to safe HTML: rendered, then sanitised with an allow-list."""

from __future__ import annotations

import markdown
import nh3

_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "code",
    "pre",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "abbr",
    "sup",
    "sub",
}
_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
_md = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")


def markdown_html(text: str) -> str:
    """Render entry Markdown and keep only harmless tags; raw HTML and unsafe links are dropped.

    Headings are shifted so that `#` in an entry becomes `<h3>`, under the page's own section headings.
    """
    _md.reset()
    html = _md.convert(_shift_headings(text))
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def plain_text(text: str) -> str:
    """Escape text for attributes and plain fields (no markup survives)."""
    return nh3.clean_text(text)


def _shift_headings(text: str) -> str:
    lines = []
    for line in text.splitlines():
        if line.startswith("#"):
            line = "##" + line
        lines.append(line)
    return "\n".join(lines)
