"""MkDocs adapter for the training pack (the core is platforma.pages.pack; the browser side is pack.js).

- on_page_markdown: the pack page (front matter `training_pack: true`) gets the full width.
- on_page_content: the pack page gets its list of chapters and practices with tick boxes.
- on_env (every page's content is made, no template rendered yet): each chapter's and practice's
  sanitised content is written as a script to `pack/items/<bucket>.js` of the language being built (a few
  items share a file), which the pack page loads when that page is ticked. A dirty build (`make preview`)
  writes the files of the pages it made again; the other items in them keep their script of the last build.
- on_page_context: chapter and practice pages get their "add to the training pack" switch
  (`pw_pack_item`), the catalogue its "add the practices shown" button (`pw_pack_catalogue`).

Runs once per language pass (mkdocs-static-i18n) and only looks at that pass's own pages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from _adapter import current_language, full_width, link_from, page_errors
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from platforma.content import site
from platforma.content.manuals import Chapter, find_chapter
from platforma.content.ui import ui_strings
from platforma.pages.pack import (
    PackItem,
    bucket_script,
    chapter_item,
    item_script,
    pack_groups,
    practice_item,
    scripts_in,
)
from platforma.pages.templates import render_template
from platforma.pages.views import catalogue_order
from platforma.project import site_path

PACK_PAGE = "pack/"


def _item_of(page: Page, lang: str) -> tuple[PackItem, Chapter | None] | None:
    """The pack item a page is (a practice, or a manual page with its chapter), or None."""
    content = site.current()
    practice_id = page.meta.get("practice")
    if practice_id:
        return practice_item(content.practice(practice_id), lang), None
    found = find_chapter(content.manuals, page.file.src_uri)
    return (chapter_item(found[1], lang), found[1]) if found else None


def _note(chapter: Chapter | None, lang: str) -> str:
    """The line under a page's title in the pack: a chapter's review date (a practice page shows its own)."""
    if chapter is None:
        return ""
    return f"{ui_strings(lang)['last_reviewed']}: {chapter.front(lang).last_reviewed.isoformat()}"


@page_errors
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.meta.get("training_pack"):
        full_width(page)
    return markdown


@page_errors
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if not page.meta.get("training_pack"):
        return html
    lang = current_language(config)
    ui = ui_strings(lang)
    content = site.current()
    ordered = catalogue_order(content.relations, lang).practices
    groups = pack_groups(content.manuals, ordered, lang, ui["pack_practices"])
    link = link_from(page)
    return html + render_template(
        "pack.html",
        groups=groups,
        script_url=lambda item: link(site_path(item.script_path, lang)),
        site_root=link(".").rstrip("/") + "/",
        site_name=config.site_name,
        licence=config.copyright or "",
        t=ui,
        lang=lang,
    )


def on_env(env, config: MkDocsConfig, files: Files):
    lang = current_language(config)
    root = Path(config.site_dir)
    buckets: dict[str, dict[str, str]] = {}  # file → item id → the item's script
    dirty = False
    for file in files.documentation_pages():
        page = file.page
        if page is None or page.content is None:  # not made again in this (dirty) build
            dirty = True
            continue
        found = _item_of(page, lang)
        if found is None:
            continue
        item, chapter = found
        script = item_script(item, page.content, page.url, _note(chapter, lang))
        buckets.setdefault(item.script_path, {})[f"{item.kind}:{item.key}"] = script
    for path, scripts in buckets.items():
        target = root / site_path(path, lang)
        if dirty:  # the items of this file not made again keep their script of the last build
            scripts = {**_scripts_on_disk(target), **scripts}
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(bucket_script(scripts), encoding="utf-8")
    return env


def _scripts_on_disk(path: Path) -> dict[str, str]:
    try:
        return scripts_in(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


@page_errors
def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav) -> dict[str, Any]:
    lang = current_language(config)
    link = link_from(page)
    pack_url = link(site_path(PACK_PAGE, lang))
    found = _item_of(page, lang)
    item = found[0] if found else None
    context["pw_pack_item"] = {"kind": item.kind, "key": item.key, "pack_url": pack_url} if item else None
    context["pw_pack_catalogue"] = {"pack_url": pack_url} if page.meta.get("catalogue") else None
    return context


__all__ = ["on_env", "on_page_content", "on_page_context", "on_page_markdown"]
