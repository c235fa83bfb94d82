"""The whole site as a folder that works from `file://` (opened from disk, without a server), zipped.

`make build` (scripts/build.py) makes it with a second strict build of the project, with
`PLATFORMA_OFFLINE=1` (hooks/offline.py): pages end in `.html`, a vendored shim runs the search worker
in an iframe, and the JSON the pages load also comes as a script.  Then:

- `links`: links to folders (`practices/x/`) become links to their files (`practices/x.html`,
  `manuals/psn/index.html`), in the pages and in the search index;
- `scripts`: `search/<lang>.js`, `data/catalogue-<lang>.js` and `search/search_index.js`, the JSON
  files as scripts (Chromium refuses `fetch` from a file URL, but loads a `<script src>`);
- `archive`: the folder as a byte-identical zip (sorted entries, fixed times);
- `home_link`: the online site's home page links to the zip with its size.

No MkDocs imports: the adapter is hooks/offline.py, the driver scripts/build.py.
"""

from __future__ import annotations

import os

from platforma.file_sizes import format_size
from platforma.offline.archive import ARCHIVE_FOLDER, write_zip
from platforma.offline.home_link import ZIP_PATH, ZIP_SIZE_MARK, fill_zip_size
from platforma.offline.links import file_link, rewrite_links
from platforma.offline.scripts import json_script, make_scripts

OFFLINE_ENV = "PLATFORMA_OFFLINE"  # "1": this build is the offline copy
LINK_ENV = "PLATFORMA_OFFLINE_ZIP"  # "1": the home page links to the zip (scripts/build.py fills in its size)
PDF_FROM_ENV = "PLATFORMA_PDF_FROM"  # a folder: the build copies its finished PDFs instead of making them


def is_offline_build() -> bool:
    """True when the build in progress makes the offline copy."""
    return os.environ.get(OFFLINE_ENV) == "1"


def links_to_zip() -> bool:
    """True when the build in progress gets a link to the offline copy's zip on its home page."""
    return os.environ.get(LINK_ENV) == "1" and not is_offline_build()


__all__ = [
    "ARCHIVE_FOLDER",
    "LINK_ENV",
    "OFFLINE_ENV",
    "PDF_FROM_ENV",
    "ZIP_PATH",
    "ZIP_SIZE_MARK",
    "file_link",
    "fill_zip_size",
    "format_size",
    "is_offline_build",
    "json_script",
    "links_to_zip",
    "make_scripts",
    "rewrite_links",
    "write_zip",
]
