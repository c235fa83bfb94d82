"""Glossary terms explained where a chapter first uses them (platforma.pages.glossary_links), and the A–Z index.

The linker runs on Markdown with the site's own lemmatiser; what it writes is rendered here with the
site's Markdown extensions and sanitiser, as a chapter is.
"""

from __future__ import annotations

import html
import random
import re
from collections.abc import Iterable
from html.parser import HTMLParser

import markdown as python_markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from platforma.content.glossary import (
    Term,
    abbreviation_block,
    letter_groups,
    letter_index,
    load_glossary,
    sorted_terms,
)
from platforma.content.thesaurus import SynonymGroup, load_thesaurus
from platforma.markup.sanitise import clean_html
from platforma.pages.glossary_links import (
    _PARENTHESIS,
    _mask_abbreviations,
    _parentheses,
    first_sentence,
    prose_mask,
    term_linker,
)

EXTENSIONS = [
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "footnotes",
    "md_in_html",
    "tables",
    "toc",
    "pymdownx.details",
    "pymdownx.superfences",
]
PAYLOAD = '"><img src onerror=alert(1)>PWN</title><script>alert(2)</script> | `x` [a](javascript:alert(3)) *b* & c'


def term(pl: str, en: str, definition_pl: str = "Definicja. Drugie zdanie.", **more) -> Term:
    return Term(
        term={"pl": pl, "en": en},
        definition={"pl": definition_pl, "en": "A definition."},
        source={"pl": "", "en": ""},
        **more,
    )


TERMS = [
    term("ochrona międzynarodowa", "international protection", "Status uchodźcy albo ochrona uzupełniająca."),
    term("ochrona uzupełniająca", "subsidiary protection"),
    term("przyjmowanie (warunki przyjmowania)", "reception (reception conditions)"),
    term("kierowanie (do usług)", "referral"),
    term("ośrodek dla cudzoziemców", "centre for foreigners"),
    term("strzeżony ośrodek dla cudzoziemców", "guarded centre for foreigners"),
    term("tłumacz ustny", "interpreter"),
    term("wnioskodawca", "applicant for international protection"),
    term("UAM", "UAM", abbr=True, expansion={"pl": "małoletni bez opieki", "en": "unaccompanied minor"}),
]
GROUPS = [
    SynonymGroup(
        "subsidiary", {"pl": ("ochrona uzupełniająca", "ochrona subsydiarna"), "en": ()}, ("subsidiary-protection",)
    ),
    SynonymGroup(
        "reception",
        {"pl": ("przyjmowanie", "warunki przyjmowania", "kieszonkowe"), "en": ("reception", "reception conditions")},
        ("reception--reception-conditions",),
    ),
    SynonymGroup("referral", {"pl": ("kierowanie", "kierowanie do usług", "skierowanie"), "en": ()}, ("referral",)),
    SynonymGroup(
        "applicants",
        {"pl": ("wnioskodawca",), "en": ("applicant for international protection", "applicant")},
        ("applicant-for-international-protection",),
    ),
]


@pytest.fixture(scope="module")
def polish():
    return term_linker(TERMS, GROUPS, "pl")


@pytest.fixture(scope="module")
def english():
    return term_linker(TERMS, GROUPS, "en")


def link(linker, text: str, **options) -> tuple[str, list[str]]:
    return linker.link(text, lambda anchor: f"../glossary/#{anchor}", **options)


def linked(text: str) -> list[tuple[str, str]]:
    """(anchor, linked words) of every glossary link in Markdown or HTML."""
    return re.findall(r'<a class="pw-term" href="\.\./glossary/#([^"]+)"[^>]*>([^<]*)</a>', text)


def render(text: str) -> str:
    return clean_html(python_markdown.markdown(text, extensions=EXTENSIONS))


# --- which words are a use of a term ------------------------------------------------------------


def test_only_the_first_use_in_a_page_is_linked(polish):
    out, anchors = link(polish, "Ochrona międzynarodowa to status.\n\nO ochronę międzynarodową prosi wnioskodawca.")
    assert linked(out) == [
        ("international-protection", "Ochrona międzynarodowa"),
        ("applicant-for-international-protection", "wnioskodawca"),
    ]
    assert anchors == ["international-protection", "applicant-for-international-protection"]


