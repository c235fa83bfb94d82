"""MkDocs adapter for the submission form: a page whose front matter says `submit_form: true`.

The form is rendered from overrides/platforma/submit-form.html with the vocabularies' labels
in the language being built.  In the browser, docs/assets/javascripts/submit-form.js checks
the entry against the same JSON Schema the site publishes at /schema/practice.schema.json
(written by hooks/content.py) and builds the YAML file; nothing is sent anywhere.
"""

from __future__ import annotations

from _adapter import current_language, page_errors
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from platforma.content import site
from platforma.content.ui import ui_strings
from platforma.content.vocabularies import load_vocabularies
from platforma.pages.submission import form_view
from platforma.pages.templates import render_template

ASSETS = {
    "schema_url": "schema/practice.schema.json",
    "validator_js": "assets/javascripts/vendor/ajv2020.min.js",
    "form_js": "assets/javascripts/submit-form.js",
    "form_css": "assets/stylesheets/submit-form.css",
}


@page_errors
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if not page.meta.get("submit_form"):
        return html
    lang = current_language(config)
    urls = {name: get_relative_url(path, page.url) for name, path in ASSETS.items()}
    content = site.current()
    view = form_view(lang, load_vocabularies(), content.practices, config.repo_url, content.organisations.values())
    return html + render_template("submit-form.html", f=view, urls=urls, t=ui_strings(lang), lang=lang)


__all__ = ["on_page_content"]
