/* The training pack (page /pack/, made by hooks/pack.py from overrides/platforma/pack.html).

   The choice is a list of chapter keys (`psn/01-who-is-vulnerable`) and practice ids.  It lives in the
   pack page's address (`?c=psn/01-a,psn/02-b&p=some-practice`), so a pack can be sent by e-mail, and in
   localStorage, so that "add to the training pack" on a chapter, a practice or the catalogue reaches the
   pack page.  An address with a choice wins over the stored one.

   Each chosen page's content comes from a script (in pack/items/<bucket>.js, a few pages to a file, written by
   the build), which calls PlatformaPack.receive(...): a script element, unlike fetch, also works from file://.
   The content was sanitised when the site was built; here it only gets its ids prefixed (several pages
   in one document) and its links made absolute (it is shown at another address than its own). */
(function () {
  "use strict";

  var STORE = "platforma-pack";
  var KINDS = ["c", "p"];

  function emptyChoice() {
    return { c: [], p: [] };
  }

  function readStored() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(STORE) || "null");
      var choice = emptyChoice();
      KINDS.forEach(function (kind) {
        if (saved && Array.isArray(saved[kind])) choice[kind] = saved[kind].filter(function (k) { return typeof k === "string"; });
      });
      return choice;
    } catch (e) {
      return emptyChoice();
    }
  }

  function store(choice) {
    try {
      window.localStorage.setItem(STORE, JSON.stringify(choice));
    } catch (e) { /* no storage: the address still holds the choice on the pack page */ }
  }

  function count(choice) {
    return choice.c.length + choice.p.length;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  /* Lower case, without diacritics (ł too), so that "maloletni" finds "Małoletni". */
  function fold(text) {
    return text.toLowerCase().replace(/ł/g, "l").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function showCount(link, choice) {
    link.textContent = fill(link.getAttribute("data-label"), { n: count(choice) });
  }

  /* ------------------------------------------------------------ a chapter's or a practice's switch */

  function itemSwitch(holder) {
    var kind = holder.getAttribute("data-kind");
    var key = holder.getAttribute("data-key");
    var button = holder.querySelector("button");
    var link = holder.querySelector("[data-pw-pack-open]");

    function draw() {
      var choice = readStored();
      var chosen = choice[kind].indexOf(key) >= 0;
      button.setAttribute("aria-pressed", chosen ? "true" : "false");
      button.textContent = button.getAttribute(chosen ? "data-remove" : "data-add");
      showCount(link, choice);
    }

    button.addEventListener("click", function () {
      var choice = readStored();
      var at = choice[kind].indexOf(key);
      if (at >= 0) choice[kind].splice(at, 1);
      else choice[kind].push(key);
      store(choice);
      draw();
    });
    holder.hidden = false;
    draw();
  }

  /* ------------------------------------------------------------ the catalogue's "add the practices shown" */

  function catalogueSwitch(holder) {
    var button = holder.querySelector("button");
    var link = holder.querySelector("[data-pw-pack-open]");
    var status = holder.querySelector("[data-pw-pack-status]");
    var catalogue = document.querySelector("[data-pw-catalogue]");

    function shownIds() {
      if (catalogue && catalogue.classList.contains("pw-cat--ready") && catalogue.pwMatchingIds) {
        return catalogue.pwMatchingIds();
      }
      return Array.prototype.map.call(document.querySelectorAll("[data-pw-cards] > [data-id]"), function (card) {
        return card.getAttribute("data-id");
      });
    }

    button.addEventListener("click", function () {
      var choice = readStored();
      var added = 0;
      shownIds().forEach(function (id) {
        if (choice.p.indexOf(id) < 0) {
          choice.p.push(id);
          added += 1;
        }
      });
      store(choice);
      showCount(link, choice);
      status.textContent = fill(button.getAttribute("data-added"), { n: added });
    });
    holder.hidden = false;
    showCount(link, readStored());
  }

  /* ------------------------------------------------------------ the pack page */

  function fromAddress(search) {
    var found = null;
    search.replace(/^\?/, "").split("&").forEach(function (pair) {
      var at = pair.indexOf("=");
      var name = at < 0 ? pair : pair.slice(0, at);
      if (KINDS.indexOf(name) < 0) return;
      found = found || emptyChoice();
      pair.slice(at + 1).split(",").forEach(function (key) {
        try {
          key = decodeURIComponent(key.replace(/\+/g, " "));
        } catch (e) {
          return;
        }
        if (key && found[name].indexOf(key) < 0) found[name].push(key);
      });
    });
    return found;
  }

  function toAddress(choice) {
    var parts = KINDS.filter(function (kind) { return choice[kind].length; }).map(function (kind) {
      return kind + "=" + choice[kind].map(function (key) {
        return encodeURIComponent(key).replace(/%2F/g, "/");
      }).join(",");
    });
    return parts.length ? "?" + parts.join("&") : "";
  }

  var received = {};

  window.PlatformaPack = {
    receive: function (data) {
      received[data.kind + ":" + data.key] = data;
    },
  };

  var scripts = {};

  /* Run a file of page scripts (a few pages share one): once, however many of its pages are chosen. */
  function run(src) {
    if (!scripts[src]) {
      scripts[src] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = src;
        script.onload = resolve;  /* fired once the script has run: its pages are received */
        script.onerror = function () {
          script.remove();
          delete scripts[src];  // a later choice may try again
          reject(new Error(src));
        };
        document.head.appendChild(script);
      });
    }
    return scripts[src];
  }

  /* The page of a tick box, from its file of scripts. */
  function load(box) {
    var id = box.name + ":" + box.value;
    if (received[id]) return Promise.resolve(received[id]);
    return run(box.getAttribute("data-src")).then(function () {
      if (!received[id]) throw new Error(id);
      return received[id];
    });
  }

  /* The page's content, ready to sit in the pack: ids prefixed, links absolute, permalink marks gone. */
  function prepared(html, pageUrl, prefix) {
    var template = document.createElement("template");
    template.innerHTML = html;
    var content = template.content;
    content.querySelectorAll("a.headerlink").forEach(function (a) { a.remove(); });
    content.querySelectorAll("[id]").forEach(function (el) { el.id = prefix + el.id; });
    content.querySelectorAll("label[for]").forEach(function (el) { el.htmlFor = prefix + el.htmlFor; });
    ["aria-describedby", "aria-labelledby"].forEach(function (name) {
      content.querySelectorAll("[" + name + "]").forEach(function (el) {
        el.setAttribute(name, el.getAttribute(name).split(/\s+/).map(function (id) { return prefix + id; }).join(" "));
      });
    });
    content.querySelectorAll("a[href]").forEach(function (a) {
      var href = a.getAttribute("href");
      if (href.charAt(0) === "#") a.setAttribute("href", "#" + prefix + href.slice(1));
      else a.setAttribute("href", new URL(href, pageUrl).href);
    });
    content.querySelectorAll("img[src]").forEach(function (img) {
      img.setAttribute("src", new URL(img.getAttribute("src"), pageUrl).href);
    });
    return content;
  }

  function packPage(root) {
    var boxes = Array.prototype.slice.call(root.querySelectorAll("[data-pw-pack-picker] input[type=checkbox]"));
    var actions = root.querySelector("[data-pw-pack-actions]");
    var status = root.querySelector("[data-pw-pack-status]");
    var address = root.querySelector("[data-pw-pack-address]");
    var doc = root.querySelector("[data-pw-pack-doc]");
    var toc = root.querySelector("[data-pw-pack-toc]");
    var items = root.querySelector("[data-pw-pack-items]");
    var printButton = root.querySelector("[data-pw-pack-print]");
    var jump = root.querySelector("[data-pw-pack-jump]");
    var siteRoot = root.getAttribute("data-root");
    var lang = document.documentElement.lang || "pl";
    var generation = 0;

    function chosen() {
      return boxes.filter(function (box) { return box.checked; });
    }

    function choiceOf(list) {
      var choice = emptyChoice();
      list.forEach(function (box) { choice[box.name].push(box.value); });
      return choice;
    }

    function remember() {
      var choice = choiceOf(chosen());
      store(choice);
      try {
        window.history.replaceState(null, "", window.location.pathname + toAddress(choice) + window.location.hash);
      } catch (e) { /* some file:// browsers refuse; the choice is stored all the same */ }
      address.value = window.location.href;
    }

    function assemble() {
      var list = chosen();
      var mine = ++generation;
      printButton.disabled = list.length === 0;
      if (!list.length) {
        doc.hidden = true;
        jump.hidden = true;
        status.textContent = root.getAttribute("data-empty");
        return;
      }
      status.textContent = root.getAttribute("data-loading");
      Promise.all(list.map(function (box) {
        return load(box).then(null, function () { return { failed: true, title: box.parentNode.textContent.trim() }; });
      })).then(function (pages) {
        if (mine !== generation) return;  // the choice changed meanwhile
        var choice = choiceOf(list);
        toc.textContent = "";
        items.textContent = "";
        var failed = [];
        pages.forEach(function (data, i) {
          if (data.failed) {
            failed.push(fill(root.getAttribute("data-failed"), { title: data.title }));
            return;
          }
          var id = "pw-pack-" + (i + 1);
          var entry = document.createElement("li");
          var link = document.createElement("a");
          link.href = "#" + id;
          link.textContent = data.title;
          entry.appendChild(link);
          toc.appendChild(entry);
          var section = document.createElement("section");
          section.className = "pw-pack__item pw-pack__item--" + (data.kind === "p" ? "practice" : "chapter");
          section.id = id;
          var content = prepared(data.html, new URL(siteRoot + data.url, window.location.href), id + "-");
          if (!content.querySelector("h1")) {  // a chapter's title is the page's, not in its content
            var heading = document.createElement("h1");
            heading.textContent = data.title;
            section.appendChild(heading);
          }
          if (data.note) {
            var note = document.createElement("p");
            note.className = "pw-pack__note";
            note.textContent = data.note;
            section.appendChild(note);
          }
          section.appendChild(content);
          items.appendChild(section);
        });
        root.querySelector("[data-pw-pack-summary]").textContent = fill(root.getAttribute("data-summary"), {
          chapters: choice.c.length,
          practices: choice.p.length,
        });
        var today = new Date();
        var date = root.querySelector("[data-pw-pack-date]");
        date.dateTime = today.toISOString().slice(0, 10);
        date.textContent = today.toLocaleDateString(lang, { year: "numeric", month: "long", day: "numeric" });
        var online = root.querySelector("[data-pw-pack-online]");
        online.hidden = !/^https?:$/.test(window.location.protocol);  // a file path means nothing on paper
        root.querySelector("[data-pw-pack-online-url]").textContent = window.location.href;
        doc.hidden = !items.children.length;  // nothing could be loaded: no empty document
        jump.hidden = doc.hidden;
        printButton.disabled = doc.hidden;
        status.textContent = failed.length ? failed.join(" ") : fill(root.getAttribute("data-ready"), { n: pages.length });
      });
    }

    var filterBox = root.querySelector("[data-pw-pack-filter]");
    var filter = filterBox.querySelector("input");
    var folded = boxes.map(function (box) { return fold(box.parentNode.textContent); });
    filter.addEventListener("input", function () {
      var words = fold(filter.value).split(/\s+/).filter(Boolean);
      boxes.forEach(function (box, i) {
        var match = words.every(function (word) { return folded[i].indexOf(word) >= 0; });
        box.closest("li").hidden = !(match || box.checked);
      });
      root.querySelectorAll("[data-pw-pack-picker] fieldset").forEach(function (group) {
        group.hidden = !group.querySelector("li:not([hidden])");
      });
    });
    filterBox.hidden = false;

    var choice = fromAddress(window.location.search) || readStored();
    boxes.forEach(function (box) {
      box.checked = choice[box.name].indexOf(box.value) >= 0;
      box.addEventListener("change", function () {
        remember();
        assemble();
      });
    });
    printButton.addEventListener("click", function () { window.print(); });
    root.querySelector("[data-pw-pack-clear]").addEventListener("click", function () {
      boxes.forEach(function (box) { box.checked = false; });
      remember();
      assemble();
    });
    root.querySelector("[data-pw-pack-copy]").addEventListener("click", function () {
      var done = function () { status.textContent = root.getAttribute("data-copied"); };
      address.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(address.value).then(done, function () {
          if (document.execCommand("copy")) done();
        });
      } else if (document.execCommand("copy")) {
        done();
      }
    });
    actions.addEventListener("submit", function (event) { event.preventDefault(); });  // Enter in the address field
    actions.hidden = false;
    remember();
    assemble();
  }

  document.querySelectorAll("[data-pw-pack-item]").forEach(itemSwitch);
  document.querySelectorAll("[data-pw-pack-shown]").forEach(catalogueSwitch);
  var root = document.querySelector("[data-pw-pack]");
  if (root) packPage(root);
})();
