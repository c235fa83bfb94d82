/* Platforma Wiedzy – the practice catalogue (docs/practices/): facets, free text, totals, bars and
   voivodeship tiles, with the state in the URL (?group=minors&theme=housing&text=...; not Material's ?q=,
   which opens the search box).

   The page already holds every card (without JavaScript it is the plain list).  This script loads
   ONE data file (data-src, /data/catalogue-<lang>.json, written by hooks/catalogue.py; from disk its
   script twin, see search/loader.js), reveals the filters and keeps everything in step.  Same rules as
   platforma/pages/catalogue.py: AND across facets, OR within one; a value's count applies every other
   facet; a project's total wins over the same metric of its parts.  Each update is measured as the
   performance entry "pw-filter" (for the browser's performance tools).

   The text box is the search box's engine (search/engine.js on search/<lang>.json, data-engine and
   data-search, loaded by search/loader.js once, when the reader first goes to the text box or the address
   holds words): it
   keeps the practices whose page holds every word typed, by lemma, synonym, typo correction or the prefix
   of the last word, which are the practices the search box lists without a "missing" line.  Until the
   engine is there the words do not filter yet; should it fail to load, each word is looked for as typed
   (folded) in the card.  No library, no other request. */

/* A practice page's "back to the catalogue" link keeps the filters the reader came with: the
   catalogue remembers its query for this tab (sessionStorage) and the link adds it. */
var PW_CATALOGUE_QUERY = "pw-catalogue-query";
(function () {
  "use strict";
  var back = document.querySelector("a[data-pw-back]");
  if (!back) return;
  try {
    var saved = JSON.parse(window.sessionStorage.getItem(PW_CATALOGUE_QUERY) || "null");
    var target = new URL(back.getAttribute("href"), window.location.href);
    if (saved && saved.path === target.pathname && saved.query) back.href = target.pathname + saved.query;
  } catch (e) { /* no storage (file://, privacy settings): the plain link still works */ }
})();

