"""The JSON files that pages and the search worker load, also as scripts, for `file://`.

Chromium refuses `fetch` (and Web Workers) from a file URL but runs a `<script src>` (or, in the
iframe that stands in for the worker, a script it adds), so each JSON file gets a twin script that
assigns it to a global:

- `search/<lang>.js`: `self.PlatformaSearchIndex` (docs/assets/javascripts/search/worker.js), with
  the documents' locations pointed at files (`links.file_link`);
- `data/catalogue-<lang>.js`: `self.PlatformaCatalogueData` (docs/assets/javascripts/catalogue.js);
- `search/search_index.js`: `var __index`, what Material's own script reads from disk instead of
  `search/search_index.json` (as its `offline` plugin writes it).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from platforma.offline.links import file_link

SEARCH_GLOBAL = "PlatformaSearchIndex"
CATALOGUE_GLOBAL = "PlatformaCatalogueData"


def json_script(name: str, json_text: str) -> str:
    """A script that sets the global `name` (of a window or a worker) to the JSON value `json_text`."""
    json.loads(json_text)  # a script made of anything but JSON could run code: refuse it
    return f"self.{name} = {json_text.strip()};\n"


def _search_index(json_text: str, exists: Callable[[str], bool]) -> str:
    """The index with every document's location (first item, relative to the site root) pointed at a file."""
    index = json.loads(json_text)
    for doc in index.get("docs", []):
        if isinstance(doc, list) and doc and isinstance(doc[0], str):
            doc[0] = file_link(doc[0], "", exists)
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))


def make_scripts(site: Path, languages: tuple[str, ...], exists: Callable[[str], bool]) -> list[Path]:
    """Write the script twins of the site's search indexes and catalogue data; returns the files written."""
    written = []

    def write(path: Path, text: str) -> None:
        path.write_text(text, encoding="utf-8")
        written.append(path)

    for lang in languages:
        index = site / "search" / f"{lang}.json"
        if index.exists():
            text = _search_index(index.read_text(encoding="utf-8"), exists)
            write(index.with_suffix(".js"), json_script(SEARCH_GLOBAL, text))
        data = site / "data" / f"catalogue-{lang}.json"
        if data.exists():
            write(data.with_suffix(".js"), json_script(CATALOGUE_GLOBAL, data.read_text(encoding="utf-8")))
    material = site / "search" / "search_index.json"
    if material.exists():
        text = material.read_text(encoding="utf-8").strip()
        json.loads(text)
        write(material.with_suffix(".js"), f"var __index = {text};\n")
    return written
