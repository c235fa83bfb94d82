"""Small helpers every MkDocs adapter in hooks/ needs (kept here so each exists once).

Imported by the hook modules at import time, while MkDocs has hooks/ on sys.path.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from mkdocs_internals import i18n_pass

from platforma.content import site
from platforma.project import DEFAULT_LANGUAGE, display_path

Handler = TypeVar("Handler", bound=Callable[..., Any])


def current_language(config: MkDocsConfig) -> str:
    """The language mkdocs-static-i18n is building now (it rebuilds the site once per language)."""
    return i18n_pass(config)[0] or DEFAULT_LANGUAGE


def is_first_pass(config: MkDocsConfig) -> bool:
    """True in the first (default-language) pass of a build, False in the passes i18n starts."""
    return not i18n_pass(config)[1]


def link_from(page: Page) -> Callable[[str], str]:
    """A function turning a site path (`practices/x/`, `practices/?group=y`) into a URL relative to `page`."""

    def link(target: str) -> str:
        path, _, query = target.partition("?")
        relative = get_relative_url(path or ".", page.url)
        if path.endswith("/") and not relative.endswith("/"):
            relative += "/"
        return relative + (f"?{query}" if query else "")

    return link


def edit_base(config: MkDocsConfig) -> str | None:
    """Where a file of the repository is edited, ending with `/`: mkdocs.yml's `repo_url` and `edit_uri`, one
    folder up, since `edit_uri` points at docs/ and our content lives beside it (practices/, manuals/)."""
    if not config.repo_url or not config.edit_uri:
        return None
    folder = posixpath.normpath(posixpath.join(config.edit_uri.strip("/"), ".."))
    return f"{config.repo_url.rstrip('/')}/{folder}/"


def full_width(page: Page) -> None:
    """Hide the navigation and table-of-contents sidebars of `page` (wide pages: the catalogue, the pack)."""
    hidden = list(page.meta.get("hide") or [])
    page.meta["hide"] = hidden + [item for item in ("navigation", "toc") if item not in hidden]


def source_of(page: Page) -> str:
    """The content file a page is made from, as an editor names it (`practices/x.yml`, `manuals/psn/01-a.md`)."""
    practice_id = page.meta.get("practice") if page.meta else None
    if practice_id and practice_id in site.current().relations.by_id:
        return site.current().practice(practice_id).path
    return display_path(Path(page.file.abs_src_path)) if page.file.abs_src_path else page.file.src_uri


def page_errors(handler: Handler) -> Handler:
    """Let a page event fail with `file:line: what went wrong` (MkDocs prints it and stops, no traceback)."""

    @functools.wraps(handler)
    def wrapped(item: Any, **kwargs: Any) -> Any:
        try:
            return handler(item, **kwargs)
        except (PluginError, Abort):
            raise
        except RecursionError as error:
            raise PluginError(f"{source_of(kwargs['page'])}:1: the content is nested too deeply to build") from error
        except Exception as error:  # noqa: BLE001 - any crash caused by a page's content is reported as that file's
            message = f"{source_of(kwargs['page'])}:1: could not build this page: {type(error).__name__}: {error}"
            raise PluginError(message) from error

    return wrapped  # type: ignore[return-value]
