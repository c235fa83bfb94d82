"""Search that understands Polish: documents, one normalisation, the per-language index.

No MkDocs here: hooks/search.py feeds pages in and writes the files out; the
browser side lives in docs/assets/javascripts/search/.
"""

from platforma.search.documents import SearchDoc, glossary_documents, page_documents, practice_documents
from platforma.search.index import INDEX_VERSION, build_index, index_json
from platforma.words.normalise import (
    analyzer,
    decode_forms,
    doc_keys,
    encode_forms,
    fold,
    folded_forms,
    form_map,
    query_keys,
    tokens,
)

ENGINE_SCRIPT = "assets/javascripts/search/engine.js"
"""The engine the search worker runs (its site path); the catalogue's text box loads it too, normalise.js beside it."""

__all__ = [
    "ENGINE_SCRIPT",
    "INDEX_VERSION",
    "SearchDoc",
    "analyzer",
    "build_index",
    "decode_forms",
    "doc_keys",
    "encode_forms",
    "fold",
    "folded_forms",
    "form_map",
    "glossary_documents",
    "index_json",
    "page_documents",
    "practice_documents",
    "query_keys",
    "tokens",
]
