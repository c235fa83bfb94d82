"""Small helpers every MkDocs adapter in hooks/ needs (kept here so each exists once).

Imported by the hook modules at import time, while MkDocs has hooks/ on sys.path.
"""

from __future__ import annotations

from collections.abc import Callable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from platforma.project import DEFAULT_LANGUAGE


def current_language(config: MkDocsConfig) -> str:
    """The language mkdocs-static-i18n is building now (it rebuilds the site once per language)."""
    i18n = config.plugins.get("i18n")
    return getattr(i18n, "current_language", None) or DEFAULT_LANGUAGE


def is_first_pass(config: MkDocsConfig) -> bool:
    """True in the first (default-language) pass of a build, False in the passes i18n starts."""
    return not getattr(config.plugins.get("i18n"), "building", False)


def link_from(page: Page) -> Callable[[str], str]:
    """A function turning a site path (`practices/x/`, `practices/?group=y`) into a URL relative to `page`."""

    def link(target: str) -> str:
        path, _, query = target.partition("?")
        relative = get_relative_url(path or ".", page.url)
        if path.endswith("/") and not relative.endswith("/"):
            relative += "/"
        return relative + (f"?{query}" if query else "")

    return link
