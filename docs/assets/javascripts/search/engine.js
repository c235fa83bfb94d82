/*
 * Platforma Wiedzy search: the engine behind Material's search box.
 *
 * Builds an inverted index from one language's index file (search/<lang>.json,
 * written by hooks/search.py) and answers queries with results in the shape
 * Material's search UI renders (SearchResult: items grouped by page, each item
 * {location, title, text, score, terms}).
 *
 * Matching, per query word:
 *   - the same word without diacritics (exact): counts twice, so exact forms rank first;
 *   - the same match key (lemma class in Polish, stem in English), via the form→key map;
 *   - for the word still being typed (no space after it), words that start with it.
 * Ranking: first the share of the query (by IDF) a document covers, so results
 * that match every word come first; then the share it contains word for word,
 * so exact forms come before inflected ones; then a score: BM25 per field
 * (title, labels, who/where, text), weighted by field, summed over query words
 * with their IDF.  The score handed to Material (`data-md-score`, which its Enter
 * key follows) orders the same way.
 *
 * Loaded by the search worker (importScripts) and by node (require).
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory(require("./normalise.js"))
  else root.PlatformaSearch = factory(root.PlatformaNormalise)
})(typeof self !== "undefined" ? self : this, function (N) {
  "use strict"

  const FIELD_WEIGHTS = [6, 3, 2, 1]         /* title, labels, who/where, text */
  const K1 = 1.2
  const B = 0.75
  const EXACT_BONUS = 1                      /* an exact form adds its weight once more */
  const PREFIX_FACTOR = 0.5                  /* a word still being typed, matched by prefix */
  const MIN_PREFIX = 2
  const MIN_MARKED = 3                       /* shorter words are weak: they rank, never find or mark */
  const WEAK_SHARE = 0.3                     /* so is a word found in more than this share of documents */
  const WEAK_DOCS = 20                       /* (and in more than this many) */
  const MAX_PREFIX_WORDS = 200
  const MAX_QUERY_WORDS = 12
  const MAX_SCORE = 9999                     /* the score shown to Material orders like the rank */
  const TIERS = 10                           /* coverage counts in tenths: a missing "w" or "do" costs little */
  const SNIPPET = 220
  const MARKED_PAGES = 40                    /* pages whose results get highlighted snippets */
  const WORD = /[\p{L}\p{N}]+/gu

  const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }
  function escape(text) {
    return text.replace(/[&<>"']/g, c => ESCAPES[c])
  }

  /* Sorted array: index of the first element >= value */
  function lowerBound(array, value) {
    let lo = 0
    let hi = array.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (array[mid] < value) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  function addPosting(postings, word, doc, weight) {
    let list = postings.get(word)
    if (!list) postings.set(word, list = { docs: [], weights: [] })
    list.docs.push(doc)
    list.weights.push(weight)
  }

  /**
   * The index of one language.
   *
   * @param data - the parsed index file
   */
  function Engine(data) {
    this.lang = data.lang
    this.forms = N.decodeForms(data.forms || "")
    const labels = data.labels || []
    this.docs = data.docs.map(([location, title, text = "", refs = [], meta = ""]) => ({
      location,
      title,
      text,
      page: location.split("#")[0],
      fields: [title, refs.map(i => labels[i]).join(" · "), meta, text]
    }))
    this.articles = new Map()
    this.docs.forEach((doc, i) => {
      if (doc.location === doc.page) this.articles.set(doc.page, i)
    })

    /* Sections also match the title of their page (as who/where: weight 2) */
    for (const doc of this.docs) {
      const article = this.articles.get(doc.page)
      if (article !== undefined && doc.location !== doc.page)
        doc.fields[2] = `${doc.fields[2]} ${this.docs[article].title}`
    }

    /* Tokenise every field once, then weigh each word per document (BM25) */
    const fieldCount = FIELD_WEIGHTS.length
    const tokenised = this.docs.map(doc => doc.fields.map(text => N.tokens(text)))
    const average = new Array(fieldCount).fill(0)
    for (const fields of tokenised)
      fields.forEach((words, f) => { average[f] += words.length })
    for (let f = 0; f < fieldCount; f++)
      average[f] = average[f] / Math.max(1, this.docs.length) || 1

    this.byKey = new Map()
    this.byWord = new Map()
    const frequency = new Map()
    tokenised.forEach((fields, doc) => {
      const keyTf = new Map()
      const wordTf = new Map()
      fields.forEach((words, f) => {
        for (const word of words) {
          const bare = N.fold(word)
          let tf
          for (const key of N.docKeys(this.forms, word)) {
            tf = keyTf.get(key)
            if (!tf) keyTf.set(key, tf = new Array(fieldCount).fill(0))
            tf[f]++
          }
          tf = wordTf.get(bare)
          if (!tf) wordTf.set(bare, tf = new Array(fieldCount).fill(0))
          tf[f]++
          if (!frequency.has(word)) frequency.set(word, new Set())
          frequency.get(word).add(doc)
        }
      })
      const weigh = tf => {
        let weight = 0
        for (let f = 0; f < fieldCount; f++)
          if (tf[f]) {
            const norm = 1 - B + B * fields[f].length / average[f]
            weight += FIELD_WEIGHTS[f] * tf[f] * (K1 + 1) / (tf[f] + K1 * norm)
          }
        return weight
      }
      for (const [key, tf] of keyTf) addPosting(this.byKey, key, doc, weigh(tf))
      for (const [bare, tf] of wordTf) addPosting(this.byWord, bare, doc, weigh(tf))
    })
    this.bareWords = [...this.byWord.keys()].sort()
    this.words = [...frequency.keys()].sort()
    this.frequency = new Map([...frequency].map(([word, docs]) => [word, docs.size]))
  }

  /** Parse a query into words with their keys; the last one may be a prefix. */
  Engine.prototype.parse = function (query) {
    const seen = new Set()
    const words = N.tokens(query).filter(word => !seen.has(word) && seen.add(word)).slice(0, MAX_QUERY_WORDS)
    const open = !/[\s]$/u.test(query)
    return words.map((word, i) => ({
      word,
      bare: N.fold(word),
      keys: N.queryKeys(this.forms, word),
      prefix: open && i === words.length - 1 && N.fold(word).length >= MIN_PREFIX
    }))
  }

  /** Scores of one query word: Map doc → score (before IDF). */
  Engine.prototype.scoreWord = function (term) {
    const scores = new Map()
    for (const key of term.keys) {
      const list = this.byKey.get(key)
      if (list)
        for (let i = 0; i < list.docs.length; i++) {
          const doc = list.docs[i]
          if ((scores.get(doc) || 0) < list.weights[i]) scores.set(doc, list.weights[i])
        }
    }
    if (term.prefix) {
      const start = lowerBound(this.bareWords, term.bare)
      for (let i = start, n = 0; i < this.bareWords.length && n < MAX_PREFIX_WORDS; i++, n++) {
        const bare = this.bareWords[i]
        if (!bare.startsWith(term.bare)) break
        if (bare === term.bare) continue
        const list = this.byWord.get(bare)
        for (let j = 0; j < list.docs.length; j++) {
          const doc = list.docs[j]
          const weight = PREFIX_FACTOR * list.weights[j]
          if ((scores.get(doc) || 0) < weight) scores.set(doc, weight)
        }
      }
    }
    const exact = this.byWord.get(term.bare)
    if (exact)
      for (let i = 0; i < exact.docs.length; i++) {
        const doc = exact.docs[i]
        scores.set(doc, (scores.get(doc) || 0) + EXACT_BONUS * exact.weights[i])
      }
    return scores
  }

  /** Does a word of a document match the query? (for highlighting) */
  Engine.prototype.matcher = function (terms) {
    const keys = new Set()
    const bare = new Set()
    const prefixes = []
    for (const term of terms) {
      if (term.weak) continue
      term.keys.forEach(key => keys.add(key))
      bare.add(term.bare)
      if (term.prefix) prefixes.push(term.bare)
    }
    return span => {
      if (bare.has(span[2])) return true
      for (let i = 0; i < span[3].length; i++) if (keys.has(span[3][i])) return true
      for (let i = 0; i < prefixes.length; i++) if (span[2].startsWith(prefixes[i])) return true
      return false
    }
  }

  /** Words of a text with their places, folded forms and keys (kept per document). */
  Engine.prototype.spans = function (doc, field) {
    const cache = this.cache || (this.cache = new Map())
    const id = `${doc}:${field}`
    let spans = cache.get(id)
    if (!spans) {
      spans = []
      for (const m of this.docs[doc][field].matchAll(WORD)) {
        const word = m[0].toLowerCase()
        spans.push([m.index, m.index + m[0].length, N.fold(word), N.docKeys(this.forms, word)])
      }
      cache.set(id, spans)
    }
    return spans
  }

  /** `text` escaped, matching words marked; with `limit`, cut around the first match. */
  function highlight(text, spans, matches, found, limit) {
    const hits = spans.filter(matches)
    let start = 0
    let end = text.length
    if (limit && text.length > limit) {
      const first = hits.length ? hits[0][0] : 0
      start = Math.max(0, first - Math.floor(limit / 4))
      if (start > 0) start = Math.max(text.indexOf(" ", start) + 1, start)
      end = Math.min(text.length, start + limit)
      if (end < text.length) end = Math.max(text.lastIndexOf(" ", end), start + 1)
    }
    let out = start > 0 ? "… " : ""
    let at = start
    for (const [from, to] of hits) {
      if (from < start || to > end) continue
      out += escape(text.slice(at, from)) + "<mark>" + escape(text.slice(from, to)) + "</mark>"
      if (found) found.add(text.slice(from, to))
      at = to
    }
    return out + escape(text.slice(at, end)) + (end < text.length ? " …" : "")
  }

  /** Most frequent word of the documents that completes `typed`. */
  Engine.prototype.complete = function (typed) {
    if (typed.length < MIN_PREFIX + 1) return undefined
    let best
    let count = 0
    const start = lowerBound(this.words, typed)
    for (let i = start; i < this.words.length && i < start + MAX_PREFIX_WORDS; i++) {
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
    const total = this.docs.length
    const perWord = terms.map(term => this.scoreWord(term))
    const idf = perWord.map(scores => Math.log(1 + (total - scores.size + 0.5) / (scores.size + 0.5)))
    const idfSum = idf.reduce((a, b) => a + b, 0) || 1

    /*
     * Weak words ("w", "do", "the": short, or in a large share of the documents) help
     * ranking but find nothing on their own, are not marked and are not reported missing.
     */
    terms.forEach((term, t) => {
      term.weak = term.bare.length < MIN_MARKED || perWord[t].size > Math.max(WEAK_DOCS, WEAK_SHARE * total)
    })
    if (terms.every(term => term.weak)) terms.forEach(term => { term.weak = false })
    const scores = new Map()
    const covered = new Map()
    const exact = new Map()
    const found = new Set()
    perWord.forEach((word, t) => {
      if (!terms[t].weak) for (const doc of word.keys()) found.add(doc)
    })
    perWord.forEach((word, t) => {
      const same = this.byWord.get(terms[t].bare)
      const sameDocs = new Set(same ? same.docs : [])
      for (const [doc, score] of word) {
        if (!found.has(doc)) continue
        scores.set(doc, (scores.get(doc) || 0) + idf[t] * score)
        covered.set(doc, (covered.get(doc) || 0) + idf[t])
        if (sameDocs.has(doc)) exact.set(doc, (exact.get(doc) || 0) + idf[t])
      }
    })

    /*
     * Rank: first the share of the query a document covers (by IDF), then the
     * share it contains word for word (exact forms first), then the score.
     * A page ranks by its best document.
     */
    const rank = doc => [
      Math.round(TIERS * covered.get(doc) / idfSum),
      Math.round(TIERS * (exact.get(doc) || 0) / idfSum),
      Math.min(scores.get(doc), MAX_SCORE)
    ]
    const before = (a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]
    const groups = new Map()
    for (const doc of scores.keys()) {
      const key = rank(doc)
      const page = this.docs[doc].page
      let group = groups.get(page)
      if (!group) groups.set(page, group = { best: key, docs: [] })
      group.docs.push([doc, (key[0] * (TIERS + 1) + key[1]) * (MAX_SCORE + 1) + key[2], key])
      if (before(key, group.best) > 0) group.best = key
    }
    const ordered = [...groups.entries()].sort((a, b) => before(b[1].best, a[1].best) || (a[0] < b[0] ? -1 : 1))

    const matches = this.matcher(terms)
    const items = ordered.map(([page, group], position) => {
      const article = this.articles.get(page)
      if (article !== undefined && !group.docs.some(([doc]) => doc === article)) group.docs.push([article, 0, [0, 0, 0]])
      group.docs.sort((a, b) => before(b[2], a[2]) || a[0] - b[0])
      const marked = position < MARKED_PAGES
      return group.docs.map(([doc, score]) => this.item(doc, score, terms, perWord, marked && matches))
    })

    const result = { items }
    if (options && options.suggest) {
      const last = terms[terms.length - 1]
      const completion = last.prefix ? this.complete(last.word) : undefined
      result.suggest = completion ? [completion] : []
    }
    return result
  }

  /** One document as a Material SearchItem; without `matches`, a plain teaser (pages far down the list). */
  Engine.prototype.item = function (doc, score, terms, perWord, matches) {
    const { location, title, text } = this.docs[doc]
    const found = new Set()
    const plain = () => false
    const shown = {
      location,
      title: matches ? highlight(title, this.spans(doc, "title"), matches, found) : escape(title),
      text: text ? `<p>${matches ? highlight(text, this.spans(doc, "text"), matches, found, SNIPPET) :
        highlight(text, [], plain, null, SNIPPET)}</p>` : "",
      score: Math.round(score * 100) / 100,
      terms: {}
    }
    terms.forEach((term, t) => { if (!term.weak) shown.terms[term.word] = perWord[t].has(doc) })
    /* The forms found, so that Material highlights them on the page opened */
    for (const word of [...found].slice(0, 8)) if (!(word in shown.terms)) shown.terms[word] = true
    return shown
  }

  return { Engine, escape }
})
