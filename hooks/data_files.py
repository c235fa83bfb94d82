"""MkDocs adapter: the practices' pages enter the build's files without a file on disk.

- on_files (before mkdocs-static-i18n pairs each page with its languages): a `File` per practice,
  `practices/<id>.md` in the staged docs folder (hooks/_stage.py), as MkDocs' own walk of that folder would
  have made it had the stub been there.  The page never reads it: content.py makes it a `DataPage`, whose front
  matter comes from the entry.  Writing a stub per practice cost a file creation each (0.2-0.7 s a build at
  1000 practices on a slow disk).

mkdocs-static-i18n runs the build once per language and calls this in each pass, on MkDocs' fresh files;
static-i18n's fallback then makes the English page from the Polish file, as it did from the stub.
"""

from __future__ import annotations

import _order as order
from _stage import stub_name
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, set_exclusions

from platforma.content import site
from platforma.project import DEFAULT_LANGUAGE


@event_priority(order.ADD_DATA_FILES)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    added = []
    for practice in site.current().practices:
        # the default language's file, from which static-i18n's fallback makes every other language's page
        src_uri = f"practices/{stub_name(practice.id, DEFAULT_LANGUAGE)}"
        if files.get_file_from_path(src_uri) is not None:  # the content checks refuse such a docs/ file first
            raise Abort(f"{src_uri}: two files of the site would take this place; nothing was built")
        added.append(File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls))
    set_exclusions(added, config)
    for file in added:
        files.append(file)
    return files


__all__ = ["on_files"]
