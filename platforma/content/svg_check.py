"""Refuse SVG images that could run script or load anything when opened.

An SVG file under docs/ is a document: opened in its own tab it may run script,
and it may pull in other files or hosts.  `svg_problems` accepts a conservative
subset: well-formed UTF-8 XML with no DOCTYPE or processing instructions, only
SVG-namespace elements, no scripting elements or event handlers, and links or
CSS `url()` only to `#id` in the same file.  The one exception is a base64
PNG/JPEG/GIF/WebP picture embedded in `<image>` (charting tools such as
matplotlib export bitmaps that way, and a raster picture cannot run script).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate
from xml.parsers import expat

from ada_url import URL

from platforma.content.safe_yaml import Problem

SVG = "http://www.w3.org/2000/svg"
_XML = "http://www.w3.org/XML/1998/namespace"
_BANNED = {"script", "foreignobject", "iframe", "object", "embed", "handler", "listener"}
_ANIMATION = {"set", "animate", "animatetransform", "animatemotion", "discard"}
# Bases differing in scheme, host, path and query: only a bare "#id" resolves to "<base>#id" against both.
_BASES = ("https://site.invalid/images/page.svg", "http://other.invalid/x/y?q")
_RASTER = re.compile(r"data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/= ]*")
_LOADS = "loads a file or runs script"
_CSS_RULES = [
    (re.compile(r"@import", re.I), "@import is not allowed in SVG CSS: put the rules in the file itself"),
    (re.compile(r"expression\s*\(|-moz-binding|behavior\s*:", re.I), f"this CSS {_LOADS}: remove it"),
    (re.compile(r"(image-set|image|cross-fade|src)\s*\(", re.I), f"this CSS function {_LOADS}: use url(#id)"),
    # A CSS escape can spell url( or @import invisibly (u\72l), so escapes are refused outright.
    (re.compile(r"\\"), "backslash escapes are not allowed in SVG CSS: write the characters out"),
]
_CSS_URL = re.compile(r"url\(", re.I)
_CSS_URL_ARG = re.compile(r"""\s*(?:"([^"]*)"|'([^']*)'|([^"'()\s]*))\s*\)""")
_LINE_BREAK = re.compile(rb"\r\n|\r|\n")
_TAG_NAME = re.compile(rb"<[^\s/>]+")
_ATTRIBUTE = re.compile(rb"""\s+([^\s=/>]+)\s*=\s*("[^"]*"|'[^']*')""")


def _resolve(value: str, base: str | None = None) -> str:
    """`value` as a browser reads it (WHATWG URL parser); "" if it is no URL at all."""
    try:
        return URL(value, base).href
    except ValueError:
        return ""


def is_fragment(value: str) -> bool:
    """True if a browser resolves `value` to `#id` inside the same document."""
    return all(_resolve(value, base).startswith(base + "#") for base in _BASES)


def _css_problems(css: str) -> list[tuple[int, str]]:
    """(offset, message) for everything in a piece of CSS that could load or run something."""
    found = [(m.start(), message) for rule, message in _CSS_RULES for m in rule.finditer(css)]
    for m in _CSS_URL.finditer(css):
        arg = _CSS_URL_ARG.match(css, m.end())
        target = next((g for g in arg.groups() if g is not None), "") if arg else css[m.end() : m.end() + 30]
        if not (arg and is_fragment(target)):
            found.append((m.start(), f"url({target}) points outside this file: only url(#id) is allowed"))
    return sorted(found)


def _split(name: str) -> tuple[str, str, str]:
    """Expat's "uri local prefix" name as (namespace, local name, name as written)."""
    parts = name.split(" ")
    if len(parts) == 1:
        return "", name, name
    return parts[0], parts[1], f"{parts[2]}:{parts[1]}" if len(parts) == 3 else parts[1]


class _Stop(Exception):
    """Raised inside a handler to stop parsing before any entity can expand."""


