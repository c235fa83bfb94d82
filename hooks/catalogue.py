"""MkDocs adapter for the practice catalogue, the home-page widgets and the open data.

- on_page_markdown: the catalogue page gets the full width (no navigation or table-of-contents sidebars).
- on_page_content: the catalogue (cards, facets, totals, charts, voivodeship tiles) on pages with
  `catalogue: true`; counts and the newest / recently reviewed practices on pages with `home: true`,
  and there, when scripts/build.py makes the offline copy, a link to its zip (platforma.offline).
- on_page_context: `pw_feed`, the Atom feed of the page's language for `<head>` (overrides/main.html).
- on_post_build: `/data/catalogue-<lang>.json` (what the catalogue script filters) and the Atom feed
  of the language just built (`/feed.xml`, `/en/feed.xml`); in the default language's pass also
  `/data/practices.json`, `/data/practices.csv`, `/data/organisations.csv` and the organisations in Open
  Referral's format, `/data/hsds/organizations.json` (platforma.pages.open_referral); in each language, the
  picture of who worked with whom that the directory of organisations shows (platforma.pages.network).

Runs after hooks/content.py, which loads the content (`platforma.content.site.current()`).  Every
handler is idempotent: mkdocs-static-i18n runs the whole build once per language.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from _adapter import current_language, full_width, link_from, page_errors
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from platforma import offline
from platforma.content import site
from platforma.content.ui import ui_strings
from platforma.content.vocabularies import load_vocabularies
from platforma.pages import catalogue, exports, open_referral
from platforma.pages.network import NETWORK_PICTURE, network_svg, network_view
from platforma.pages.organisations import network_of
from platforma.pages.templates import render_template
from platforma.project import DEFAULT_LANGUAGE, language_prefix, site_path
from platforma.search import ENGINE_SCRIPT

log = get_plugin_logger(__name__)


def _site_url(config: MkDocsConfig) -> str:
    return config.site_url or "/"


@page_errors
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.meta.get("catalogue"):
        full_width(page)
    return markdown


@page_errors
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.meta.get("catalogue"):
        return html + _catalogue(page, config)
    if page.meta.get("home"):
        return _home(html, page, config)
    return html


def _catalogue(page: Page, config: MkDocsConfig) -> str:
    lang = current_language(config)
    ui = ui_strings(lang)
    link = link_from(page)
    view = catalogue.catalogue_view(site.current().practices, lang, load_vocabularies(), ui, link)
    downloads = {
        "json": link("data/practices.json"),
        "csv": link("data/practices.csv"),
        "schema": link("schema/practice.schema.json"),
        "feed": link(site_path("feed.xml", lang)),
    }
    return render_template(
        "catalogue.html",
        v=view,
        t=ui,
        lang=lang,
        data_url=link(f"data/catalogue-{lang}.json"),
        search_url=link(f"search/{lang}.json"),
        engine_url=link(ENGINE_SCRIPT),
        downloads=downloads,
    )


_H2 = re.compile(r"<h2[\s>]")


def _home(html: str, page: Page, config: MkDocsConfig) -> str:
    """Figures before the first section of the page, practice lists before its last section."""
    lang = current_language(config)
    ui = ui_strings(lang)
    content = site.current()
    view = catalogue.home_view(content.practices, len(content.manuals), lang, load_vocabularies(), ui, link_from(page))
    figures = render_template("home-figures.html", v=view, t=ui, lang=lang)
    lists = render_template("home-practices.html", v=view, t=ui, lang=lang)
    sections = [m.start() for m in _H2.finditer(html)]
    if len(sections) < 2:
        return html + figures + lists + _offline_link(page, ui)
    first, last = sections[0], sections[-1]
    return html[:first] + figures + html[first:last] + lists + html[last:] + _offline_link(page, ui)


def _offline_link(page: Page, ui: dict[str, str]) -> str:
    """The zip of the offline copy, when scripts/build.py makes one (never in the offline copy itself)."""
    if not offline.links_to_zip():
        return ""
    return render_template(
        "home-offline.html", t=ui, url=link_from(page)(offline.ZIP_PATH), size_mark=offline.ZIP_SIZE_MARK
    )


@page_errors
def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav) -> dict[str, Any]:
    """The feed of the page's language, for the `<link rel="alternate">` in overrides/main.html (none in the
    offline copy: Material's script would try to read a sitemap beside it, which a page from disk cannot)."""
    if offline.is_offline_build():
        context["pw_feed"] = None
        return context
    lang = current_language(config)
    target = site_path("feed.xml", lang)
    context["pw_feed"] = {"href": link_from(page)(target), "title": ui_strings(lang)["feed_title"], "lang": lang}
    return context


def _write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)


def on_post_build(config: MkDocsConfig) -> None:
    """Data files of the language just built (runs before static-i18n starts the next language)."""
    lang = current_language(config)
    ui = ui_strings(lang)
    vocabularies = load_vocabularies()
    practices = site.current().practices
    root = Path(config.site_dir)
    _write(root / "data" / f"catalogue-{lang}.json", catalogue.catalogue_json(practices, lang, vocabularies, ui))
    feed = exports.atom_feed(
        practices, lang, vocabularies, _site_url(config), title=ui["feed_title"], subtitle=ui["feed_subtitle"]
    )
    _write(root / site_path("feed.xml", lang), feed)
    organisations, network = site.current().organisations, network_of(practices)
    picture = network_view(organisations, network, lang, vocabularies, lambda path: path)
    _write(root / NETWORK_PICTURE.format(prefix=language_prefix(lang)), network_svg(picture, ui["network_title"]))
    if lang == DEFAULT_LANGUAGE:
        _write(root / "data" / "practices.json", exports.practices_json(practices, vocabularies, _site_url(config)))
        _write(root / "data" / "practices.csv", exports.practices_csv(practices, vocabularies, _site_url(config)))
        hsds = open_referral.hsds_organizations(organisations, network, vocabularies, _site_url(config))
        _write(root / "data" / "hsds" / "organizations.json", hsds)
        table = open_referral.organisations_csv(organisations, network, vocabularies, _site_url(config))
        _write(root / "data" / "organisations.csv", table)


__all__ = ["on_page_content", "on_page_context", "on_page_markdown", "on_post_build"]