def test_inflected_forms_are_uses_of_the_term(polish):
    out, _ = link(
        polish, "Wniosek o udzielenie ochrony międzynarodowej złożyło dwóch wnioskodawców z pomocą tłumaczy ustnych."
    )
    assert linked(out) == [
        ("international-protection", "ochrony międzynarodowej"),
        ("applicant-for-international-protection", "wnioskodawców"),
        ("interpreter", "tłumaczy ustnych"),  # "tłumaczy" is read as the verb: the stem joins it to "tłumacz"
    ]


def test_a_verb_is_not_its_verbal_noun(polish):
    out, _ = link(polish, "Trzeba kierować się rozsądkiem. Potem zajmujemy się kierowaniem do usług.")
    assert linked(out) == [("referral", "kierowaniem do usług")]


def test_a_use_inside_a_longer_term_is_not_split(polish):
    out, _ = link(
        polish,
        "Osoby w strzeżonym ośrodku dla cudzoziemców; potem w strzeżonym ośrodku dla cudzoziemców; "
        "a na końcu w ośrodku dla cudzoziemców.",
    )
    assert linked(out) == [
        ("guarded-centre-for-foreigners", "strzeżonym ośrodku dla cudzoziemców"),
        ("centre-for-foreigners", "ośrodku dla cudzoziemców"),
    ]
    assert out.count("<a ") == 2 and out.rindex("<a ") > out.index("a na końcu")


def test_thesaurus_names_of_a_term_are_uses_and_loose_synonyms_are_not(polish):
    out, _ = link(polish, "Ochrona subsydiarna i kieszonkowe; warunki przyjmowania.")
    assert linked(out) == [
        ("subsidiary-protection", "Ochrona subsydiarna"),
        ("reception--reception-conditions", "warunki przyjmowania"),  # the parenthesis names the term
    ]


def test_an_acronyms_expansion_is_linked_and_the_acronym_left_to_its_abbr(polish):
    out, _ = link(polish, "UAM, czyli małoletni bez opieki.")
    assert linked(out) == [("uam", "małoletni bez opieki")]
    assert out.startswith("UAM, czyli")


def test_english_uses_lemmas_not_stems(english):
    out, _ = link(english, "Each application is read. Two applicants asked for international protection.")
    assert linked(out) == [
        ("applicant-for-international-protection", "applicants"),
        ("international-protection", "international protection"),
    ]


def test_words_on_two_lines_or_split_by_punctuation_are_not_one_use(polish):
    out, _ = link(polish, "ochrona\nmiędzynarodowa; ochrona. Międzynarodowa")
    assert linked(out) == []


# --- where a use is never linked ----------------------------------------------------------------

UNTOUCHABLE = """\
# Ochrona międzynarodowa

Ochrona międzynarodowa w nagłówku setext
----------------------------------------

## Ochrona międzynarodowa {#ochrona}

[ochrona międzynarodowa](ochrona.md), ![ochrona międzynarodowa](img.png), [ochrona międzynarodowa][ref] i [^ochrona].

`ochrona międzynarodowa` i ``ochrona ` międzynarodowa``

```text
ochrona międzynarodowa
```

    ochrona międzynarodowa (blok kodu z wcięciem)

!!! note "Ochrona międzynarodowa"
    Treść uwagi.

<span lang="en">ochrona międzynarodowa</span> <abbr title="x">ochrona międzynarodowa</abbr>
<div markdown>
ochrona międzynarodowa
</div>

*ochrona międzynarodowa*{lang=en}, <https://example.org/ochrona-międzynarodowa>, https://x.org/ochrona międzynarodowa

Akapit w innym języku: ochrona międzynarodowa
{: lang=en }

<!-- ochrona międzynarodowa -->
&ochrona;

[ref]: https://example.org "ochrona międzynarodowa"
"""


def test_headings_links_code_html_other_languages_and_titles_are_left_alone(polish):
    out, anchors = link(polish, UNTOUCHABLE)
    assert anchors == [] and out == UNTOUCHABLE
    out, anchors = link(polish, UNTOUCHABLE + "\nA tu ochrona międzynarodowa w zwykłym tekście.\n")
    assert anchors == ["international-protection"]
    assert linked(out) == [("international-protection", "ochrona międzynarodowa")]
    assert out.index("<a ") > out.index("A tu")