class _Checker:
    def __init__(self, data: bytes, shown: str) -> None:
        self.data, self.shown, self.problems = data, shown, []
        self.root_seen, self.style, self.style_depth = False, None, 0
        self.line_starts = [0, *(m.end() for m in _LINE_BREAK.finditer(data))]
        self.last = (-1, 0, 0)  # (line start, byte, column) of the last problem
        p = self.parser = expat.ParserCreate("UTF-8", " ")  # UTF-8 overrides any declared encoding
        p.namespace_prefixes = True
        p.XmlDeclHandler = self.xml_declaration
        p.StartDoctypeDeclHandler = lambda *_: self.add(
            self.back_to(b"<!DOCTYPE"), "a DOCTYPE is not allowed: remove it"
        )
        p.EntityDeclHandler = self.entity
        p.ProcessingInstructionHandler = lambda target, _: self.add(
            self.at, f"processing instruction <?{target} …?> is not allowed in an SVG image: remove it"
        )
        p.StartElementHandler, p.EndElementHandler = self.start, self.end
        p.CharacterDataHandler = lambda text: self.style is not None and self.style.append((self.at, text))

    @property
    def at(self) -> int:
        return self.parser.CurrentByteIndex

    def back_to(self, marker: bytes) -> int:
        return max(self.data.rfind(marker, 0, self.at + 1), 0)

    def add(self, byte: int, message: str) -> None:
        line = bisect_right(self.line_starts, byte)
        start = self.line_starts[line - 1]
        if self.last[0] != start or self.last[1] > byte:  # columns count characters; go on from the last one
            self.last = (start, start, 1 - (start == 0 and self.data.startswith(b"\xef\xbb\xbf")))
        column = self.last[2] + len(self.data[self.last[1] : byte].decode("utf-8", "replace"))
        self.last = (start, byte, column)
        self.problems.append(Problem(self.shown, line, column, message))

    def xml_declaration(self, _version: str, encoding: str | None, _standalone: int) -> None:
        if encoding and encoding.lower() != "utf-8":
            self.add(self.at, f'the file declares encoding "{encoding}": save it as UTF-8 and say encoding="UTF-8"')

    def entity(self, name: str, *_: object) -> None:
        self.add(self.back_to(b"<!ENTITY"), f"entity declaration {name!r} is not allowed: remove it")
        raise _Stop  # nothing below this declaration is parsed, so no entity is ever expanded

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if self.style is not None:
            self.style_depth += 1
        at, (ns, local, shown) = self.at, _split(name)
        if not self.root_seen:
            self.root_seen = True
            if (ns, local) != (SVG, "svg"):
                self.add(at, f'the root element must be <svg xmlns="{SVG}">, not <{shown}>: export the file as SVG')
        elif ns != SVG:
            self.add(at, f"<{shown}> is not an SVG element (namespace {ns or 'none'!r}): remove it")
        if ns == SVG and local.lower() in _BANNED:
            self.add(at, f"<{shown}> is not allowed in an SVG image: remove it")
        offsets = {}
        if tag := _TAG_NAME.match(self.data, at):
            position = tag.end()
            while attribute := _ATTRIBUTE.match(self.data, position):
                offsets[attribute.group(1).decode("utf-8")] = attribute.start(1)
                position = attribute.end()
        for key, value in attrs.items():
            for message in self.attribute(_split(key), value, ns == SVG and local == "image"):
                self.add(offsets.get(_split(key)[2], at), message)
        if ns == SVG and local.lower() in _ANIMATION:
            self.animation(shown, attrs, offsets.get("attributeName", at))
        if ns == SVG and local == "style" and self.style is None:
            self.style, self.style_depth = [], 0

    def attribute(self, name: tuple[str, str, str], value: str, is_image: bool) -> list[str]:
        ns, local, shown = name
        if local.lower().startswith("on"):
            return [f"event-handler attribute {shown} runs script: remove it"]
        if ns == _XML and local == "base":
            return ["xml:base changes where every link points: remove it"]
        if local.lower() == "href":
            ok = is_fragment(value) or (is_image and _RASTER.fullmatch(_resolve(value)) is not None)
            return [] if ok else [f"{shown}={value[:40]!r} must point to #id in this file: remove the link"]
        if local.lower() == "src":
            return [f"{shown} loads a file: remove it"]
        return [f"{shown}: {message}" for _, message in _css_problems(value)]

    def animation(self, shown: str, attrs: dict[str, str], at: int) -> None:
        target = attrs.get("attributeName", "").strip().rsplit(":", 1)[-1].lower()
        if target == "href" or target.startswith("on"):
            self.add(at, f"<{shown}> may not change {target}: animating links or handlers can inject script")
        for key in ("to", "from", "by", "values"):
            if "javascript:" in re.sub(r"[\x00-\x20]", "", attrs.get(key, "")).lower():
                self.add(at, f"<{shown}> {key} holds a javascript: URL: remove it")

    def end(self, _name: str) -> None:
        if self.style is None:
            return
        if self.style_depth:
            self.style_depth -= 1
            return
        chunks, self.style = self.style, None
        starts = [0, *accumulate(len(text) for _, text in chunks)]
        i = done = done_bytes = 0  # offsets come sorted: count bytes on from the previous one
        for offset, message in _css_problems("".join(text for _, text in chunks)):
            if (j := bisect_right(starts, offset, hi=len(chunks)) - 1) != i:
                i, done, done_bytes = j, 0, 0
            byte, text = chunks[i]
            done_bytes += len(text[done : offset - starts[i]].encode("utf-8"))
            done = offset - starts[i]
            self.add(byte + done_bytes, f"<style>: {message}")


def svg_problems(data: bytes, shown: str) -> list[Problem]:
    """Every reason the SVG file `data` (shown to people as `shown`) is unsafe to publish; [] if none."""
    checker = _Checker(data, shown)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        checker.add(error.start, "the file is not valid UTF-8: save it with UTF-8 encoding")
        return checker.problems
    try:
        checker.parser.Parse(data, True)
    except _Stop:
        pass
    except expat.ExpatError as error:
        reason = expat.ErrorString(error.code)
        checker.add(checker.parser.ErrorByteIndex, f"not well-formed XML ({reason}): fix the file or export it again")
    return checker.problems
