"""What builds keep between runs, under `default_cache_dir()`: the merged fonts (see `fonts`) and finished
PDFs, which `_Cache` keeps by the hash of everything that decides their bytes, so that an unchanged
document is not laid out again. `_CACHE_VERSION` goes into the keys of both.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from platforma.pdf.model import RenderedPdf
from platforma.project import cache_dir as build_cache_dir

_CACHE_VERSION = "2"


def default_cache_dir() -> Path:
    """Where merged fonts and finished PDFs are kept between builds (see `project.cache_dir`)."""
    return build_cache_dir()


_LOCAL_FILE = re.compile(r"file://[^\s\"'()<>]+")


class _Cache:
    """Finished PDFs by the hash of everything that decides their bytes, so an unchanged document is not laid
    out again (a rebuild, `mkdocs serve`, tests). WeasyPrint output is deterministic, so a hit gives the same
    bytes as a fresh rendering; the oldest entries beyond `keep` are removed."""

    def __init__(self, folder: Path, keep: int = 120) -> None:
        self.folder = folder
        self.keep = keep

    def key(self, fingerprint: str, document: str) -> str:
        digest = hashlib.sha256(fingerprint.encode())
        digest.update(document.encode())
        for url in sorted(set(_LOCAL_FILE.findall(document))):  # images: their bytes, not only their names
            path = Path(unquote(urlsplit(url).path))
            digest.update(path.read_bytes() if path.is_file() else b"missing")
        return digest.hexdigest()

    def get(self, key: str) -> RenderedPdf | None:
        data_file, meta_file = self.folder / f"{key}.pdf", self.folder / f"{key}.json"
        try:
            meta = json.loads(meta_file.read_text(encoding="utf-8"))
            data = data_file.read_bytes()
        except (OSError, ValueError):
            return None
        if len(data) != meta.get("size"):
            return None
        os.utime(meta_file)
        return RenderedPdf(data, int(meta["pages"]), tuple(meta["warnings"]))

    def put(self, key: str, result: RenderedPdf) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for name, content in (
                (f"{key}.pdf", result.data),
                (
                    f"{key}.json",
                    json.dumps({"pages": result.pages, "size": len(result.data), "warnings": result.warnings}).encode(),
                ),
            ):
                partial = self.folder / f".{name}.{os.getpid()}.tmp"
                partial.write_bytes(content)
                os.replace(partial, self.folder / name)
            entries = sorted(self.folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
            for old in entries[self.keep :]:
                old.unlink(missing_ok=True)
                old.with_suffix(".pdf").unlink(missing_ok=True)
        except OSError:
            pass  # a cache that cannot be written only makes the next build slower
