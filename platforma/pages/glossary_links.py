"""First uses of glossary terms in a chapter's Markdown, linked to their glossary entries with a tooltip.

The first time a chapter uses a glossary term, the words become a link to the term's entry on the
glossary page whose `title` is the first sentence of the definition; Material's `content.tooltips`
shows that title on hover and keyboard focus, and a tap follows the link to the entry.  Acronyms keep
their `abbr` explanation (`glossary.abbreviation_block`); an acronym's spelled-out form ("małoletni bez
opieki" for UAM) is linked like any other term.

What a term's wordings are (`TermLinker`):
- the term without its parenthesis ("ocena wieku"; "kurator" for "kurator (przedstawiciel …)");
- its parenthesis, or the term with the parenthesis read as part of it ("warunki przyjmowania",
  "kierowanie do usług"), when the search thesaurus (data/synonyms.yml) group of the term lists that
  wording, which tells a name ("ośrodek recepcyjny") from a qualifier ("(do usług)");
- an acronym's expansion;
- the other terms of a thesaurus group that covers this one glossary entry only and that share a word
  with those wordings ("ochrona subsydiarna", "pobyt tolerowany"), but not the group's looser search
  synonyms ("kieszonkowe" for reception) nor acronyms (they have entries of their own).

Words are compared by their lemmas, with the search's lemmatiser (platforma/words/): Polish by
the simplemma lemma the search uses as its match key ("ochronę międzynarodową" is "ochrona
międzynarodowa"), English by simplemma's English lemma ("applicants" is "applicant"; the search's
Porter2 stem would also make "application" one).  Where a Polish lemma is not the word's own base
form (a verbal noun read as its verb, "kierowanie" → "kierować"; a suppletive form, "najlepsze" →
"dobry") the Snowball stem must agree as well, so that the verb "kierować" is not taken for the term
"kierowanie".  In a phrase of several words the stem alone may join a form the lemmatiser read as a
homograph ("tłumaczy ustnych").

What is never touched (`prose_mask`): headings, code (fenced, indented, inline), links, images and
references with their text, raw HTML with everything inside it (so `<span lang="en">` quotes are kept
as written), emphasis carrying an attribute list (`*tekst*{lang=pl}`), blocks with a `lang` attribute
list, admonition titles, abbreviation, link and footnote definitions, entities, bare URLs, the
page's own abbreviations, and every section under a heading named in `stop_at` (a chapter's
sources, which cite titles rather than use terms).  Only the first use of each entry is linked, and
a use inside a longer term that was already explained is not split ("strzeżony ośrodek dla
cudzoziemców" never explains "ośrodek dla cudzoziemców").

Titles come from data/glossary.yml, content to be treated as hostile.  Material builds its tooltip
from the `title` with `innerHTML`, so the attribute holds the definition escaped as HTML text (what
the tooltip shows is the text, never markup), and the link is written as raw HTML in the Markdown
with every character Markdown or a table would act on written as an entity.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate

from platforma.content.glossary import Term, markdown_attribute, tooltip_attribute
from platforma.content.thesaurus import SynonymGroup
from platforma.words.lexicon import lexicon
from platforma.words.normalise import analyzer, fold
from platforma.words.stopwords import stop_words

MAX_WORDS = 10  # a wording longer than this is not a term ("przemoc seksualna i przemoc ze względu na płeć": 8)
MAX_TITLE = 300  # characters of the tooltip; the glossary entry has the rest
LINK_CLASS = "pw-term"

_WORD = re.compile(r"[^\W_]+")
_JOINER = re.compile(r"[ \t\u00a0\u2010\u2011-]+")  # what may stand between the words of one use
_PARENTHESIS = re.compile(r"\s*\(([^)]*)\)")
_ABBREVIATIONS = frozenset(
    "art ust lit pkt poz nr np tzw tj ok ang łac zob por r e.g i.e cf no vol pp".split()
)  # a period after these does not end the sentence ("art. 2 lit. k", "np. UNHCR")
_SENTENCE_END = re.compile(r"([.!?…])\s+(?=[\"„“'(]?[A-ZĄĆĘŁŃÓŚŹŻ0-9])")


def first_sentence(text: str, limit: int = MAX_TITLE) -> str:
    """The first sentence of a definition, on one line, at most `limit` characters (cut at a word, with …)."""
    text = " ".join(text.split())
    for match in _SENTENCE_END.finditer(text):
        before = text[: match.start()].rsplit(" ", 1)[-1].strip("([{\"„“'.").casefold()
        if match.group(1) == "." and (len(before) <= 1 or before in _ABBREVIATIONS or before.endswith(".in")):
            continue  # "K. W. Norton", "art. 2", "m.in. Dyrektywa"
        text = text[: match.start() + 1]
        break
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:–-— ") + "…"
    return text


# --- what a term is made of --------------------------------------------------------------------


@dataclass(frozen=True)
class _Word:
    key: str  # the folded lemma
    stem: str | None  # Snowball stem (Polish), for the checks described in the module's docstring
    strict: bool  # the key alone is not enough: the stem must agree too


@dataclass(frozen=True)
class Wording:
    """One way of writing a glossary entry: its words, and what the link says about it."""

    anchor: str
    title: str
    text: str
    words: tuple[_Word, ...]
    gaps: tuple[str, ...]  # punctuation between the words ("," in "lesbian, gay, …"), spaces and hyphens left out
    primary: bool  # from the glossary entry itself (not a synonym from the thesaurus)


Lemmatizer = Callable[[str], str]
Stemmer = Callable[[str], "str | None"]


class _Words:
    """Match data of words, computed once per word."""

    def __init__(self, lemma: Lemmatizer, stem: Stemmer | None) -> None:
        self._lemma = lemma
        self._stem = stem
        self._cache: dict[str, _Word] = {}

    def __call__(self, surface: str) -> _Word:
        word = surface.lower()
        found = self._cache.get(word)
        if found is None:
            lemma = self._lemma(word).lower() if word.isalpha() and len(word) >= 3 else word
            stem = self._stem(word) if self._stem is not None else None
            gerund = lemma.endswith("ć") and not word.endswith("ć")  # a verbal noun read as its verb
            strict = stem is not None and lemma != word and (gerund or fold(lemma)[:3] != fold(word)[:3])
            found = self._cache[word] = _Word(fold(lemma), stem, strict)
        return found

    def phrase(self, text: str) -> tuple[_Word, ...]:
        return tuple(self(w) for w in _WORD.findall(text))


def _parentheses(text: str) -> tuple[str, list[str]]:
    """`_PARENTHESIS.sub("", text)` and `_PARENTHESIS.findall(text)`.

    Only the text up to the last ")" can hold a match, and a search from each "(" after it would run
    to the end of the text (quadratic time in a term of thousands of "(").
    """
    end = text.rfind(")") + 1
    return _PARENTHESIS.sub("", text[:end]) + text[end:], _PARENTHESIS.findall(text[:end])


def _gap(text: str) -> str:
    """The punctuation between two words, without spaces and hyphens (which may be written either way)."""
    return "".join(c for c in text if not _JOINER.fullmatch(c))


def _gaps(text: str, spans: Sequence[tuple[int, int]]) -> list[str | None]:
    """The gap after each word but the last; None where the words are not on one line or too far apart."""
    found: list[str | None] = []
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        between = text[end:start]
        found.append(_gap(between) if len(between) <= 4 and "\n" not in between else None)
    return found


def _agrees(seen: _Word, term: _Word, phrase_length: int) -> bool:
    if seen.key == term.key:
        return not term.strict or (seen.stem is not None and seen.stem == term.stem)
    return phrase_length > 1 and term.stem is not None and seen.stem == term.stem


def _keys(words: Sequence[_Word]) -> tuple[str, ...]:
    return tuple(w.key for w in words)


def _contains(longer: Sequence[str], shorter: Sequence[str]) -> bool:
    n = len(shorter)
    return len(longer) > n and any(tuple(longer[i : i + n]) == tuple(shorter) for i in range(len(longer) - n + 1))


def _is_acronym(word: str, acronyms: set[str]) -> bool:
    return word.casefold() in acronyms or (len(word) >= 2 and sum(c.isupper() for c in word) >= 2)


class TermLinker:
    """Links the first use of each glossary entry in a page's Markdown (one language).

    `lemma` gives a word's dictionary form; `stem` (optional) its Snowball stem, used as the module's
    docstring says.  `term_linker` makes one with the site's lemmatiser for a language.
    """

    def __init__(
        self,
        terms: Sequence[Term],
        groups: Sequence[SynonymGroup],
        lang: str,
        lemma: Lemmatizer,
        stem: Stemmer | None = None,
    ) -> None:
        self.terms, self.groups, self.lang = terms, groups, lang
        self._words = _Words(lemma, stem)
        self.wordings = self._wordings()
        self._by_key: dict[str, list[Wording]] = {}
        self._by_stem: dict[str, list[Wording]] = {}
        for wording in sorted(self.wordings, key=lambda w: (-len(w.words), not w.primary, w.text)):
            self._by_key.setdefault(wording.words[0].key, []).append(wording)
            first_stem = wording.words[0].stem
            if len(wording.words) > 1 and first_stem is not None:
                self._by_stem.setdefault(first_stem, []).append(wording)

    # --- wordings ------------------------------------------------------------------------------

    def _wordings(self) -> list[Wording]:
        lang = self.lang
        acronyms = {t.term[lang].casefold() for t in self.terms if t.abbr}
        chosen: dict[tuple[str, ...], Wording | None] = {}

        def offer(term: Term, text: str, primary: bool) -> None:
            spans = [m.span() for m in _WORD.finditer(text)]
            if not spans or len(spans) > MAX_WORDS or any(_is_acronym(text[a:b], acronyms) for a, b in spans):
                return
            gaps = _gaps(text, spans)
            if None in gaps:
                return
            words = tuple(self._words(text[a:b]) for a, b in spans)
            title = first_sentence(term.definition[lang])
            wording = Wording(term.anchor(), title, text, words, tuple(g or "" for g in gaps), primary)
            keys = _keys(words)
            if keys not in chosen:
                chosen[keys] = wording
                return
            other = chosen[keys]
            if other is None or other.anchor == wording.anchor:
                return
            if other.primary != primary:  # the entry's own wording wins over another entry's synonym
                chosen[keys] = other if other.primary else wording
            else:
                chosen[keys] = None  # two entries claim the same words: explain neither

        own: dict[str, list[tuple[str, ...]]] = {}
        extras: list[tuple[Term, str]] = []
        for term in self.terms:
            anchor = term.anchor()
            groups = [g for g in self.groups if anchor in g.glossary]
            for text in self._own_wordings(term, [t for g in groups for t in g.terms.get(lang, ())]):
                offer(term, text, True)
                own.setdefault(anchor, []).append(_keys(self._words.phrase(text)))
            extras += [(term, text) for g in groups if g.glossary == (anchor,) for text in g.terms.get(lang, ())]
        stops = stop_words(lang)
        for term, text in extras:
            mine = own.get(term.anchor(), [])
            words = _WORD.findall(text)
            keys = _keys(self._words.phrase(text))
            content = {k for k, w in zip(keys, words, strict=True) if len(w) >= 4 and fold(w.lower()) not in stops}
            shares = any(content & set(theirs) for theirs in mine)
            if shares and not any(_contains(keys, theirs) for theirs in mine):
                offer(term, text, False)
        return [w for w in chosen.values() if w is not None]

    def _own_wordings(self, term: Term, listed: Iterable[str]) -> list[str]:
        """The entry's own ways of writing it (see the module's docstring)."""
        lang = self.lang
        if term.abbr:
            expansion = " ".join((term.expansion or {}).get(lang, "").split())
            return [expansion] if expansion else []
        text = " ".join(term.term[lang].split())
        main, inners = _parentheses(text)
        main = main.strip()
        found = [main] if main else []
        listed_keys = {_keys(self._words.phrase(t)): t for t in listed}
        for inner in inners:
            for candidate in (inner, f"{main} {inner}"):
                match = listed_keys.get(_keys(self._words.phrase(candidate)))
                if match and match not in found:
                    found.append(match)
        return found

    # --- linking -------------------------------------------------------------------------------

    def link(
        self,
        markdown: str,
        href: Callable[[str], str],
        *,
        stop_at: Iterable[str] = (),
    ) -> tuple[str, list[str]]:
        """`markdown` with the first use of each entry linked; and the anchors linked, in page order.

        `href(anchor)` gives the URL of an entry; `stop_at` names headings whose sections are left as
        they are.
        """
        mask = prose_mask(markdown, stop_at=stop_at)
        done: set[str] = set()
        found: list[tuple[int, int, Wording]] = []
        for run in _prose_runs(markdown, mask):
            found += self._uses(markdown, run, done)
        out, last = [], 0
        for start, end, wording in found:
            out.append(markdown[last:start])
            out.append(
                f'<a class="{LINK_CLASS}" href="{markdown_attribute(href(wording.anchor))}" '
                f'title="{tooltip_attribute(wording.title)}">{markdown[start:end]}</a>'
            )
            last = end
        out.append(markdown[last:])
        return "".join(out), [w.anchor for _, _, w in found]

    def _uses(self, text: str, run: tuple[int, int], done: set[str]) -> list[tuple[int, int, Wording]]:
        spans = [match.span() for match in _WORD.finditer(text, *run)]
        if not spans:
            return []
        words = [self._words(text[a:b]) for a, b in spans]
        gaps = _gaps(text, spans)
        found = []
        i = 0
        while i < len(spans):
            wording = self._longest(words, gaps, i)
            if wording is None:
                i += 1
                continue
            last = i + len(wording.words) - 1
            if wording.anchor not in done:
                done.add(wording.anchor)
                found.append((spans[i][0], spans[last][1], wording))
            i = last + 1
        return found

    def _longest(self, words: list[_Word], gaps: list[str | None], i: int) -> Wording | None:
        first = words[i]
        candidates = self._by_key.get(first.key, []) + (self._by_stem.get(first.stem, []) if first.stem else [])
        best: Wording | None = None
        for wording in candidates:
            n = len(wording.words)
            if (best is not None and n <= len(best.words)) or i + n > len(words):
                continue
            if tuple(gaps[i : i + n - 1]) != wording.gaps:
                continue
            if all(_agrees(words[i + k], wording.words[k], n) for k in range(n)):
                best = wording
        return best


_LINKERS: dict[str, tuple[object, object, TermLinker]] = {}


def term_linker(terms: Sequence[Term], groups: Sequence[SynonymGroup], lang: str) -> TermLinker:
    """The linker of `lang` for these terms and thesaurus groups, made once per build and language.

    Polish words are compared by the search's lemmas and stems (`PolishAnalyzer`); English ones by
    simplemma's English lemma, not by the search's Porter2 stem, which joins "application" with
    "applicant" and "interpret" with "interpreter".
    """
    cached = _LINKERS.get(lang)
    if cached is not None and cached[0] is terms and cached[1] is groups:
        return cached[2]
    if lang == "pl":
        polish = analyzer("pl")
        linker = TermLinker(terms, groups, lang, polish.lemma, polish.stem)
    else:
        linker = TermLinker(terms, groups, lang, lexicon(lang).lemmatize)
    _LINKERS[lang] = (terms, groups, linker)
    return linker


# --- which parts of the Markdown are prose -------------------------------------------------------
#
# A chapter may be 1 MB and one paragraph may be all of it, so nothing here scans ahead from each
# opener: the end of every construct (the matching bracket, the next code span of the same length,
# the tag that closes this one, the paragraph's end) is looked up in indexes built in one pass over
# the text, and the mask takes O(n log n) time whatever the input (and one linear search for each of the
# page's own abbreviations).  The result is the same as that of the regex scans each method names.

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_ATX = re.compile(r"^(?:[ \t]*>)*[ \t]*(#{1,6})(?:[ \t]+|$)(.*)$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_OPENER = re.compile(r"^[ \t]*(?:!!!|\?\?\?\+?)")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+")
_DEFINITION = re.compile(r"^[ \t]{0,3}(?:\*\[[^\]]*\]|\[[^\]]+\]):")
_ATTR_LINE = re.compile(r"^[ \t]*\{:?[^}\n]*\}[ \t]*$")
_ABBR_START = re.compile(r"^[ \t]{0,3}\*\[", re.MULTILINE)
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>")
# Every tag, with the characters a tag name matches case-insensitively (re.IGNORECASE): "ſ" is "s",
# "K" (Kelvin) is "k", "İ" and "ı" are "i".
_ANY_TAG = re.compile(r"<(/?)([A-Za-z0-9\u0130\u0131\u017f\u212a-]+)(?:\s[^<>]*)?/?>")
_TAG_NAME_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*|[^<>\s@]+@[^<>\s]+)>")
_URL = re.compile(r"\b(?:https?|ftp|mailto):[^\s<>()]+|\bwww\.[^\s<>()]+")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_DELIMITER_RUN = re.compile(r"\*+|_+")
_BEFORE_BRACE = re.compile(r"[*_]\{")
_PARAGRAPH_BREAK = re.compile(r"\n(?=[ \t]*\n)")  # where `\n[ \t]*\n` starts
_ESCAPE = re.compile(r"\\[\s\S]")
_SPECIAL = re.compile(r"[\\`<\[!{]")
_BACKTICKS = re.compile(r"`+")
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())


def _heading_text(text: str) -> str:
    # What `re.sub(r"\{[^}]*\}\s*$", "", text)` leaves, without a scan from every "{": the match must
    # end at the last "}" (only spaces after it) and starts at the first "{" after the one before.
    last = text.rfind("}")
    if last != -1 and (last + 1 == len(text) or text[last + 1 :].isspace()):
        start = text.find("{", text.rfind("}", 0, last) + 1, last)
        text = text if start == -1 else text[:start]
    return " ".join(text.strip().strip("#").split()).casefold()


def prose_mask(markdown: str, *, stop_at: Iterable[str] = ()) -> bytearray:
    """One byte per character of `markdown`: 1 where the text is left alone, 0 where it is prose."""
    mask = bytearray(len(markdown))
    _mask_blocks(markdown, mask, {" ".join(s.split()).casefold() for s in stop_at})
    _Inline(markdown, mask).run()
    return mask


def _protect(mask: bytearray, start: int, end: int) -> None:
    mask[start:end] = b"\x01" * (end - start)


def _mask_blocks(markdown: str, mask: bytearray, stop_at: set[str]) -> None:
    offset = 0
    fence: tuple[str, int] | None = None
    container = in_code = False
    previous_blank = True
    previous_start = 0
    block_start = 0
    lang_until = 0  # [block_start, lang_until) is protected already by an attribute list of this block
    stopped = 0  # while > 0: in a section under a `stop_at` heading of this level
    for line in markdown.splitlines(keepends=True):
        start, end = offset, offset + len(line)
        offset = end
        body = line.rstrip("\r\n")
        blank = not body.strip()
        expanded = body.expandtabs(4)
        indent = len(expanded) - len(expanded.lstrip(" "))
        opening = _FENCE.match(body)
        code = not blank and indent >= 4 and (previous_blank or in_code) and (not container or indent >= 8)
        heading = None if fence or code else _ATX.match(body)
        if heading:
            level = len(heading.group(1))
            if stopped and level <= stopped:
                stopped = 0
            if _heading_text(heading.group(2)) in stop_at:
                stopped = level
        if fence is not None:
            _protect(mask, start, end)
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= fence[1]:
                fence = None if not body[opening.end() :].strip() else fence
        elif stopped or code:
            _protect(mask, start, end)
        elif opening:
            fence = (opening.group(1)[0], len(opening.group(1)))
            _protect(mask, start, end)
        elif heading or _OPENER.match(body) or _DEFINITION.match(body):
            _protect(mask, start, end)
            container = bool(_OPENER.match(body)) or (container and not heading)
        elif _SETEXT.match(body) and not previous_blank:
            _protect(mask, previous_start, end)
        elif _ATTR_LINE.match(body):
            if "lang" in body:  # the whole block; from where the last such line of the block stopped
                _protect(mask, max(block_start, lang_until), end)
                lang_until = end
            else:
                _protect(mask, start, end)
        elif _LIST_ITEM.match(body):
            container = True
        elif not blank and indent == 0 and previous_blank:
            container = False
        in_code = code or (in_code and blank)
        if blank:
            block_start = end
        previous_blank, previous_start = blank, start


def _positions(pattern: re.Pattern[str], text: str) -> list[int]:
    return [match.start() for match in pattern.finditer(text)]


def _next(positions: Sequence[int], start: int) -> int | None:
    """The first of the sorted `positions` at or after `start`."""
    k = bisect_left(positions, start)
    return positions[k] if k < len(positions) else None


class _Depth:
    """A running depth over steps of +1 (an opener) and -1 (a closer) at increasing positions."""

    def __init__(self, positions: list[int], steps: Iterable[int]) -> None:
        self.positions = positions
        self.after = list(accumulate(steps))  # the depth after each step
        self.reached: dict[int, list[int]] = {}  # depth -> the steps after which it is that depth
        for k, depth in enumerate(self.after):
            self.reached.setdefault(depth, []).append(k)

    def back_to_zero(self, start: int, depth: int) -> int | None:
        """The first step at or after position `start` after which a depth of `depth` before it is 0."""
        k = bisect_left(self.positions, start)
        target = (self.after[k - 1] if k else 0) - depth
        steps = self.reached.get(target, [])
        found = bisect_left(steps, k)
        return steps[found] if found < len(steps) else None

    @classmethod
    def of(cls, text: str, opener: str, closer: str) -> _Depth:
        """The depth of `opener`/`closer` pairs in `text`."""
        either = re.compile(f"[{re.escape(opener + closer)}]")
        positions = [match.start() for match in either.finditer(text)]
        return cls(positions, map({opener: 1, closer: -1}.__getitem__, either.findall(text)))


class _Inline:
    """The inline pass over one text: what the mask protects within paragraphs.

    Each method that ends a construct returns where it ends, as the regex scans of the original
    implementation did, but from the indexes below, each built once on first use.
    """

    def __init__(self, text: str, mask: bytearray) -> None:
        self.text = text
        self.mask = mask
        self._tag_depths: dict[str, _Depth] = {}
        self._paragraph = (0, -1)  # (start, end): every position in between is in a paragraph ending at end

    def run(self) -> None:
        """Protect entities, URLs, attribute-list emphasis, autolinks, abbreviations, then code, HTML, links."""
        text, mask = self.text, self.mask
        for pattern in (_ENTITY, _URL, _AUTOLINK):
            for match in pattern.finditer(text):
                _protect(mask, match.start(), match.end())
        for start, end in self._emphasis_with_attributes():
            _protect(mask, start, end)
        _mask_abbreviations(text, mask, _abbreviation_names(text))
        self._mask_constructs()

    def _mask_constructs(self) -> None:
        text, mask = self.text, self.mask
        i = 0
        while special := _SPECIAL.search(text, i):
            i = special.start()
            if mask[i]:
                i = mask.find(0, i)
                if i == -1:
                    break
                continue
            c = text[i]
            if c == "\\":
                end = min(i + 2, len(text))
            elif c == "`":
                end = self._code_end(i)
            elif c == "<":
                end = self._html_end(i)
            elif c == "[" or (c == "!" and text.startswith("[", i + 1)):
                end = self._link_end(i)
            elif c == "{":
                end = self._brace_end(i)
            else:
                i += 1
                continue
            _protect(mask, i, end)
            i = end

    # --- indexes ---------------------------------------------------------------------------------

    @cached_property
    def _breaks(self) -> list[int]:
        return _positions(_PARAGRAPH_BREAK, self.text)

    @cached_property
    def _closing_braces(self) -> list[int]:
        return _positions(re.compile("}"), self.text)

    @cached_property
    def _newlines(self) -> list[int]:
        return _positions(re.compile("\n"), self.text)

    @cached_property
    def _backtick_runs(self) -> tuple[list[int], list[int], dict[int, list[int]]]:
        """Starts and ends of the runs of backticks, and the starts of the runs of each length."""
        starts, ends, by_length = [], [], {}
        for run in _BACKTICKS.finditer(self.text):
            starts.append(run.start())
            ends.append(run.end())
            by_length.setdefault(run.end() - run.start(), []).append(run.start())
        return starts, ends, by_length

    @cached_property
    def _nesting(self) -> tuple[_Depth, _Depth]:
        """Depth of square brackets and of parentheses, not counting those escaped by a backslash."""
        # Every scan for a closing bracket starts right after a bracket, where a scan from the start
        # of the text would be too; so the escapes it skips are the ones a scan from the start skips.
        text = _ESCAPE.sub("\x00\x00", self.text) if "\\" in self.text else self.text
        return _Depth.of(text, "[", "]"), _Depth.of(text, "(", ")")

    @cached_property
    def _tags(self) -> dict[str, tuple[list[int], list[int], list[int]]]:
        """For each tag name: the starts, ends and steps (+1 opening, -1 closing) of its tags."""
        found: dict[str, tuple[list[int], list[int], list[int]]] = {}
        for tag in _ANY_TAG.finditer(self.text):
            if tag.group(0).endswith("/>"):
                continue
            starts, ends, steps = found.setdefault(tag.group(2).translate(_TAG_NAME_FOLD).lower(), ([], [], []))
            starts.append(tag.start())
            ends.append(tag.end())
            steps.append(-1 if tag.group(1) else 1)
        return found

    def _paragraph_end(self, start: int) -> int:
        if self._paragraph[0] <= start <= self._paragraph[1]:
            return self._paragraph[1]
        end = _next(self._breaks, start)
        end = len(self.text) if end is None else end
        self._paragraph = (start, end)
        return end

    # --- constructs ------------------------------------------------------------------------------

    def _code_end(self, i: int) -> int:
        """A code span runs to the next run of as many backticks in the paragraph; else the run is text."""
        starts, ends, by_length = self._backtick_runs
        run = ends[bisect_right(starts, i) - 1] - i
        closing = _next(by_length.get(run, []), i + run)
        return closing + run if closing is not None and closing < self._paragraph_end(i) else i + run

    def _html_end(self, i: int) -> int:
        text = self.text
        if text.startswith("<!--", i):
            close = text.find("-->", i)
            return close + 3 if close != -1 else len(text)
        autolink = _AUTOLINK.match(text, i)
        tag = _TAG.match(text, i)
        if autolink or not tag:
            return autolink.end() if autolink else i + 1
        name = tag.group(1).lower()
        if not tag.group(0).startswith("</") and not tag.group(0).endswith("/>") and name not in _VOID:
            return self._closing_tag_end(name, tag.end())
        return tag.end()

    def _closing_tag_end(self, name: str, start: int) -> int:
        """The end of the tag that closes `name` (nested ones counted); else the end of the paragraph."""
        starts, ends, steps = self._tags.get(name, ([], [], []))
        depth = self._tag_depths.get(name)
        if depth is None:
            depth = self._tag_depths[name] = _Depth(starts, steps)
        closing = depth.back_to_zero(start, 1)
        return ends[closing] if closing is not None else self._paragraph_end(start)

    def _link_end(self, i: int) -> int:
        text = self.text
        limit = self._paragraph_end(i)
        brackets, parentheses = self._nesting
        closing = brackets.back_to_zero(i + (2 if text[i] == "!" else 1), 1)
        if closing is None or brackets.positions[closing] >= limit:  # no closing bracket: a lone "[" is text
            return i + 1
        end = brackets.positions[closing] + 1
        if end < limit and text[end] in "([":
            depth = parentheses if text[end] == "(" else brackets
            closing = depth.back_to_zero(end, 0)
            if closing is not None and depth.positions[closing] < limit:
                end = depth.positions[closing] + 1
        if end < limit and text[end] == "{":
            close = _next(self._closing_braces, end)
            end = close + 1 if close is not None and close < limit else end
        return end

    def _brace_end(self, i: int) -> int:
        """An attribute list runs to the next "}" when no line ends before it."""
        close = _next(self._closing_braces, i)
        newline = _next(self._newlines, i)
        return close + 1 if close is not None and (newline is None or newline > close) else i + 1

    def _emphasis_with_attributes(self) -> Iterator[tuple[int, int]]:
        """What `(\\*{1,3}|_{1,3})(?=\\S)(?:(?!\\1)[^\\n])+?(?<=\\S)\\1\\{:?[^}\\n]*\\}` finds (`*tekst*{lang=pl}`)."""
        text = self.text
        line_end = -1
        for brace in _BEFORE_BRACE.finditer(text):  # a match ends in "*{" or "_{": only such lines
            if brace.start() < line_end:
                continue
            newline = _next(self._newlines, brace.start())
            line_start = text.rfind("\n", 0, brace.start()) + 1
            line_end = len(text) if newline is None else newline
            yield from self._emphasis_in_line(line_start, line_end)

    def _emphasis_in_line(self, start: int, end: int) -> Iterator[tuple[int, int]]:
        position = start
        for run in _DELIMITER_RUN.finditer(self.text, start, end):
            # 6 or more delimiters from i on: the text after every delimiter of 1-3 starts with it again
            for i in range(max(run.start(), run.end() - 5, position), run.end()):
                found = self._emphasis_at(i, run.end() - i, end)
                if found is not None:
                    yield i, found
                    position = found
                    break

    def _emphasis_at(self, i: int, run: int, line_end: int) -> int | None:
        text = self.text
        for size in range(min(3, run), 0, -1):
            inner = i + size
            if inner >= line_end or text[inner].isspace():
                continue
            closing = text.find(text[i:inner], inner, line_end)  # the lazy body cannot pass the delimiter
            if closing <= inner or text[closing - 1].isspace() or text[closing + size : closing + size + 1] != "{":
                continue
            close = _next(self._closing_braces, closing + size + 1)
            if close is not None and close < line_end:
                return close + 1
        return None


# --- the page's own abbreviations ----------------------------------------------------------------


def _abbreviation_names(text: str) -> set[str]:
    """The names of `*[NAME]: …` definitions, as `re.findall(r"^[ \\t]{0,3}\\*\\[([^\\]]+)\\]:", text, re.M)`."""
    closing = _positions(re.compile(r"\]"), text)
    names, position = set(), 0
    for start in _ABBR_START.finditer(text):
        if start.start() < position:  # inside the previous definition, whose name ran over lines
            continue
        close = _next(closing, start.end())
        if close is not None and close > start.end() and text.startswith(":", close + 1):
            names.add(" ".join(text[start.end() : close].split()))
            position = close + 2
    names.discard("")  # its pattern matches only empty strings
    return names


def _use_pattern(name: str) -> re.Pattern[str]:
    # `(?<!\w)NAME(?!\w)` with the look-behind after the name, so that the regex engine searches for
    # the name as a literal (linear time) and checks one character before it, not the name again.
    return re.compile(rf"{re.escape(name)}(?<!\w.{{{len(name)}}})(?!\w)", re.DOTALL)


def _mask_abbreviations(text: str, mask: bytearray, names: Iterable[str]) -> None:
    """Protect every use of the page's own abbreviations: one linear search per name, and a page has at most
    `markdown_cost.MAX_ABBREVIATIONS` of them (more are refused before the build)."""
    for name in sorted(names):
        for use in _use_pattern(name).finditer(text):
            _protect(mask, use.start(), use.end())


def _prose_runs(text: str, mask: bytearray) -> list[tuple[int, int]]:
    """Maximal runs of prose within one line."""
    lines = bytearray(mask)
    for newline in re.finditer(r"[\r\n]", text):
        lines[newline.start()] = 1
    return [run.span() for run in re.finditer(rb"\x00+", lines)]


__all__ = [
    "LINK_CLASS",
    "TermLinker",
    "Wording",
    "first_sentence",
    "prose_mask",
    "term_linker",
    "tooltip_attribute",
]