(function () {
  "use strict";

  var root = document.querySelector("[data-pw-catalogue]");
  var loader = window.PlatformaSearchLoader;  /* search/loader.js, listed before this script */
  if (!root || !loader || !window.fetch || !window.URLSearchParams) return;
  var pageKey = loader.pageKey;
  var fold = loader.fold;  /* the words typed and the cards, when the engine did not load */

  var PARAMS = ["group", "theme", "region", "actor", "funding", "status", "year"];
  var REGION = PARAMS.indexOf("region");
  var lang = root.getAttribute("data-lang") || "pl";
  var form = root.querySelector("[data-pw-form]");
  var input = form.querySelector("input[type=search]");
  var TEXT = input.name;  /* the URL parameter of the words typed */
  var status = root.querySelector("[data-pw-status]");
  var toggle = root.querySelector("[data-pw-toggle]");

  var data = null;
  var entries = [];
  var known = [];
  var state = { sel: PARAMS.map(function () { return new Set(); }), q: "" };
  var statusTimer = null;
  /* The search engine for the text box: null until loaded, false when it could not be */
  var engine = null;
  var engineLoading = null;
  var siteRoot = null;  /* the search index's locations are relative to the site's root */
  /* Cards shown at once: the rest of a selection comes with "show more", so an update never has to lay
     out hundreds of cards (with 1000 practices that, not the filtering, would cost most of the time). */
  var PAGE = 60;
  var limit = PAGE;
  /* The practices the filters select, shown or not yet shown; the training pack (pack.js) asks for their ids. */
  var matching = [];
  root.pwMatchingIds = function () {
    return matching.map(function (entry) { return entry.id; });
  };

  function formatNumber(value) {
    var text = Number.isInteger(value) ? String(value) : value.toFixed(2);
    var parts = text.split(".");
    parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, lang === "pl" ? "\u00a0" : ",");
    return parts.join(".");
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return key in values ? String(values[key]) : all;
    });
  }

  function tileLevel(count, top) {
    if (count <= 0 || top <= 0) return 0;
    return top > 1 ? Math.min(4, 1 + Math.floor((4 * count - 1) / top)) : 4;
  }

  function qualifierKey(found) {
    return ["at_least", "about"].filter(function (q) { return found.has(q); }).join("_");
  }

  /* --- state <-> URL <-> form ------------------------------------------------------------ */

  function readURL() {
    var params = new URLSearchParams(window.location.search);
    state.sel = PARAMS.map(function (param, i) {
      var chosen = new Set();
      params.getAll(param).forEach(function (raw) {
        raw.split(",").forEach(function (value) {
          if (known[i].has(value)) chosen.add(value);
        });
      });
      return chosen;
    });
    state.q = params.get(TEXT) || "";
  }

  function writeURL(push) {
    var params = new URLSearchParams();
    PARAMS.forEach(function (param, i) {
      known[i].forEach(function (value) {
        if (state.sel[i].has(value)) params.append(param, value);
      });
    });
    if (state.q.trim()) params.set(TEXT, state.q.trim());
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    try {
      window.sessionStorage.setItem(PW_CATALOGUE_QUERY, JSON.stringify({ path: window.location.pathname, query: query ? "?" + query : "" }));
    } catch (e) { /* no storage: the back link goes to the unfiltered catalogue */ }
    if (url === window.location.pathname + window.location.search + window.location.hash) return;
    window.history[push ? "pushState" : "replaceState"](null, "", url);
  }

  function readForm() {
    state.sel = PARAMS.map(function (param) {
      var chosen = new Set();
      form.querySelectorAll("input[name=" + param + "]:checked").forEach(function (box) {
        chosen.add(box.value);
      });
      return chosen;
    });
    state.q = input.value;
  }

  function syncForm() {
    PARAMS.forEach(function (param, i) {
      form.querySelectorAll("input[name=" + param + "]").forEach(function (box) {
        box.checked = state.sel[i].has(box.value);
      });
      var details = form.querySelector('.pw-facet[data-facet="' + param + '"]');
      if (details && state.sel[i].size) details.open = true;
    });
    if (input.value !== state.q) input.value = state.q;
  }

  /* --- the selection ------------------------------------------------------------------- */

  /* Does an entry hold every word typed?  The engine's answer (pages as normalised URLs), or the fallback's. */
  function textFilter() {
    if (engine) {
      var pages = engine.pagesWithEveryWord(state.q);
      if (!pages) return function () { return true; };
      var wanted = new Set();
      pages.forEach(function (page) { wanted.add(pageKey(new URL(page, siteRoot).href)); });
      return function (entry) { return wanted.has(entry.page); };
    }
    var words = engine === false ? fold(state.q).split(/[^\p{L}\p{N}]+/u).filter(Boolean) : [];
    return function (entry) { return words.every(function (w) { return entry.text.indexOf(w) !== -1; }); };
  }

  function compute() {
    var holds = textFilter();
    var counts = PARAMS.map(function () { return new Map(); });
    var selected = [];
    var withoutRegion = 0;
    entries.forEach(function (entry) {
      var visible = false;
      if (holds(entry)) {
        var fails = 0;
        var failing = -1;
        for (var i = 0; i < PARAMS.length && fails < 2; i++) {
          var chosen = state.sel[i];
          if (chosen.size && !entry.values[i].some(function (v) { return chosen.has(v); })) {
            fails += 1;
            failing = i;
          }
        }
        if (fails === 0) {
          visible = true;
          selected.push(entry);
          for (var j = 0; j < PARAMS.length; j++) count(counts[j], entry.values[j]);
        } else if (fails === 1) {
          count(counts[failing], entry.values[failing]);
        }
        if (!entry.values[REGION].length && (fails === 0 || (fails === 1 && failing === REGION))) withoutRegion += 1;
      }
      entry.visible = visible;
    });
    return { counts: counts, selected: selected, withoutRegion: withoutRegion };
  }

  function count(bucket, values) {
    for (var k = 0; k < values.length; k++) bucket.set(values[k], (bucket.get(values[k]) || 0) + 1);
  }

  function totals(selected) {
    var byId = new Map();
    selected.forEach(function (e) { byId.set(e.id, e); });
    var sums = new Map();
    selected.forEach(function (entry) {
      var ancestors = [];
      var parent = entry.partOf;
      while (parent && byId.has(parent) && ancestors.indexOf(parent) === -1) {
        ancestors.push(parent);
        parent = byId.get(parent).partOf;
      }
      entry.results.forEach(function (result) {
        var metric = result[0];
        var covered = ancestors.some(function (id) { return byId.get(id).metrics.has(metric); });
        if (covered) return;
        var sum = sums.get(metric) || { value: 0, qualifiers: new Set() };
        sum.value += result[1];
        if (result[2] !== "exactly") sum.qualifiers.add(result[2]);
        sums.set(metric, sum);
      });
    });
    return sums;
  }

  /* --- drawing: elements are looked up once (collect), and only changed values are written --- */

  var view = null;

  function all(scope, selector) {
    return Array.prototype.slice.call(scope.querySelectorAll(selector));
  }

  function collect() {
    view = {
      boxes: PARAMS.map(function (param) {
        return all(form, "input[name=" + param + "]").map(function (box) {
          var label = box.closest("label");
          return { box: box, label: label, count: label.querySelector("[data-pw-count]") };
        });
      }),
      selected: PARAMS.map(function (param) {
        return form.querySelector('.pw-facet[data-facet="' + param + '"] [data-pw-selected]');
      }),
      charts: all(root, "[data-chart]").map(function (chart) {
        return {
          index: PARAMS.indexOf(chart.getAttribute("data-chart")),
          bars: all(chart, ".pw-bar").map(function (bar) {
            return {
              el: bar,
              value: bar.getAttribute("data-value"),
              count: bar.querySelector("[data-pw-count]"),
              fill: bar.querySelector(".pw-bar__fill"),
            };
          }),
        };
      }),
      tiles: all(root, ".pw-tile").filter(function (tile) { return tile.querySelector("button"); }).map(function (tile) {
        var button = tile.querySelector("button");
        return { el: tile, code: tile.getAttribute("data-value"), button: button, count: button.querySelector("[data-pw-count]") };
      }),
      totals: all(root, "[data-pw-totals] > [data-metric]").map(function (item) {
        return {
          el: item,
          metric: item.getAttribute("data-metric"),
          value: item.querySelector("[data-pw-value]"),
          qualifier: item.querySelector("[data-pw-qualifier]"),
        };
      }),
      none: root.querySelector("[data-pw-totals-none]"),
      empty: root.querySelector("[data-pw-empty]"),
      withoutRegion: root.querySelector("[data-pw-without-region]"),
      more: root.querySelector("[data-pw-more]"),
    };
  }

  function setText(el, text) {
    text = String(text);
    if (el.textContent !== text) el.textContent = text;
  }

  function setHidden(el, hidden) {
    if (el.hidden !== hidden) el.hidden = hidden;
  }

  function render(origin) {
    performance.mark("pw-filter-start");
    var result = compute();
    matching = result.selected;
    if (origin !== "more") limit = PAGE;
    var shown = 0;
    for (var i = 0; i < entries.length; i++) {
      var show = entries[i].visible && shown < limit;
      if (show) shown += 1;
      if (entries[i].card) setHidden(entries[i].card, !show);
    }
    var rest = result.selected.length - shown;
    setHidden(view.more, rest <= 0);
    if (rest > 0) {
      setText(view.more, fill(root.getAttribute("data-more"), { n: Math.min(PAGE, rest), rest: rest }));
    }
    drawFacets(result.counts);
    drawBars(result.selected);
    drawTiles(result.counts[REGION], result.withoutRegion);
    drawTotals(totals(result.selected));
    drawChips();
    setHidden(view.empty, result.selected.length > 0);
    var text = fill(root.getAttribute("data-shown"), { shown: result.selected.length, total: entries.length });
    clearTimeout(statusTimer);
    if (origin === "text") {
      statusTimer = setTimeout(function () { setText(status, text); }, 400);
    } else {
      setText(status, text);
    }
    performance.mark("pw-filter-end");
    performance.measure("pw-filter", "pw-filter-start", "pw-filter-end");
  }

  function drawFacets(counts) {
    PARAMS.forEach(function (param, i) {
      view.boxes[i].forEach(function (option) {
        var n = counts[i].get(option.box.value) || 0;
        setText(option.count, n);
        option.label.classList.toggle("pw-facet__option--none", n === 0 && !option.box.checked);
      });
      var size = state.sel[i].size;
      if (view.selected[i]) setText(view.selected[i], size ? fill(root.getAttribute("data-selected"), { n: size }) : "");
    });
  }

  function drawBars(selected) {
    view.charts.forEach(function (chart) {
      var bucket = new Map();
      selected.forEach(function (entry) { count(bucket, entry.values[chart.index]); });
      chart.bars.forEach(function (bar) {
        var n = bucket.get(bar.value) || 0;
        setHidden(bar.el, n === 0);
        setText(bar.count, n);
        var width = (selected.length ? Math.round((1000 * n) / selected.length) / 10 : 0) + "%";
        if (bar.fill.style.width !== width) bar.fill.style.width = width;
      });
    });
  }

  function drawTiles(bucket, withoutRegion) {
    var top = 0;
    bucket.forEach(function (n) { top = Math.max(top, n); });
    view.tiles.forEach(function (tile) {
      var n = bucket.get(tile.code) || 0;
      tile.el.setAttribute("data-level", tileLevel(n, top));
      setText(tile.count, n);
      tile.button.setAttribute("aria-pressed", state.sel[REGION].has(tile.code) ? "true" : "false");
    });
    setText(view.withoutRegion, fill(view.withoutRegion.getAttribute("data-template"), { n: withoutRegion }));
  }

  function drawTotals(sums) {
    var any = false;
    view.totals.forEach(function (item) {
      var sum = sums.get(item.metric);
      setHidden(item.el, !sum);
      if (!sum) return;
      any = true;
      var key = qualifierKey(sum.qualifiers);
      setText(item.value, formatNumber(sum.value));
      setText(item.qualifier, key ? root.getAttribute("data-" + key.replace(/_/g, "-")) : "");
    });
    setHidden(view.none, any);
  }

  function drawChips() {
    var list = root.querySelector("[data-pw-chips]");
    var remove = root.getAttribute("data-remove");
    list.textContent = "";
    var active = 0;
    PARAMS.forEach(function (param, i) {
      known[i].forEach(function (value) {
        if (!state.sel[i].has(value)) return;
        active += 1;
        list.appendChild(chip(param, value, data.facets[i].values[value], remove));
      });
    });
    if (state.q.trim()) {
      active += 1;
      var quoted = lang === "pl" ? "„" + state.q.trim() + "”" : "“" + state.q.trim() + "”";
      list.appendChild(chip(TEXT, "", quoted, remove));
    }
    root.querySelector("[data-pw-active]").hidden = active === 0;
    root.querySelector("[data-pw-active-count]").textContent = active ? "(" + active + ")" : "";
  }

  function chip(param, value, label, remove) {
    var item = document.createElement("li");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "pw-chip";
    button.setAttribute("data-param", param);
    button.setAttribute("data-value", value);
    button.setAttribute("aria-label", remove + ": " + label);
    var text = document.createElement("span");
    text.textContent = label;
    var cross = document.createElement("span");
    cross.setAttribute("aria-hidden", "true");
    cross.className = "pw-chip__x";
    cross.textContent = "×";
    button.appendChild(text);
    button.appendChild(cross);
    item.appendChild(button);
    return item;
  }

  /* --- events -------------------------------------------------------------------------- */

  function changed(origin, push) {
    render(origin);
    writeURL(push);
  }

  function clearAll() {
    state.sel.forEach(function (s) { s.clear(); });
    state.q = "";
    syncForm();
    changed("clear", true);
    status.focus();
  }

  function bind() {
    form.addEventListener("change", function (event) {
      if (event.target.type !== "checkbox") return;
      readForm();
      changed("facet", true);
    });
    input.addEventListener("focus", ensureEngine);
    input.addEventListener("input", function () {
      ensureEngine();
      state.q = input.value;
      changed("text", false);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function (event) {
      event.preventDefault();
      clearAll();
    });
    root.addEventListener("click", function (event) {
      var target = event.target.closest("button");
      if (!target || !root.contains(target)) return;
      if (target.hasAttribute("data-pw-clear") && target.type !== "reset") {
        clearAll();
      } else if (target.classList.contains("pw-chip")) {
        var param = target.getAttribute("data-param");
        var items = Array.prototype.slice.call(root.querySelectorAll(".pw-chip"));
        var index = items.indexOf(target);
        if (param === TEXT) state.q = "";
        else state.sel[PARAMS.indexOf(param)].delete(target.getAttribute("data-value"));
        syncForm();
        changed("chip", true);
        var rest = root.querySelectorAll(".pw-chip");
        (rest[Math.min(index, rest.length - 1)] || status).focus();
      } else if (target.classList.contains("pw-tile__button")) {
        var code = target.closest(".pw-tile").getAttribute("data-value");
        var chosen = state.sel[REGION];
        if (chosen.has(code)) chosen.delete(code);
        else chosen.add(code);
        syncForm();
        changed("tile", true);
      } else if (target === view.more) {
        var first = entries.filter(function (e) { return e.visible; })[limit];
        limit += PAGE;
        render("more");
        var link = first && first.card && first.card.querySelector("a");
        if (link) link.focus();
      } else if (target === toggle) {
        var open = toggle.getAttribute("aria-expanded") !== "true";
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
        form.classList.toggle("pw-cat__filters--open", open);
      }
    });
    window.addEventListener("popstate", function () {
      readURL();
      syncForm();
      render("url");
    });
  }

  function start(json) {
    data = json;
    known = PARAMS.map(function (param, i) {
      return new Set(Object.keys(data.facets[i].values));
    });
    var cards = new Map();
    var order = new Map();
    root.querySelectorAll("[data-pw-cards] > [data-id]").forEach(function (card, i) {
      cards.set(card.getAttribute("data-id"), card);
      order.set(card.getAttribute("data-id"), i);
    });
    entries = data.practices.map(function (p) {
      var values = PARAMS.map(function (param) { return (p[param] || []).map(String); });
      var labels = values.map(function (list, i) {
        return list.map(function (v) { return data.facets[i].values[v] || ""; }).join(" ");
      });
      var card = cards.get(p.id) || null;
      var link = card && card.querySelector("a[href]");
      return {
        id: p.id,
        card: card,
        page: link ? pageKey(link.href) : "",
        values: values,
        results: p.results || [],
        metrics: new Set((p.results || []).map(function (r) { return r[0]; })),
        partOf: p.part_of || null,
        text: fold((card ? card.textContent : "") + " " + labels.join(" ")).replace(/\s+/g, " "),
        visible: true,
        position: order.has(p.id) ? order.get(p.id) : Infinity,
      };
    });
    entries.sort(function (a, b) { return a.position - b.position; });
    status.setAttribute("tabindex", "-1");
    form.hidden = false;
    toggle.hidden = false;
    root.querySelector("[data-pw-tiles-hint]").hidden = false;
    root.querySelectorAll(".pw-tile__button[disabled]").forEach(function (b) { b.disabled = false; });
    collect();
    root.classList.add("pw-cat--ready");
    readURL();
    syncForm();
    bind();
    render("url");
    writeURL(false);
  }

  /* The search engine behind the text box (the search box's own scripts and index); renders again when it is
     there, so that words typed before count. */
  function loadEngine() {
    var engineUrl = new URL(root.getAttribute("data-engine"), window.location.href);
    var indexUrl = new URL(root.getAttribute("data-search"), window.location.href);
    return loader.loadEngine(engineUrl.href, indexUrl.href)
      .then(function (loaded) {
        engine = loaded.engine;
        siteRoot = loaded.siteRoot;
      })
      .catch(function (error) {
        console.warn("The catalogue's text box matches words as typed: the search engine did not load.", error);
        engine = false;
      })
      .then(function () {
        root.setAttribute("data-pw-words", engine ? "engine" : "as-typed");  /* what tests wait for */
        if (state.q) render("url");
      });
  }

  /* Building the engine's index takes a moment of the page's thread: only for a reader who searches by words */
  function ensureEngine() {
    if (!engineLoading) engineLoading = loadEngine();
  }

  loader.loadData(root.getAttribute("data-src"), "PlatformaCatalogueData")
    .then(function (json) {
      start(json);
      if (state.q) ensureEngine();
    })
    .catch(function () {
      root.querySelector("[data-pw-error]").hidden = false;
    });
})();
