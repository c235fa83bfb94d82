/*
 * Platforma Wiedzy search worker: a drop-in for Material's search worker.
 *
 * Material's UI (header search box, result list, keyboard, `?q=`) talks to a
 * Web Worker whose URL is `__config.search` (set in overrides/main.html to
 * this file with `?lang=<language>`).  The protocol is Material's:
 *   in:  {type: 0 SETUP, data: {config, docs, options}}   → out: {type: 1 READY}
 *   in:  {type: 2 QUERY, data: "query text"}              → out: {type: 3 RESULT, data: SearchResult}
 * The documents Material sends with SETUP are ignored: this worker loads the
 * index of its own language from search/<lang>.json at the root of the site.
 */
/* global importScripts, PlatformaSearch */
"use strict"

importScripts("normalise.js", "engine.js")

const SETUP = 0
const READY = 1
const QUERY = 2
const RESULT = 3

const requested = new URL(self.location.href).searchParams.get("lang") || "pl"
const lang = /^[a-z]{2,3}$/.test(requested) ? requested : "pl"
const indexUrl = new URL(`../../../search/${lang}.json`, self.location.href)

let options = { suggest: false }
const engine = fetch(indexUrl)
  .then(response => {
    if (!response.ok) throw new Error(`${indexUrl}: HTTP ${response.status}`)
    return response.json()
  })
  .then(data => new PlatformaSearch.Engine(data))
  .catch(error => {
    console.error("Search index could not be loaded:", error)
    return new PlatformaSearch.Engine({ lang, docs: [], forms: "" })
  })

self.addEventListener("message", async event => {
  const message = event.data || {}
  switch (message.type) {
    case SETUP:
      options = (message.data && message.data.options) || options
      await engine
      self.postMessage({ type: READY })
      break
    case QUERY: {
      const index = await engine
      let data
      try {
        data = index.search(String(message.data || ""), options)
      } catch (error) {
        console.warn("Search failed:", error)
        data = { items: [] }
      }
      self.postMessage({ type: RESULT, data })
      break
    }
    default:
      break
  }
})
