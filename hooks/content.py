"""MkDocs adapter: turns MkDocs events into calls of the domain core (`platforma/`).

- on_config: load and validate practices, manuals and the glossary (a bad entry aborts
  here, before MkDocs empties site/), stage the site's sources in a build-owned folder (hooks/_stage.py)
  and build the navigation in the language being built; add our Markdown extension for checklists
  (platforma.markup.checklists; an instance: mkdocs.yml's extensions are imported before hooks/ is on sys.path).
- on_files: the files of practices (hooks/data_files.py) and the stubs of organisations become `DataPage`s, which
  skip reading and rendering a source.
- on_page_markdown: glossary links in chapters, citations of sources and acts, abbreviations
  (platforma.pages.bodies.page_markdown); the acts each page cites are kept for its list and notice.
- on_page_content: practice, source and glossary pages, manual landing pages and each chapter's closest
  practices, from templates with data from the core (platforma.pages.bodies.page_body).
- on_page_context: notices (review overdue, translation, COI dates) for the page template.
- on_serve: `mkdocs serve` stops watching the staged folder (it watches the real sources).
- on_config, on_post_build, on_build_error: what the first pass read is kept out of the garbage collector's full
  collections until the build ends (`gc.freeze`).

mkdocs-static-i18n runs the whole build once per language: every handler here is
idempotent and asks the i18n plugin which language it is building.
"""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path
from typing import Any

import _order as order
import jinja2
from _adapter import current_language, edit_base, is_first_pass, link_from, page_errors
from _preview_lane import STOPPER
from _stage import is_staged, organisation_stub_meta, remove_stage, stage_sources, stub_meta
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs_internals import forget_rendered_title

from platforma.content import site
from platforma.content.legal_acts import LegalAct, change_notice, legal_acts_schema_json
from platforma.content.manuals import find_chapter
from platforma.content.markdown_files import page_reviewed
from platforma.content.organisations import organisation_schema_json
from platforma.content.review import review_report
from platforma.content.schema import practice_schema_json
from platforma.content.site import load_site_content
from platforma.content.ui import ui_strings
from platforma.dates import source_date_moment
from platforma.disk_memo import save_all as save_memos
from platforma.markup.checklists import ChecklistExtension
from platforma.pages.bodies import PageSetting, acts_cited_in, acts_list_body, page_body, page_markdown
from platforma.pages.notices import chapter_notices
from platforma.project import DOCS_DIR, ROOT
from platforma.search import ENGINE_SCRIPT

log = get_plugin_logger(__name__)


class _State:
    """What the language passes of a build share."""

    cited: dict[str, list[LegalAct]] = {}  # the acts each page cites (by source file), for its list and notice


STATE = _State()


def build_date() -> dt.date:
    """'Today' for review notices: from SOURCE_DATE_EPOCH when set, so builds are reproducible."""
    return source_date_moment().date()


def _theme_files(config: MkDocsConfig) -> list[str]:
    """The paths of docs/ files that the theme also publishes, by MkDocs' own rule (no file of docs/ may take one).

    MkDocs' rule is asked about the paths of docs/ only: it lists the templates of the environment it is given,
    and the theme's own environment lists every file of the theme (Material's 10,000 icons: 0.2 s a build)."""
    docs = {path.relative_to(DOCS_DIR).as_posix() for path in DOCS_DIR.rglob("*") if path.is_file()}
    files = Files([])
    files.add_files_from_theme(jinja2.Environment(loader=jinja2.DictLoader(dict.fromkeys(docs, ""))), config)
    return [file.dest_uri for file in files]


def _load_content(config: MkDocsConfig) -> None:
    project = Path(config.config_file_path).resolve().parent
    if project != ROOT:  # platforma.project found another project from the working directory
        raise Abort(
            f"{config.config_file_path}: the build reads the project at {ROOT}, not this one: run the build from"
            " the project's folder (or set PLATFORMA_ROOT to it)"
        )
    icons = [Path(folder) / ".icons" for folder in config.theme.dirs]  # where Material looks up `icon:`
    # the preview's full build stops between files if the editor saved again (hooks/_preview_lane.py)
    content = load_site_content(_theme_files(config), icons, checkpoint=STOPPER.check)
    if content.problems:
        for problem in content.problems:
            log.error(str(problem))
        raise Abort(f"{len(content.problems)} problem(s) in the content (listed above); nothing was built or changed.")
    if content.missing_en:
        log.info(
            "English translation missing (the Polish text is shown with a notice):\n  - "
            + "\n  - ".join(content.missing_en)
        )
    site.set_current(content)
    report = review_report(content, build_date())
    if report:
        log.info("Review report:\n  - " + "\n  - ".join(report))


