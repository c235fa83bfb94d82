"""Interface strings in Polish and English, from data/ui.yml (one source for templates and scripts)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .project import DATA_DIR, file_stamp
from .safe_yaml import load_yaml


@lru_cache(maxsize=2)
def _strings(path: Path, stamp: tuple) -> dict[str, dict[str, str]]:
    return load_yaml(path).data


def ui_strings(lang: str, path: Path = DATA_DIR / "ui.yml") -> dict[str, str]:
    """Every interface string in `lang` (Polish where an English one is missing); a fresh copy."""
    return dict(_strings_in(lang, path, file_stamp(path)))


@lru_cache(maxsize=4)
def _strings_in(lang: str, path: Path, stamp: tuple) -> dict[str, str]:
    return {key: value.get(lang) or value["pl"] for key, value in _strings(path, stamp).items()}
