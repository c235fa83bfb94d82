"""Citations and archived-source pages as data for templates, in the reader's language.

An archived source (sources/<id>.yml) is cited by its description in the page's language, with its
own title marked in its own language when that differs; a published work is cited by its title.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from platforma.content.practices import Source
from platforma.content.sources import SourceDocument, source_path

Link = Callable[[str], str]


def archived_citation(doc: SourceDocument, lang: str, link: Link, locator: str | None = None) -> dict[str, Any]:
    """The citation of an archived source, linking to its copy on this site."""
    return {
        "kind": doc.kind[lang],
        "title": doc.title[lang],
        "url": link(source_path(doc.id, lang)),
        # the document's own title, when the reader would otherwise only see a translation of it
        "original_title": doc.original_title if doc.original_title and doc.language != lang else None,
        "original_lang": doc.language,
        "text_lang": doc.language,
        "programme": doc.programme[lang] if doc.programme else None,
        "publisher": doc.publisher[lang] if doc.publisher else None,
        "project_number": doc.project_number,
        "locator": locator,
        "received": doc.received,
        "captured": doc.captured,
        "archived": True,
    }


def citation(source: Source, sources: dict[str, SourceDocument], lang: str, link: Link) -> dict[str, Any]:
    """One entry of a practice's list of sources."""
    if source.source:
        locator = source.locator.get(lang) if source.locator else None
        return archived_citation(sources[source.source], lang, link, locator)
    return {
        "title": source.title,
        "title_lang": source.lang if source.lang and source.lang != lang else None,
        "url": source.url,
        "accessed": source.accessed,
        "archived": False,
    }


def source_page(doc: SourceDocument, lang: str) -> dict[str, Any]:
    """What the page of an archived source shows: its description and its text, paragraph by paragraph."""
    return {
        "title": doc.title[lang],
        "kind": doc.kind[lang],
        "original_title": doc.original_title,
        "language": doc.language,
        "programme": doc.programme[lang] if doc.programme else None,
        "publisher": doc.publisher[lang] if doc.publisher else None,
        "project_number": doc.project_number,
        "url": doc.url,
        "received": doc.received,
        "captured": doc.captured,
        "paragraphs": [line.strip() for line in doc.text.splitlines() if line.strip()],
    }


__all__ = ["archived_citation", "citation", "source_page"]
