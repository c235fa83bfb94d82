"""Synthetic practice entries for benchmarks: deterministic, valid, bilingual, every vocabulary used.

Every generated entry says in its title and sources that it is a synthetic example, so it can
never be mistaken for real content.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import yaml

from platforma.content.practices import DEFAULT_REVIEW_MONTHS, Practice, check_document
from platforma.content.safe_yaml import parse_yaml_text
from platforma.content.vocabularies import load_vocabularies

_PL_WORDS = (
    "wsparcie małoletnich cudzoziemców ośrodek pomoc prawna psychologiczna szkolenie pracowników "
    "identyfikacja potrzeb tłumacz ustny sieć współpracy instytucji organizacji pozarządowych powrót "
    "dobrowolny reintegracja mieszkanie edukacja szkoła język polski mentorzy integracja społeczność "
    "lokalna przemoc ofiary handlu ludźmi opiekun kurator procedura uchodźcy ochrona międzynarodowa"
).split()
_EN_WORDS = (
    "support minors foreigners centre legal aid psychological training staff identification needs "
    "interpreter network cooperation institutions organisations return voluntary reintegration housing "
    "education school Polish language mentors integration community local violence victims trafficking "
    "guardian procedure refugees international protection"
).split()


def _sentence(rng: random.Random, words: list[str], length: int) -> str:
    text = " ".join(rng.choice(words) for _ in range(length))
    return text[0].upper() + text[1:] + "."


def _paragraphs(rng: random.Random, words: list[str], count: int) -> str:
    return "\n\n".join(" ".join(_sentence(rng, words, rng.randint(10, 22)) for _ in range(4)) for _ in range(count))


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def synthetic_entry(index: int) -> tuple[str, str]:
    """(id, YAML text) of the `index`-th synthetic practice; the same index always gives the same text."""
    rng = random.Random(index)
    voc = load_vocabularies()
    pick = lambda key, n: [voc[key].codes[(index + i * 7) % len(voc[key].codes)] for i in range(n)]  # noqa: E731
    practice_id = f"synthetic-{index:05d}"
    groups = sorted(set(pick("target_groups", rng.randint(1, 3))))
    themes = sorted(set(pick("themes", rng.randint(1, 3))))
    start = 2010 + index % 15
    parent = f"\npart_of: synthetic-{index - index % 10:05d}" if index % 10 else ""
    voivodeship = voc["voivodeships"].codes[index % 16]
    description = {lang: _paragraphs(rng, words, 3) for lang, words in (("pl", _PL_WORDS), ("en", _EN_WORDS))}
    text = f"""id: {practice_id}
title:
  pl: {_quoted(f"Przykład syntetyczny {index}: " + _sentence(rng, _PL_WORDS, 6)[:-1])}
  en: {_quoted(f"Synthetic example {index}: " + _sentence(rng, _EN_WORDS, 6)[:-1])}
summary:
  pl: {_quoted(_sentence(rng, _PL_WORDS, 25))}
  en: {_quoted(_sentence(rng, _EN_WORDS, 25))}
status: {voc["statuses"].codes[index % 3]}
period:
  start: "{start}-{1 + index % 12:02d}"
  end: "{start + 1 + index % 3}"
implementer:
  name: {{pl: {_quoted(f"Organizacja przykładowa {index % 97}")}}}
  actor_type: {voc["actor_types"].codes[index % len(voc["actor_types"].codes)]}
target_groups: [{", ".join(groups)}]
themes: [{", ".join(themes)}]
geo:
  level: {voc["geo_levels"].codes[index % 4]}
  voivodeships: [{voivodeship}]
  city: {_quoted("Miasto " + str(index % 50))}
funding:
  - source: {voc["funding_sources"].codes[index % len(voc["funding_sources"].codes)]}
    grant_eur: {1000 + index * 37}
description:
  pl: |
{_indent(description["pl"])}
  en: |
{_indent(description["en"])}
results:
  - metric: {voc["metrics"].codes[index % len(voc["metrics"].codes)]}
    label: {{pl: "Liczba przykładowa", en: "Example figure"}}
    value: {index % 500 + 1}
    qualifier: {voc["result_qualifiers"].codes[index % 3]}{parent}
sources:
  - title: "Synthetic benchmark entry (not real content)"
last_reviewed: "2026-{1 + index % 12:02d}-15"
"""
    return practice_id, text


def _indent(text: str) -> str:
    return "\n".join(("    " + line) if line else "" for line in text.splitlines())


def write_synthetic_practices(folder: Path, count: int) -> list[Path]:
    """Write `count` synthetic entries into `folder` (created if needed); return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        practice_id, text = synthetic_entry(index)
        path = folder / f"{practice_id}.yml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


# --- a second generator (the catalogue's tests): entries as dicts and as Practice objects -----------------------
# To merge with the one above (issue #28: one generator).