def test_words_the_page_defines_as_an_abbreviation_are_left_to_it(polish):
    text = "Tu ochrona międzynarodowa.\n\n*[ochrona międzynarodowa]: zdefiniowana na stronie\n"
    assert link(polish, text) == (text, [])


def test_indented_text_in_a_list_or_admonition_is_prose(polish):
    out, _ = link(polish, "- punkt\n\n    ochrona międzynarodowa w punkcie\n\n!!! note\n\n    wnioskodawca w uwadze\n")
    assert linked(out) == [
        ("international-protection", "ochrona międzynarodowa"),
        ("applicant-for-international-protection", "wnioskodawca"),
    ]


def test_sections_named_in_stop_at_are_left_alone(polish):
    text = "## Wstęp\n\nTekst.\n\n## Źródła\n\n- Ustawa, wnioskodawca\n\n## Dalej\n\nwnioskodawca\n"
    out, _ = link(polish, text, stop_at=["Źródła"])
    assert linked(out) == [("applicant-for-international-protection", "wnioskodawca")]
    assert out.index("<a ") > out.index("## Dalej")


def test_the_mask_covers_exactly_the_code_span():
    text = "a `b` c"
    assert list(prose_mask(text)) == [0, 0, 1, 1, 1, 0, 0]


# --- what the link says, and that nothing in it is markup -----------------------------------------


def test_the_title_is_the_first_sentence_of_the_definition(polish):
    out, _ = link(polish, "Ochrona międzynarodowa.")
    assert 'title="Status uchodźcy albo ochrona uzupełniająca."' in out
    assert first_sentence("Zgodnie z art. 2 lit. k dyrektywy, m.in. Dyrektywa 2013/33/UE. Dalej.") == (
        "Zgodnie z art. 2 lit. k dyrektywy, m.in. Dyrektywa 2013/33/UE."
    )
    assert first_sentence("Nazwa dla MOPS (zob. MOPS). Dalej.") == "Nazwa dla MOPS (zob. MOPS)."
    long = first_sentence("słowo " * 100)
    assert len(long) <= 300 and long.endswith("…")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_a_hostile_definition_is_text_in_the_attribute_and_in_materials_tooltip():
    terms = [term("ochrona międzynarodowa", "international protection", PAYLOAD)]
    linker = term_linker(terms, [], "pl")
    text = "| kolumna | druga |\n| --- | --- |\n| ochrona międzynarodowa | x |\n"
    out, _ = link(linker, text)
    page = render(out)
    parser = _Links()
    parser.feed(page)
    assert [tag for tag, _ in parser.tags if tag not in {"table", "thead", "tbody", "tr", "th", "td", "a"}] == []
    assert len([tag for tag, _ in parser.tags if tag == "td"]) == 2  # the table kept its two cells
    (attrs,) = [attrs for tag, attrs in parser.tags if tag == "a"]
    assert attrs["href"] == "../glossary/#international-protection"
    # Material's tooltip is `innerHTML = title`: the title must be the definition escaped as HTML
    assert attrs["title"] == html.escape(first_sentence(PAYLOAD), quote=False)
    assert "<" not in attrs["title"]


def test_a_hostile_abbreviation_is_text_in_materials_tooltip():
    hostile = [term("XYZ", "XYZ", abbr=True, expansion={"pl": PAYLOAD, "en": PAYLOAD})]
    page = render("XYZ w tekście." + abbreviation_block(hostile, "pl", "XYZ w tekście."))
    parser = _Links()
    parser.feed(page)
    assert [tag for tag, _ in parser.tags] == ["p", "abbr"]
    assert parser.tags[1][1]["title"] == html.escape(" ".join(PAYLOAD.split()), quote=False)


# --- the project's own glossary ------------------------------------------------------------------


@pytest.fixture(scope="module")
def glossary():
    terms, problems = load_glossary()
    assert not problems
    groups, problems = load_thesaurus(glossary=terms)
    assert not problems
    return terms, groups


