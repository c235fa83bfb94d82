"""Links that work from disk: a link to a folder (`practices/x/`, `../`, `.`) opens a directory listing
there, so it is pointed at the folder's page file instead (`practices/x.html` when MkDocs wrote the page
without directory URLs, else `practices/x/index.html`).  Query and fragment are kept."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_ATTRIBUTE = re.compile(r"(\s(?:href|src|data-src|action)=\")([^\"]*)(\")")


def _is_folder(path: str) -> bool:
    return path == "" or path.endswith("/") or posixpath.basename(path) in (".", "..")


def file_link(url: str, page: str, exists: Callable[[str], bool]) -> str:
    """`url`, written in the page at site path `page` (e.g. `en/practices/x.html`), pointed at a file.

    `exists(site_path)` tells whether the site has that file.  URLs with a scheme, protocol-relative
    and root-relative ones, fragments alone and links to files are returned unchanged, and so is a
    folder link whose page does not exist.
    """
    if not url or url.startswith(("#", "/", "?")) or _SCHEME.match(url):
        return url
    cut = min((i for i in (url.find("?"), url.find("#")) if i >= 0), default=len(url))
    path, rest = url[:cut], url[cut:]
    if not _is_folder(path):
        return url
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if target.startswith(".."):
        return url
    folder = "" if target == "." else target + "/"
    if folder and exists(target + ".html"):
        return posixpath.relpath(target + ".html", posixpath.dirname(page) or ".") + rest
    if exists(folder + "index.html"):
        return (path if path.endswith("/") or path == "" else path + "/") + "index.html" + rest
    return url


def rewrite_links(html: str, page: str, exists: Callable[[str], bool]) -> str:
    """Every `href`, `src`, `data-src` and `action` of `html` (the page at site path `page`) through `file_link`."""
    return _ATTRIBUTE.sub(lambda m: m.group(1) + file_link(m.group(2), page, exists) + m.group(3), html)


def site_files(paths: Iterable[str]) -> Callable[[str], bool]:
    """An `exists` function for `file_link` over a set of site paths."""
    known = frozenset(paths)
    return known.__contains__
