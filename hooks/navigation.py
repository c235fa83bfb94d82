"""MkDocs adapter: finding your way on a page.

- on_page_context: breadcrumbs for every page below the home page (`pw_breadcrumbs`, shown by
  overrides/partials/path.html), and the header of a manual page (`pw_page_header`: when the chapter
  was last reviewed and when it is due, when the platform last changed it, and the link to suggest a
  change), shown under the title by overrides/partials/content.html.

Practice, source and organisation pages are not in the navigation (the catalogue, the list of sources and the
directory of organisations are their index), so their breadcrumbs are made here from those index pages; and while
such a page's template is rendered its index page counts as active, so that Material marks its tab ("Good
practices", "Organisations") and its entry in the navigation (on_page_context, undone in on_post_page).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from _adapter import current_language, edit_base, link_from, page_errors
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from platforma.content import site
from platforma.content.manuals import find_chapter
from platforma.content.page_dates import last_changed
from platforma.content.ui import ui_strings
from platforma.dates import source_date_moment
from platforma.pages.organisations import directory_path
from platforma.pages.views import catalogue_path, edit_url, neighbours
from platforma.project import DEFAULT_LANGUAGE, MANUALS_DIR, language_prefix, site_path


class _State:
    changed: dict | None = None
    active_index: Page | None = None  # the index page marked active for the page being rendered


STATE = _State()


def on_pre_build(config: MkDocsConfig) -> None:
    STATE.changed = None  # `mkdocs serve` rebuilds: read git again


def _changed(relative: str):
    if STATE.changed is None:
        STATE.changed = last_changed(MANUALS_DIR.rglob("*.md"))
    return STATE.changed.get(relative)


def _section_link(section: Section, page: Page) -> str | None:
    """A section is a link when its first page is its landing page (a manual); else plain text."""
    first = section.children[0] if section.children else None
    if isinstance(first, Page) and first is not page and first.file.src_uri.rsplit("/", 1)[-1].startswith("index."):
        return first.url
    return None


def breadcrumbs(page: Page, nav: Navigation, lang: str) -> list[dict[str, str | None]]:
    """Home › sections › index pages above `page` (titles and site paths), without the page itself."""
    ui = ui_strings(lang)
    trail: list[dict[str, str | None]] = [{"title": ui["nav_home"], "path": language_prefix(lang)}]
    if "practice" in page.meta:
        trail.append({"title": ui["nav_practices"], "path": catalogue_path(lang)})
    elif "source_doc" in page.meta:
        trail.append({"title": ui["sources_index_title"], "path": site_path("sources/", lang)})
    elif "organisation" in page.meta:
        trail.append({"title": ui["nav_organisations"], "path": directory_path(lang)})
    for ancestor in reversed(page.ancestors):
        if isinstance(ancestor, Section):
            trail.append({"title": ancestor.title, "path": _section_link(ancestor, page)})
    return trail


def page_header(page: Page, config: MkDocsConfig, lang: str) -> dict[str, Any] | None:
    """Review dates, last change and the edit link of a manual page, or None for other pages."""
    found = find_chapter(site.current().manuals, page.file.src_uri)
    if not found:
        return None
    _, chapter = found
    meta = chapter.meta.get(lang) or chapter.meta[DEFAULT_LANGUAGE]
    source = Path(meta.path)
    changed = _changed(meta.path)
    return {
        "last_reviewed": meta.last_reviewed.isoformat(),
        "review_due": meta.review_due.isoformat(),
        "overdue": meta.is_overdue(source_date_moment().date()),
        "changed": changed.isoformat() if changed else None,
        "edit_url": edit_url(edit_base(config), source.as_posix()),
    }


def practice_nav(page: Page, lang: str, link) -> dict[str, Any] | None:
    """A practice page's way back to the catalogue and to its neighbours in the catalogue's order."""
    practice_id = page.meta.get("practice")
    if not practice_id:
        return None
    relations = site.current().relations
    return {
        "catalogue_url": link(catalogue_path(lang)),
        **neighbours(relations.by_id[practice_id], relations, lang, link),
    }


@page_errors
def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    lang = current_language(config)
    home = page.is_homepage or page.file.src_uri in ("index.md", f"index.{lang}.md")
    link = link_from(page)
    if home:
        context["pw_breadcrumbs"] = None
    else:
        trail = breadcrumbs(page, nav, lang)
        context["pw_breadcrumbs"] = {
            "label": ui_strings(lang)["breadcrumbs"],
            "items": [{"title": c["title"], "url": link(c["path"]) if c["path"] is not None else None} for c in trail],
            "current": page.title,
        }
        _unmark_index()  # in case a page's rendering stopped before on_post_page (the preview stops on a newer save)
        index = _index_page(trail, page, nav)
        if index is not None:
            index.active = True  # MkDocs marks its sections too
            STATE.active_index = index
    context["pw_page_header"] = page_header(page, config, lang)
    context["pw_practice_nav"] = practice_nav(page, lang, link)
    context["pw_ui"] = ui_strings(lang)
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    _unmark_index()
    return output


def _unmark_index() -> None:
    if STATE.active_index is not None:
        STATE.active_index.active = False
        STATE.active_index = None


def _index_page(trail: list[dict[str, str | None]], page: Page, nav: Navigation) -> Page | None:
    """The navigation's page that indexes a page outside the navigation (its breadcrumb after Home), or None."""
    if len(trail) < 2 or any(item is page for item in nav.pages):
        return None
    return next((item for item in nav.pages if item.url == trail[1]["path"]), None)


__all__ = ["breadcrumbs", "on_page_context", "on_post_page", "on_pre_build", "page_header", "practice_nav"]
