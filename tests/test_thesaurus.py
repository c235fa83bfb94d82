"""The search thesaurus (data/synonyms.yml): loader, validator with positions, and the coverage rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from platforma.content import thesaurus
from platforma.content.glossary import Term, load_glossary
from platforma.content.safe_yaml import Problem
from platforma.content.site import load_site_content
from platforma.content.thesaurus import COVERED_VOCABULARIES, SynonymGroup, load_thesaurus, uncovered
from platforma.content.vocabularies import Vocabulary, load_vocabularies

VALID = """\
# a small thesaurus
- id: housing
  pl: [mieszkalnictwo, lokum]
  en: [housing, accommodation]
  codes: [themes.housing]
- id: age-assessment
  pl:
    - ocena wieku
    - ustalenie wieku
  en: [age assessment]
  glossary: [age-assessment]
"""


def write(folder: Path, text: str) -> Path:
    path = folder / "synonyms.yml"
    path.write_text(text, encoding="utf-8")
    return path


def variant(**replace: str) -> str:
    """VALID with some text replaced: variant(**{"lokum": "lokum, Lokum"})."""
    text = VALID
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


@pytest.fixture(scope="module")
def glossary() -> list[Term]:
    terms, problems = load_glossary()
    assert not problems
    return terms


def test_valid_file_loads(tmp_path, glossary):
    groups, problems = load_thesaurus(write(tmp_path, VALID), glossary)
    assert problems == []
    assert groups == [
        SynonymGroup(
            "housing", {"pl": ("mieszkalnictwo", "lokum"), "en": ("housing", "accommodation")}, (), ("themes.housing",)
        ),
        SynonymGroup(
            "age-assessment",
            {"pl": ("ocena wieku", "ustalenie wieku"), "en": ("age assessment",)},
            ("age-assessment",),
            (),
        ),
    ]


def test_missing_file_is_no_thesaurus(tmp_path, glossary):
    assert load_thesaurus(tmp_path / "synonyms.yml", glossary) == ([], [])


CASES = [
    # (label, replacements in VALID or a whole file, "line:col", message fragment)
    (
        "unknown glossary anchor",
        {"glossary: [age-assessment]": "glossary: [age-asessment]"},
        "11:14",
        "group 'age-assessment': unknown glossary term 'age-asessment'; did you mean 'age-assessment'?",
    ),
    (
        "unknown code",
        {"codes: [themes.housing]": "codes: [themes.housin]"},
        "5:11",
        "group 'housing': unknown theme 'housin' in 'themes.housin'; did you mean 'housing'?",
    ),
    (
        "unknown vocabulary",
        {"codes: [themes.housing]": "codes: [theme.housing]"},
        "5:11",
        "unknown vocabulary 'theme' in 'theme.housing'; did you mean 'themes'?",
    ),
    (
        "code without vocabulary",
        {"codes: [themes.housing]": "codes: [housing]"},
        "5:11",
        "expected <vocabulary>.<code>",
    ),
    (
        "duplicate id",
        {"- id: age-assessment": "- id: housing"},
        "6:7",
        "group 'housing': the id is used twice (first on line 2)",
    ),
    (
        "duplicate term",
        {"    - ustalenie wieku": "    - Ocena wieku"},
        "9:7",
        "group 'age-assessment': 'Ocena wieku' is listed twice in pl (first on line 8)",
    ),
    (
        "same term without diacritics",
        {"pl: [mieszkalnictwo, lokum]": "pl: [ośrodek, lokum, osrodek]"},
        "3:24",
        "'osrodek' is listed twice in pl (first on line 3)",
    ),
    (
        "duplicate glossary anchor",
        {"glossary: [age-assessment]": "glossary: [age-assessment, age-assessment]"},
        "11:30",
        "'age-assessment' is listed twice in glossary",
    ),
    (
        "tab",
        {"  en: [housing, accommodation]": "\ten: [housing, accommodation]"},
        "4:1",
        "a tab is used for indentation",
    ),
    ("alias", {"- id: housing": "- id: &h housing", "en: [age assessment]": "en: [*h]"}, "10:8", "aliases (*h)"),
    ("anchor", {"- id: housing": "- id: &h housing"}, "2:7", "anchors (&h) are not allowed"),
    (
        "terms not a list",
        {"en: [age assessment]": "en: age assessment"},
        "10:7",
        "[1].en should be a list, not the text",
    ),
    ("term not text", {"en: [age assessment]": "en: [112]"}, "10:8", "[1].en[0] should be text, not the number 112"),
    ("yaml 1.1 boolean", {"en: [age assessment]": "en: [no]"}, "10:8", "'no' is read as yes/no"),
    (
        "too many words",
        {"en: [age assessment]": "en: [assessment of the age of a young person]"},
        "10:8",
        "expected 1 to 6 words separated by single spaces",
    ),
    ("double space", {"en: [age assessment]": "en: [age  assessment]"}, "10:8", "expected 1 to 6 words"),
    (
        "too many terms",
        {"pl: [mieszkalnictwo, lokum]": "pl: [" + ", ".join(f"słowo{n}" for n in range(13)) + "]"},
        "3:7",
        "group 'housing': pl has 13 terms; at most 12",
    ),
    ("empty list", {"en: [age assessment]": "en: []"}, "10:7", "[1].en needs at least one value"),
    ("unknown field", {"  codes: [themes.housing]": "  synonyms: [dom]"}, "5:3", "unknown field 'synonyms'"),
    ("missing language", {"  en: [housing, accommodation]\n": ""}, "2:3", "missing required field 'en' in [0]"),
    ("bad id", {"- id: housing": "- id: Housing_Group"}, "2:7", "expected lower-case words joined by hyphens"),
    (
        "duplicate key",
        {"  codes: [themes.housing]": "  pl: [dom]"},
        "5:3",
        "duplicate key 'pl' (first given on line 3)",
    ),
    ("mapping instead of list", "id: housing\npl: [lokum]\nen: [housing]\n", "1:1", "should be a list, not a mapping"),
    ("empty file", "# nothing yet\n", "1:1", "the file is empty"),
]


@pytest.mark.parametrize(("label", "change", "where", "message"), CASES, ids=[c[0] for c in CASES])
def test_problems_name_file_line_and_column(tmp_path, glossary, label, change, where, message):
    path = write(tmp_path, change if isinstance(change, str) else variant(**change))
    groups, problems = load_thesaurus(path, glossary)
    assert groups == []
    lines = [str(p) for p in problems]
    assert any(line.startswith(f"{path}:{where}: ") and message in line for line in lines), lines


def test_all_problems_at_once_in_file_order(tmp_path, glossary):
    text = variant(
        **{
            "codes: [themes.housing]": "codes: [themes.housin]",
            "- id: age-assessment": "- id: housing",
            "glossary: [age-assessment]": "glossary: [age-asessment]",
            "en: [age assessment]": "en: [112]",
        }
    )
    groups, problems = load_thesaurus(write(tmp_path, text), glossary)
    assert groups == []
    assert [(p.line, p.col) for p in problems] == [(5, 11), (6, 7), (10, 8), (11, 14)]


@pytest.mark.parametrize(
    ("repeat", "message"),
    [
        ("pl: [lokum]\n  en: [accommodation]", "group 'shelter': every term is also in group 'housing' (line 2)"),
        ("pl: [mieszkalnictwo, lokum]\n  en: [housing, accommodation]", "group 'shelter': every term is also in"),
    ],
    ids=["part", "all"],
)
def test_a_group_whose_terms_another_group_has_is_refused(tmp_path, glossary, repeat, message):
    """The search takes the first group that names a term typed: a group inside another is never used."""
    path = write(tmp_path, VALID + f"- id: shelter\n  {repeat}\n")
    groups, problems = load_thesaurus(path, glossary)
    assert groups == []
    assert len(problems) == 1 and str(problems[0]).startswith(f"{path}:12:7: {message}"), problems
    assert "merge the two" in str(problems[0])


def test_groups_that_share_some_terms_are_kept(tmp_path, glossary):
    path = write(tmp_path, VALID + "- id: shelter\n  pl: [lokum, schronienie]\n  en: [accommodation]\n")
    assert load_thesaurus(path, glossary)[1] == []


def test_anchors_unchecked_when_the_glossary_cannot_be_read(tmp_path, monkeypatch):
    broken = ([], [Problem("data/glossary.yml", 1, 1, "broken")])
    monkeypatch.setattr(thesaurus, "load_glossary", lambda: broken)
    text = variant(**{"glossary: [age-assessment]": "glossary: [no-such-term]"})
    assert load_thesaurus(write(tmp_path, text))[1] == []  # the glossary's own loader reports the glossary
    assert load_thesaurus(write(tmp_path, text), glossary=[])[1]  # an empty glossary knows no anchors


def _vocabularies(**codes: dict[str, dict[str, str]]) -> dict[str, Vocabulary]:
    name = {"pl": "x", "en": "x"}
    return {key: Vocabulary(key, name, name, codes.get(key, {})) for key in COVERED_VOCABULARIES}


def test_uncovered_reports_what_is_missing(tmp_path):
    glossary = [
        Term({"pl": "ocena wieku", "en": "age assessment"}, {"pl": "d", "en": "d"}, "s"),
        Term({"pl": "kurator (przedstawiciel)", "en": "representative (kurator)"}, {"pl": "d", "en": "d"}, "s"),
    ]
    vocabularies = _vocabularies(
        themes={
            "housing": {"pl": "Mieszkalnictwo", "en": "Housing"},
            "education": {"pl": "Edukacja", "en": "Education"},
            "voluntary_return": {"pl": "Dobrowolne powroty", "en": "Voluntary return"},
        },
        statuses={"planned": {"pl": "Planowana", "en": "Planned"}},
    )
    text = variant(
        **{
            "    - ocena wieku\n": "",
            "  codes: [themes.housing]": "  codes: [themes.housing, themes.voluntary_return]",
        }
    )
    text = text.replace("pl: [mieszkalnictwo, lokum]", "pl: [mieszkalnictwo, lokum, dobrowolny powrót]")
    text = text.replace("en: [housing, accommodation]", "en: [housing, accommodation, voluntary return]")
    text += "- id: school\n  pl: [szkoła]\n  en: [school]\n  codes: [themes.education]\n"
    groups, problems = load_thesaurus(write(tmp_path, text), glossary, vocabularies=vocabularies)
    assert problems == []
    assert uncovered(groups, glossary, vocabularies) == [
        "group 'age-assessment' covers glossary term 'age-assessment' but no pl term says 'ocena wieku'",
        "glossary term 'representative--kurator' (kurator (przedstawiciel) / representative (kurator)) is in no group",
        "group 'school' lists themes.education but no pl term says 'Edukacja'",
        "group 'school' lists themes.education but no en term says 'Education'",
        "statuses.planned (Planowana / Planned) is in no group",
    ]


def test_uncovered_accepts_base_forms_and_ignores_short_words():
    vocabularies = _vocabularies(
        target_groups={
            "pregnant": {"pl": "Kobiety w ciąży", "en": "Pregnant women"},
            "sgbv": {
                "pl": "Ofiary przemocy seksualnej i ze względu na płeć",
                "en": "Victims of sexual and gender-based violence",
            },
        }
    )
    groups = [
        SynonymGroup(
            "pregnant", {"pl": ("kobieta w ciąży",), "en": ("pregnant woman",)}, codes=("target_groups.pregnant",)
        ),
        SynonymGroup(
            "sgbv",
            {
                "pl": ("ofiara przemocy seksualnej", "przemoc ze względu na płeć"),
                "en": ("victim of sexual and gender-based violence",),
            },
            codes=("target_groups.sgbv",),
        ),
    ]
    assert uncovered(groups, [], vocabularies) == []
    groups[0] = SynonymGroup("pregnant", {"pl": ("ciąża",), "en": ("pregnancy",)}, codes=("target_groups.pregnant",))
    assert uncovered(groups, [], vocabularies) == [
        "group 'pregnant' lists target_groups.pregnant but no pl term says 'Kobiety w ciąży'",
        "group 'pregnant' lists target_groups.pregnant but no en term says 'Pregnant women'",
    ]


def test_real_thesaurus_loads_without_problems(glossary):
    groups, problems = load_thesaurus(glossary=glossary)
    assert [str(p) for p in problems] == []
    assert len(groups) >= 90


def test_real_thesaurus_covers_glossary_and_vocabularies(glossary):
    groups, _ = load_thesaurus(glossary=glossary)
    assert uncovered(groups, glossary, load_vocabularies()) == []


def test_build_content_carries_the_thesaurus():
    content = load_site_content()
    assert content.problems == []
    assert {"voluntary-return", "border-guard", "housing"} <= {g.id for g in content.thesaurus}