def test_every_term_that_is_not_an_acronym_can_be_recognised_in_its_own_words(glossary):
    terms, groups = glossary
    for lang in ("pl", "en"):
        linker = term_linker(terms, groups, lang)
        for t in terms:
            if t.abbr:
                continue
            words = re.sub(r"\s*\([^)]*\)", "", t.term[lang])
            _, anchors = linker.link(f"Tekst: {words}.", lambda anchor: anchor)
            assert anchors == [t.anchor()], (lang, words)


# --- A–Z index of the glossary page --------------------------------------------------------------


def test_letters_follow_the_polish_alphabet_and_only_letters_with_terms_are_links():
    terms = [term(pl, "x") for pl in ("łódź", "lód", "śnieg", "sól", "Żuraw", "zupa", "abc", "1 maja")]
    rows = sorted_terms(terms, "pl")
    groups = letter_groups(rows)
    assert [(g["letter"], [r["term"] for r in g["terms"]]) for g in groups] == [
        ("A", ["abc"]),
        ("L", ["lód"]),
        ("Ł", ["łódź"]),
        ("S", ["sól"]),
        ("Ś", ["śnieg"]),
        ("Z", ["zupa"]),
        ("Ż", ["Żuraw"]),
        ("#", ["1 maja"]),
    ]
    assert len({g["id"] for g in groups}) == len(groups)
    assert all(re.fullmatch(r"az-[a-z0-9]+", g["id"]) for g in groups)
    index = letter_index(groups, "pl")
    letters = [item["letter"] for item in index]
    assert letters[:4] == ["A", "B", "C", "Ć"] and letters[-4:] == ["Z", "Ź", "Ż", "#"]
    assert "Q" not in letters and "Ą" not in letters
    assert {item["letter"] for item in index if item["id"]} == {g["letter"] for g in groups}


