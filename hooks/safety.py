"""MkDocs adapter that keeps editors' content from running, loading from elsewhere or breaking the page.

Markdown that would exhaust Python-Markdown's stack or cost it minutes, and front matter outside the allow-list
(a `template:` included), are refused before the build, when the content loads (platforma.content.markdown_files).
- on_page_content (before every other hook): a page's rendered Markdown goes through the site's one
  HTML allow-list (platforma.markup.sanitise); an image from another host is removed and reported as
  `file:line: remote image … is not allowed`, a warning that fails `--strict` builds; so is an
  image without a text alternative (screen readers and the tagged PDFs need one).
- on_env (after every page's content is made, before any template is rendered): the theme's
  Jinja environment escapes by default, so a title, a nav entry or a front-matter value
  is text wherever Material prints it. Titles MkDocs took from a rendered `<h1>` become plain
  text, like titles from front matter; tables of contents are reduced to safe inline text.
- on_page_context (after every other hook): the page's sanitised content is marked safe HTML.

Runs once per language pass (mkdocs-static-i18n); both handlers only look at the pass's own pages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import _order as order
import jinja2
from _adapter import page_errors, source_of
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from platforma.markup.sanitise import clean_html, image_text_problem, images_without_text, inline_html, text_of

log = get_plugin_logger(__name__)


def _line_of(page: Page, needle: str) -> str:
    """`file:line` of the first line of the page's source that contains `needle` (else line 1)."""
    try:
        lines = Path(page.file.abs_src_path or "").read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    number = next((i for i, line in enumerate(lines, start=1) if needle in line), 1)
    return f"{source_of(page)}:{number}"


@event_priority(order.SANITISE_FIRST)
@page_errors
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    def remote(tag: str, url: str) -> None:
        if tag == "img":
            problem = f"remote image {url} is not allowed: add the file under docs/"
        else:
            problem = f"remote resource {url} (in <{tag}>) is not allowed: link to it, or add the file under docs/"
        log.warning(f"{_line_of(page, url)}: {problem}")

    cleaned = clean_html(html, remote)
    for src in images_without_text(cleaned):
        # MkDocs has rewritten the address relative to the page; the file's name is what the source has
        log.warning(f"{_line_of(page, src.rsplit('/', 1)[-1] or src)}: {image_text_problem(src)}")
    return cleaned


def _mark_toc(items: list[AnchorLink]) -> None:
    for item in items:
        item.title = inline_html(item.title)
        _mark_toc(item.children)


@event_priority(order.SANITISE_FIRST)
def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    env.autoescape = True
    for file in files.documentation_pages():
        page = file.page
        if page is None or page.content is None:
            continue
        _mark_toc(list(page.toc))
        if "title" in page.meta:
            page.meta["title"] = str(page.meta["title"])
        elif page.title:
            page.title = text_of(page.title)
    return env


@event_priority(order.LAST_PAGE_CONTEXT)
@page_errors
def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    """The page's content was sanitised in on_page_content: mark it safe for the escaping templates."""
    page.content = Markup(page.content or "")
    return context


__all__ = ["on_env", "on_page_content", "on_page_context"]
