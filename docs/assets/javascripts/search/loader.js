/* Platforma Wiedzy – loading the search box's engine for a page's own text box (the catalogue's, the directory
   of organisations'): its scripts (search/normalise.js, search/engine.js) and its index (search/<lang>.json),
   once per page, only when a reader first needs them. From disk (the offline copy, file://, where Chromium
   refuses fetch) a JSON file is read as the script beside it that sets a global (platforma/offline/scripts.py
   writes both twins). No library, no request to another host. */
(function () {
  "use strict";

  /* A script, once (resolves when it has run). */
  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  /* A JSON file: fetched, or from disk as its script twin that sets the global `name`. */
  function loadData(src, name) {
    if (window.location.protocol === "file:") {
      return loadScript(src.replace(/\.json$/, ".js")).then(function () {
        if (!window[name]) throw new Error("no data");
        return window[name];
      });
    }
    return fetch(src, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    });
  }

  var loading = null;

  /* The engine on the index at `indexUrl` (absolute URLs) and the site's root its locations are relative to:
     {engine, siteRoot}. The same promise for every caller of the page; it rejects when something did not load. */
  function loadEngine(engineUrl, indexUrl) {
    if (!loading) {
      var scripts = window.PlatformaSearch ? Promise.resolve() :
        loadScript(new URL("normalise.js", engineUrl).href).then(function () { return loadScript(engineUrl); });
      loading = scripts
        .then(function () { return loadData(indexUrl, "PlatformaSearchIndex"); })
        .then(function (index) {
          return { engine: new window.PlatformaSearch.Engine(index), siteRoot: new URL("../", indexUrl) };
        });
    }
    return loading;
  }

  /* A page's address as a text box compares it: without query, fragment and "index.html". */
  function pageKey(href) {
    var url = new URL(href, window.location.href);
    return url.origin + url.pathname.replace(/index\.html$/, "");
  }

  /* Text as a text box matches it when the engine did not load: lower case, without diacritics (ł as l). */
  function fold(text) {
    return text.toLowerCase().replace(/ł/g, "l").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  window.PlatformaSearchLoader = {
    loadScript: loadScript, loadData: loadData, loadEngine: loadEngine, pageKey: pageKey, fold: fold
  };
})();