def test_english_index_is_a_to_z():
    groups = letter_groups(sorted_terms([term("x", "referral"), term("y", "age")], "en"))
    index = letter_index(groups, "en")
    assert [item["letter"] for item in index] == list("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    assert [item["id"] for item in index if item["id"]] == ["az-a", "az-r"]


# --- the mask is the one computed before it was made linear, on any text --------------------------
#
# `_old_prose_mask` below is the implementation that scanned ahead from every opener (quadratic on
# hostile input); the mask must stay byte for byte what it gave.

CHAPTERS = sorted((ROOT / "manuals").glob("*/*.md")) + sorted((ROOT / "docs").glob("*.md"))
STOPS = [(), ("Źródła",), ("a",), ("a b",), ("Sources",)]
CHARACTERS = "[]()!\\`*_{}<>\n\n  \t\rab#>-19:;/=&@.İſKé\u00a0"
PIECES = [
    *CHARACTERS,
    *"``` `` ![ ]( ][ ]: *[ ** __ *{ _{ }{ \\[ \\] \\` \\\\ &amp; &#9; &#x1F; &a; <!-- -->".split(),
    "<div>", "</div>", "<div markdown>", "<b>", "</B>", "<br>", "<br/>", "<span lang=en>", "</span>", "<ſpan>",
    "<i>", "</İ>", "<s>", "</ſ>", "<k>", "</K>", "*****", "_____", "<a:b>", "<x@y>", "<a ", "http://a", "www.a",
    "mailto:a", "{lang=en}", "{: lang=pl }", "*a*{x}", "_a_{:y}",
    "\n\n", "\n \n", "    ", "        ", "# ", "## Źródła\n", "# a {#x}\n", "!!! note", "??? ", "- ", "1. ",
    "===\n", "---\n", "*[ab]: x\n", "*[a a]: x\n", "*[a\nb]: x\n", "[ab]: x\n", "ab", "a a", "a b", " a a a ",
]  # fmt: skip


def _near(*parts: list[str]) -> st.SearchStrategy[str]:
    """One of each list of alternatives, joined: constructs that match, and ones that almost do."""
    return st.tuples(*(st.sampled_from(alternatives) for alternatives in parts)).map("".join)


CONSTRUCTS = [
    _near(  # emphasis with an attribute list
        ["*", "**", "***", "****", "_", "__", "___", "*_", "******"],
        ["", " ", "*", "_", "\n"],
        ["a", "a b", "a*b", "a_b", "a**b", ""],
        ["", " ", "\t", "*"],
        ["*", "**", "***", "_", "__", "___"],
        ["{", "", " {", "{:", "{{"],
        ["x", "", "\n", "}", "x y", "*"],
        ["}", "", "}}", "\n}"],
    ),
    _near(  # headings, for the `stop_at` names "a" and "a b"
        ["# ", "## ", "#", " > # ", "####### ", "a\n", "    # "],
        ["a", "a b", "", "Źródła", "a {b} a"],
        ["", " {x}", "{}", " {#a} ", " {a{b}", " {a}}", "{", "}", " }{"],
        ["", " ", "\t", " c", "\u00a0", " #", "\x0b"],
        ["\n", "", "\n=\n", "\n---\n", "\n\nb\n## c\n"],
    ),
    _near(  # links, images, references
        ["[", "![", "!", "\\[", "[[", "]"],
        ["a", "", "a]b[", "\\]", "[a]", "\n\n", "\\"],
        ["]", "", "]]", "\\]"],
        ["(", "[", "", "{", " (", "(("],
        ["b", "", "(b)", "\\)", ")", "\n\n", "[c]"],
        [")", "]", "", "))", "\\"],
        ["{x}", "{", "", "}", "{\n}"],
    ),
    _near(["`", "``", "```", "\\`"], ["a", "", " a ` b ", "\n", "\n\n", "``"], ["`", "``", "", "```"], ["", "`", " "]),
    _near(  # raw HTML
        ["<", "</", "<!--", "<a:", "<x@"],
        ["b", "B", "div", "İ", "ſpan", "span", "br", "i", "a-b", ""],
        ["", " x=1", " markdown", "/", " <", "\n\n"],
        [">", "", "/>", "-->"],
        ["a", "", "\n\n", "</b>", "</div>", "</İ>", "<b>"],
    ),
    _near(  # abbreviations and their uses
        ["*[", " *[", "    *[", "[", "*"],
        ["a", "a a", "a-", "-a", "a\nb", "", " ", "a]b"],
        ["]:", "]", ":", "]: x\n"],
        [" x\n", "\n", ""],
        ["a a a", "a- a-", "-a-a-", "ba a", "a_", " a\nb "],
    ),
]
texts = st.one_of(
    st.text(alphabet=CHARACTERS, max_size=120),
    st.lists(st.sampled_from(PIECES), max_size=60).map("".join),
    st.lists(st.one_of(st.sampled_from(PIECES), *CONSTRUCTS), max_size=12).map("".join),
)


@settings(max_examples=1000, deadline=None)
@given(texts, st.sampled_from(STOPS))
def test_the_mask_is_unchanged_on_random_markdown(text, stop_at):
    assert prose_mask(text, stop_at=stop_at) == _old_prose_mask(text, stop_at=stop_at)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_the_mask_is_unchanged_on_every_chapter(path):
    text = path.read_text(encoding="utf-8")
    assert prose_mask(text, stop_at=["Źródła", "Sources"]) == _old_prose_mask(text, stop_at=["Źródła", "Sources"])


def _symbols(count: int) -> str:
    return "".join(c for c in map(chr, range(0x2010, 0x2060)) if not re.match(r"[\w\s]", c))[:count]


HOSTILE = {  # the cases of the timing bench, small
    "brackets": lambda n: "[" * n,
    "stars and brackets": lambda n: "*[" * n,
    "images": lambda n: "![a](" * n,
    "links": lambda n: "[a](" * n + "[b][" * n + "[c]{" * n + ")" + "]",
    "code": lambda n: "".join("`" * k + " x " for k in range(1, n)) + "``a`" * n,
    "braces": lambda n: "{ " * n + "{a\n" * n + "}",
    "emphasis": lambda n: "*a*{" * n + "_a_{" * n + "**a" + " b" * n + "}",
    "tags": lambda n: "<div>\n\n" * n + "<b>" * n + "</b>" * (n // 2) + "".join(f"<t{i % 5}>" for i in range(n)),
    "autolinks and comments": lambda n: "<a:" * n + "<!--" * n + "<x@y" * n + "-->",
    "headings": lambda n: "# " + "{" * n + "}\n# a {" + "}" * n + "\n" + " >" * n + "# x\n",
    "attribute lists": lambda n: "{lang}\n" * n + "\n{: lang=pl }\n" * n,
    "escapes": lambda n: "[\\" * n + "\\" * n + "](\\)" * n,
    "unclosed definitions": lambda n: "*[a\n" * n + "]: x\n",
    "definitions": lambda n: "".join(f"*[AB{i}]: x\n" for i in range(n)) + " ".join(f"AB{i}" for i in range(n)),
    "nested definitions": lambda n: "".join("*[" + " a" * j + "]: x\n" for j in range(1, n)) + "a " * n,
    "long definition": lambda n: "*[" + "a " * n + "b]: x\n" + "a " * (2 * n),
    "periodic definitions": lambda n: (
        "".join(f"*[{(_symbols(5) * 9)[r : r + length]}]: x\n" for length in range(6, 14) for r in range(5))
        + _symbols(5) * n
    ),
}
SNIPPETS = [
    UNTOUCHABLE,
    "a `b` c ``d ` e`` f ``` g",
    "`a\n\n`b`",
    "[a\n\nb](c)",
    "[a](b\n\nc)",
    "[a]\\(b) [c](d\\)e) [f\\]g](h)",
    "\\\\[a](b) \\[c](d)",
    "![a](b){c} ![d][e]{f",
    "<div>a<div>b</div>c</DIV>d</div>e",
    "<ſpan>a</span>b</ſpan>c</SPAN>",
    "<b>a\n\nb</b>",
    "<br>a <img src=x> b <hr/> c",
    "<!-- a --> b <!-- c",
    "*a*{lang=en} **b**{: .x} ***c***{} _d_{x} __e__{ y } *f* {g} *h*{i\nj}",
    "****a****{x} *a**{b}* _*a*_{c}",
    "# A {#a}\n## Źródła {: .x }\n- a\n## B\nb\n",
    "Źródła\n===\n\na\n",
    "- a\n\n        code\n\n    text\n",
    '!!! note "a"\n    b\n',
    "```\na\n````\nb\n```` c\n~~~\nd\n",
    "a\n{: lang=en }\nb\n\nc\n{lang}\n{lang}\n",
    "*[UAM]: x\n*[ UAM  z ]: y\n UAM z and UAM-z and xUAM and UAM_ and UAM",
    "*[a-]: x\n a-a-a- a- -a-",
    "*[-a-]: x\n-a-a-a-a- b-a-",
    "*[a a]: x\na a a a a a",
    "http://a.b/[c](d) www.x.y <https://z> <a@b.c> &amp;&#1;&#x2; &a",
    "[a][b][c] [d]() [e](f)(g) [h](i)[j]",
    "a\r\nb\rc\n\r\n[d\r\n\r\ne]",
    "*****a***{x} ______a___{y} ****a**{z} ***a*{w}",
    "<i>a</İ>b</i>c <s>d</ſ>e <kbd>f</Kbd>g <dir>h</dır>i",
    "    [a](b)\n\n[c](d)\n",
    "*[x\\]: y\n x\\[a](b) x\\\\[c] x\\`d` x\\<b>e</b>",  # an escape whose backslash is in a protected use
]
SEEDED = ["".join(random.Random(seed).choices(PIECES, k=seed % 97)) for seed in range(200)]
FIXED = SNIPPETS + SEEDED + [make(n) for make in HOSTILE.values() for n in (1, 3, 10, 40)]


@pytest.mark.parametrize("text", FIXED)
def test_the_mask_is_unchanged_on_fixed_examples(text):
    for stop_at in STOPS:
        assert prose_mask(text, stop_at=stop_at) == _old_prose_mask(text, stop_at=stop_at)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aab -._1é\u2020", max_size=50), st.data())
def test_abbreviation_uses_are_found_as_their_regexes_find_them(text, data):
    """Uses found by the linear search per name, against the look-behind regex it replaces."""
    substrings = st.tuples(st.integers(0, len(text)), st.integers(1, 12)).map(lambda s: text[s[0] : s[0] + s[1]])
    names = data.draw(st.lists(substrings | st.text(alphabet="ab -.", min_size=1, max_size=5), max_size=8))
    names = {" ".join(name.split()) for name in names} - {""}
    expected = bytearray(len(text))
    for name in names:
        for use in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            expected[use.start() : use.end()] = b"\x01" * len(use.group())
    found = bytearray(len(text))
    _mask_abbreviations(text, found, names)
    assert found == expected


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="() a\t", max_size=40))
def test_a_terms_parentheses_are_what_the_regex_finds(text):
    assert _parentheses(text) == (_PARENTHESIS.sub("", text), _PARENTHESIS.findall(text))


