"""The error page of the editor's preview: while the content cannot be built, `mkdocs serve` shows
it in place of every page it had built, in that page's language, and the page reloads itself once a
build succeeds (MkDocs' live reload script is added to every page it serves).

The messages are the build's own `file:line:col: message` lines (in English, like the validator's).
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from pathlib import Path

from platforma.content.ui import ui_strings
from platforma.pages.templates import render_template
from platforma.project import LANGUAGES, language_of


def error_page(messages: list[str], lang: str) -> str:
    """The whole error page in `lang` (every message is text, never HTML)."""
    try:
        return render_template("preview-errors.html", messages=messages, lang=lang, t=ui_strings(lang))
    except Exception:  # noqa: BLE001  the interface strings or the template may be what is broken
        items = "".join(f"<li><code>{html.escape(m)}</code></li>" for m in messages)
        return f'<!doctype html><html lang="en"><title>Build failed</title><h1>Build failed</h1><ol>{items}</ol></html>'


def write_error_pages(site_dir: Path, messages: Iterable[str]) -> int:
    """Replace every HTML page under `site_dir` by the error page in its language; returns how many."""
    listed = list(messages) or ["The build failed; the terminal running `make preview` says why."]
    pages = {lang: error_page(listed, lang) for lang in LANGUAGES}
    count = 0
    for path in site_dir.rglob("*.html"):
        path.write_text(pages[language_of(path.relative_to(site_dir))], encoding="utf-8")
        count += 1
    return count
