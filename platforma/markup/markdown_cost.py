"""Caps on the Markdown that makes Python-Markdown slow or exhausts its stack, checked before it renders.

Python-Markdown (3.11) spends tens of microseconds on every line and inline element, and is quadratic or
recursive on some inputs: it reads ahead from every '[', '](' and '<' to find where each closes, rebuilds
a paragraph's text for every element in it, re-reads the rest of a block for every heading written inside
it, and recurses once per tight definition or nested `markdown` HTML element. `markdown_cost_problems`
measures all of this in one linear pass and reports where a text goes over a cap, so that the build can
refuse it with `file:line:col: message` before Python-Markdown sees it.

Each cap was set by experiment (time against size on a 2-core machine, Markdown 3.11.3, with the site's
extensions and with the entries' renderer). The worst text within all of them renders in about 0.1 s as a
20,000-character field and in about 0.5 s as a 1 MB page, and the project's own pages, manuals and entries
stay below a sixth of each cap. Text inside code counts like any other: Python-Markdown reads much of it
before it knows that it is code, and real content passes all the same.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

# Lines, blank ones included. Each paragraph, heading, table row or list item costs 30-130 µs, and
# blocks are popped from the front of a list (64,000 one-word paragraphs: 5.6 s; 500,000 blank lines:
# 6 s). At 1,000 the worst field renders in 0.05 s, the worst 1 MB page in 0.5 s. Real content: 92.
MAX_LINES = 1_000
# A page or chapter may be longer than a field: 5,000 lines of one-word paragraphs render in 0.2 s.
PAGE_MAX_LINES = 5_000

# The characters [ < & \ * _ ` | and hard line breaks: each inline element costs about 50 µs and rebuilds
# the rest of its paragraph (32,000 '*a*' in one paragraph: 6 s); each table cell about 20 µs. At 1,500
# the worst field (1,500 links or images) renders in 0.1 s. Real content: 176 (docs/about.md; 204 with
# its glossary links).
MAX_INLINE_MARKS = 1_500
# A page's marks, in all: the cost per mark is linear once each block is within MAX_BLOCK_CHARS (10,000
# marks: about 0.5 s); a field's own cap above bounds the ten Markdown fields of an entry.
PAGE_MAX_INLINE_MARKS = 10_000

# Characters in one block (the lines between two blank lines): bounds what each element of a block
# rebuilds, and the abbreviations found in one paragraph, each inserted at its front (160,000 in one
# paragraph: 4.8 s). A field's own limit. Real content: 1,914 (2,988 with the glossary's links).
MAX_BLOCK_CHARS = 20_000

# Lines in one block that begin a block of their own (a heading, a rule or setext underline, an
# abbreviation, a definition, an admonition): Python-Markdown re-reads the rest of the block for each
# (4,000 '# a' lines in one block: 2 s), and a tight definition list recurses twice per item
# (RecursionError at 496 items). Real content: 3 (5 with the glossary's abbreviations added).
MAX_BLOCK_STARTS = 50

# Characters Python-Markdown reads ahead, in all, to find the ']' of every '[' and the ')' of every
# '](' (0.15-0.4 µs each: 4,000 '![a](' in a field take 5.6 s, 4,000 '[' 3 s). 100,000 take 0.04 s.
# Real content: 721 (docs/about.md).
MAX_LINK_LOOKAHEAD = 100_000

# Characters the HTML reader reads ahead, in all, to find the '>' of every '<tag', '</', '<!' and '<?'
# (about 75 ns each: 8,000 '<a ' in one paragraph take 7 s). 200,000 take 0.02 s. Real content: 235
# (3,804 with the glossary's links added).
MAX_TAG_LOOKAHEAD = 200_000

# Code fence markers (``` or ~~~, two to a code block): pymdownx.superfences spends 0.2-0.6 ms on each.
# Real content: 2.
MAX_FENCES = 200

# Footnote references and definitions ('[^x]'): a definition costs about 0.1 ms, and references to one
# footnote are quadratic (1,600 of them: 2.2 s); 200 cost 0.05 s at most. Real content: 0.
MAX_FOOTNOTES = 200

# Abbreviation definitions ('*[x]:' lines) and uses of the abbreviations defined: each use becomes an
# element (about 10 µs) inserted at the front of its paragraph; 160,000 uses take 4.8 s. Check a page
# with the glossary's definitions added to count its abbreviations too. Real content with them: 5 and 23.
MAX_ABBREVIATIONS = 50
MAX_ABBREVIATION_USES = 2_000

# Characters in an abbreviation: its whole length is compared at every word it might start
# ('*[a a a … b]:' with 4,000 words over 180,000 characters of 'a a a': 0.6 s). Real content: 5 (UNHCR).
MAX_ABBREVIATION_LENGTH = 50

# HTML elements with a `markdown` attribute (md_in_html): nesting them recurses three times a level
# (RecursionError at 331 levels); unclosed ones are quadratic (16,000: 2.4 s). Real content: 1.
MAX_MARKDOWN_IN_HTML = 50

Problem = tuple[int, int, str]

_MARK_CHARS = "[<&\\*_`|"
_MARK = re.compile(r"[\[<&\\*_`|]| {2,}+\n")  # a hard line break: two spaces or more at a line's end
_FENCE = re.compile(r"```|~~~")
_FOOTNOTE = re.compile(r"\[\^")
_BLOCK = re.compile(r"(?:[ \t]*+[^ \t\n][^\n]*+(?:\n|\Z))++")
_BLOCK_START = re.compile(r"^[ \t>]*+(?:#|\*\[|!!!|\?\?\?|:[ \t]|[-*_=][-*_= \t]*+$)", re.MULTILINE)
_ABBREVIATION = re.compile(r"^\*\[([^\\\n]*?)\] ?:", re.MULTILINE)
_BRACKET = re.compile(r"\\.|\[|\]", re.DOTALL)
_OPEN_BRACKET = re.compile(r"\\.|\[", re.DOTALL)
_PAREN_OR_QUOTE = re.compile(r"[()\"']")
_TAG_OPEN = re.compile(r"<[A-Za-z/!?]")
_TAG_STOP = re.compile(r">|=[ \t\n\r\f]*+([\"'])")
_MARKDOWN_ATTRIBUTE = re.compile(r"[\s\"'/]markdown(?![\w-])", re.IGNORECASE)

_SHORTEN = "shorten the text, or split the page into several"
_MARKS_WHAT = "formatting characters ('[', '<', '&', '\\', '*', '_', '`', '|', two spaces ending a line)"


def markdown_cost_problems(text: str, *, page: bool = False) -> list[Problem]:
    """(line, column, message) for every place where `text` goes over a cap on Markdown's cost; [] if none.

    Lines and columns are 1-based and count characters; CRLF and CR end lines, as in Markdown. The caps
    are this module's constants (a `page`, a Markdown file, may have more lines and marks than a field of an
    entry), and each message tells the editor what to change.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    where = _Positions(text)
    max_marks = PAGE_MAX_INLINE_MARKS if page else MAX_INLINE_MARKS
    marks = sum(map(text.count, _MARK_CHARS)) + text.count("  \n")
    fences = text.count("```") + text.count("~~~")
    counted = [
        (_MARK, marks, max_marks, _MARKS_WHAT, "remove the ones that do nothing, or shorten the text"),
        (_FENCE, fences, MAX_FENCES, "code fence markers (``` or ~~~)", "show less code"),
        (_FOOTNOTE, text.count("[^"), MAX_FOOTNOTES, "footnote references and definitions ('[^…]')", "use fewer"),
    ]
    problems = _lines_problems(text, where, PAGE_MAX_LINES if page else MAX_LINES) + _abbreviation_problems(text, where)
    for pattern, count, cap, what, advice in counted:
        problems += _count_problems(text, where, pattern, count, cap, what, advice)
    blocks = _blocks(text)
    for start, end in blocks:
        problems += _block_problems(text, start, end, where)
    # With the marks within their cap there are few openers to follow, so this stays linear; a text
    # with too many marks is refused anyway.
    if marks <= max_marks:
        problems += _link_problems(text, _blocks_with("[", text, blocks), where)
        problems += _tag_problems(text, where)
    return sorted(problems)


