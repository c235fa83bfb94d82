"""Interface strings in Polish and English, from data/ui.yml (one source for templates and scripts)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from platforma.content.limits import with_limits
from platforma.content.safe_yaml import Problem, load_yaml
from platforma.content.schema_messages import read_checked
from platforma.project import DATA_DIR, file_stamp

UI_FILE = DATA_DIR / "ui.yml"
SCHEMA = with_limits(
    {
        "type": "object",
        "additionalProperties": {
            "type": "object",
            "additionalProperties": False,
            "required": ["pl"],
            "properties": {"pl": {"type": "string", "minLength": 1}, "en": {"type": "string", "minLength": 1}},
            "x-hint": "a map with the Polish text under pl: and the English under en:",
        },
    }
)
"""data/ui.yml: every interface string in Polish, and in English where translated."""


def check_ui_strings(path: Path = UI_FILE) -> list[Problem]:
    """Problems of the interface strings file, with positions."""
    return read_checked(path, SCHEMA)[1]


@lru_cache(maxsize=2)
def _strings(path: Path, stamp: tuple) -> dict[str, dict[str, str]]:
    return load_yaml(path).data


def ui_strings(lang: str, path: Path = UI_FILE) -> dict[str, str]:
    """Every interface string in `lang` (Polish where an English one is missing); a fresh copy."""
    return dict(_strings_in(lang, path, file_stamp(path)))


@lru_cache(maxsize=4)
def _strings_in(lang: str, path: Path, stamp: tuple) -> dict[str, str]:
    return {key: value.get(lang) or value["pl"] for key, value in _strings(path, stamp).items()}
