"""Markdown from entries to safe HTML: rendered, then sanitised with the site's one allow-list; and HTML
that our hooks put into a page's Markdown, written so that Markdown leaves it as it is."""

from __future__ import annotations

from pathlib import Path

import markdown

from platforma.disk_memo import build_memo
from platforma.markup import sanitise
from platforma.markup.sanitise import RemoteHandler, clean_html, images_without_text

# `abbr`: entries get the hover explanations of their organisations' acronyms and of the glossary's abbreviations
_md = markdown.Markdown(extensions=["abbr", "tables", "sane_lists"], output_format="html")
# the HTML depends on the text, this module and the sanitiser (and their packages), nothing else
_RENDERED = build_memo("markdown", [Path(__file__), Path(sanitise.__file__)], ["markdown", "nh3", "ada-url"])


_MARKDOWN_SPECIALS = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_[]{}|<>"})


def markdown_entities(text: str) -> str:
    """`text` with every character Markdown, its extensions (attr_list) or a table act on as an entity."""
    return text.translate(_MARKDOWN_SPECIALS)


def html_for_markdown(html: str) -> str:
    """HTML from our templates to place in Markdown: the text between its tags as entities, tags as they are.

    Python-Markdown keeps raw inline tags but still reads the text between them as Markdown.
    """
    first, *rest = html.split("<")
    parts = [markdown_entities(first)]
    for piece in rest:
        tag, _, text = piece.partition(">")
        parts.append(f"<{tag}>{markdown_entities(text)}")
    return "".join(parts)


def markdown_html(text: str, on_remote: RemoteHandler | None = None) -> str:
    """Render entry Markdown and keep only harmless tags; raw HTML and unsafe links are dropped.

    Headings are shifted so that `#` in an entry becomes `<h3>`, under the page's own section headings.
    Without `on_remote`, HTML rendered before from the same text is reused (`platforma.disk_memo`).
    """
    if on_remote is None:
        return _RENDERED.get(text, _render)
    return _render(text, on_remote)


def _render(text: str, on_remote: RemoteHandler | None = None) -> str:
    _md.reset()
    return clean_html(_md.convert(_shift_headings(text)), on_remote)


def remote_resources(text: str) -> list[tuple[str, str]]:
    """(tag, URL) of what the Markdown would load from other hosts (it is removed from the page)."""
    found: list[tuple[str, str]] = []
    markdown_html(text, lambda tag, url: found.append((tag, url)))
    return found


def images_lacking_text(text: str) -> list[str]:
    """Sources of the images in the Markdown that have no text alternative (`![](x.png)`)."""
    return images_without_text(markdown_html(text))


def may_load_remote(text: str) -> bool:
    """Cheap test: could this Markdown load anything (an image, or raw HTML such as an iframe or a style)?"""
    return "![" in text or "<" in text


def _shift_headings(text: str) -> str:
    lines = []
    for line in text.splitlines():
        if line.startswith("#"):
            line = "##" + line
        lines.append(line)
    return "\n".join(lines)