# --- reference: prose_mask before it was made linear ----------------------------------------------

_OLD_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_OLD_ATX = re.compile(r"^(?:[ \t]*>)*[ \t]*(#{1,6})(?:[ \t]+|$)(.*)$")
_OLD_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_OLD_OPENER = re.compile(r"^[ \t]*(?:!!!|\?\?\?\+?)")
_OLD_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+")
_OLD_DEFINITION = re.compile(r"^[ \t]{0,3}(?:\*\[[^\]]*\]|\[[^\]]+\]):")
_OLD_ATTR_LINE = re.compile(r"^[ \t]*\{:?[^}\n]*\}[ \t]*$")
_OLD_ABBR_NAME = re.compile(r"^[ \t]{0,3}\*\[([^\]]+)\]:", re.MULTILINE)
_OLD_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>")
_OLD_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*|[^<>\s@]+@[^<>\s]+)>")
_OLD_URL = re.compile(r"\b(?:https?|ftp|mailto):[^\s<>()]+|\bwww\.[^\s<>()]+")
_OLD_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_OLD_EMPHASIS_ATTR = re.compile(r"(\*{1,3}|_{1,3})(?=\S)(?:(?!\1)[^\n])+?(?<=\S)\1\{:?[^}\n]*\}")
_OLD_BLANK = re.compile(r"\n[ \t]*\n")
_OLD_SPECIAL = re.compile(r"[\\`<\[!{]")
_OLD_BACKTICKS = re.compile(r"`+")
_OLD_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())


