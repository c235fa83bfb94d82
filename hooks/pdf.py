"""MkDocs adapter for the PDFs of training days (the work is done by platforma.pdf).

- on_startup: remembers the command; `mkdocs serve` skips PDFs unless PLATFORMA_PDF=1,
  `mkdocs build` makes them unless PLATFORMA_PDF=0 (for measuring a build without them).
  Finished PDFs are reused from a cache when nothing that decides their bytes changed
  (PLATFORMA_PDF_CACHE=0 turns that off).
- on_config (first pass): prepares the PDF jobs, and says once when the covers leave out the site's address
  and QR code because `site_url` is a placeholder (platforma.pdf.cover); on a build that will surely make PDFs
  (cache off or empty) the worker processes start at once, so that importing WeasyPrint overlaps the build.
- on_env: runs once per language pass after every page's content is rendered and before
  any template is: the language's PDFs (one per manual) are prepared from
  the pages' HTML (the cover's contact: `extra.contact` in mkdocs.yml, per language through static-i18n's
  `extra:`, else the repository's issues page) and handed to worker processes (platforma.pdf.PdfJobs),
  which lay them out while MkDocs goes on with the templates and the other language.
- on_page_context: download links with file sizes for the manuals' landing pages
  (`pw_downloads`, shown by overrides/platforma-downloads.html); a size not known
  yet is written as a mark.
- on_post_build (of the whole build, after static-i18n's other languages): waits for the PDFs,
  writes them to <site_dir>/pdf/<name>-<lang>.pdf and replaces the size marks in the pages.
  A failing PDF stops the build with one clear message.

`PLATFORMA_PDF_FROM=<folder>` takes the finished PDFs from that folder (a build's pdf/) instead of
making them: scripts/build.py's offline copy gets the PDFs of the build before it, laid out once.

Practices have no PDF: a booklet of every practice grew with the catalogue (4,435 pages and 159 s of build
at 1000 practices) and nobody prints all of them. A trainer prints the practices they choose with the
training pack (hooks/pack.py), from the browser.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import _order as order
from _adapter import current_language, is_first_pass
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from platforma import offline
from platforma import pdf as core
from platforma.content import site
from platforma.content.manuals import Manual, find_chapter
from platforma.content.ui import ui_strings
from platforma.dates import source_date_moment
from platforma.file_sizes import fill_size_marks, holds_size_marks, size_mark
from platforma.pages.notices import chapter_notices
from platforma.project import DEFAULT_LANGUAGE, LANGUAGES, MANUALS_DIR, ROOT

log = get_plugin_logger(__name__)


class _State:
    command: str | None = None
    sizes: dict[str, int] = {}  # file name -> bytes, for the build in progress
    pending: dict[str, str] = {}  # pages written with a size mark (path -> language), completed at the end
    jobs: core.PdfJobs | None = None  # the PDFs being made, for every language of the build


STATE = _State()


def on_startup(command: str, dirty: bool) -> None:
    STATE.command = command


def _enabled() -> bool:
    """PLATFORMA_PDF=1 makes PDFs, =0 skips them; unset: `build` makes them, `serve` does not."""
    wanted = os.environ.get("PLATFORMA_PDF")
    if wanted in ("0", "1"):
        return wanted == "1"
    return STATE.command != "serve"


def _copied_from() -> Path | None:
    """The folder whose finished PDFs this build copies (PLATFORMA_PDF_FROM), or None: it makes them."""
    folder = os.environ.get(offline.PDF_FROM_ENV)
    return Path(folder) if folder else None


def _copy_pdfs(source: Path, site_dir: Path) -> None:
    """Copy the finished PDFs of `source` to <site_dir>/pdf/ and remember their sizes."""
    target = site_dir / "pdf"
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.glob("*.pdf")):
        data = path.read_bytes()
        (target / path.name).write_bytes(data)
        STATE.sizes[path.name] = len(data)
    log.info(f"PDFs: {len(STATE.sizes)} copied from {source}")


def _i18n(config: MkDocsConfig):
    return config.plugins.get("i18n")


def _languages(config: MkDocsConfig) -> list[str]:
    built = getattr(_i18n(config), "build_languages", None)
    return [lang for lang in LANGUAGES if lang in built] if built else [DEFAULT_LANGUAGE]


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if is_first_pass(config):  # a new build starts
        STATE.sizes = {}
        STATE.pending = {}
        _discard_jobs()
        if _enabled() and _copied_from() is None:
            if core.is_placeholder(config.site_url):
                log.info(
                    f"PDF covers show no site address and no QR code: site_url ({config.site_url or 'not set'}) "
                    "is not a real address yet"
                )
            try:
                STATE.jobs = core.PdfJobs(
                    allowed=(ROOT / "docs", MANUALS_DIR, Path(config.docs_dir)),
                    use_cache=os.environ.get("PLATFORMA_PDF_CACHE") != "0",
                )
                if STATE.jobs.workers and STATE.jobs.likely_cold():
                    STATE.jobs.start_workers()
            except core.PdfError as error:
                _fail(error)
    return config


# ---------------------------------------------------------------- documents from pages


def _notices(page: Page, config: MkDocsConfig) -> tuple[core.Notice, ...]:
    """The notices the page shows above its text on the site (the same core function computes both)."""
    found = find_chapter(site.current().manuals, page.file.src_uri)
    if not found:
        return ()
    lang = current_language(config)
    notices = chapter_notices(found[1], lang, ui_strings(lang), source_date_moment().date())
    return tuple(core.Notice(n["kind"], n["title"], n["text"]) for n in notices)


def _section(page: Page, title: str, config: MkDocsConfig) -> core.Section:
    return core.Section("/" + page.url, title, page.content or "", _notices(page, config))


def _online(config: MkDocsConfig, page: Page) -> str:
    return (config.site_url or "/").rstrip("/") + "/" + page.url


def _contact(config: MkDocsConfig, ui: dict[str, str]) -> core.Contact | None:
    """The cover's contact: `extra.contact` (per language: static-i18n's `extra:` of a language), else the
    repository's issues page."""
    return core.cover_contact(config.extra.get("contact"), config.repo_url, ui)


