"""Value types that practice and organisation entries share: bilingual texts, organisation names, citations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Text:
    """A bilingual text: Polish always, English when translated."""

    pl: str
    en: str | None = None

    def get(self, lang: str) -> str:
        """Text in `lang`, falling back to Polish."""
        return self.en if lang == "en" and self.en else self.pl

    def has(self, lang: str) -> bool:
        return lang == "pl" or bool(self.en)


@dataclass(frozen=True)
class OrgName:
    """An organisation's name: Polish and English forms where known, and the acronym it goes by."""

    pl: str | None = None
    en: str | None = None
    short: str | None = None

    def full(self, lang: str) -> tuple[str | None, str]:
        """(name, language it is written in): the name in `lang`, else in the other language, else None."""
        other = "pl" if lang == "en" else "en"
        if getattr(self, lang):
            return getattr(self, lang), lang
        return getattr(self, other), other

    def plain(self, lang: str) -> str:
        """The name as plain text for lists, exports and search: 'Full name (SHORT)', or either part."""
        full, _ = self.full(lang)
        if full and self.short and self.short not in full:
            return f"{full} ({self.short})"
        return full or self.short or ""


@dataclass(frozen=True)
class Source:
    """A citation: an archived source by id (`source`), or a published work by `title`."""

    source: str | None = None
    locator: Text | None = None
    title: str | None = None
    lang: str | None = None
    url: str | None = None
    accessed: str | None = None


def bilingual_text(value: dict[str, str] | None) -> Text | None:
    """A `{pl:, en:}` mapping as read from an entry as `Text` (None stays None)."""
    return Text(value["pl"], value.get("en")) if value else None


def citation(data: dict[str, Any]) -> Source:
    """One item of an entry's `sources:` as a `Source`."""
    return Source(**{**data, "locator": bilingual_text(data.get("locator"))})
