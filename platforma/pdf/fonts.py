"""The site's own fonts (docs/assets/fonts/*.woff2), the only ones a PDF uses: WeasyPrint muddles two
subsets of one family (latin and latin-ext), so each style is merged into one TrueType font with
fontTools, once, and kept in the cache folder (`prepare_fonts`); `font_css` declares them for the
stylesheet, `font_coverage` and `missing_glyphs` tell which characters they cannot draw.

Noto Sans has no ballot boxes, which checklists print (☐ U+2610, ☑ U+2611, ☒ U+2612), so the folder also holds
`noto-sans-symbols-2-ballot-400-normal.woff2` (2.6 KB, OFL-NotoSansSymbols2.txt): those three glyphs of Noto Sans
Symbols 2, cut from @fontsource/noto-sans-symbols-2 5.3.0 (files/noto-sans-symbols-2-symbols-400-normal.woff2) with
`python -m fontTools.subset … --unicodes=U+2610-2612 --flavor=woff2 --layout-features='*' --name-IDs='*'
--name-legacy --name-languages='*'`. pdf.css names it after the text font, for these characters only.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from platforma.pdf.disk_cache import _CACHE_VERSION, default_cache_dir
from platforma.pdf.model import PdfError
from platforma.project import DOCS_DIR

FONTS_DIR = DOCS_DIR / "assets" / "fonts"
_FONT_FILE = re.compile(
    r"^(?P<family>[a-z0-9-]+?)-(?P<subset>latin|latin-ext|ballot)-(?P<weight>\d{3})-(?P<style>normal|italic)\.woff2$"
)
_FAMILY_NAMES = {
    "noto-sans": "Noto Sans PW",
    "noto-sans-symbols-2": "Noto Sans Symbols 2 PW",
    "jetbrains-mono": "JetBrains Mono PW",
}
_TEXT_FAMILIES = frozenset({_FAMILY_NAMES["noto-sans"], _FAMILY_NAMES["noto-sans-symbols-2"]})  # pdf.css's `html`


@dataclass(frozen=True)
class FontFace:
    """One merged TrueType font (all subsets of a family, weight and style) ready for @font-face."""

    family: str
    weight: int
    style: str
    path: Path


def _merge_subsets(sources: Sequence[Path], target: Path) -> None:
    """Merge woff2 subsets of one font into a TrueType file, deterministically (no new timestamps)."""
    from fontTools.merge import Merger
    from fontTools.ttLib import TTFont

    buffers = []
    stamps = None
    for source in sources:
        font = TTFont(source, recalcTimestamp=False)
        stamps = stamps or (font["head"].created, font["head"].modified)
        font.flavor = None
        buffer = io.BytesIO()
        font.save(buffer)
        buffer.seek(0)
        buffers.append(buffer)
    font = Merger().merge(buffers) if len(buffers) > 1 else TTFont(buffers[0], recalcTimestamp=False)
    font.recalcTimestamp = False
    font["head"].created, font["head"].modified = stamps  # the merger would stamp "now"
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    font.save(partial)
    os.replace(partial, target)


def prepare_fonts(fonts_dir: Path = FONTS_DIR, cache_dir: Path | None = None) -> list[FontFace]:
    """The site's fonts as merged TrueType files (made once, then read from the cache)."""
    groups: dict[tuple[str, int, str], list[Path]] = {}
    for path in sorted(fonts_dir.glob("*.woff2")):
        match = _FONT_FILE.match(path.name)
        if match and match["family"] in _FAMILY_NAMES:
            key = (match["family"], int(match["weight"]), match["style"])
            groups.setdefault(key, []).append(path)
    if not groups:
        raise PdfError(f"no fonts found in {fonts_dir} (expected noto-sans-latin-400-normal.woff2 and friends)")
    cache = cache_dir or default_cache_dir()
    try:
        cache.mkdir(parents=True, exist_ok=True)
    except OSError:
        cache = Path(tempfile.gettempdir()) / "platforma-wiedzy"
    faces = []
    for (family, weight, style), sources in sorted(groups.items()):
        from fontTools import version as fonttools_version

        digest = hashlib.sha256(f"{_CACHE_VERSION} {fonttools_version}".encode())
        for source in sources:
            digest.update(source.read_bytes())
        target = cache / "fonts" / f"{family}-{weight}-{style}-{digest.hexdigest()[:16]}.ttf"
        if not target.exists():
            _merge_subsets(sources, target)
        faces.append(FontFace(_FAMILY_NAMES[family], weight, style, target))
    return faces


def font_css(faces: Iterable[FontFace]) -> str:
    """@font-face rules for the merged fonts."""
    return "".join(
        f'@font-face {{ font-family: "{f.family}"; src: url("{f.path.resolve().as_uri()}"); '
        f"font-weight: {f.weight}; font-style: {f.style}; }}\n"
        for f in faces
    )


def font_coverage(faces: Iterable[FontFace]) -> set[int]:
    """Code points the text fonts (the sans-serif and, after it, the symbols) can draw."""
    from fontTools.ttLib import TTFont

    covered: set[int] = set()
    for face in faces:
        if face.family in _TEXT_FAMILIES and face.weight == 400 and face.style == "normal":
            covered |= set(TTFont(face.path, lazy=True).getBestCmap())
    return covered


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def missing_glyphs(document: str, covered: set[int]) -> list[str]:
    """Characters of the document's text that the site's fonts cannot draw (a system font would)."""
    reader = _TextOnly()
    reader.feed(document)
    text = "".join(reader.parts)
    return sorted({c for c in text if ord(c) not in covered and not c.isspace() and ord(c) >= 32})
