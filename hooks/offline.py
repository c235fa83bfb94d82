"""MkDocs adapter for the offline copy of the site (the work is done by platforma.offline).

Active only when `PLATFORMA_OFFLINE=1` (scripts/build.py sets it for its second build); otherwise
every handler returns at once and the site is built as always.

- on_config (every language pass): pages without directory URLs (`practices/x.html`: a link to a
  folder opens a directory listing from disk), and the vendored iframe-worker shim in every page's
  head (as Material's `offline` plugin adds it, but from the site itself, not a CDN): from `file://`
  it runs the search worker in an iframe, since Chromium refuses Web Workers there.
- on_post_build (of the whole build, after static-i18n's other languages and the PDFs): links to
  folders in every page (and in the training pack's copies of pages) become links to files, and the JSON
  that pages and the search worker load gets its script twin (`search/<lang>.js`, `data/catalogue-<lang>.js`,
  `search/search_index.js`).
"""

from __future__ import annotations

from pathlib import Path

import _order as order
from _adapter import is_first_pass
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority, get_plugin_logger

from platforma import offline
from platforma.offline.links import site_files
from platforma.pages import pack
from platforma.pages.pack import ITEMS_FOLDER
from platforma.project import LANGUAGES

log = get_plugin_logger(__name__)

SHIM = "assets/javascripts/vendor/iframe-worker.js"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if not offline.is_offline_build():
        return config
    config.use_directory_urls = False
    polyfills = config.extra.get("polyfills") or []
    if SHIM not in polyfills:
        config.extra["polyfills"] = [*polyfills, SHIM]
    return config


@event_priority(order.WRITE_OFFLINE_COPY)
def on_post_build(config: MkDocsConfig) -> None:
    if not offline.is_offline_build() or not is_first_pass(config):
        return
    site = Path(config.site_dir)
    files = sorted(path for path in site.rglob("*") if path.is_file())
    exists = site_files(path.relative_to(site).as_posix() for path in files)
    pages = 0
    for path in files:
        if path.suffix != ".html":
            continue
        text = path.read_text(encoding="utf-8")
        linked = offline.rewrite_links(text, path.relative_to(site).as_posix(), exists)
        if linked != text:
            path.write_text(linked, encoding="utf-8")
            pages += 1
    for path in files:  # the training pack's copies of page content (platforma.pages.pack) hold links too
        if path.suffix == ".js" and path.parent.as_posix().endswith(ITEMS_FOLDER):
            scripts = pack.scripts_in(path.read_text(encoding="utf-8"))
            for item_id, script in scripts.items():
                data = pack.data_of(script)
                data["html"] = offline.rewrite_links(data["html"], data["url"], exists)
                scripts[item_id] = pack.script_of(data)
            path.write_text(pack.bucket_script(scripts), encoding="utf-8")
    scripts = offline.make_scripts(site, LANGUAGES, exists)
    log.info(f"offline copy: links to folders pointed at files in {pages} pages, {len(scripts)} data scripts")


__all__ = ["on_config", "on_post_build"]
