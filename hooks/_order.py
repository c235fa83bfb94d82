"""When our hooks run, in one table: MkDocs calls the handlers of an event from the highest priority to the
lowest (0 when not given), plugins' and hooks' alike. The numbers that matter around ours:

- mkdocs-static-i18n builds the site once per language. Its `on_post_build` (-100) starts the next language's
  whole build, so a hook's `on_post_build` above -100 runs in each language's pass before the next one starts,
  and one below -100 runs after every language is built. Its `on_files` (-100) makes the language's files; it sets
  a page's alternates (the language switch) in `on_page_context` (50).
- Material's search plugin reads `page.meta["search"]` in its `on_page_context` (0) and rewrites `page.content`.

Every `@event_priority` in hooks/ takes one of these names; the why of each is here.
"""

from __future__ import annotations

PREPARE_PREVIEW = 100
"""preview.on_config: the editor's preview decides what a save needs before content.py reads the content."""

SANITISE_FIRST = 100
"""safety.on_page_content and safety.on_env: every page's HTML is cleaned, and templates autoescape, before any
other hook sees them."""

INDEX_PAGE_TEXT = 50
"""search.on_page_content: the page's own text, once sanitised (100) and before content.py (0) appends cards of
related practices, which are not the page's text."""

SKIP_MATERIAL_SEARCH = 100
"""search.on_page_context: tells Material's search plugin (0) to skip the page our index already holds."""

WRITE_SEARCH_INDEX = 10
"""search.on_post_build: this language's index, written in its own pass (before static-i18n's -100)."""

FINISH_LANGUAGE_PASS = 50
"""languages.on_post_build (404 page and sitemap of this language): before static-i18n (-100) starts the next."""

RECORD_LANGUAGE_PASS = 100
"""preview.on_post_build: what this language's pass wrote, recorded before static-i18n (-100) starts the next."""

AFTER_ALTERNATES = -50
"""languages.on_template_context: after static-i18n (50) has set the page's alternates."""

ADD_DATA_FILES = 0
"""data_files.on_files: the practices' files, before static-i18n (-100) makes each language's files from them."""

STAGE_LANGUAGE_FILES = -150
"""content.on_files: our generated pages, after static-i18n (-100) has made this language's files."""

PREVIEW_FILES = -200
"""preview.on_files: after content.py (-150) has made the practices' pages."""

PUBLISH_SCHEMAS = -200
"""content.on_post_build: the schemas at the site root, once every language is built (after -100)."""

WRITE_PDFS = -300
"""pdf.on_post_build: the PDFs, once every language is built (after static-i18n's -100)."""

WRITE_OFFLINE_COPY = -400
"""offline.on_post_build: the offline copy, once every language and the PDFs (-300) are written."""

STOP_FOR_A_NEWER_SAVE = 10_000
"""preview.on_pre_page and preview.on_page_context: before any other work on a page, the full build that follows
the fast lane's pages stops if the editor saved again."""

LAST_PAGE_CONTEXT = -1000
"""safety.on_page_context: last, because Material's search plugin (0) rewrites page.content there."""