def _manual_document(manual: Manual, lang: str, pages: dict[str, Page], config: MkDocsConfig) -> core.PdfDocument:
    ui = ui_strings(lang)
    chapters = [manual.landing, *manual.chapters]
    missing = [c.src_uri for c in chapters if c.src_uri not in pages]
    if missing:
        raise core.PdfError(f"{core.pdf_filename(manual.slug, lang)}: pages not built: {', '.join(missing)}")
    reviewed = max(c.front(lang).last_reviewed for c in chapters)
    return core.PdfDocument(
        filename=core.pdf_filename(manual.slug, lang),
        lang=lang,
        title=manual.title(lang),
        subtitle=ui["pdf_kind_manual"],
        sections=tuple(_section(pages[c.src_uri], c.title(lang), config) for c in chapters),
        created=source_date_moment(),
        reviewed=reviewed.isoformat(),
        labels=ui,
        site_name=config.site_name,
        site_url=config.site_url or "",
        online_url=_online(config, pages[manual.landing.src_uri]),
        licence=config.copyright or "",
        contact=_contact(config, ui),
    )


def _assets(files: Files):
    """Site path of every static file -> its source file (images referenced by pages)."""
    by_url = {"/" + f.url: Path(f.abs_src_path) for f in files if not f.is_documentation_page() and f.abs_src_path}

    def find(path: str) -> Path | None:
        return by_url.get(path)

    return find


