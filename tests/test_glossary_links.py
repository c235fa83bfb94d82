"""Glossary terms explained where a chapter first uses them (platforma.glossary_links), and the A–Z index.

The linker runs on Markdown with the site's own lemmatiser; what it writes is rendered here with the
site's Markdown extensions and sanitiser, as a chapter is.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import markdown as python_markdown
import pytest

from platforma.glossary import Term, abbreviation_block, letter_groups, letter_index, load_glossary, sorted_terms
from platforma.glossary_links import first_sentence, prose_mask, term_linker
from platforma.sanitise import clean_html
from platforma.thesaurus import SynonymGroup, load_thesaurus

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