def _old_heading_text(text: str) -> str:
    text = re.sub(r"\{[^}]*\}\s*$", "", text)
    return " ".join(text.strip().strip("#").split()).casefold()


def _old_prose_mask(markdown: str, *, stop_at: Iterable[str] = ()) -> bytearray:
    """One byte per character of `markdown`: 1 where the text is left alone, 0 where it is prose."""
    mask = bytearray(len(markdown))
    _old_mask_blocks(markdown, mask, {" ".join(s.split()).casefold() for s in stop_at})
    _old_mask_inline(markdown, mask)
    return mask


def _old_protect(mask: bytearray, start: int, end: int) -> None:
    mask[start:end] = b"\x01" * (end - start)


def _old_mask_blocks(markdown: str, mask: bytearray, stop_at: set[str]) -> None:
    offset = 0
    fence: tuple[str, int] | None = None
    container = in_code = False
    previous_blank = True
    previous_start = 0
    block_start = 0
    stopped = 0  # while > 0: in a section under a `stop_at` heading of this level
    for line in markdown.splitlines(keepends=True):
        start, end = offset, offset + len(line)
        offset = end
        body = line.rstrip("\r\n")
        blank = not body.strip()
        expanded = body.expandtabs(4)
        indent = len(expanded) - len(expanded.lstrip(" "))
        opening = _OLD_FENCE.match(body)
        code = not blank and indent >= 4 and (previous_blank or in_code) and (not container or indent >= 8)
        heading = None if fence or code else _OLD_ATX.match(body)
        if heading:
            level = len(heading.group(1))
            if stopped and level <= stopped:
                stopped = 0
            if _old_heading_text(heading.group(2)) in stop_at:
                stopped = level
        if fence is not None:
            _old_protect(mask, start, end)
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= fence[1]:
                fence = None if not body[opening.end() :].strip() else fence
        elif stopped or code:
            _old_protect(mask, start, end)
        elif opening:
            fence = (opening.group(1)[0], len(opening.group(1)))
            _old_protect(mask, start, end)
        elif heading or _OLD_OPENER.match(body) or _OLD_DEFINITION.match(body):
            _old_protect(mask, start, end)
            container = bool(_OLD_OPENER.match(body)) or (container and not heading)
        elif _OLD_SETEXT.match(body) and not previous_blank:
            _old_protect(mask, previous_start, end)
        elif _OLD_ATTR_LINE.match(body):
            _old_protect(mask, block_start if "lang" in body else start, end)
        elif _OLD_LIST_ITEM.match(body):
            container = True
        elif not blank and indent == 0 and previous_blank:
            container = False
        in_code = code or (in_code and blank)
        if blank:
            block_start = end
        previous_blank, previous_start = blank, start


