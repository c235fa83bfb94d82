"""Country names for the two-letter codes entries and organisations give (ISO 3166-1), in the reader's language.

The names are the Unicode CLDR's, through Babel (pinned in requirements.txt): "PL" is "Polska" on a Polish page and
"Poland" on an English one.  A code CLDR does not name as a country is shown as it is written.
"""

from __future__ import annotations

from functools import lru_cache

from babel import Locale

# CLDR names these two-letter codes too, but they are not countries (a union, the UN, "unknown region", test codes)
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})


@lru_cache(maxsize=8)
def _names(lang: str) -> dict[str, str]:
    territories = Locale.parse(lang).territories
    return {code: name for code, name in territories.items() if len(code) == 2 and code not in _NOT_COUNTRIES}


def country_name(code: str, lang: str) -> str:
    """The name of the country `code` in `lang` ("PL", "en" → "Poland"); the code itself if it names none."""
    return _names(lang).get(code, code)


__all__ = ["country_name"]
