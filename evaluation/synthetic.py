"""Synthetic practice entries for benchmarks and tests: deterministic, valid, bilingual, every vocabulary used.

One generator: `synthetic_data(index)` is the `index`-th entry as data; `synthetic_entry` writes it as YAML
(what the build benchmark puts in practices/), `synthetic_practices` runs it through the real parser and
validator.  Every entry says in its title and sources that it is a synthetic example, so it can never be
mistaken for real content.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import yaml

from platforma.content.organisations import Organisation, build_organisation
from platforma.content.practices import Practice, check_document
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


def synthetic_data(index: int) -> dict[str, Any]:
    """The `index`-th synthetic practice as data (as in practices/<id>.yml); the same index, the same entry.

    Codes are taken in turn, so the first entries use every code of every vocabulary; nine entries in ten
    are components of the tenth (`part_of`)."""
    rng = random.Random(index)
    voc = load_vocabularies()

    def pick(key: str, count: int) -> list[str]:
        codes = voc[key].codes
        return sorted({codes[(index + i * 7) % len(codes)] for i in range(count)}, key=codes.index)

    def code(key: str, step: int = 1) -> str:
        codes = voc[key].codes
        return codes[index * step % len(codes)]

    start = 2010 + index % 15
    data: dict[str, Any] = {
        "id": f"synthetic-{index:05d}",
        "title": {
            "pl": f"Przykład syntetyczny {index}: " + _sentence(rng, _PL_WORDS, 6)[:-1],
            "en": f"Synthetic example {index}: " + _sentence(rng, _EN_WORDS, 6)[:-1],
        },
        "summary": {"pl": _sentence(rng, _PL_WORDS, 25), "en": _sentence(rng, _EN_WORDS, 25)},
        "status": code("statuses"),
        "period": {"start": f"{start}-{1 + index % 12:02d}", "end": f"{start + 1 + index % 3}"},
        "implementer": {"organisation": _organisation_id(index % ORGANISATIONS)},
        "partners": [{"organisation": _organisation_id((index * 7 + 3) % ORGANISATIONS)}],
        "target_groups": pick("target_groups", rng.randint(1, 3)),
        "themes": pick("themes", rng.randint(1, 3)),
        "geo": {"level": code("geo_levels"), "voivodeships": [code("voivodeships")], "city": f"Miasto {index % 50}"},
        "funding": [{"source": code("funding_sources"), "grant_eur": 1000 + index * 37}],
        "description": {lang: _paragraphs(rng, words, 3) for lang, words in (("pl", _PL_WORDS), ("en", _EN_WORDS))},
        "results": [
            {
                "metric": code("metrics"),
                "label": {"pl": "Liczba przykładowa", "en": "Example figure"},
                "value": index % 500 + 1,
                "qualifier": code("result_qualifiers"),
            }
        ],
        "sources": [{"title": "Synthetic benchmark entry (not real content)"}],
        "last_reviewed": f"2026-{1 + index % 12:02d}-15",
    }
    if index % 10:
        data["part_of"] = f"synthetic-{index - index % 10:05d}"
    return data


ORGANISATIONS = 97
"""How many synthetic organisations the synthetic entries name (as implementer and as partner)."""


def _organisation_id(index: int) -> str:
    return f"synthetic-organisation-{index:02d}"


def synthetic_organisation_data(index: int) -> dict[str, Any]:
    """The `index`-th synthetic organisation as data (as in organisations/<id>.yml)."""
    voc = load_vocabularies()
    types, voivodeships = voc["actor_types"].codes, voc["voivodeships"].codes
    return {
        "id": _organisation_id(index),
        "name": {
            "pl": f"Organizacja przykładowa {index}",
            "en": f"Example organisation {index}",
            "short": f"OP{index}",
        },
        "actor_type": types[index % len(types)],
        "country": "PL",
        "voivodeship": voivodeships[index % len(voivodeships)],
        "city": f"Miasto {index % 50}",
        "sources": [{"title": "Synthetic benchmark entry (not real content)"}],
    }


def synthetic_organisations() -> dict[str, Organisation]:
    """Every synthetic organisation as the loader makes it (the entries' references resolve to these)."""
    found = {}
    for index in range(ORGANISATIONS):
        data = synthetic_organisation_data(index)
        doc = parse_yaml_text(yaml.safe_dump(data, allow_unicode=True), f"{data['id']}.yml")
        found[data["id"]] = build_organisation(doc.data, doc)
    return found


def write_synthetic_organisations(folder: Path) -> list[Path]:
    """Write every synthetic organisation into `folder` (created if needed); return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(ORGANISATIONS):
        data = synthetic_organisation_data(index)
        path = folder / f"{data['id']}.yml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        paths.append(path)
    return paths


class _EntryDumper(yaml.SafeDumper):
    """YAML as an editor writes it: text of several lines as a literal block."""


_EntryDumper.add_representer(
    str,
    lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|" if "\n" in text else None),
)


def synthetic_entry(index: int) -> tuple[str, str]:
    """(id, YAML text) of the `index`-th synthetic practice."""
    data = synthetic_data(index)
    return data["id"], yaml.dump(data, Dumper=_EntryDumper, allow_unicode=True, sort_keys=False, width=1000)


def synthetic_entries(count: int) -> list[dict[str, Any]]:
    """The first `count` synthetic entries as data."""
    return [synthetic_data(index) for index in range(count)]


def write_synthetic_practices(folder: Path, count: int) -> list[Path]:
    """Write the first `count` synthetic entries into `folder` (created if needed), and the organisations they
    name into `organisations/` beside it; return the entries' paths."""
    folder.mkdir(parents=True, exist_ok=True)
    write_synthetic_organisations(folder.parent / "organisations")
    paths = []
    for index in range(count):
        practice_id, text = synthetic_entry(index)
        path = folder / f"{practice_id}.yml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def synthetic_practices(count: int) -> list[Practice]:
    """The first `count` synthetic entries run through the real parser and validator: `Practice` objects."""
    practices = []
    organisations = synthetic_organisations()
    for index in range(count):
        practice_id, text = synthetic_entry(index)
        doc = parse_yaml_text(text, f"{practice_id}.yml")
        practice, problems = check_document(doc, practice_id, organisations=organisations)
        if practice is None:
            raise ValueError("; ".join(str(p) for p in problems))
        practices.append(practice)
    return practices