def _old_paragraph_end(text: str, start: int) -> int:
    found = _OLD_BLANK.search(text, start)
    return found.start() if found else len(text)


def _old_mask_inline(text: str, mask: bytearray) -> None:
    for pattern in (_OLD_ENTITY, _OLD_URL, _OLD_EMPHASIS_ATTR, _OLD_AUTOLINK):
        for match in pattern.finditer(text):
            _old_protect(mask, match.start(), match.end())
    for name in {" ".join(n.split()) for n in _OLD_ABBR_NAME.findall(text)}:
        for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            _old_protect(mask, match.start(), match.end())
    n = len(text)
    special = _OLD_SPECIAL.search(text)
    while special:
        i = special.start()
        if mask[i]:
            special = _OLD_SPECIAL.search(text, i + 1)
            continue
        c = text[i]
        if c == "\\":
            _old_protect(mask, i, min(i + 2, n))
            i += 2
        elif c == "`":
            i = _old_mask_code(text, mask, i)
        elif c == "<":
            i = _old_mask_html(text, mask, i)
        elif c == "[" or (c == "!" and text.startswith("[", i + 1)):
            i = _old_mask_link(text, mask, i)
        elif c == "{":
            close = text.find("}", i)
            end = close + 1 if close != -1 and "\n" not in text[i:close] else i + 1
            _old_protect(mask, i, end)
            i = end
        else:
            i += 1
        special = _OLD_SPECIAL.search(text, i)


def _old_mask_code(text: str, mask: bytearray, i: int) -> int:
    run = len(_OLD_BACKTICKS.match(text, i).group())
    limit = _old_paragraph_end(text, i)
    closing = re.compile(rf"(?<!`){'`' * run}(?!`)")
    found = closing.search(text, i + run, limit)
    end = found.end() if found else i + run
    _old_protect(mask, i, end)
    return end


def _old_mask_html(text: str, mask: bytearray, i: int) -> int:
    if text.startswith("<!--", i):
        close = text.find("-->", i)
        end = close + 3 if close != -1 else len(text)
        _old_protect(mask, i, end)
        return end
    autolink = _OLD_AUTOLINK.match(text, i)
    tag = _OLD_TAG.match(text, i)
    if autolink or not tag:
        end = autolink.end() if autolink else i + 1
        _old_protect(mask, i, end)
        return end
    name = tag.group(1).lower()
    end = tag.end()
    if not tag.group(0).startswith("</") and not tag.group(0).endswith("/>") and name not in _OLD_VOID:
        end = _old_closing_tag(text, name, end)
    _old_protect(mask, i, end)
    return end


def _old_closing_tag(text: str, name: str, start: int) -> int:
    """The end of the tag that closes `name` (nested ones counted); else the end of the paragraph."""
    depth = 1
    pattern = re.compile(rf"<(/?){re.escape(name)}(?:\s[^<>]*)?/?>", re.IGNORECASE)
    for match in pattern.finditer(text, start):
        if match.group(0).endswith("/>"):
            continue
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return match.end()
    return _old_paragraph_end(text, start)


def _old_mask_link(text: str, mask: bytearray, i: int) -> int:
    limit = _old_paragraph_end(text, i)
    j = i + (2 if text[i] == "!" else 1)
    depth = 1
    while j < limit and depth:
        if text[j] == "\\":
            j += 2
            continue
        depth += {"[": 1, "]": -1}.get(text[j], 0)
        j += 1
    if depth:  # no closing bracket: a lone "[" is text
        _old_protect(mask, i, i + 1)
        return i + 1
    end = j
    if end < limit and text[end] in "([":
        opener, closer = text[end], ")" if text[end] == "(" else "]"
        depth, k = 0, end
        while k < limit:
            if text[k] == "\\":
                k += 2
                continue
            depth += 1 if text[k] == opener else -1 if text[k] == closer else 0
            k += 1
            if depth == 0:
                end = k
                break
    if end < limit and text[end] == "{":
        close = text.find("}", end, limit)
        end = close + 1 if close != -1 else end
    _old_protect(mask, i, end)
    return end
