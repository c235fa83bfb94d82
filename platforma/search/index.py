"""The per-language search index file that the browser's search worker loads.

Layout (JSON, one file per language):

    {"version": 2, "lang": "pl",
     "labels": ["Małoletni bez opieki", ...],
     "docs": [[location, title, text, [label numbers], meta, details, items], ...],
     "stop": ["a", "aby", ...],                  # folded stop words (stopwords.py)
     "separate": ["glossary/"],                  # pages whose every section is a result of its own
     "thesaurus": [["lokum", "mieszkanie", "zakwaterowanie"], ...],  # synonym groups of this language
     "forms": "<encode_forms output>"}

Trailing empty members of a document are left out.  The browser tokenises the
text itself (normalise.js, same rules as `normalise.tokens`) and builds its
inverted index on load; the file carries no postings, only the text it shows
and the form→key map it cannot compute (which covers the thesaurus' words too).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from platforma.search.documents import SearchDoc, clean
from platforma.search.forms_cache import FormsCache, words_of
from platforma.words.normalise import Analyzer, encode_forms, form_map
from platforma.words.stopwords import stop_words

INDEX_VERSION = 2


def build_index(
    docs: list[SearchDoc],
    analyzer: Analyzer,
    cache: FormsCache | None = None,
    *,
    separate: Iterable[str] = (),
    thesaurus: Iterable[Iterable[str]] = (),
) -> dict:
    """The index of `docs` for the analyzer's language, as plain data (the form map from `cache` if given).

    `separate`: pages (site paths) whose sections are results of their own (the glossary's terms);
    `thesaurus`: groups of terms that mean the same to a searcher, in this language.
    """
    groups = [list(dict.fromkeys(clean(term) for term in group)) for group in thesaurus]
    groups = [group for group in groups if len(group) > 1]
    labels: list[str] = []
    number: dict[str, int] = {}
    rows = []
    for doc in docs:
        refs = []
        for label in doc.labels:
            if label not in number:
                number[label] = len(labels)
                labels.append(label)
            refs.append(number[label])
        row: list = [doc.location, doc.title, doc.text, refs, doc.meta, doc.details, doc.items]
        while row and row[-1] in ("", [], 0):
            row.pop()
        rows.append(row)
    texts = [*(text for doc in docs for text in doc.words()), *(term for group in groups for term in group)]

    def make(words: set[str]) -> str:
        return encode_forms(form_map(words, analyzer))

    return {
        "version": INDEX_VERSION,
        "lang": analyzer.lang,
        "labels": labels,
        "docs": rows,
        "stop": sorted(stop_words(analyzer.lang)),
        "separate": sorted(set(separate)),
        "thesaurus": groups,
        "forms": cache.get(analyzer.lang, texts, make) if cache else make(words_of(texts)),
    }


def documents_of_index(data: dict) -> list[SearchDoc]:
    """The documents an index (`build_index`'s output) was made from: its rows read back."""
    labels = data["labels"]
    docs = []
    for row in data["docs"]:
        location, title, text, refs, meta, details, items = row + ["", "", [], "", "", 0][len(row) - 1 :]
        docs.append(SearchDoc(location, title, text, tuple(labels[i] for i in refs), meta, details, items))
    return docs


def index_json(docs: list[SearchDoc], analyzer: Analyzer, cache: FormsCache | None = None, **extra) -> str:
    """`build_index` serialised compactly and deterministically (UTF-8, no spaces)."""
    return json.dumps(build_index(docs, analyzer, cache, **extra), ensure_ascii=False, separators=(",", ":"))


__all__ = ["INDEX_VERSION", "build_index", "documents_of_index", "index_json"]