def _navigation(lang: str) -> list[dict[str, Any]]:
    ui = ui_strings(lang)
    manuals = [
        {manual.title(lang): [manual.landing.src_uri, *[c.src_uri for c in manual.chapters]]}
        for manual in site.current().manuals
    ]
    return [
        {ui["nav_home"]: "index.md"},
        {ui["nav_manuals"]: manuals},
        {ui["nav_practices"]: "practices/index.md"},
        {ui["nav_organisations"]: "organisations/index.md"},
        {ui["nav_pack"]: "pack.md"},
        {ui["nav_glossary"]: "glossary.md"},
        {ui["nav_contribute"]: "contribute.md"},
        {ui["nav_submit"]: "submit.md"},
        {ui["nav_about"]: "about.md"},
    ]


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if is_first_pass(config):
        _load_content(config)
        STOPPER.check()  # the preview's full build stops here if the editor saved again (hooks/_preview_lane.py)
        # What is alive now (the content, the memos) lives until the build ends: out of the collector's full
        # collections, each of which walks every object (nine at 1000 practices took 0.45 s); undone at the end.
        gc.freeze()
        config.docs_dir = str(stage_sources(site.current()))
    try:
        config.nav = _navigation(current_language(config))
    except KeyError as missing:
        raise Abort(f"data/ui.yml:1:1: no interface string {missing}, which the navigation needs") from None
    if not any(isinstance(extension, ChecklistExtension) for extension in config.markdown_extensions):
        config.markdown_extensions.append(ChecklistExtension())
    return config


class DataPage(Page):
    """The page of a practice or an organisation: its HTML is made from the data in on_page_content, so the stub
    is neither read nor rendered (its front matter is known, `stub_meta`); that saves a YAML parse and a Markdown
    instance with every extension per page."""

    stub_meta: dict[str, str] = {}

    def read_source(self, config: MkDocsConfig) -> None:
        # from the entry as loaded now: the preview's fast lane makes a saved practice's page again
        # without a new on_files
        practice = site.current().relations.by_id.get(self.stub_meta.get("practice", ""))
        meta = stub_meta(practice, current_language(config)) if practice else self.stub_meta
        self.markdown, self.meta = "", dict(meta)

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = ""
        self.toc = get_toc([])
        forget_rendered_title(self)
        self.present_anchor_ids = set()
        self.links_to_anchors = {}


@event_priority(order.STAGE_LANGUAGE_FILES)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    lang = current_language(config)
    content = site.current()
    by_id = content.relations.by_id
    for file in files.documentation_pages():
        folder, _, name = file.src_uri.rpartition("/")
        stem = name.split(".")[0]
        if file.page is not None:
            continue
        if folder == "practices" and stem in by_id:
            DataPage(None, file, config).stub_meta = stub_meta(by_id[stem], lang)
        elif folder == "organisations" and stem in content.organisations:
            DataPage(None, file, config).stub_meta = organisation_stub_meta(content.organisations[stem], lang)
    return files


def _setting(page: Page, config: MkDocsConfig) -> PageSetting:
    lang, link = current_language(config), link_from(page)
    return PageSetting(site.current(), lang, link, build_date(), edit_base(config), engine_script=ENGINE_SCRIPT)


@page_errors
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if "practice" in page.meta:  # a generated stub: its content is rendered from the entry, not from Markdown
        return markdown
    setting = _setting(page, config)
    STATE.cited[page.file.src_uri] = acts_cited_in(markdown, setting)
    return page_markdown(markdown, page.file.src_uri, setting)


@page_errors
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    setting = _setting(page, config)
    html += acts_list_body(STATE.cited.get(page.file.src_uri, []), setting)
    return page_body(html, page.meta, page.file.src_uri, page.title, setting)


@page_errors
def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav) -> dict[str, Any]:
    lang = current_language(config)
    found = find_chapter(site.current().manuals, page.file.src_uri)
    ui = ui_strings(lang)
    context["pw_notices"] = chapter_notices(found[1], lang, ui, build_date()) if found else []
    reviewed = found[1].front(lang).last_reviewed if found else page_reviewed(page.meta)
    if reviewed:
        changed = change_notice(STATE.cited.get(page.file.src_uri, []), reviewed, build_date(), lang, ui)
        context["pw_notices"] += [changed] if changed else []
    return context


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    """`mkdocs serve` watches docs_dir, which here is the build-owned stage that every build rewrites:
    watching it would start a new build after each build, for ever. The real sources are in `watch:`."""
    if is_staged(Path(config.docs_dir)):
        server.unwatch(config.docs_dir)
    return server


def on_shutdown() -> None:
    """The build (or `mkdocs serve`) is over: the staged sources are not needed any more."""
    remove_stage()


@event_priority(order.PUBLISH_SCHEMAS)
def on_post_build(config: MkDocsConfig) -> None:
    """Publish the schemas (entries, the register of legal acts) at the site root (the English pass writes the
    same bytes again); keep the entries read and rendered for the next build (`platforma.disk_memo`)."""
    target = Path(config.site_dir) / "schema" / "practice.schema.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(practice_schema_json(f"{config.site_url or '/'}schema/practice.schema.json"), encoding="utf-8")
    organisations = target.with_name("organisation.schema.json")
    organisations.write_text(
        organisation_schema_json(f"{config.site_url or '/'}schema/organisation.schema.json"), encoding="utf-8"
    )
    acts = target.with_name("legal_acts.schema.json")
    acts.write_text(legal_acts_schema_json(f"{config.site_url or '/'}schema/legal_acts.schema.json"), encoding="utf-8")
    save_memos()  # entries read and rendered, for the next build (a no-op when nothing is new)
    if is_first_pass(config):  # the end of the build (the other languages' passes ran inside this one)
        gc.unfreeze()


def on_build_error(error: Exception) -> None:
    gc.unfreeze()  # (see on_config)


__all__ = [
    "DataPage",
    "on_build_error",
    "on_config",
    "on_files",
    "on_page_content",
    "on_page_context",
    "on_page_markdown",
    "on_post_build",
    "on_serve",
    "on_shutdown",
]
