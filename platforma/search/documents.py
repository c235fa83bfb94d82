"""What the search finds: documents made from practices, glossary terms and page sections."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser

from platforma.content.glossary import Term
from platforma.content.organisations import Organisation
from platforma.content.practices import Practice
from platforma.content.vocabularies import Vocabulary
from platforma.project import LANGUAGES

_SPACE = re.compile(r"\s+")
# Headings that start a result of their own; deeper ones stay inside their section.
SECTION_HEADINGS = ("h2", "h3")
_BLOCKS = {
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "td", "th", "br", "blockquote",
    "pre", "h1", "h2", "h3", "h4", "h5", "h6", "details", "summary", "figure", "figcaption", "hr",
}  # fmt: skip
_SKIPPED = {"script", "style", "template", "svg", "button"}
_ITEMS = {"li", "tr", "dt"}  # the entries of a list, a table or a definition list
_SKIPPED_CLASSES = {"headerlink", "footnote-backref", "footnote-ref"}
# What of an entry's Markdown is not words a reader sees: link targets, autolinks and addresses, raw tags.
# The index keeps letters and digits only, so Markdown's own marks (`**`, `#`, `-`) fall away by themselves.
_NOT_WORDS = re.compile(r"\]\([^)]*\)|<[^>]*>|https?://\S+")


def clean(text: str) -> str:
    """NFC, whitespace collapsed: the form in which all text enters the index."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


@dataclass(frozen=True)
class SearchDoc:
    """One search result: a practice, a glossary term or a section of a page.

    `location` is the site path (`practices/x/`, `en/manuals/psn/01-x/#anchor`);
    a location without `#` is a page, one with `#` a section of that page.
    `labels` (vocabulary labels), `meta` (who, where) and `details` (the rest of a practice: its description,
    results, funding, period) are searched but not shown.  `items`: the list items, table rows and definitions
    of a page's section, which tell a section about one topic from a list or a map of many.
    """

    location: str
    title: str
    text: str
    labels: tuple[str, ...] = ()
    meta: str = ""
    details: str = ""
    items: int = 0

    def words(self) -> Iterable[str]:
        yield from (self.title, self.text, self.meta, self.details, *self.labels)


def practice_documents(
    practices: Iterable[Practice], lang: str, vocabularies: dict[str, Vocabulary], path: Callable[[str, str], str]
) -> list[SearchDoc]:
    """One document per practice: title and summary (shown), groups and themes, who and where, and the rest of
    the entry as `details` (`practice_details`).

    Vocabulary labels and organisations' names are added in every language, so `unaccompanied minors` finds
    the practice on the Polish site too; those of the site's language come first.
    """
    voc = vocabularies
    langs = [lang, *[other for other in LANGUAGES if other != lang]]
    docs = []
    for p in sorted(practices, key=lambda p: p.id):
        labels: list[str] = []
        for name, codes in (("target_groups", p.target_groups), ("themes", p.themes)):
            for code in codes:
                for language in langs:
                    label = voc[name].label(code, language)
                    if label not in labels:
                        labels.append(label)
        where = [p.geo.city or "", *[voc["voivodeships"].label(v, lang) for v in p.geo.voivodeships]]
        names = [a.name for a in (p.implementer, *p.partners) if a.name]
        who = [voc["actor_types"].label(p.implementer.actor_type, lang)]
        who += [form for n in names for form in dict.fromkeys(filter(None, (*(n.full(x)[0] for x in langs), n.short)))]
        meta = " · ".join(clean(x) for x in [*who, *where, p.project_number or ""] if x)
        docs.append(
            SearchDoc(
                location=path(p.id, lang),
                title=clean(p.title.get(lang)),
                text=clean(p.summary.get(lang)),
                labels=tuple(clean(x) for x in labels),
                meta=meta,
                details=practice_details(p, lang, voc),
            )
        )
    return docs


