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
 *
 * In the offline copy opened from disk (file://) Chromium refuses Web Workers
 * and fetch: the vendored iframe-worker shim runs this script in a hidden
 * iframe instead, where `self` is the iframe's window, `importScripts` adds
 * <script> elements (and returns a Promise), relative URLs resolve against the
 * page and the script's URL gets "?<time>" appended.  So script URLs are made
 * from this script's own URL, and the index comes as search/<lang>.js, which
 * sets self.PlatformaSearchIndex (written by hooks/offline.py).
 */
/* global importScripts, PlatformaSearch */
"use strict"

const SETUP = 0
const READY = 1
const QUERY = 2
const RESULT = 3

const here = self.document && self.document.currentScript ? self.document.currentScript.src : self.location.href
const requested = /[?&]lang=([a-z]{2,3})(?![a-z])/.exec(here)
const lang = requested ? requested[1] : "pl"
const fromDisk = self.location.protocol === "file:"
const indexUrl = new URL(`../../../search/${lang}.${fromDisk ? "js" : "json"}`, here)

/* importScripts with URLs relative to this script; a Promise in the shim and in a real worker alike. */
function load(...names) {
  return Promise.resolve(importScripts(...names.map(name => new URL(name, here).href)))
}

function loadIndex() {
  if (fromDisk) return load(indexUrl.href).then(() => self.PlatformaSearchIndex)
  return fetch(indexUrl).then(response => {
    if (!response.ok) throw new Error(`${indexUrl}: HTTP ${response.status}`)
    return response.json()
  })
}

let options = { suggest: false }
const engine = Promise.resolve()
  .then(() => load("normalise.js", "engine.js"))
  .then(loadIndex)
  .then(data => {
    if (!data) throw new Error(`${indexUrl}: no index`)
    return new PlatformaSearch.Engine(data)
  })
  .catch(error => {
    console.error("Search index could not be loaded:", error)
    return self.PlatformaSearch
      ? new PlatformaSearch.Engine({ lang, docs: [], forms: "" })
      : { search: () => ({ items: [] }) }
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
