"""The words of a text, as the search, the catalogue's order and the glossary linker all read them: tokens, the
one `fold` (lower case, no diacritics), lemmas of Polish and English words (lexicon) and stop words. Mirrored
for the browser by docs/assets/javascripts/search/normalise.js (tests/search_vectors.json holds both to it)."""
