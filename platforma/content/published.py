"""What docs/ may publish beside its pages, and where the build writes its own files.

MkDocs copies every file under docs/ into the site as it is, and a file there wins over the theme's file
of the same name.  So docs/ holds only:
- pages (`.md`), which the build renders and sanitises;
- files a page shows or links to, of the kinds in `CONTENT_KINDS` (images, SVG images that pass
  `platforma.content.svg_check`, PDFs);
- the project's own assets, listed in `PROJECT_ASSETS` (scripts, stylesheets, fonts), which change only
  with the code.
Anything else (HTML, JavaScript, CSS, JSON…) would run or be read on the site as it is, and is refused.
No file of docs/ may take a path the build, the theme or a plugin writes (pages made from entries,
sources and manuals, search indexes, data files, the pack's scripts, PDFs, Material's assets, sitemaps,
404 pages): each is refused with the name of what writes there.
"""

from __future__ import annotations

from collections.abc import Iterable
from fnmatch import fnmatch
from pathlib import Path, PurePosixPath

from platforma.content.readable_files import shown
from platforma.content.safe_yaml import Problem, YamlRefused, read_limited
from platforma.content.svg_check import svg_problems
from platforma.project import DOCS_DIR, LANGUAGES

CONTENT_KINDS = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".pdf"})
"""File kinds an editor may put beside the pages (under docs/, usually docs/assets/images/)."""

PROJECT_ASSETS = (
    "assets/fonts/*.woff2",
    "assets/fonts/OFL-*.txt",
    "assets/images/favicon.svg",
    "assets/images/logo.svg",
    "assets/javascripts/catalogue.js",
    "assets/javascripts/organisations.js",
    "assets/javascripts/pack.js",
    "assets/javascripts/search-note.js",
    "assets/javascripts/submit-form.js",
    "assets/javascripts/tooltips.js",
    "assets/javascripts/search/engine.js",
    "assets/javascripts/search/loader.js",
    "assets/javascripts/search/normalise.js",
    "assets/javascripts/search/worker.js",
    "assets/javascripts/vendor/ajv2020.min.js",
    "assets/javascripts/vendor/iframe-worker.js",
    "assets/javascripts/vendor/*.LICENSE.txt",
    "assets/stylesheets/catalogue.css",
    "assets/stylesheets/fonts.css",
    "assets/stylesheets/pack.css",
    "assets/stylesheets/platforma.css",
    "assets/stylesheets/submit-form.css",
)
"""The project's own files under docs/ (paths relative to docs/; `*` within one folder): the only scripts,
stylesheets and fonts the site publishes from there."""

BUILD_FOLDERS = {
    "search/": "the search indexes",
    "data/": "the open data (practices.json, practices.csv) and the catalogue's data",
    "schema/": "the published JSON Schema",
    "pack/items/": "the training pack's page scripts",
    "pdf/": "the PDFs of the manuals",
    "offline/": "the offline copy",
}
"""Folders of the site that only the build writes into."""

BUILD_FILES = {
    "404.html": "the 404 page",
    "sitemap.xml": "the sitemap",
    "sitemap.xml.gz": "the sitemap",
    "feed.xml": "the feed of new and changed practices",
}
"""Files at the root of each language's site that the build writes."""


def page_path(relative: str) -> str:
    """Where a page made from `relative` (a Markdown path under docs/) is published, in the default language's
    site: `about.md` and `about.en.md` → `about/index.html`, `practices/index.md` → `practices/index.html`."""
    path = PurePosixPath(relative)
    stem = path.name.removesuffix(".md")
    for lang in LANGUAGES:
        stem = stem.removesuffix(f".{lang}")
    folder = path.parent if stem in ("index", "README") else path.parent / stem
    return (folder / "index.html").as_posix().removeprefix("./")


def owned_paths(
    practice_ids: Iterable[str], source_ids: Iterable[str], manual_files: Iterable[str], theme_files: Iterable[str]
) -> dict[str, str]:
    """Every published path the build or the theme writes, with what writes it (for messages).

    `manual_files` are the manuals' Markdown files as paths from the project root (`manuals/psn/01-a.md`):
    the build publishes them as pages beside those of docs/.
    """
    owned = {path: f"the theme's {path}" for path in theme_files}
    owned.update(BUILD_FILES)
    for practice_id in practice_ids:
        owned[f"practices/{practice_id}/index.html"] = f"the page of practices/{practice_id}.yml"
    owned["sources/index.html"] = "the list of archived sources"
    for source_id in source_ids:
        owned[f"sources/{source_id}/index.html"] = f"the page of sources/{source_id}.yml"
    for name in manual_files:
        owned[page_path(name)] = f"the page of {name}"
    return owned


def _owner(path: str, owned: dict[str, str]) -> str | None:
    if path in owned:
        return owned[path]
    folder = next((f for f in BUILD_FOLDERS if path.startswith(f)), None)
    return BUILD_FOLDERS[folder] if folder else None


def docs_problems(owned: dict[str, str], docs: Path = DOCS_DIR) -> list[Problem]:
    """Files under `docs` that the site must not publish: kinds that would run as they are, unsafe SVG images,
    and files whose published path is one the build or the theme writes (`owned`) or another docs file's."""
    problems: list[Problem] = []
    pages: dict[str, str] = {}
    for path in sorted(p for p in docs.rglob("*") if p.is_file() and not p.is_symlink()):
        relative = path.relative_to(docs).as_posix()
        if any(part.startswith(".") for part in PurePosixPath(relative).parts):
            continue  # MkDocs publishes no hidden file
        where = shown(path)
        own = any(fnmatch(relative, pattern) for pattern in PROJECT_ASSETS)
        if relative.split("/", 1)[0] in LANGUAGES[1:]:
            message = "the English site is made from .en.md files beside the Polish ones: move this file"
            problems.append(Problem(where, 1, 1, message))
            continue
        if path.suffix == ".md":
            published = page_path(relative)
            owner = _owner(published, owned) or _owner(published.removesuffix("/index.html"), owned)
            original = relative.removesuffix(".en.md") + ".md" if relative.endswith(".en.md") else relative
            first = pages.setdefault(published, original)  # a page and its translation share their address
            if owner is None and first != original:
                message = f"the site's {published} is also made from docs/{first}: keep one of the two"
                problems.append(Problem(where, 1, 1, message))
                continue
        elif not own and path.suffix.lower() not in CONTENT_KINDS:
            kinds = ", ".join(sorted(CONTENT_KINDS))
            message = (
                f"{path.suffix or 'files without an extension'} files are not published from docs/ (they would reach "
                f"readers as they are): pages are Markdown (.md), and files beside them are images or PDFs ({kinds})"
            )
            problems.append(Problem(where, 1, 1, message))
            continue
        else:
            published = relative
            owner = _owner(published, owned)
        if owner:
            message = f"the site's {published} is {owner}, which the build writes: rename or remove this file"
            problems.append(Problem(where, 1, 1, message))
        elif path.suffix.lower() == ".svg":
            try:
                problems.extend(svg_problems(read_limited(path, where), where))
            except YamlRefused as refused:  # too large to read
                problems.extend(refused.problems)
    return problems


__all__ = ["BUILD_FILES", "BUILD_FOLDERS", "CONTENT_KINDS", "PROJECT_ASSETS", "docs_problems", "owned_paths"]
