/*
 * Platforma Wiedzy search: the browser half of the one normalisation.
 *
 * The same rules as platforma/words/normalise.py (tokens, fold, the
 * form→key map format), checked against tests/search_vectors.json by
 * tests/test_search_normalise.py under node.  Match keys themselves are never
 * computed here: they come with the index, computed at build time by simplemma
 * (Polish) or Snowball (English), and are looked up by form.
 *
 * Loaded by the search worker (importScripts) and by node (require).
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory()
  else root.PlatformaNormalise = factory()
})(typeof self !== "undefined" ? self : this, function () {
  "use strict"

  const WORD = /[\p{L}\p{N}]+/gu
  const ASCII = /^[\x00-\x7f]*$/
  const MARKS = /\p{M}+/gu
  const SPECIAL_FOLDS = {
    "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
    "ı": "i"
  }
  const SPECIAL = new RegExp("[" + Object.keys(SPECIAL_FOLDS).join("") + "]", "g")

  /** Lower-case words (runs of letters and digits) of `text`, after NFC. */
  function tokens(text) {
    const found = String(text).normalize("NFC").match(WORD)
    return found ? found.map(word => word.toLowerCase()) : []
  }

  /** `word` without diacritics (case is kept): `małoletnich` → `maloletnich`. */
  function fold(word) {
    if (ASCII.test(word)) return word
    return word.normalize("NFD").replace(MARKS, "").replace(SPECIAL, c => SPECIAL_FOLDS[c])
  }

  /**
   * Unpack the form→keys map written by `encode_forms` (see normalise.py).
   * Returns `exact` (form → keys) for words of the documents and `folded`
   * (form without diacritics → keys of every form so spelled) for what readers type.
   */
  function decodeForms(encoded) {
    const exact = new Map()
    const folded = new Map()
    const add = (map, word, key) => {
      const keys = map.get(word)
      if (!keys) map.set(word, [key])
      else if (!keys.includes(key)) keys.push(key)
    }
    if (encoded) {
      const cut = encoded.indexOf("\n")
      const table = encoded.slice(0, cut).split(";").map(list => list.split(","))
      const body = encoded.slice(cut + 1)
      for (const row of body ? body.split(";") : []) {
        const [given, prefix, number] = row.split(" ")
        const key = given || fold(prefix)
        for (const ending of table[parseInt(number, 36)]) {
          const form = prefix + ending
          add(exact, form, key)
          add(folded, fold(form), key)
        }
      }
    }
    return { exact, folded }
  }

  /** Match keys of a word of a document (a token as `tokens` gives it). */
  function docKeys(forms, word) {
    return forms.exact.get(word) || [fold(word)]
  }

  /**
   * Match keys of a word a reader typed: always read without diacritics, so a
   * query with and without them asks for exactly the same thing.
   */
  function queryKeys(forms, word) {
    const bare = fold(word)
    const keys = forms.folded.get(bare) || []
    return keys.includes(bare) ? keys.slice() : [bare, ...keys]
  }

  return { tokens, fold, decodeForms, docKeys, queryKeys }
})