_WORDS_PL = (
    "wsparcie dla osób w ośrodkach recepcyjnych, szkolenia dla pracowników instytucji, poradnictwo prawne, "
    "współpraca z samorządem, tłumaczenie ustne, identyfikacja szczególnych potrzeb, nauka języka polskiego, "
    "mentoring dla młodzieży, sieć organizacji pozarządowych, pomoc psychologiczna, dostęp do mieszkań, "
    "aktywizacja zawodowa, edukacja międzykulturowa w szkołach, dobrowolne powroty i reintegracja"
).split(", ")
_WORDS_EN = (
    "support for persons in reception centres, trainings for staff of institutions, legal counselling, "
    "cooperation with local government, interpreting, identification of special needs, Polish language learning, "
    "mentoring for young people, a network of non-governmental organisations, psychological help, access to housing, "
    "job activation, intercultural education in schools, voluntary return and reintegration"
).split(", ")


def synthetic_entries(count: int, seed: int = 6) -> list[dict[str, Any]]:
    """`count` valid practice entries (as in practices/<id>.yml), deterministic, obviously synthetic.

    Every vocabulary code is used, texts have realistic length in both languages, a tenth
    of the entries are components of another one.  For benchmarks and tests only.
    """
    voc = load_vocabularies()
    rng = random.Random(seed)
    codes = {key: voc[key].codes for key in voc}
    entries = []
    for i in range(count):
        words = rng.sample(range(len(_WORDS_PL)), 4)
        start = rng.randint(2008, 2026)
        end = min(2026, start + rng.randint(0, 4))
        title_pl = f"Przykładowa praktyka {i + 1}: {_WORDS_PL[words[0]]} i {_WORDS_PL[words[1]]}"
        title_en = f"Example practice {i + 1}: {_WORDS_EN[words[0]]} and {_WORDS_EN[words[1]]}"
        summary_pl = (
            f"Syntetyczny wpis testowy nr {i + 1}, który obejmuje {', '.join(_WORDS_PL[w] for w in words)}. "
            f"Działanie trwało od {start} do {end} roku i objęło kilka instytucji w regionie. "
            "Opis powstał tylko na potrzeby pomiarów wydajności i nie opisuje prawdziwego projektu."
        )
        summary_en = (
            f"Synthetic test entry no. {i + 1}, covering {', '.join(_WORDS_EN[w] for w in words)}. "
            f"The activity ran from {start} to {end} and involved several institutions in the region. "
            "It was written only for performance measurements and describes no real project."
        )
        data: dict[str, Any] = {
            "id": f"synthetic-{i + 1:05d}",
            "title": {"pl": title_pl, "en": title_en},
            "summary": {"pl": summary_pl, "en": summary_en},
            "status": codes["statuses"][i % len(codes["statuses"])],
            "period": {"start": f"{start}-{rng.randint(1, 12):02d}", "end": f"{end}-12"},
            "implementer": {
                "name": {"pl": f"Organizacja przykładowa {i % 97 + 1}"},
                "actor_type": codes["actor_types"][i % len(codes["actor_types"])],
            },
            "target_groups": _pick(rng, codes["target_groups"], i, 3),
            "themes": _pick(rng, codes["themes"], i, 3),
            "geo": {"level": "regional", "voivodeships": _pick(rng, codes["voivodeships"], i, 2), "countries": ["PL"]},
            "funding": [{"source": codes["funding_sources"][i % len(codes["funding_sources"])]}],
            "results": [
                {
                    "metric": codes["metrics"][(i + k) % len(codes["metrics"])],
                    "label": {"pl": f"Wskaźnik {k + 1}", "en": f"Indicator {k + 1}"},
                    "value": rng.randint(1, 500),
                    "qualifier": codes["result_qualifiers"][(i + k) % len(codes["result_qualifiers"])],
                }
                for k in range(i % 3)
            ],
            "sources": [{"title": f"Synthetic source {i + 1} (no real document)"}],
            "last_reviewed": f"{2024 + i % 3}-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
            "review_every_months": DEFAULT_REVIEW_MONTHS,
        }
        if i % 10 == 9:
            data["part_of"] = f"synthetic-{i:05d}"
        entries.append(data)
    return entries


def synthetic_practices(count: int, seed: int = 6) -> list[Practice]:
    """`synthetic_entries` run through the real parser and validator: `Practice` objects, no files needed."""
    practices = []
    for data in synthetic_entries(count, seed):
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        practice, problems = check_document(parse_yaml_text(text, f"{data['id']}.yml"), data["id"])
        if practice is None:
            raise ValueError("; ".join(str(p) for p in problems))
        practices.append(practice)
    return practices


def _pick(rng: random.Random, codes: list[str], i: int, most: int) -> list[str]:
    """One code in turn (so every code occurs) plus up to `most - 1` random others, in vocabulary order."""
    chosen = {codes[i % len(codes)], *rng.sample(codes, rng.randint(0, most - 1))}
    return [c for c in codes if c in chosen]
