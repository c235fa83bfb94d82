/*
 * The search's note "Szukano także: … · Poprawiono: …" / "Also searched: … · Corrected to: …" as a line of its
 * own above the results.  The engine (search/engine.js) writes it into the first result's text, the one place
 * where Material's result list takes text from a worker; inside that result's link a screen reader would read
 * it as part of the link.  This moves it out, under the count of results, each time Material lists new results.
 */
(function () {
  "use strict"

  function start() {
    const list = document.querySelector(".md-search-result__list")
    const meta = document.querySelector(".md-search-result__meta")
    if (!list || !meta) return
    const line = document.createElement("p")
    line.className = "pw-search-also"
    line.hidden = true
    meta.after(line)
    let first = null  /* the first result the line was made for: "more results" appends below it */

    new MutationObserver(() => {
      const note = list.querySelector(".md-search-result__link .pw-search-also")
      if (note) {
        line.textContent = note.textContent
        line.hidden = false
        note.remove()
        first = list.firstElementChild
      } else if (list.firstElementChild !== first) {
        line.hidden = true
        line.textContent = ""
        first = null
      }
    }).observe(list, { childList: true, subtree: true })
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start)
  else start()
})()