def organisation_documents(
    organisations: Iterable[Organisation],
    lang: str,
    vocabularies: dict[str, Vocabulary],
    path: Callable[[str, str], str],
) -> list[SearchDoc]:
    """One short document per organisation: its name in `lang` (shown), its type (shown), and its names in every
    language, its acronym and its place as `meta`. Not the titles of its practices: those are the practices'
    own documents, which a page listing them would otherwise come before."""
    docs = []
    for organisation in sorted(organisations, key=lambda o: o.id):
        name = organisation.name
        names = dict.fromkeys(filter(None, (*(name.full(x)[0] for x in (lang, *LANGUAGES)), name.short)))
        voivodeship = organisation.voivodeship and vocabularies["voivodeships"].label(organisation.voivodeship, lang)
        where = [organisation.city or "", voivodeship or ""]
        docs.append(
            SearchDoc(
                location=path(organisation.id, lang),
                title=clean(name.plain(lang)),
                text=clean(vocabularies["actor_types"].label(organisation.actor_type, lang)),
                meta=" · ".join(clean(x) for x in [*names, *where] if x),
            )
        )
    return docs


def practice_details(practice: Practice, lang: str, vocabularies: dict[str, Vocabulary]) -> str:
    """The words of a practice beyond its title and summary, in `lang`: its Markdown sections (description, how
    it works, results, lessons…), its results with their figures, its funding (sources in both languages and
    programme names), its period."""
    p, voc = practice, vocabularies
    parts = [_NOT_WORDS.sub(" ", text.get(lang)) for text in p.sections.values()]
    parts += [f"{r.label.get(lang)} {r.value:g}" for r in p.results]
    for funding in p.funding:
        parts += [voc["funding_sources"].label(funding.source, x) for x in LANGUAGES]
        parts += [funding.programme.get(lang)] if funding.programme else []
    parts.append(" ".join(filter(None, (p.period_start, p.period_end))))
    return clean(" · ".join(part for part in parts if part and part.strip()))


def glossary_documents(terms: Iterable[Term], lang: str, page_location: str) -> list[SearchDoc]:
    """One section per glossary term, linked to its anchor on the glossary page."""
    docs = []
    for term in terms:
        title = term.term[lang]
        expansion = (term.expansion or {}).get(lang)
        if expansion:
            title = f"{title} ({expansion})"
        docs.append(SearchDoc(f"{page_location}#{term.anchor()}", clean(title), clean(term.definition[lang])))
    return docs


@dataclass
class _Section:
    anchor: str | None
    title: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    items: int = 0


class _SectionParser(HTMLParser):
    """Splits rendered Markdown at h2/h3 headings that carry an id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections = [_Section(None)]
        self._heading: str | None = None
        self._skip: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if self._skip:
            if tag not in {"br", "hr", "img", "wbr", "input"}:
                self._skip.append(tag)
            return
        if tag in _SKIPPED or set((a.get("class") or "").split()) & _SKIPPED_CLASSES:
            self._skip.append(tag)
            return
        if tag in SECTION_HEADINGS and a.get("id"):
            self.sections.append(_Section(a["id"]))
            self._heading = tag
        elif tag == "h1":
            self._heading = tag
        elif tag in _ITEMS and not self._heading:
            self.sections[-1].items += 1
        if tag in _BLOCKS:
            self._target().append(" ")

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            while self._skip and self._skip.pop() != tag:
                pass
            return
        if tag in _BLOCKS:
            self._target().append(" ")
        if tag == self._heading:
            self._heading = None

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._target().append(data)

    def _target(self) -> list[str]:
        section = self.sections[-1]
        if self._heading == "h1":
            return []  # the page title is given separately
        return section.title if self._heading else section.text


def page_documents(html: str, location: str, title: str) -> list[SearchDoc]:
    """A page as search documents: the page itself, then one per h2/h3 section with an id."""
    parser = _SectionParser()
    parser.feed(html)
    parser.close()
    docs = []
    for section in parser.sections:
        text = clean("".join(section.text))
        if section.anchor is None:
            docs.append(SearchDoc(location, clean(title), text, items=section.items))
        else:
            heading = clean("".join(section.title)) or clean(title)
            docs.append(SearchDoc(f"{location}#{section.anchor}", heading, text, items=section.items))
    return docs


__all__ = ["SearchDoc", "clean", "glossary_documents", "page_documents", "practice_details", "practice_documents"]
