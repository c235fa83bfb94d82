"""MkDocs adapter: what each language needs besides its pages.

- on_config: the heading-link tooltip (Python-Markdown's `toc` `permalink_title`) in the language built.
- on_template_context: the 404 page's language switch goes to each language's home page (otherwise it
  keeps the alternates of whichever page was rendered last).
- on_post_build: one 404 page per language, `/404.html` (Polish, with a way to the English site) and
  `/en/404.html`; and `/en/sitemap.xml`, the English half of static-i18n's sitemap (Material fetches
  the sitemap beside the English feed's link).

mkdocs-static-i18n runs the build once per language and writes `404.html` at the site root each time,
so the last language's version would win: the Polish one is kept and put back.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import _order as order
from _adapter import current_language
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from platforma.content.ui import ui_strings
from platforma.project import DEFAULT_LANGUAGE, LANGUAGES, language_prefix

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


class _State:
    default_404: bytes | None = None


STATE = _State()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    toc = config.mdx_configs.setdefault("toc", {})
    toc["permalink_title"] = ui_strings(current_language(config))["permalink_title"]
    return config


@event_priority(order.AFTER_ALTERNATES)
def on_template_context(context: dict[str, Any], template_name: str, config: MkDocsConfig) -> dict[str, Any]:
    if template_name == "404.html":
        context["pw_ui_by_lang"] = {lang: ui_strings(lang) for lang in LANGUAGES}
        base = context.get("base_url") or "/"
        base = base if base.endswith("/") else base + "/"
        names = {language.locale: language.name for language in config.plugins["i18n"].config.languages}
        homes = [{"name": names[lang], "lang": lang, "link": base + language_prefix(lang)} for lang in LANGUAGES]
        # static-i18n sets `extra.alternate` as an attribute of the legacy config (which Jinja reads
        # before the key) once a page has been rendered: set both.
        config.extra["alternate"] = homes
        config.extra.alternate = homes
    return context


def english_sitemap(sitemap: bytes, lang: str) -> bytes:
    """The URLs of static-i18n's sitemap in `lang` (its `loc` is the default language's), alternates kept."""
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    root = ET.fromstring(sitemap)
    for url in root.findall(f"{{{SITEMAP_NS}}}url"):
        alternate = url.find(f"{{{XHTML_NS}}}link[@hreflang='{lang}']")
        if alternate is None:
            root.remove(url)
            continue
        url.find(f"{{{SITEMAP_NS}}}loc").text = alternate.get("href")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


@event_priority(order.FINISH_LANGUAGE_PASS)
def on_post_build(config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    lang = current_language(config)
    page = site / "404.html"
    if lang == DEFAULT_LANGUAGE:
        STATE.default_404 = page.read_bytes() if page.exists() else None
        return
    if page.exists():
        (site / lang / "404.html").parent.mkdir(parents=True, exist_ok=True)
        (site / lang / "404.html").write_bytes(page.read_bytes())
    if STATE.default_404 is not None:
        page.write_bytes(STATE.default_404)
    sitemap = site / "sitemap.xml"
    if sitemap.exists():
        (site / lang / "sitemap.xml").write_bytes(english_sitemap(sitemap.read_bytes(), lang))


__all__ = ["on_config", "on_post_build", "on_template_context"]
