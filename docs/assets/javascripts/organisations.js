/* Platforma Wiedzy – the directory of organisations (docs/organisations/): filters by type, voivodeship, target
   group and theme, and a text box, with the state in the URL (?type=ngo&region=PL-22&text=...).

   The page already holds every organisation (without JavaScript it is the plain list); each item carries the
   codes its filters use (data-type, data-region, data-group, data-theme, written by
   platforma/pages/organisations.py). Same rules as the catalogue: AND across filters, OR within one, and a
   value's count applies every other filter. The text box is the search box's engine (search/loader.js; loaded
   once, when the reader first goes to the text box or the address holds words): it keeps the organisations
   whose search document holds every word typed (names in both languages, acronym, type, place). Should the
   engine fail to load, each word is looked for as typed (folded) in the item. No library, no other request. */
(function () {
  "use strict";

  var root = document.querySelector("[data-pw-directory]");
  var loader = window.PlatformaSearchLoader;
  if (!root || !loader || !window.URLSearchParams) return;

  var fold = loader.fold;
  var form = root.querySelector("[data-pw-filters]");
  var input = form.querySelector("input[type=search]");
  var status = root.querySelector("[data-pw-status]");
  var empty = root.querySelector("[data-pw-empty]");
  var params = Array.prototype.map.call(form.querySelectorAll("[data-facet]"), function (facet) {
    return facet.getAttribute("data-facet");
  });
  var items = Array.prototype.map.call(root.querySelectorAll("[data-pw-org]"), function (item) {
    var codes = {};
    params.forEach(function (param) {
      codes[param] = (item.getAttribute("data-" + param) || "").split(" ").filter(Boolean);
    });
    var link = item.querySelector("a");
    return { element: item, codes: codes, key: loader.pageKey(link.href), text: fold(item.textContent) };
  });

  var engine = null;  /* null until loaded, false when it could not be */
  var siteRoot = null;
  var loading = null;

  function selected() {
    var chosen = {};
    params.forEach(function (param) {
      var boxes = form.querySelectorAll("input[name='" + param + "']");
      chosen[param] = Array.prototype.filter.call(boxes, function (box) { return box.checked; }).map(function (box) {
        return box.value;
      });
    });
    return chosen;
  }

  /* The items the words typed keep: by the engine, or each word as typed when it did not load. */
  function byText(words) {
    if (!words) return null;
    if (engine) {
      var wanted = new Set();
      engine.pagesWithEveryWord(words).forEach(function (page) { wanted.add(loader.pageKey(new URL(page, siteRoot).href)); });
      return function (item) { return wanted.has(item.key); };
    }
    var parts = fold(words).split(/\s+/).filter(Boolean);
    return function (item) { return parts.every(function (part) { return item.text.indexOf(part) >= 0; }); };
  }

  function matches(item, chosen, text, skip) {
    if (text && !text(item)) return false;
    return params.every(function (param) {
      if (param === skip || !chosen[param].length) return true;
      return chosen[param].some(function (code) { return item.codes[param].indexOf(code) >= 0; });
    });
  }

  function render() {
    var chosen = selected();
    var words = input.value.trim();
    var text = byText(words);
    var shown = 0;
    items.forEach(function (item) {
      var keep = matches(item, chosen, text, null);
      item.element.hidden = !keep;
      if (keep) shown += 1;
    });
    form.querySelectorAll("[data-facet]").forEach(function (facet) {
      var param = facet.getAttribute("data-facet");
      facet.querySelectorAll("input").forEach(function (box) {
        var count = items.filter(function (item) {
          return item.codes[param].indexOf(box.value) >= 0 && matches(item, chosen, text, param);
        }).length;
        box.closest("label").querySelector("[data-pw-count]").textContent = String(count);
      });
      facet.querySelector("[data-pw-selected]").textContent = chosen[param].length ? "(" + chosen[param].length + ")" : "";
    });
    status.textContent = root.getAttribute("data-shown").replace("{shown}", shown).replace("{total}", items.length);
    empty.hidden = shown > 0;
    writeURL(chosen, words);
  }

  function writeURL(chosen, words) {
    var query = new URLSearchParams();
    params.forEach(function (param) { chosen[param].forEach(function (code) { query.append(param, code); }); });
    if (words) query.set(input.name, words);
    var search = query.toString();
    window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : "") + window.location.hash);
  }

  function readURL() {
    var query = new URLSearchParams(window.location.search);
    params.forEach(function (param) {
      var wanted = query.getAll(param);
      form.querySelectorAll("input[name='" + param + "']").forEach(function (box) {
        box.checked = wanted.indexOf(box.value) >= 0;
        if (box.checked) box.closest("details").open = true;
      });
    });
    input.value = query.get(input.name) || "";
  }

  function ensureEngine() {
    if (loading) return;
    var engineUrl = new URL(root.getAttribute("data-engine"), window.location.href).href;
    var indexUrl = new URL(root.getAttribute("data-search"), window.location.href).href;
    loading = loader.loadEngine(engineUrl, indexUrl)
      .then(function (loaded) { engine = loaded.engine; siteRoot = loaded.siteRoot; })
      .catch(function (error) {
        console.warn("The directory's text box matches words as typed: the search engine did not load.", error);
        engine = false;
      })
      .then(function () {
        root.setAttribute("data-pw-words", engine ? "engine" : "as-typed");  /* what tests wait for */
        render();
      });
  }

  form.hidden = false;
  readURL();
  form.addEventListener("change", render);
  input.addEventListener("input", render);
  input.addEventListener("focus", ensureEngine);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  if (input.value.trim()) ensureEngine();
  render();
})();
