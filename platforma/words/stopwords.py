"""Stop words of the search: words that neither find a page nor count as covering a query.

Maintained lists, not ours: Polish from stopwords-iso (the `stopwordsiso` package, 329 words:
`w`, `z`, `i`, `dla`, `jak`, ...); English from the classic list of the `stopwords` package
(175 words: `the`, `of`, `for`, ...). stopwords-iso's English list is not used: its 1,298 words
include content words of this site (`information`, `needs`, `case`, `help`, `research`).
The index carries the folded forms (`ze` for `że`), because queries are read without diacritics.
"""

from __future__ import annotations

from functools import lru_cache

from platforma.words.normalise import fold, tokens


@lru_cache(maxsize=4)
def stop_words(lang: str) -> frozenset[str]:
    """Folded, lower-case stop words of `lang` ('pl' or 'en'); empty for other languages."""
    if lang == "pl":
        import stopwordsiso

        words = stopwordsiso.stopwords("pl")
    elif lang == "en":
        import stopwords

        words = stopwords.get_stopwords("english")
    else:
        return frozenset()
    # "aren't" and "o.o." become several tokens: keep each token that is a whole word of the list's entries
    return frozenset(fold(token) for word in words for token in tokens(word) if len(tokens(word)) == 1)


__all__ = ["stop_words"]
