"""The register of legal acts: its checks, citations by id, acts no longer in force, hand-written act numbers,
the notice of a change of law after a review, and a real build of a chapter that cites acts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from conftest import copy_project, run_build
from platforma.content.legal_acts import (
    act_citation_problems,
    act_list_view,
    act_number_problems,
    change_notice,
    citation_view,
    citations,
    load_legal_acts,
    plain_citations,
)
from platforma.content.ui import ui_strings

TODAY = dt.date(2026, 12, 7)


@pytest.fixture(scope="module")
def acts():
    found, problems = load_legal_acts(today=TODAY)
    assert problems == []
    return found


def test_the_register_holds_the_pact_and_the_acts_it_replaced(acts):
    pact = ["eu-reg-2024-1347", "eu-reg-2024-1348", "eu-reg-2024-1349", "eu-reg-2024-1350", "eu-reg-2024-1351"]
    pact += ["eu-reg-2024-1356", "eu-reg-2024-1358", "eu-reg-2024-1359", "eu-dir-2024-1346"]
    assert set(pact) <= set(acts)
    assert all(acts[a].applies_on(TODAY) for a in pact if a not in ("eu-reg-2024-1349",))
    replaced = {"eu-dir-2013-32": "eu-reg-2024-1348", "eu-dir-2013-33": "eu-dir-2024-1346"}
    replaced |= {"eu-reg-2013-604": "eu-reg-2024-1351", "eu-dir-2011-95": "eu-reg-2024-1347"}
    for old, new in replaced.items():
        assert acts[old].repealed_by == new and not acts[old].applies_on(TODAY)
        assert acts[old].applies_on(dt.date(2026, 6, 11))
    assert acts["eu-dir-2013-32"].applied_until == dt.date(2026, 6, 11)


def _register(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "legal_acts.yml"
    path.write_text(text, encoding="utf-8")
    return path


ACT = """{id}:
  kind: eu_directive
  title: {{en: "Directive 2000/1/EC of the example"}}
  cited_as: {{pl: dyrektywa 2000/1/WE, pl_genitive: dyrektywy 2000/1/WE, en: Directive 2000/1/EC}}
  url: https://eur-lex.europa.eu/eli/dir/2000/1/oj
  adopted: 2000-01-01
  checked_in: [https://example.org/a]
"""


def test_a_broken_register_is_refused_with_file_line_and_a_suggestion(tmp_path):
    text = ACT.format(id="eu-dir-2000-1") + "  applies_from: 2001-01-01\n  repealed_by: eu-dir-2000-2\n"
    text += "  repealed_from: 2000-06-01\n" + ACT.format(id="eu-dir-2000-3") + "  repealed_from: 2002-01-01\n"
    found, problems = load_legal_acts(_register(tmp_path, text), today=TODAY)
    messages = [str(p).split(":", 1)[1] for p in problems]
    assert found == {}
    assert "9:16: repealed_by: unknown act 'eu-dir-2000-2'; did you mean 'eu-dir-2000-" in " | ".join(messages)
    assert "10:18: repealed_from 2000-06-01 is before applies_from 2001-01-01" in messages
    assert "18:18: repealed_by and repealed_from go together: give both or neither" in messages


def test_a_register_entry_with_an_unknown_field_or_a_bad_url_is_refused(tmp_path):
    text = ACT.format(id="eu-dir-2000-1").replace("https://eur-lex", "javascript://eur-lex") + "  valid_until: x\n"
    _, problems = load_legal_acts(_register(tmp_path, text), today=TODAY)
    messages = " | ".join(str(p) for p in problems)
    assert "legal_acts.yml:5:8: eu-dir-2000-1.url" in messages and "unknown field 'valid_until'" in messages


def test_citations_are_read_with_their_part_and_state():
    text = "A [act: eu-reg-2024-1348, art. 20 ust. 1] b [act:eu-dir-2013-32 , art. 24, historical] c [act: x]"
    found = [(c.act_id, c.locator, c.historical) for c in citations(text)]
    assert found == [
        ("eu-reg-2024-1348", "art. 20 ust. 1", False),
        ("eu-dir-2013-32", "art. 24", True),
        ("x", None, False),
    ]


def test_a_citation_of_an_act_no_longer_in_force_must_be_historical(acts):
    text = "Wstęp.\n\nDyrektywa [act: eu-dir-2013-32, art. 24] i [act: eu-dir-2013-32, art. 24, historical].\n"
    text += "[act: eu-reg-2024-1384, art. 20]\n"
    problems = [str(p) for p in act_citation_problems(text, "manuals/psn/03-x.md", acts, TODAY, first_line=10)]
    assert problems == [
        "manuals/psn/03-x.md:12:11: cites Directive 2013/32/EU, which no longer applies since 2026-06-12 (replaced by "
        "Regulation (EU) 2024/1348): cite the act in force, or mark this citation historical",
        "manuals/psn/03-x.md:13:1: unknown act 'eu-reg-2024-1384'; did you mean 'eu-reg-2024-1358'? (the acts are in "
        "data/legal_acts.yml)",
    ]
    assert act_citation_problems(text.split("\n\n")[0], "x.md", acts, dt.date(2026, 6, 1)) == []


@pytest.mark.parametrize(
    "number",
    ["2013/32/UE", "2008/115/WE", "2013/33/EU", "(UE) 2024/1348", "(EU) No 604/2013", "nr 604/2013", "2024/1351"],
)
def test_an_act_number_written_by_hand_is_found(number):
    problems = act_number_problems(f"Zob.\nprzepis {number} tutaj", "docs/x.md")
    assert len(problems) == 1 and problems[0].line == 2 and "written by hand" in problems[0].message


def test_numbers_in_addresses_and_in_citations_are_not_act_numbers():
    text = "[act: eu-dir-2013-33, art. 22] <https://eur-lex.europa.eu/eli/dir/2013/33/oj> [x](https://a.eu/2013/33/oj)"
    assert act_number_problems(text + " rok 2026, art. 22 ust. 3", "x.md") == []


def test_a_citation_reads_in_each_language_and_marks_a_historical_act(acts):
    pl = citation_view(acts["eu-dir-2013-32"], "pl", "art. 24", historical=True)
    en = citation_view(acts["eu-dir-2013-32"], "en", "Article 24", historical=True)
    assert pl["text"] == "art. 24 dyrektywy 2013/32/UE" and pl["until"] == "11 czerwca 2026 r."
    assert en["text"] == "Article 24 of Directive 2013/32/EU" and en["until"] == "11 June 2026"
    current = citation_view(acts["eu-reg-2024-1348"], "pl", None, historical=False)
    assert current["text"] == "rozporządzenie (UE) 2024/1348" and current["until"] is None
    assert plain_citations("Zob. [act: eu-reg-2024-1348, Article 20].", acts, "en") == (
        "Zob. Article 20 of Regulation (EU) 2024/1348."
    )


def test_the_list_of_cited_acts_gives_the_full_title_and_marks_english_ones(acts):
    rows = act_list_view([acts["eu-dir-2013-32"], acts["eu-reg-2021-2303"]], "pl", TODAY)
    assert rows[0]["title"].startswith("Dyrektywa Parlamentu Europejskiego i Rady 2013/32/UE") and rows[0]["historical"]
    assert rows[1]["title_lang"] == "en" and not rows[1]["historical"]


def test_a_change_of_law_after_the_review_gives_a_notice(acts):
    cited = [acts["eu-dir-2013-32"], acts["eu-reg-2024-1348"]]
    notice = change_notice(cited, dt.date(2026, 1, 10), TODAY, "en", ui_strings("en"))
    assert notice["title"] == "The legal framework changed after the last review"
    assert "12 June 2026: Regulation (EU) 2024/1348 starts to apply" in notice["text"]
    assert "12 June 2026: Directive 2013/32/EU stops applying" in notice["text"]
    assert change_notice(cited, dt.date(2026, 11, 23), TODAY, "en", ui_strings("en")) is None


CHAPTER = """---
title: Próba aktów
last_reviewed: 2026-01-10
---

Wnioskodawca ma prawo do gwarancji ([act: eu-reg-2024-1348, art. 20]). Wcześniej przewidywał to
[act: eu-dir-2013-32, art. 24, historical].
"""


PAGE = """---
title: Strona o prawie
last_reviewed: 2026-05-04
---

Odpowiedzialność ustala się według [act: eu-reg-2024-1351].
"""


def test_a_chapter_that_cites_acts_builds_with_links_states_list_and_notice(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "manuals" / "psn" / "10-acts.md").write_text(CHAPTER, encoding="utf-8")
    register = project / "data" / "legal_acts.yml"
    data = yaml.safe_load(register.read_text(encoding="utf-8"))
    payload = '<img src=x onerror=alert(1)>PWN"'
    data["eu-reg-2024-1348"]["title"]["pl"] = payload
    register.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    glossary = project / "data" / "glossary.yml"
    terms = yaml.safe_load(glossary.read_text(encoding="utf-8"))
    terms.append(
        {
            "term": {"pl": "termin próbny", "en": "trial term"},
            "definition": {
                "pl": "Zob. [act: eu-reg-2024-1351, art. 84].",
                "en": "See [act: eu-reg-2024-1351, Article 84].",
            },
            "source": {
                "pl": '[act: eu-reg-2013-604, historical]; <span lang="en">EMN Glossary</span>',
                "en": "[act: eu-reg-2013-604, historical]; EMN Glossary",
            },
            "last_reviewed": "2026-05-04",
        }
    )
    glossary.write_text(yaml.safe_dump(terms, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (project / "docs" / "law-page.md").write_text(PAGE, encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "manuals/psn/10-acts.md: Regulation (EU) 2024/1348 applies from 2026-06-12" in result.stderr
    assert "docs/law-page.md: Regulation (EU) 2024/1351 applies from 2026-07-01, after the last review" in result.stderr
    lines = glossary.read_text(encoding="utf-8").splitlines()
    term_line = len(lines) - lines[::-1].index("- term:")  # the trial term, the last one
    assert f"data/glossary.yml:{term_line} (trial term): Regulation (EU) 2024/1351 applies from" in result.stderr
    words = (tmp_path / "site" / "en" / "glossary" / "index.html").read_text(encoding="utf-8")
    assert 'data-act="eu-reg-2024-1351">Article 84 of Regulation (EU) 2024/1351</a>' in words
    assert 'data-act="eu-reg-2013-604" data-historical>Regulation (EU) No 604/2013</a> (applied until 30 June' in words
    assert "[act:" not in words
    trial = words[words.index('id="trial-term"') :].split("</dd>")[0]
    assert "The legal framework changed after the last review" in trial and "Since the last review (4 May" in trial
    polish_words = (tmp_path / "site" / "glossary" / "index.html").read_text(encoding="utf-8")
    assert '<span lang="en">EMN Glossary</span>' in polish_words and "&lt;span" not in polish_words
    law_page = (tmp_path / "site" / "law-page" / "index.html").read_text(encoding="utf-8")
    assert "Ramy prawne zmieniły się po ostatnim przeglądzie" in law_page and 'data-act="eu-reg-2024-1351"' in law_page
    page = (tmp_path / "site" / "manuals" / "psn" / "10-acts" / "index.html").read_text(encoding="utf-8")
    assert 'data-act="eu-reg-2024-1348" rel="noopener noreferrer">art. 20 rozporządzenia (UE) 2024/1348</a>' in page
    assert 'data-historical="" rel="noopener noreferrer">art. 24 dyrektywy 2013/32/UE</a> (akt stosowany do 11' in page
    assert "Ramy prawne zmieniły się po ostatnim przeglądzie" in page
    assert 'id="pw-legal-acts"' in page and "&lt;img src=x onerror=alert(1)&gt;PWN" in page
    assert "<img src=x" not in page
    schema = json.loads((tmp_path / "site" / "schema" / "legal_acts.schema.json").read_text(encoding="utf-8"))
    assert schema["propertyNames"]["pattern"].startswith("^(eu|pl|un|coe)")


def test_a_citation_of_a_repealed_act_as_current_fails_the_strict_build_with_file_and_line(tmp_path):
    project = copy_project(tmp_path / "project")
    text = CHAPTER.replace("[act: eu-dir-2013-32, art. 24, historical]", "[act: eu-dir-2013-32, art. 24]")
    (project / "manuals" / "psn" / "10-acts.md").write_text(text, encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "manuals/psn/10-acts.md:7:1: cites Directive 2013/32/EU, which no longer applies since 2026-06-12" in (
        result.stderr
    )


def test_an_act_number_written_by_hand_fails_the_strict_build_with_file_and_line(tmp_path):
    project = copy_project(tmp_path / "project")
    about = project / "docs" / "about.md"
    text = about.read_text(encoding="utf-8") + "\nZgodnie z dyrektywą 2013/33/UE.\n"
    about.write_text(text, encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    line = len(text.splitlines())
    assert f"docs/about.md:{line}:21: the act number 2013/33/UE is written by hand" in result.stderr


def test_no_text_writes_an_act_number_by_hand_or_cites_a_repealed_act_as_current():
    from platforma.content.site import legal_texts

    acts, _ = load_legal_acts(today=TODAY)
    assert [str(p) for p in legal_texts(acts)] == []


def test_a_term_or_a_page_that_cites_an_act_without_a_review_date_is_refused_with_file_and_line(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "docs" / "law-page.md").write_text(PAGE.replace("last_reviewed: 2026-05-04\n", ""), encoding="utf-8")
    glossary = project / "data" / "glossary.yml"
    text = glossary.read_text(encoding="utf-8")
    first = text.index("\n  last_reviewed:")
    glossary.write_text(text[:first] + text[text.index("\n", first + 1) :], encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert (
        "docs/law-page.md:1:1: a page that cites a legal act needs last_reviewed: in its front matter" in result.stderr
    )
    term_line = text[:first].count("\n") + 1  # the term's first line (the review date was the line after it)
    assert f"data/glossary.yml:{term_line}:9: a term that cites a legal act needs last_reviewed:" in result.stderr


def test_language_marks_in_a_plain_text_field_become_spans_and_leave_plain_uses_clean():
    from platforma.markup.language_marks import language_parts, without_language_marks

    text = 'Źródło: <span lang="en">EMN Glossary</span> i <span lang="en" onclick="x">nie</span> <b>tak</b>'
    assert language_parts(text)[:3] == [
        {"text": "Źródło: "},
        {"text": "EMN Glossary", "lang": "en"},
        {"text": ' i <span lang="en" onclick="x">nie</span> <b>tak</b>'},
    ]
    assert without_language_marks(text) == 'Źródło: EMN Glossary i <span lang="en" onclick="x">nie</span> <b>tak</b>'
