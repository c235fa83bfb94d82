"""Controlled vocabularies (codes with Polish and English labels) from data/vocabularies.yml."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from platforma.content.safe_yaml import load_yaml
from platforma.content.schema_parts import both_languages
from platforma.project import DATA_DIR, file_stamp

_LABELS = both_languages("a map {pl: ..., en: ...}; put a label with a comma in quotes")
VOCABULARIES_SCHEMA = {
    "type": "object",
    "additionalProperties": {
        "type": "object",
        "additionalProperties": False,
        "required": ["name", "plural", "codes"],
        "properties": {
            "name": _LABELS,
            "plural": _LABELS,
            "codes": {"type": "object", "minProperties": 1, "additionalProperties": _LABELS},
        },
    },
}


@dataclass(frozen=True)
class Vocabulary:
    """One vocabulary: its key, singular/plural names and ordered codes with labels."""

    key: str
    name: dict[str, str]
    plural: dict[str, str]
    labels: dict[str, dict[str, str]]

    @property
    def codes(self) -> list[str]:
        return list(self.labels)

    def label(self, code: str, lang: str) -> str:
        """Label of `code` in `lang` (the code itself if unknown, so pages never crash)."""
        return self.labels.get(code, {}).get(lang) or code


def load_vocabularies(path: Path = DATA_DIR / "vocabularies.yml") -> dict[str, Vocabulary]:
    """All vocabularies keyed by name (target_groups, themes, actor_types, ...)."""
    return _vocabularies(path, file_stamp(path))


@lru_cache(maxsize=4)
def _vocabularies(path: Path, stamp: tuple) -> dict[str, Vocabulary]:
    data = load_yaml(path).data
    return {key: Vocabulary(key, spec["name"], spec["plural"], dict(spec["codes"])) for key, spec in data.items()}