def on_env(env, config: MkDocsConfig, files: Files):
    if not _enabled():
        if is_first_pass(config):
            log.info("PDFs skipped (PLATFORMA_PDF=1 makes them)")
        return env
    lang = current_language(config)
    pages = {f.src_uri.replace(f".{lang}.md", ".md"): f.page for f in files.documentation_pages() if f.page}
    if STATE.jobs is None:
        return env  # made in on_config of the first pass
    try:
        documents = [_manual_document(m, lang, pages, config) for m in site.current().manuals]
        assets = _assets(files)
        for doc in documents:
            STATE.jobs.submit(doc, assets)
    except core.PdfError as error:
        _fail(error)
    log.info(f"PDFs ({lang}): {len(documents)} being made while the site is built")
    return env


def _fail(error: core.PdfError) -> None:
    _discard_jobs()
    log.error(f"PDF export failed: {error}")
    raise Abort("PDF export failed (see the error above).") from None


def _discard_jobs() -> None:
    if STATE.jobs is not None:
        STATE.jobs.close()
        STATE.jobs = None


def _write_pdfs(site_dir: Path) -> None:
    """Wait for the PDFs of every language, write them to <site_dir>/pdf/ and remember their sizes."""
    jobs, STATE.jobs = STATE.jobs, None
    if jobs is None:
        return
    try:
        finished = jobs.results()
    except core.PdfError as error:
        _fail(error)
    target = site_dir / "pdf"
    target.mkdir(parents=True, exist_ok=True)
    for doc, result in finished:
        for warning in result.warnings:
            log.warning(f"PDF {doc.filename}: {warning}")
        (target / doc.filename).write_bytes(result.data)
        STATE.sizes[doc.filename] = len(result.data)
        log.info(f"PDF pdf/{doc.filename}: {result.pages} pages, {core.format_size(len(result.data), doc.lang)}")


def on_build_error(error: Exception) -> None:
    _discard_jobs()


# ---------------------------------------------------------------- download links


def _downloads(name: str, page: Page, config: MkDocsConfig, lang: str) -> list[dict[str, str]]:
    ui = ui_strings(lang)
    links = []
    for doc_lang in _languages(config):
        filename = core.pdf_filename(name, doc_lang)
        size = STATE.sizes.get(filename)
        links.append(
            {
                "label": ui[f"pdf_version_{doc_lang}"],
                "lang": doc_lang,
                "url": get_relative_url(f"pdf/{filename}", page.url),
                "size": core.format_size(size, lang) if size is not None else size_mark(filename),
            }
        )
    return links


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav) -> dict[str, Any]:
    context["pw_downloads"] = []
    context["pw_manual_pdf"] = None
    if not _enabled():
        return context
    lang = current_language(config)
    uri = page.file.src_uri.replace(f".{lang}.md", ".md")
    chapter_of = next((m.slug for m in site.current().manuals if any(c.src_uri == uri for c in m.chapters)), None)
    if chapter_of:  # a chapter links to its manual's PDF in its own language, under its title
        context["pw_manual_pdf"] = next(d for d in _downloads(chapter_of, page, config, lang) if d["lang"] == lang)
    name = next((m.slug for m in site.current().manuals if m.landing.src_uri == uri), None)
    if name:
        context["pw_downloads"] = _downloads(name, page, config, lang)
        context["pw_downloads_title"] = ui_strings(lang)["pdf_download_manual"]
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    if holds_size_marks(output) and page.file.abs_dest_path:
        STATE.pending[page.file.abs_dest_path] = current_language(config)
    return output


@event_priority(order.WRITE_PDFS)
def on_post_build(config: MkDocsConfig) -> None:
    if not is_first_pass(config):
        return
    source = _copied_from()
    if source is not None and _enabled():
        _copy_pdfs(source, Path(config.site_dir))
    _write_pdfs(Path(config.site_dir))
    if not STATE.pending:
        return
    for path, lang in sorted(STATE.pending.items()):
        if any(name.endswith(".pdf") for name in fill_size_marks(Path(path), STATE.sizes, lang)):
            log.error(f"{path}: a PDF was linked but not made")
            raise Abort("PDF export failed: a linked PDF is missing")
    STATE.pending = {}


__all__ = ["on_build_error", "on_config", "on_env", "on_page_context", "on_post_build", "on_post_page", "on_startup"]
