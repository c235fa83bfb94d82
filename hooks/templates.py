"""MkDocs adapter: template work that does not depend on the page is done once.

- on_env: Jinja gets a bytecode cache in memory, so the second language pass (mkdocs-static-i18n) and every
  rebuild of `mkdocs serve` reuse the templates compiled by the first (compiling Material's templates took
  about half a second per pass).  Jinja checks each entry against its template's checksum before use, so an
  edited template is compiled again.
- on_env: the theme's own templates are also reachable as `theme/<name>` (the theme's folders without
  overrides/), so that an override can wrap the template it replaces; and templates get
  `pw_same_outside_nav`, which renders Material's navigation and tabs once per language pass and folder for
  the pages that are not in the navigation (practices, organisations, archived sources: nearly every page).
  Such a page is marked nowhere in the navigation, and the navigation's links, relative to the page, are the
  same for every page of one folder; so the HTML is the same.  `pw_same_at_depth` does the same per depth for
  the parts of every page that depend only on the language and the way to the site's root (the search box,
  the colour switch, the repository link, Material's configuration).  `PLATFORMA_FRAGMENT_CACHE=0` renders them on
  every page (the byte-identical build test's second build does, so the two builds compare both ways).
"""

from __future__ import annotations

import os
import posixpath
import weakref
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import jinja2
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure import StructureItem
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates in memory; Jinja checks each against its source's checksum before use."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


COMPILED = _CompiledTemplates()

THEME_PREFIX = "theme"


class _Fragments:
    """The fragments rendered for one navigation (one language pass), by name and where they apply."""

    def __init__(self, nav: Navigation) -> None:
        self.page_ids = {id(page) for page in nav.pages}
        self.urls = [item.url for item in _items(nav.items) if isinstance(item, (Page, Link))]
        self.html: dict[tuple[str, str], Markup] = {}

    def folder_outside_nav(self, name: str, page: Page, context: jinja2.runtime.Context) -> tuple[str, str] | None:
        """Where a fragment of the navigation is kept for `page`: None when it must be rendered for the page
        itself, because the page is in the navigation (it is marked there), its address is a file's (`x.html`,
        whose links are relative to its folder), or the navigation links to it or below it.  Otherwise its links
        are those of its folder with one `../` more, the same for every page of that folder."""
        url = page.url
        if id(page) in self.page_ids or not url.endswith("/") or any(u.startswith(url) for u in self.urls):
            return None
        return name, posixpath.dirname(url.rstrip("/"))

    def depth(self, name: str, page: Page, context: jinja2.runtime.Context) -> tuple[str, str] | None:
        """Where a fragment that links only to the site's root folders (assets, the search worker) is kept: by
        the page's way to the root (`../..`), the same for every page at that depth."""
        return name, str(context.get("base_url"))


def _items(items: Iterable[StructureItem]) -> Iterator[StructureItem]:
    for item in items:
        yield item
        if isinstance(item, Section):
            yield from _items(item.children)


# a navigation's fragments live as long as it does: a new pass or rebuild has a new navigation
_FRAGMENTS: weakref.WeakKeyDictionary[Navigation, _Fragments] = weakref.WeakKeyDictionary()

Scope = Callable[[_Fragments, str, Page, jinja2.runtime.Context], "tuple[str, str] | None"]


def _shared(scope: Scope, context: jinja2.runtime.Context, name: str, caller: jinja2.runtime.Macro) -> Markup:
    nav, page = context.get("nav"), context.get("page")
    if (
        os.environ.get("PLATFORMA_FRAGMENT_CACHE") == "0"
        or not isinstance(nav, Navigation)
        or not isinstance(page, Page)
        or not page.url
    ):
        return Markup(caller())
    fragments = _FRAGMENTS.get(nav)
    if fragments is None:
        fragments = _FRAGMENTS[nav] = _Fragments(nav)
    key = scope(fragments, name, page, context)
    if key is None:
        return Markup(caller())
    if key not in fragments.html:
        fragments.html[key] = Markup(caller())
    return fragments.html[key]


@jinja2.pass_context
def same_outside_nav(context: jinja2.runtime.Context, name: str, caller: jinja2.runtime.Macro) -> Markup:
    """`{% call pw_same_outside_nav("nav") %}…{% endcall %}`: the block's HTML, rendered once per navigation and
    folder for pages outside the navigation, and for every other page anew."""
    return _shared(_Fragments.folder_outside_nav, context, name, caller)


@jinja2.pass_context
def same_at_depth(context: jinja2.runtime.Context, name: str, caller: jinja2.runtime.Macro) -> Markup:
    """`{% call pw_same_at_depth("search") %}…{% endcall %}`: the block's HTML, rendered once per navigation and
    depth; only for blocks whose relative links lead to the site's root folders."""
    return _shared(_Fragments.depth, context, name, caller)


def _theme_loader(config: MkDocsConfig) -> jinja2.BaseLoader:
    custom = Path(config.theme.custom_dir).resolve() if config.theme.custom_dir else None
    folders = [folder for folder in config.theme.dirs if Path(folder).resolve() != custom]
    return jinja2.PrefixLoader({THEME_PREFIX: jinja2.FileSystemLoader(folders)})


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    env.bytecode_cache = COMPILED
    if not isinstance(env.loader, jinja2.ChoiceLoader):  # MkDocs makes a new environment per pass
        env.loader = jinja2.ChoiceLoader([env.loader, _theme_loader(config)])
    env.globals["pw_same_outside_nav"] = same_outside_nav
    env.globals["pw_same_at_depth"] = same_at_depth
    return env


__all__ = ["on_env", "same_at_depth", "same_outside_nav"]
