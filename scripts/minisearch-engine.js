/*
 * Platforma Wiedzy search on MiniSearch (npm `minisearch`, pinned 7.2.0): a candidate
 * replacement for engine.js, measured against it by `scripts/bench.py search`.
 *
 * The same interface as engine.js: `new Engine(indexData)` on one language's index file
 * (search/<lang>.json), `engine.search(query, {suggest})` → Material's SearchResult
 * ({items: [[{location, title, text, score, terms}, ...], ...], suggest?}), items grouped
 * by page (location before '#'), titles and snippets escaped, matching words marked.
 *
 * What MiniSearch does here: BM25+ over four fields (title, labels resolved to text,
 * who/where meta with a section's page title, text) with field boosts, OR of the query
 * terms, prefix search for the word still being typed, fuzzy search for long words.  Its
 * terms are our match keys: `processTerm` maps each token of normalise.js to its keys
 * (N.docKeys for documents, N.queryKeys for queries; a token may yield several).
 *
 * An optional second argument overrides SETTINGS (used by the benchmark to try settings).
 *
 * In the browser the worker would load normalise.js, a vendored copy of minisearch's UMD
 * build (dist/umd/index.js, which sets self.MiniSearch) and this file with importScripts,
 * and then use PlatformaSearch.Engine as today.  Under node: require("minisearch").
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) {
    const search = "../docs/assets/javascripts/search/"
    module.exports = factory(require(search + "normalise.js"), require(search + "engine.js"), require("minisearch"))
  } else root.PlatformaSearch = factory(root.PlatformaNormalise, root.PlatformaSearch, root.MiniSearch)
})(typeof self !== "undefined" ? self : this, function (N, Ours, MiniSearch) {
  "use strict"

  const FIELDS = ["title", "labels", "meta", "text"]
  /*
   * The best of the settings tried on the dev half (scripts/bench.py search --half dev
   * --engines ours,minisearch --minisearch-settings '{...}'): equal field boosts beat
   * engine.js's FIELD_WEIGHTS (6, 3, 2, 1), which MiniSearch adds up per field without
   * saturation; leaving out stop words beats keeping them (MiniSearch multiplies a score by
   * the number of query terms matched, stop words included).
   */
  const SETTINGS = {
    boost: { title: 1, labels: 1, meta: 1, text: 1 },
    prefix: "last",                                    /* "last" word while typed, "all" words, or "none" */
    minPrefix: 2,                                      /* letters before a word is searched as a prefix */
    fuzzy: 0.2,                                        /* share of a term's letters that may differ; 0: off */
    fuzzyMin: 5,                                       /* only terms of this many letters or more */
    maxFuzzy: 6,
    weights: { fuzzy: 0.45, prefix: 0.375 },           /* MiniSearch's defaults */
    bm25: { k: 1.2, b: 0.7, d: 0.5 },                  /* MiniSearch's BM25+ defaults */
    surface: false,                                    /* also index each word as written (folded) */
    stop: true                                         /* leave out the index's stop words (data.stop) from queries */
  }
  const MAX_QUERY_WORDS = 12
  const MIN_MARKED = 3                                 /* shorter words are never marked */
  const MAX_COMPLETIONS = 200
  const SNIPPET = 220
  const MARKED_PAGES = 40
  const WORD = /[\p{L}\p{N}]+/gu

  const { escape, lowerBound } = Ours                 /* the same escaping and lookup as engine.js */

  /**
   * The index of one language.
   *
   * @param data - the parsed index file
   * @param settings - overrides of SETTINGS (optional)
   */
  function Engine(data, settings) {
    const s = this.settings = { ...SETTINGS, ...(settings || {}) }
    s.boost = { ...SETTINGS.boost, ...(settings && settings.boost) }
    s.weights = { ...SETTINGS.weights, ...(settings && settings.weights) }
    s.bm25 = { ...SETTINGS.bm25, ...(settings && settings.bm25) }
    this.lang = data.lang
    this.stop = new Set(s.stop ? data.stop || [] : [])
    const forms = this.forms = N.decodeForms(data.forms || "")
    const labels = data.labels || []
    this.docs = data.docs.map(([location, title, text = "", refs = [], meta = ""], id) => ({
      id,
      location,
      title,
      text,
      page: location.split("#")[0],
      labels: refs.map(i => labels[i]).join(" · "),
      meta
    }))
    this.articles = new Map()
    this.docs.forEach((doc, i) => {
      if (doc.location === doc.page) this.articles.set(doc.page, i)
    })
    /* Sections also match the title of their page (as who/where), as in engine.js */
    for (const doc of this.docs) {
      const article = this.articles.get(doc.page)
      if (article !== undefined && doc.location !== doc.page) doc.meta = `${doc.meta} ${this.docs[article].title}`
    }

    /* Words of the documents and how many documents hold each (for suggestions), counted while indexing */
    const frequency = new Map()
    const lastDoc = new Map()
    let current = -1
    const surface = s.surface
    const docTerms = word => {
      const keys = N.docKeys(forms, word)
      if (!surface) return keys
      const bare = N.fold(word)
      return keys.includes(bare) ? keys : [...keys, bare]
    }
    this.docTerms = docTerms
    this.index = new MiniSearch({
      fields: FIELDS,
      extractField: (doc, field) => {
        if (field === "id") current = doc.id
        return doc[field]
      },
      tokenize: text => {
        const words = N.tokens(text)
        for (const word of words)
          if (lastDoc.get(word) !== current) {
            lastDoc.set(word, current)
            frequency.set(word, (frequency.get(word) || 0) + 1)
          }
        return words
      },
      processTerm: docTerms,
      searchOptions: {
        boost: s.boost,
        combineWith: "OR",
        weights: s.weights,
        maxFuzzy: s.maxFuzzy,
        bm25: s.bm25
      }
    })
    this.index.addAll(this.docs)
    this.frequency = frequency
    this.words = [...frequency.keys()].sort()
  }

  /** Query words (distinct, at most MAX_QUERY_WORDS) with their keys; the last may be a prefix. */
  Engine.prototype.parse = function (query) {
    const seen = new Set()
    let words = N.tokens(query).filter(word => !seen.has(word) && seen.add(word)).slice(0, MAX_QUERY_WORDS)
    const open = !/\s$/u.test(query)
    const prefix = this.settings.prefix
    const last = words[words.length - 1]
    const kept = words.filter((word, i) => !this.stop.has(N.fold(word)) || (open && i === words.length - 1))
    if (kept.length) words = kept
    return words.map((word, i) => {
      const bare = N.fold(word)
      return {
        word,
        bare,
        keys: N.queryKeys(this.forms, word),
        prefix: prefix !== "none" && bare.length >= this.settings.minPrefix &&
          (prefix === "all" || (open && i === words.length - 1 && word === last))
      }
    })
  }

  /** Words of a text with their places, folded forms and terms (kept per document). */
  Engine.prototype.spans = function (doc, field) {
    const cache = this.cache || (this.cache = new Map())
    const id = `${doc}:${field}`
    let spans = cache.get(id)
    if (!spans) {
      spans = []
      for (const m of this.docs[doc][field].matchAll(WORD)) {
        const word = m[0].toLowerCase()
        spans.push([m.index, m.index + m[0].length, N.fold(word), this.docTerms(word)])
      }
      cache.set(id, spans)
    }
    return spans
  }

  /** `text` escaped, words whose terms matched marked; with `limit`, cut around the first match. */
  /** engine.js's highlighting, with `matched`: the set of match keys found (no keys: nothing marked). */
  function highlight(text, spans, matched, found, limit) {
    const matches = span => Boolean(matched) && span[2].length >= MIN_MARKED && span[3].some(t => matched.has(t))
    return Ours.highlight(text, spans, matches, found, limit)
  }

  /** Most frequent word of the documents that completes `typed`. */
  Engine.prototype.complete = function (typed) {
    if (typed.length < this.settings.minPrefix + 1) return undefined
    let best
    let count = 0
    const start = lowerBound(this.words, typed)
    for (let i = start; i < this.words.length && i < start + MAX_COMPLETIONS; i++) {
      const word = this.words[i]
      if (!word.startsWith(typed)) break
      const n = this.frequency.get(word)
      if (word !== typed && n > count) {
        best = word
        count = n
      }
    }
    return best
  }

  /**
   * Search: results in the shape of Material's SearchResult.
   *
   * @param query - what the reader typed
   * @param options - {suggest: boolean} as Material's SETUP message says
   */
  Engine.prototype.search = function (query, options) {
    const terms = this.parse(query)
    if (!terms.length) return { items: [] }
    const s = this.settings
    const prefixed = new Set(terms.filter(term => term.prefix).map(term => term.bare))
    const results = this.index.search(query, {
      tokenize: () => terms.map(term => term.word),
      processTerm: word => N.queryKeys(this.forms, word),
      prefix: term => prefixed.has(term),
      fuzzy: term => (s.fuzzy && term.length >= s.fuzzyMin ? s.fuzzy : false)
    })

    /* Pages in the order of their best document; in a page, its documents by score */
    const groups = new Map()
    for (const result of results) {
      const doc = this.docs[result.id]
      let group = groups.get(doc.page)
      if (!group) groups.set(doc.page, group = [])
      group.push(result)
    }
    const items = [...groups].map(([page, group], position) => {
      const article = this.articles.get(page)
      const shown = group.map(result => this.item(result.id, result.score, terms, result, position < MARKED_PAGES))
      if (article !== undefined && !group.some(result => result.id === article))
        shown.push(this.item(article, 0, terms, null, false))
      return shown
    })

    const result = { items }
    if (options && options.suggest) {
      const last = terms[terms.length - 1]
      const completion = last.prefix ? this.complete(last.word) : undefined
      result.suggest = completion ? [completion] : []
    }
    return result
  }

  /** One document as a Material SearchItem; without `marked`, a plain teaser. */
  Engine.prototype.item = function (doc, score, terms, result, marked) {
    const { location, title, text } = this.docs[doc]
    const matched = result && marked ? new Set(result.terms) : null
    const queryTerms = new Set(result ? result.queryTerms : [])
    const found = new Set()
    const shown = {
      location,
      title: matched ? highlight(title, this.spans(doc, "title"), matched, found) : escape(title),
      text: text ? `<p>${highlight(text, matched ? this.spans(doc, "text") : [], matched, found, SNIPPET)}</p>` : "",
      score: Math.round(score * 100) / 100,
      terms: {}
    }
    for (const term of terms) shown.terms[term.word] = term.keys.some(key => queryTerms.has(key))
    /* The forms found, so that Material highlights them on the page opened */
    for (const word of [...found].slice(0, 8)) if (!(word in shown.terms)) shown.terms[word] = true
    return shown
  }

  return { Engine, escape, SETTINGS }
})
