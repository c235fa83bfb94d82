/*
 * Platforma Wiedzy search: the engine behind Material's search box.
 *
 * Builds an inverted index from one language's index file (search/<lang>.json,
 * written by hooks/search.py) and answers queries with results in the shape
 * Material's search UI renders (SearchResult: items grouped by page, each item
 * {location, title, text, score, terms}).
 *
 * A query is read as units. A unit is a word of the query (stop words dropped:
 * they neither find nor count), or a run of words that a thesaurus group names
 * ("powrót do ojczyzny"), which then also matches the group's other terms. A word
 * matches a document by:
 *   - its match key (lemma in Polish, stem in English, via the form→key map), the
 *     same word without diacritics adding a little (exact forms first);
 *   - a word of the documents one edit away, when the word is unknown and long enough (typo);
 *   - words that start with it, when it is the word still being typed (prefix).
 * Score of a document, one blended number: the sum over units of IDF × BM25F (fields
 * title, labels, who/where, text, details with their weights and length normalisation) × how
 * the unit matched, times (query coverage by IDF)^COVERAGE_POWER, times a proximity
 * bonus when the units stand close together. A page ranks by its best section plus a
 * share of its second best; at most two sections are shown under it. Pages are ordered first
 * by how many of the words typed they hold themselves, in any section (synonyms and corrections
 * never count there: they only add pages, and order those that hold as many), then by score. The terms of a
 * "separate" page (the glossary) are results of their own, each weighed down a little.
 *
 * Loaded by the search worker (importScripts) and by node (require).
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory(require("./normalise.js"))
  else root.PlatformaSearch = factory(root.PlatformaNormalise)
})(typeof self !== "undefined" ? self : this, function (N) {
  "use strict"

  const FIELD_WEIGHTS = [5, 2.5, 1.5, 1, 0.6]  /* title, labels, who/where, text, details (never above the text) */
  const FIELD_B = [0.4, 0.3, 0.5, 0.75, 0.75]  /* length normalisation per field */
  const K1 = 1.2
  const EXACT_SHARE = 0.2                    /* the very form typed adds this share of its weight */
  const PREFIX_FACTOR = 0.5                  /* a word still being typed, matched by prefix */
  const TYPO_FACTOR = 0.6                    /* a word one edit away from an unknown query word */
  const SYNONYM_FACTOR = 0.6                 /* a thesaurus term instead of the words typed */
  const PHRASE_SYNONYM_FACTOR = 1            /* ... when the words typed are a thesaurus term of 2+ words (a named
                                                concept); tried on the dev half with full coverage too: worse */
  const SYNONYM_COVERAGE = 0.8
  const COVERAGE_POWER = 2                   /* (share of the query covered)^2: soft, not a tier */
  const PROXIMITY_BONUS = 0.3                /* all units within a short window */
  const PROXIMITY_CANDIDATES = 40
  const SECOND_SECTION = 0.25                /* a page's second-best section adds this share */
  const SEPARATE_FACTOR = 0.85               /* a glossary term ranks a little below a page as good */
  const HUB_ITEMS = 6                        /* a section of more list items or table rows than this is a list */
  const HUB_FACTOR = 1                       /* ... that names many topics once each: weighed down by log2 of them;
                                                chosen on the dev half (0.5 or 10 items: a little worse) */
  const SECTIONS_SHOWN = 2
  const MIN_PREFIX = 2
  const MIN_TYPO = 5                         /* words shorter than this are never corrected */
  const MAX_TYPO_WORDS = 8
  const MAX_PREFIX_WORDS = 200
  const MAX_QUERY_WORDS = 12
  const MAX_SCORE = 9999
  const SNIPPET = 220
  const MARKED_PAGES = 40                    /* pages whose results get highlighted snippets */
  const DETAILED_PAGES = 100                 /* pages with a teaser and sections; further ones: title only */
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

  /** Are `a` and `b` (different words) one insertion, deletion, substitution or swap apart? */
  function oneEdit(a, b) {
    if (Math.abs(a.length - b.length) > 1 || a === b) return false
    let i = 0
    while (i < a.length && i < b.length && a[i] === b[i]) i++
    if (a.length === b.length) {
      if (a.slice(i + 1) === b.slice(i + 1)) return true
      return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2)
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1)
  }

  function addPosting(postings, word, doc, weight) {
    let list = postings.get(word)
    if (!list) postings.set(word, list = { docs: [], weights: [] })
    list.docs.push(doc)
    list.weights.push(weight)
  }

  /**
   * Map doc → best weight of a posting list, times `factor` (kept when already higher).
   * With `partial`, a document found only this way is noted there as covering the word by `factor`.
   */
  function mergeMax(scores, list, factor, partial) {
    if (!list) return
    for (let i = 0; i < list.docs.length; i++) {
      const doc = list.docs[i]
      const weight = factor * list.weights[i]
      const old = scores.get(doc)
      if (old === undefined) {
        scores.set(doc, weight)
        if (partial) partial.set(doc, factor)
      } else if (old < weight) scores.set(doc, weight)
    }
  }

  /**
   * The index of one language.
   *
   * @param data - the parsed index file
   */
  function Engine(data) {
    this.lang = data.lang
    this.forms = N.decodeForms(data.forms || "")
    this.stop = new Set(data.stop || [])
    this.separate = new Set(data.separate || [])
    const labels = data.labels || []
    this.docs = data.docs.map(([location, title, text = "", refs = [], meta = "", details = "", items = 0]) => {
      const page = location.split("#")[0]
      return {
        location,
        title,
        text,
        page,
        group: this.separate.has(page) && location !== page ? location : page,
        worth: items > HUB_ITEMS ? 1 / (1 + HUB_FACTOR * Math.log2(items / HUB_ITEMS)) : 1,
        fields: [title, refs.map(i => labels[i]).join(" · "), meta, text, details]
      }
    })
    this.articles = new Map()
    this.docs.forEach((doc, i) => {
      if (doc.location === doc.page) this.articles.set(doc.page, i)
    })
    /* Result groups (a page, or one term of a separate page) as numbers, for quick ranking */
    const groupIds = new Map()
    this.groupKeys = []
    this.groupOf = new Int32Array(this.docs.length)
    this.docs.forEach((doc, i) => {
      let id = groupIds.get(doc.group)
      if (id === undefined) {
        groupIds.set(doc.group, id = this.groupKeys.length)
        this.groupKeys.push(doc.group)
      }
      this.groupOf[i] = id
    })

    /* Sections also match the title of their page (as who/where) */
    for (const doc of this.docs) {
      const article = this.articles.get(doc.page)
      if (article !== undefined && doc.location !== doc.page)
        doc.fields[2] = `${doc.fields[2]} ${this.docs[article].title}`
    }

    /* Tokenise every field once; weigh each key and each bare word per document (BM25F) */
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
      const seen = new Set()
      fields.forEach((words, f) => {
        for (const word of words) {
          const bare = N.fold(word)
          if (this.stop.has(bare)) continue
          let tf
          for (const key of N.docKeys(this.forms, word)) {
            tf = keyTf.get(key)
            if (!tf) keyTf.set(key, tf = new Array(fieldCount).fill(0))
            tf[f]++
          }
          tf = wordTf.get(bare)
          if (!tf) wordTf.set(bare, tf = new Array(fieldCount).fill(0))
          tf[f]++
          if (!seen.has(word)) {
            seen.add(word)
            frequency.set(word, (frequency.get(word) || 0) + 1)  /* documents that hold the word */
          }
        }
      })
      const norms = fields.map((words, f) => 1 - FIELD_B[f] + FIELD_B[f] * words.length / average[f])
      const weigh = tf => {
        let pseudo = 0
        for (let f = 0; f < fieldCount; f++) if (tf[f]) pseudo += FIELD_WEIGHTS[f] * tf[f] / norms[f]
        return pseudo * (K1 + 1) / (pseudo + K1)
      }
      for (const [key, tf] of keyTf) addPosting(this.byKey, key, doc, weigh(tf))
      for (const [bare, tf] of wordTf) addPosting(this.byWord, bare, doc, weigh(tf))
    })
    this.bareWords = [...this.byWord.keys()].sort()
    this.words = [...frequency.keys()].sort()
    this.frequency = frequency

    /* Thesaurus: each term as its words' keys (stop words left out) */
    this.thesaurus = (data.thesaurus || []).map(group => group.map(term => ({
      text: term,
      words: N.tokens(term).filter(word => !this.stop.has(N.fold(word)))
        .map(word => N.queryKeys(this.forms, word))
    })).filter(term => term.words.length))
  }

  /** Words of a document one edit away from `bare` (most frequent first). */
  Engine.prototype.near = function (bare) {
    if (!this.byLength) {
      this.byLength = new Map()
      for (const word of this.bareWords) {
        let list = this.byLength.get(word.length)
        if (!list) this.byLength.set(word.length, list = [])
        list.push(word)
      }
    }
    const found = []
    for (let length = bare.length - 1; length <= bare.length + 1; length++)
      for (const word of this.byLength.get(length) || []) if (oneEdit(bare, word)) found.push(word)
    const count = word => this.byWord.get(word).docs.length
    return found.sort((a, b) => count(b) - count(a)).slice(0, MAX_TYPO_WORDS)
  }

  /** A query word: its keys, and how each document matches it (Map doc → weight before IDF). */
  Engine.prototype.word = function (word, prefix) {
    const bare = N.fold(word)
    const keys = N.queryKeys(this.forms, word)
    const scores = new Map()
    const matchedKeys = new Set()
    for (const key of keys) {
      if (this.byKey.has(key)) matchedKeys.add(key)
      mergeMax(scores, this.byKey.get(key), 1)
    }
    const exact = this.byWord.get(bare)
    if (exact)
      for (let i = 0; i < exact.docs.length; i++) {
        const doc = exact.docs[i]
        scores.set(doc, (scores.get(doc) || 0) + EXACT_SHARE * exact.weights[i])
      }
    const partial = new Map()                /* documents that cover the word only in part */
    const typos = []
    if (prefix && bare.length >= MIN_PREFIX) {
      const start = lowerBound(this.bareWords, bare)
      for (let i = start, n = 0; i < this.bareWords.length && n < MAX_PREFIX_WORDS; i++, n++) {
        const other = this.bareWords[i]
        if (!other.startsWith(bare)) break
        if (other !== bare) mergeMax(scores, this.byWord.get(other), PREFIX_FACTOR, partial)
      }
    }
    if (!scores.size && bare.length >= MIN_TYPO) {
      for (const other of this.near(bare)) {
        typos.push(other)
        for (const key of N.docKeys(this.forms, other)) {
          matchedKeys.add(key)
          mergeMax(scores, this.byKey.get(key), TYPO_FACTOR, partial)
        }
      }
    }
    return { word, bare, keys, matchedKeys, typos, prefix, scores, partial }
  }

  /** Weighted scores of a thesaurus term (all its words must be present), or null when nothing has them all. */
  Engine.prototype.term = function (term, idf) {
    let scores = null
    for (const keys of term.words) {
      const word = new Map()
      for (const key of keys) mergeMax(word, this.byKey.get(key), 1)
      const next = new Map()
      const weight = idf(word.size)
      for (const [doc, score] of word)
        if (!scores || scores.has(doc)) next.set(doc, (scores ? scores.get(doc) : 0) + weight * score)
      scores = next
      if (!scores.size) return null
    }
    return scores
  }

  /** Does the run of query words `words[from..]` begin with `term`'s words? Returns its length or 0. */
  function startsWith(words, from, term) {
    if (from + term.words.length > words.length) return 0
    for (let i = 0; i < term.words.length; i++) {
      const keys = new Set(words[from + i].keys)
      if (!term.words[i].some(key => keys.has(key))) return 0
    }
    return term.words.length
  }

  /** The query as units: words, or runs of words a thesaurus group names (with that group's other terms). */
  Engine.prototype.parse = function (query) {
    const seen = new Set()
    let typed = N.tokens(query).filter(word => !seen.has(word) && seen.add(word)).slice(0, MAX_QUERY_WORDS)
    const open = !/[\s]$/u.test(query)
    const content = typed.filter(word => !this.stop.has(N.fold(word)))
    const last = typed[typed.length - 1]
    typed = content.length ? content : typed
    const words = typed.map(word => this.word(word, open && word === last))
    const units = []
    for (let i = 0; i < words.length;) {
      let best = null
      for (const group of this.thesaurus)
        for (const term of group) {
          const length = startsWith(words, i, term)
          if (length && (!best || length > best.length)) best = { length, group, term }
        }
      const length = best ? best.length : 1
      units.push({ words: words.slice(i, i + length), alternatives: best ? best.group.filter(t => t !== best.term) : [] })
      i += length
    }
    return units
  }

  /** Does a word of a document match the query? (for highlighting) */
  Engine.prototype.matcher = function (units, extraKeys) {
    const keys = new Set(extraKeys)
    const bare = new Set()
    const prefixes = []
    for (const unit of units)
      for (const word of unit.words) {
        word.keys.forEach(key => keys.add(key))
        word.matchedKeys.forEach(key => keys.add(key))
        bare.add(word.bare)
        if (word.prefix) prefixes.push(word.bare)
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

  /** Do the units stand close together (within a window of a few words) in the title or the text? */
  Engine.prototype.close = function (doc, matchers) {
    for (const field of ["title", "text"]) {
      const spans = this.spans(doc, field)
      const last = new Array(matchers.length).fill(-Infinity)
      for (let i = 0; i < spans.length; i++) {
        let hit = false
        for (let u = 0; u < matchers.length; u++) if (matchers[u](spans[i])) { last[u] = i; hit = true }
        if (!hit) continue
        let first = i
        for (let u = 0; u < last.length; u++) if (last[u] < first) first = last[u]
        if (i - first < matchers.length + 2) return true
      }
    }
    return false
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

  /** Score and coverage of every document for one unit; the alternatives that found something. */
  Engine.prototype.scoreUnit = function (unit, idf) {
    const scores = new Map()
    const coverage = new Map()
    let importance = 0
    for (const word of unit.words) importance += idf(word.scores.size)
    for (const word of unit.words) {
      const weight = idf(word.scores.size)
      for (const [doc, score] of word.scores) {
        scores.set(doc, (scores.get(doc) || 0) + weight * score)
        const share = word.partial.get(doc)
        coverage.set(doc, (coverage.get(doc) || 0) + weight * (share === undefined ? 1 : share) / (importance || 1))
      }
    }
    const used = []
    const viaSynonym = new Set()
    for (const term of unit.alternatives) {
      const found = this.term(term, idf)
      if (!found) continue
      used.push(term)
      for (const doc of found.keys()) viaSynonym.add(doc)
      const phrase = unit.words.length > 1  /* the words typed name a concept: its other terms score in full */
      const scale = (phrase ? PHRASE_SYNONYM_FACTOR : SYNONYM_FACTOR) * unit.words.length / term.words.length
      for (const [doc, score] of found) {
        if ((scores.get(doc) || 0) < scale * score) scores.set(doc, scale * score)
        if ((coverage.get(doc) || 0) < SYNONYM_COVERAGE) coverage.set(doc, SYNONYM_COVERAGE)
      }
    }
    return { scores, coverage, importance, used, viaSynonym }
  }

  /** Every unit scored (`scoreUnit`), with the documents' inverse frequency (BM25's IDF). */
  Engine.prototype.scoreUnits = function (units) {
    const idf = n => Math.log(1 + (this.docs.length - n + 0.5) / (n + 0.5))
    return units.map(unit => this.scoreUnit(unit, idf))
  }

  /** Which of the words typed each document contains itself (by form, lemma or, for the word still being
   * typed, prefix), as bits: not through a synonym or a typo correction, which only find what the words typed
   * do not. */
  function typedWords(units) {
    const bits = new Map()
    let bit = 1
    for (const unit of units)
      for (const word of unit.words) {
        if (!word.typos.length) for (const doc of word.scores.keys()) bits.set(doc, (bits.get(doc) || 0) | bit)
        bit *= 2
      }
    return bits
  }

  function countBits(bits) {
    let count = 0
    for (; bits; bits &= bits - 1) count++
    return count
  }

  /**
   * Search: results in the shape of Material's SearchResult.
   *
   * @param query - what the reader typed
   * @param options - {suggest: boolean} as Material's SETUP message says
   */
  Engine.prototype.search = function (query, options) {
    const units = this.parse(query)
    if (!units.length) return { items: [] }
    const scored = this.scoreUnits(units)
    const importance = scored.reduce((sum, unit) => sum + unit.importance, 0) || 1

    const total = this.docs.length
    const sum = new Float64Array(total)
    const covered = new Float64Array(total)
    const touched = []
    for (const unit of scored) {
      for (const [doc, score] of unit.scores) {
        if (!sum[doc]) touched.push(doc)
        sum[doc] += score
      }
      for (const [doc, share] of unit.coverage) covered[doc] += share * unit.importance / importance
    }
    const scores = new Float64Array(total)
    for (const doc of touched) {
      const separate = this.docs[doc].group !== this.docs[doc].page ? SEPARATE_FACTOR : 1
      scores[doc] = sum[doc] * Math.pow(Math.min(1, covered[doc]), COVERAGE_POWER) * separate * this.docs[doc].worth
    }

    /* Proximity: the best candidates whose units stand close together get a bonus */
    const extraKeys = []
    /* words of the synonyms found are marked too; of a phrase, none (its "pomoc" would be marked everywhere) */
    for (const unit of scored) for (const term of unit.used) if (term.words.length === 1) extraKeys.push(...term.words[0])
    if (units.length > 1) {
      const matchers = units.map(unit => this.matcher([unit], []))
      const best = touched.slice().sort((a, b) => scores[b] - scores[a]).slice(0, PROXIMITY_CANDIDATES)
      for (const doc of best) if (this.close(doc, matchers)) scores[doc] *= 1 + PROXIMITY_BONUS
    }

    /* Pages: the best section plus a share of the second best */
    const first = new Float64Array(this.groupKeys.length)
    const second = new Float64Array(this.groupKeys.length)
    const members = new Map()
    const groups = []
    for (const doc of touched) {
      const group = this.groupOf[doc]
      const score = scores[doc]
      if (!first[group] && !second[group]) groups.push(group)
      if (score > first[group]) {
        second[group] = first[group]
        first[group] = score
      } else if (score > second[group]) second[group] = score
    }
    const groupScore = group => first[group] + SECOND_SECTION * second[group]
    const key = group => this.groupKeys[group]
    /* Words typed before words added: a page that holds more of the words typed (in any of its sections) comes
       first, whatever synonyms and corrections add; the blended score orders pages that hold as many */
    const typed = typedWords(units)
    const held = new Int32Array(this.groupKeys.length)      /* the words typed that some section of the page has */
    for (const doc of touched) held[this.groupOf[doc]] |= typed.get(doc) || 0
    const tier = held.map(countBits)
    groups.sort((a, b) => tier[b] - tier[a] || groupScore(b) - groupScore(a) || (key(a) < key(b) ? -1 : 1))
    for (const doc of touched) {
      const group = this.groupOf[doc]
      let list = members.get(group)
      if (!list) members.set(group, list = [])
      list.push(doc)
    }

    const matches = this.matcher(units, extraKeys)
    const words = units.flatMap(unit => unit.words)
    const items = groups.map((group, position) => {
      const article = this.articles.get(key(group))
      const docs = members.get(group)
      if (position >= DETAILED_PAGES) return [this.brief(article !== undefined ? article : docs[0], groupScore(group))]
      docs.sort((a, b) => scores[b] - scores[a] || a - b)
      const sections = docs.filter(doc => doc !== article).slice(0, SECTIONS_SHOWN)
      const shown = article !== undefined ? [article, ...sections] : sections.slice(0, 1)
      const marked = position < MARKED_PAGES
      return shown.map((doc, i) => {
        const found = foundWords(scored, units, i === 0 ? docs : [doc])  /* the page: any of its sections */
        return this.item(doc, i === 0 ? groupScore(group) : scores[doc], words, marked && matches, found)
      })
    })

    const also = []
    for (const unit of scored) for (const term of unit.used) if (!also.includes(term.text)) also.push(term.text)
    const typos = words.flatMap(word => word.typos.slice(0, 1))
    const result = { items, also: also.slice(0, 6), corrected: typos }
    if (items.length && (also.length || typos.length)) items[0][0].text = this.note(also, typos) + items[0][0].text
    if (options && options.suggest) {
      const last = words[words.length - 1]
      const completion = last && last.prefix ? this.complete(last.word) : undefined
      result.suggest = completion ? [completion] : []
    }
    return result
  }

  /**
   * The pages (locations without a section) that hold every word typed, in one section or another: by form,
   * lemma, the prefix of the word still being typed, a typo correction or a synonym of their unit. These are
   * the pages `search` lists without a "missing" line; the catalogue's text box keeps exactly these. Null when
   * the query has no word to filter by.
   */
  Engine.prototype.pagesWithEveryWord = function (query) {
    const units = this.parse(query)
    if (!units.length) return null
    const scored = this.scoreUnits(units)
    const byPage = new Map()
    const add = doc => {
      const page = this.docs[doc].page
      let docs = byPage.get(page)
      if (!docs) byPage.set(page, docs = new Set())
      docs.add(doc)
    }
    for (const unit of scored) for (const doc of unit.viaSynonym) add(doc)
    for (const unit of units) for (const word of unit.words) for (const doc of word.scores.keys()) add(doc)
    const wanted = new Set(units.flatMap(unit => unit.words.map(word => word.word))).size
    const pages = new Set()
    for (const [page, docs] of byPage) if (foundWords(scored, units, [...docs]).size === wanted) pages.add(page)
    return pages
  }

  /** The words typed that some of `docs` (one page's sections) matched, themselves, corrected or through a
   * synonym of their unit: what the result's "missing" line must not name. */
  function foundWords(scored, units, docs) {
    const found = new Set()
    units.forEach((unit, u) => {
      const bySynonym = docs.some(doc => scored[u].viaSynonym.has(doc))
      for (const word of unit.words) if (bySynonym || docs.some(doc => word.scores.has(doc))) found.add(word.word)
    })
    return found
  }

  /** "Also searched: …" above the first result, in the index's language. */
  Engine.prototype.note = function (also, typos) {
    const label = this.lang === "pl" ? ["Szukano także", "Poprawiono"] : ["Also searched", "Corrected to"]
    const parts = []
    if (also.length) parts.push(`${label[0]}: ${also.slice(0, 6).map(escape).join(", ")}`)
    if (typos.length) parts.push(`${label[1]}: ${typos.map(escape).join(", ")}`)
    return `<p class="pw-search-also">${parts.join(" · ")}</p>`
  }

  /** A page far down the list (a reader rarely scrolls there): its title only, so long lists stay quick. */
  Engine.prototype.brief = function (doc, score) {
    const { location, title } = this.docs[doc]
    return { location, title: escape(title), text: "", score: Math.round(Math.min(score, MAX_SCORE) * 100) / 100, terms: {} }
  }

  /** One document as a Material SearchItem; without `matches`, a plain teaser (pages further down the list).
   * `wordsFound`: the words typed it has (Material lists the others as missing). */
  Engine.prototype.item = function (doc, score, words, matches, wordsFound) {
    const { location, title, text } = this.docs[doc]
    const found = new Set()
    const plain = () => false
    const shown = {
      location,
      title: matches ? highlight(title, this.spans(doc, "title"), matches, found) : escape(title),
      text: text ? `<p>${matches ? highlight(text, this.spans(doc, "text"), matches, found, SNIPPET) :
        highlight(text, [], plain, null, SNIPPET)}</p>` : "",
      score: Math.round(Math.min(score, MAX_SCORE) * 100) / 100,
      terms: {}
    }
    for (const word of words) shown.terms[word.word] = wordsFound.has(word.word)
    /* The forms found, so that Material highlights them on the page opened */
    for (const form of [...found].slice(0, 8)) if (!(form in shown.terms)) shown.terms[form] = true
    return shown
  }

  return { Engine, escape, highlight, lowerBound, oneEdit }
})
