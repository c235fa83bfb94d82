"""MkDocs adapter for the site's own search (the core is platforma/search).

Material's search UI stays; only its Web Worker is replaced (overrides/main.html
points `__config.search` at docs/assets/javascripts/search/worker.js?lang=..).
Per language pass:

- on_config: forget the documents of the previous pass.
- on_page_content (before hooks/content.py adds cards and lists): page sections
  become documents; practice pages are indexed from their data instead.
- on_post_build: practices and glossary terms join them and `search/<lang>.json`
  is written with the stop words and the thesaurus of the language (the form map
  comes from a disk cache when the vocabulary is unchanged:
  see platforma.search.forms_cache).  Material's own index entries are dropped first, so the combined
  `search/search_index.json` that Material's UI still fetches holds only its config.
"""

from __future__ import annotations

from pathlib import Path

import _order as order
from _adapter import current_language, page_errors
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs_internals import clear_material_search_entries

from platforma.content import site
from platforma.content.vocabularies import load_vocabularies
from platforma.pages.views import organisation_path, practice_path
from platforma.search import analyzer, glossary_documents, index_json, page_documents, practice_documents
from platforma.search.documents import SearchDoc, organisation_documents
from platforma.search.forms_cache import FormsCache
from platforma.words.lexicon import is_prepared

log = get_plugin_logger(__name__)

INDEX_FOLDER = "search"


class _State:
    docs: list[SearchDoc] = []
    glossary_location: str | None = None


STATE = _State()


def index_path(site_dir: str | Path, lang: str) -> Path:
    """Where the index of `lang` is written (the worker computes the same path)."""
    return Path(site_dir) / INDEX_FOLDER / f"{lang}.json"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    STATE.docs = []
    STATE.glossary_location = None
    return config


@event_priority(order.INDEX_PAGE_TEXT)
@page_errors
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if "practice" in page.meta or (page.meta.get("search") or {}).get("exclude"):
        return html
    STATE.docs.extend(page_documents(html, page.url, page.title or ""))
    if page.meta.get("glossary"):
        STATE.glossary_location = page.url
    return html


@event_priority(order.SKIP_MATERIAL_SEARCH)
@page_errors
def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
    """Our index already has this page: tell Material's search plugin to skip parsing it again."""
    page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    return context


@event_priority(order.WRITE_SEARCH_INDEX)
def on_post_build(config: MkDocsConfig) -> None:
    lang = current_language(config)
    clear_material_search_entries(config)
    content = site.current()
    docs = practice_documents(content.practices, lang, load_vocabularies(), practice_path)
    docs += organisation_documents(content.organisations.values(), lang, load_vocabularies(), organisation_path)
    docs += STATE.docs
    if STATE.glossary_location is not None:
        docs += glossary_documents(content.glossary, lang, STATE.glossary_location)
    if not is_prepared(lang):
        log.info(f"search: preparing the word lexicon of '{lang}' (once per machine and simplemma version, ~15 s)")
    target = index_path(config.site_dir, lang)
    target.parent.mkdir(parents=True, exist_ok=True)
    separate = [STATE.glossary_location] if STATE.glossary_location is not None else []
    thesaurus = [group.terms.get(lang, ()) for group in getattr(content, "thesaurus", [])]
    text = index_json(docs, analyzer(lang), FormsCache(), separate=separate, thesaurus=thesaurus)
    target.write_text(text, encoding="utf-8")
    log.debug("search index %s: %d documents", target, len(docs))


__all__ = ["index_path", "on_config", "on_page_content", "on_page_context", "on_post_build"]
