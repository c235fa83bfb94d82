"""Prose in the other language, outside an element marked with that language (WCAG 3.1.2).

A page in Polish must not show English prose unless it sits in an element with `lang="en"` (and the
other way round). Prose is told apart by function words: short words each language uses in almost
every sentence and the other language does not use at all. Words both languages have ("a", "i",
"to", "do", "on", "no") count for neither. Citations (`.pw-cite`) may quote titles in any language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

FUNCTION_WORDS = {
    "pl": frozenset(
        "w na z ze się nie że jest są od po dla oraz przez jak lub czy który która które których którym"
        " tego tym jego jej ich także również przy pod nad bez już tylko być może było była były został"
        " została zostało zostały ten ta te tej tych jako gdy aby ale jeśli oraz wraz według".split()
    ),
    "en": frozenset(
        "the and of in is for with that by as are was were from this be or an at which it has have not"
        " their its they but will can who these those been into than also there such".split()
    ),
}
BLOCKS = frozenset(
    "p li dd dt td th h1 h2 h3 h4 h5 h6 figcaption blockquote summary caption label legend button option"
    " title div section article header footer nav main aside dl ul ol table form fieldset details".split()
)
SKIP = frozenset({"script", "style", "code", "pre", "svg", "kbd", "samp"})
VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
POLISH_ABBREVIATIONS = re.compile(r"\b(?:m\.\s?in|i in)\.", re.IGNORECASE)  # "m.in." is not the English "in"


def counts(text: str) -> dict[str, int]:
    """Function words of each language in `text` (a capital single letter is an initial, "W. W. Norton")."""
    text = POLISH_ABBREVIATIONS.sub(" ", text)
    words = [w.lower() for w in WORD.findall(text) if len(w) > 1 or w.islower()]
    return {lang: sum(1 for w in words if w in found) for lang, found in FUNCTION_WORDS.items()}


def foreign(text: str, lang: str, least: int = 2) -> bool:
    """True when `text` reads as the other language: at least `least` of its function words, more than of `lang`'s."""
    found = counts(text)
    other = next(code for code in FUNCTION_WORDS if code != lang)
    return found[other] >= least and found[other] > found[lang]


@dataclass(frozen=True)
class Finding:
    lang: str  # the language the text is shown in (the page's, or the nearest lang= around it)
    text: str

    def __str__(self) -> str:
        return f"[{self.lang}] {self.text[:160]}"


class _Blocks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None, bool, bool]] = []  # tag, lang, block, skip
        self.buffers: dict[tuple[int, str], list[str]] = {}
        self.attributes: list[tuple[str, str]] = []
        self.counter = 0
        self.block_ids: list[int] = []

    def _lang(self) -> str:
        return next((lang for _, lang, _, _ in reversed(self.stack) if lang), "")

    def _skipping(self) -> bool:
        return any(skip for *_, skip in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        skip = tag in SKIP or "pw-cite" in classes
        lang = (values.get("lang") or "").split("-")[0] or None
        if tag in VOID:
            if not self._skipping():
                for name in ATTRIBUTES:
                    if values.get(name):
                        self.attributes.append((lang or self._lang(), values[name]))
            return
        self.stack.append((tag, lang, tag in BLOCKS, skip))
        if not self._skipping():
            for name in ATTRIBUTES:
                if values.get(name):
                    self.attributes.append((self._lang(), values[name]))
        if tag in BLOCKS:
            self.counter += 1
            self.block_ids.append(self.counter)

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            top, _, block, _ = self.stack.pop()
            if block and self.block_ids:
                self.block_ids.pop()
            if top == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._skipping() or not data.strip():
            return
        block = self.block_ids[-1] if self.block_ids else 0
        self.buffers.setdefault((block, self._lang()), []).append(data)


def other_language_blocks(html: str) -> list[Finding]:
    """Text blocks (and tooltips) of a page whose prose is in the other language than the one they are marked with."""
    parser = _Blocks()
    parser.feed(html)
    findings = []
    for (_, lang), parts in parser.buffers.items():
        text = " ".join(" ".join(parts).split())
        if lang in FUNCTION_WORDS and foreign(text, lang):
            findings.append(Finding(lang, text))
    for lang, text in parser.attributes:
        if lang in FUNCTION_WORDS and foreign(text, lang, least=1):  # tooltips are a few words long
            findings.append(Finding(lang, f"(attribute) {text}"))
    return findings