class _Positions:
    """Offsets in a text as 1-based (line, column)."""

    def __init__(self, text: str) -> None:
        self.line_starts = [0] + [match.end() for match in re.finditer("\n", text)]

    def __call__(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1


def _blocks(text: str) -> list[tuple[int, int]]:
    """(start, end) of every block: lines with something other than spaces and tabs, between blank lines
    (the end before the last line break)."""
    return [(block.start(), block.end() - (block.group()[-1] == "\n")) for block in _BLOCK.finditer(text)]


def _blocks_with(char: str, text: str, blocks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The blocks in which `char` occurs (found from each occurrence, so as fast as they are few)."""
    starts = [start for start, _ in blocks]
    found: list[int] = []
    for match in re.finditer(re.escape(char), text):
        index = bisect_right(starts, match.start()) - 1
        if not found or found[-1] != index:
            found.append(index)
    return [blocks[index] for index in found]


def _nth(pattern: re.Pattern[str], text: str, start: int, end: int, n: int) -> int:
    """Where the `n`-th (1-based) match of `pattern` in text[start:end] starts."""
    for count, match in enumerate(pattern.finditer(text, start, end), start=1):
        if count == n:
            return match.start()
    raise ValueError(n)


def _lines_problems(text: str, where: _Positions, cap: int) -> list[Problem]:
    """A problem at the first line past `cap` (blank lines count; a final line break ends the last line)."""
    count = len(where.line_starts) - text.endswith("\n")
    if count <= cap:
        return []
    message = f"more than {cap:,} lines in one text ({count:,}); {_SHORTEN}"
    return [(cap + 1, 1, message)]


def _count_problems(
    text: str, where: _Positions, pattern: re.Pattern[str], count: int, cap: int, what: str, advice: str
) -> list[Problem]:
    """A problem at the first match of `pattern` past `cap`, if there are `count` > `cap` of them."""
    if count <= cap:
        return []
    message = f"more than {cap:,} {what} in one text ({count:,}); {advice}"
    return [(*where(_nth(pattern, text, 0, len(text), cap + 1)), message)]


def _abbreviation_problems(text: str, where: _Positions) -> list[Problem]:
    """Too many abbreviation definitions, abbreviations that are too long, or too many uses of them."""
    definitions = list(_ABBREVIATION.finditer(text))
    if len(definitions) > MAX_ABBREVIATIONS:
        message = (
            f"more than {MAX_ABBREVIATIONS} abbreviation definitions ('*[…]:') in one text "
            f"({len(definitions):,}); define fewer"
        )
        return [(*where(definitions[MAX_ABBREVIATIONS].start()), message)]
    long = [match for match in definitions if len(match.group(1)) > MAX_ABBREVIATION_LENGTH]
    if long:
        message = f"an abbreviation may have at most {MAX_ABBREVIATION_LENGTH} characters; write this one in full"
        return [(*where(match.start()), message) for match in long]
    names = sorted({match.group(1) for match in definitions if match.group(1)}, key=len, reverse=True)
    if not names:
        return []
    # The abbr extension finds abbreviations as whole words with this same expression.
    uses = re.compile(rf"\b(?:{'|'.join(map(re.escape, names))})\b")
    count = len(uses.findall(text)) - len(definitions)
    if count <= MAX_ABBREVIATION_USES:
        return []
    message = (
        f"more than {MAX_ABBREVIATION_USES:,} uses of abbreviations in one text ({count:,}); "
        "write some of them out in full, or shorten the text"
    )
    return [(*where(_nth(uses, text, 0, len(text), MAX_ABBREVIATION_USES + len(definitions) + 1)), message)]


def _block_problems(text: str, start: int, end: int, where: _Positions) -> list[Problem]:
    """A block that is too long, or that has too many lines that begin blocks of their own."""
    if end - start > MAX_BLOCK_CHARS:
        message = (
            f"this paragraph or block has {end - start:,} characters without a blank line, more than "
            f"{MAX_BLOCK_CHARS:,}; split it with blank lines (a table into several tables)"
        )
        return [(*where(start), message)]
    if text.count("\n", start, end) < MAX_BLOCK_STARTS:
        return []  # too few lines to have too many block starts
    starts = len(_BLOCK_START.findall(text, start, end))
    if starts <= MAX_BLOCK_STARTS:
        return []
    message = (
        f"more than {MAX_BLOCK_STARTS} headings, rules, definitions, abbreviations or admonitions without a "
        f"blank line between them ({starts:,}); put a blank line before each"
    )
    return [(*where(_nth(_BLOCK_START, text, start, end, MAX_BLOCK_STARTS + 1)), message)]


def _bracket_pairs(text: str, start: int, end: int) -> Iterator[tuple[int, int | None]]:
    """(offset of '[', offset of its ']' or None) for every unescaped '[' in text[start:end].

    Python-Markdown pairs nested brackets the same way; escaped ones are out of its way by then. At most
    two steps per '[': a ']' with nothing open is passed over by searching for the next '['.
    """
    stack: list[int] = []
    pos = start
    while match := (_BRACKET if stack else _OPEN_BRACKET).search(text, pos, end):
        pos = match.end()
        if match.group() == "[":
            stack.append(match.start())
        elif match.group() == "]":
            yield stack.pop(), match.start()
    for opener in stack:
        yield opener, None


def _paren_end(text: str, opener: int, limit: int) -> tuple[int, bool]:
    """(where Python-Markdown stops reading the '(…)' of a link that starts at `opener`, whether a ')'
    closes it there) as an upper bound, or (`limit`, False) if it would read that far.

    It counts nested parentheses until a quote starts a title; from then on only a ')' right after a
    later quote of the same kind closes the link.
    """
    depth = 0
    for match in _PAREN_OR_QUOTE.finditer(text, opener, limit):
        char = match.group()
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return match.end(), True
        else:
            close = text.find(char + ")", match.end(), limit)
            return (limit, False) if close < 0 else (close + 2, True)
    return limit, False


def _link_problems(text: str, blocks: list[tuple[int, int]], where: _Positions) -> list[Problem]:
    """A problem if finding the ends of all '[' and '](' means reading more than MAX_LINK_LOOKAHEAD characters."""
    total = 0
    worst = (-1, 0, "[", False)  # (characters read, -offset, opener, closed)
    for start, end in blocks:
        for opener, closer in _bracket_pairs(text, start, end):
            read = (end if closer is None else closer) - opener
            worst = max(worst, (read, -opener, "[", closer is not None))
            total += read
            if closer is not None and text.startswith("(", closer + 1):
                # No need to read past the cap: the answer is known there.
                limit = min(end, closer + 2 + max(0, MAX_LINK_LOOKAHEAD - total))
                paren_end, closed = _paren_end(text, closer + 1, limit)
                read = paren_end - closer - 1
                worst = max(worst, (read, -(closer + 1), "(", closed))
                total += read
            if total > MAX_LINK_LOOKAHEAD:
                return [(*where(-worst[1]), _link_message(*worst))]
    return []


def _link_message(read: int, _offset: int, opener: str, closed: bool) -> str:
    what = "'[' of a link or image" if opener == "[" else "'(' after '](' of a link or image"
    state = (
        f"is closed only {read:,} characters later" if closed else f"is not closed in the {read:,} characters after it"
    )
    return (
        f"Markdown would read more than {MAX_LINK_LOOKAHEAD:,} characters ahead to find where the links here "
        f"end; this {what} {state}. Close brackets and parentheses that are left open, write a literal "
        "bracket as '\\[', or split long paragraphs"
    )


def _tag_end(text: str, opener: int, limit: int, last_quote: dict[str, int]) -> int:
    """Where the HTML reader stops reading what starts at `opener` ('<' and a letter, '/', '!' or '?').

    An upper bound, or `limit` if it reads that far: a start tag ends at the first '>' that is not inside
    an attribute's quoted value; the others at their first '>' ('?>' and ']]>' for <? and <![CDATA[).
    """
    kind = text[opener + 1]
    if kind in "/!?":
        if text.startswith("<!--", opener):
            return opener + 4  # an unclosed comment is searched for once, a closed one skipped
        close = "?>" if kind == "?" else "]]>" if text.startswith("<![CDATA[", opener) else ">"
        found = text.find(close, opener + 2, limit)
        return limit if found < 0 else found + len(close)
    pos = opener + 1
    while match := _TAG_STOP.search(text, pos, limit):
        if match.group() == ">":
            return match.end()
        quote = match.group(1)
        close = text.find(quote, match.end(), min(limit, last_quote[quote] + 1))
        pos = match.end() if close < 0 else close + 1
    return limit


def _tag_problems(text: str, where: _Positions) -> list[Problem]:
    """Reading ahead too far to find the ends of HTML tags; too many elements with a `markdown` attribute."""
    problems: list[Problem] = []
    total = 0
    worst = (-1, 0)  # (characters read, -offset)
    markdown_elements: list[int] = []
    last_quote = {quote: text.rfind(quote) for quote in "\"'"}  # no search for a closing quote is in vain
    for opener in (match.start() for match in _TAG_OPEN.finditer(text)):
        tag_end = _tag_end(text, opener, min(len(text), opener + MAX_TAG_LOOKAHEAD - total + 1), last_quote)
        total += tag_end - opener
        worst = max(worst, (tag_end - opener, -opener))
        if text[opener + 1] not in "/!?" and _MARKDOWN_ATTRIBUTE.search(text, opener, tag_end):
            markdown_elements.append(opener)
        if total > MAX_TAG_LOOKAHEAD:
            message = (
                f"the HTML reader would read more than {MAX_TAG_LOOKAHEAD:,} characters ahead to find where "
                f"the tags here end; this '<' is followed by {worst[0]:,} characters before its '>'. Close the "
                "tag with '>', or write a '<' that starts no tag as '&lt;'"
            )
            problems.append((*where(-worst[1]), message))
            break
    if len(markdown_elements) > MAX_MARKDOWN_IN_HTML:
        message = (
            f"more than {MAX_MARKDOWN_IN_HTML} HTML elements with a 'markdown' attribute in one text "
            f"({len(markdown_elements):,}); write the content in Markdown itself"
        )
        problems.append((*where(markdown_elements[MAX_MARKDOWN_IN_HTML]), message))
    return problems
