"""Synthetic practice entries for benchmarks: deterministic, valid, bilingual, every vocabulary used.

Every generated entry says in its title and sources that it is a synthetic example, so it can
never be mistaken for real content.
"""

from __future__ import annotations

import random
from pathlib import Path

from .vocabularies import load_vocabularies

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
