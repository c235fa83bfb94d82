/* Platforma Wiedzy: the practice submission form (overrides/platforma/submit-form.html).
 *
 * Reads the form into an entry (each input's `data-path` says where its value goes), checks
 * it with Ajv against the JSON Schema the site publishes (schema/practice.schema.json, the
 * same schema scripts/validate.py uses) plus the few rules the schema cannot express, shows
 * every error next to its field, and writes the YAML file: every string double-quoted (or,
 * for multi-line text, a literal block), no anchors, keys in the schema's order, so that
 * scripts/validate.py accepts the file unchanged.  Nothing is sent anywhere: the only
 * request is the schema itself; the file leaves the browser only through "Download" or the
 * GitHub link, both started by the person filling in the form.
 */
(function () {
  "use strict";

  var root = document.querySelector(".pw-submit");
  if (!root) return;
  var config = JSON.parse(document.getElementById("pw-form-config").textContent);
  var M = config.messages;
  var form = document.getElementById("pw-form");
  var fileBox = document.getElementById("pw-file");
  var stateBox = document.getElementById("pw-state");
  var yamlBox = document.getElementById("pw-yaml");
  var fileNameBox = document.getElementById("pw-filename");
  var githubLink = document.getElementById("pw-github");
  var longNote = document.getElementById("pw-long");
  var summary = document.getElementById("pw-summary");
  var summaryList = document.getElementById("pw-summary-list");
  var idInput = document.getElementById("pw-f-id");

  var SCHEMA_LINE = "# yaml-language-server: $schema=../schema/practice.schema.json";
  var LONG_URL = 8000; // characters; longer links may be refused by servers on the way

  var schema = null;
  var validate = null;
  var attempted = false;
  var touched = new Set();
  var idEdited = false;
  var rowCounter = 0;
  var lastCount = null;
  var current = { entry: {}, yaml: "", errors: [] };

  // ---- reading the form ---------------------------------------------------------------

  function parseNumber(text, integer) {
    var compact = text.replace(/[\s\u00a0\u202f]/g, "");
    if (!integer) compact = compact.replace(",", ".");
    var pattern = integer ? /^-?\d+$/ : /^-?\d+(\.\d+)?$/;
    return pattern.test(compact) ? Number(compact) : text; // text stays text: the schema reports it
  }

  function readValue(el) {
    var value = el.value.replace(/\r\n?/g, "\n").trim();
    if (value === "") return undefined;
    switch (el.dataset.type) {
      case "number":
        return parseNumber(value, false);
      case "integer":
        return parseNumber(value, true);
      case "upper":
        return value.toUpperCase();
      case "codes":
        return value
          .split(/[\s,;]+/)
          .filter(Boolean)
          .map(function (code) {
            return code.toUpperCase();
          });
      default:
        return value;
    }
  }

  function put(target, keys, value) {
    var node = target;
    for (var i = 0; i < keys.length - 1; i++) {
      if (!node[keys[i]] || typeof node[keys[i]] !== "object") node[keys[i]] = {};
      node = node[keys[i]];
    }
    node[keys[keys.length - 1]] = value;
  }

  function rowsOf(list) {
    return Array.prototype.slice.call(list.querySelector("[data-rows]").children);
  }

  function readFields(container, skipRows, relativeTo) {
    var result = {};
    container.querySelectorAll("[data-path]").forEach(function (el) {
      if (skipRows && el.closest(".pw-row")) return;
      if (el.closest("[data-new-organisation][hidden]")) return; // an organisation picked from the list
      var keys = el.dataset.path.split(".").slice(relativeTo);
      if (el.dataset.kind === "set") {
        var ticked = Array.prototype.map.call(el.querySelectorAll("input:checked"), function (box) {
          return box.value;
        });
        if (ticked.length) put(result, keys, ticked);
      } else if (el.dataset.kind === "list") {
        var minimum = Number(el.dataset.min || 0);
        var items = [];
        rowsOf(el).forEach(function (row, index) {
          var item = readFields(row, false, 2);
          if (Object.keys(item).length || index < minimum) items.push(item);
        });
        if (items.length) put(result, keys, items);
      } else {
        var value = readValue(el);
        if (value !== undefined) put(result, keys, value);
      }
    });
    return result;
  }

  // ---- schema order ---------------------------------------------------------------------

  function resolve(node) {
    while (node && node.$ref && node.$ref.indexOf("#/$defs/") === 0) {
      node = schema.$defs[node.$ref.slice(8)];
    }
    return node || {};
  }

  function ordered(value, node) {
    node = resolve(node);
    if (Array.isArray(value)) {
      return value.map(function (item) {
        return ordered(item, node.items);
      });
    }
    if (value && typeof value === "object") {
      var properties = node.properties || {};
      var keys = Object.keys(properties).filter(function (key) {
        return key in value;
      });
      Object.keys(value).forEach(function (key) {
        if (keys.indexOf(key) < 0) keys.push(key);
      });
      var result = {};
      keys.forEach(function (key) {
        result[key] = ordered(value[key], properties[key]);
      });
      return result;
    }
    return value;
  }

  // ---- YAML -------------------------------------------------------------------------------

  function isSpecial(code) {
    return (
      code < 0x20 ||
      (code >= 0x7f && code <= 0x9f) ||
      code === 0x2028 ||
      code === 0x2029 ||
      code === 0xfeff ||
      code === 0xfffe ||
      code === 0xffff
    );
  }

  function quote(text) {
    var out = '"';
    for (var i = 0; i < text.length; i++) {
      var ch = text.charAt(i);
      var code = text.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
        var next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          out += ch + text.charAt(i + 1); // a character outside the BMP, e.g. an emoji
          i++;
          continue;
        }
      }
      if (ch === '"') out += '\\"';
      else if (ch === "\\") out += "\\\\";
      else if (ch === "\n") out += "\\n";
      else if (ch === "\t") out += "\\t";
      else if (ch === "\r") out += "\\r";
      else if (code >= 0xd800 && code <= 0xdfff) out += "\\ufffd"; // a broken half of a pair
      else if (isSpecial(code)) out += "\\u" + ("000" + code.toString(16)).slice(-4);
      else out += ch;
    }
    return out + '"';
  }

  /* Multi-line text reads better as a literal block; used only when nothing in it could
     change meaning (no tabs, no control or line-separator characters, no leading space). */
  function literalBlock(text) {
    if (text.indexOf("\n") < 0 || /^\s/.test(text) || /\s$/.test(text)) return false;
    for (var i = 0; i < text.length; i++) {
      var code = text.charCodeAt(i);
      if (code !== 0x0a && (isSpecial(code) || (code >= 0xd800 && code <= 0xdfff && !pairAt(text, i)))) {
        return false;
      }
      if (code >= 0xd800 && code <= 0xdbff) i++;
    }
    return true;
  }

  function pairAt(text, i) {
    var a = text.charCodeAt(i);
    var b = text.charCodeAt(i + 1);
    return a >= 0xd800 && a <= 0xdbff && b >= 0xdc00 && b <= 0xdfff;
  }

  function scalar(value) {
    if (typeof value === "number") return isFinite(value) ? String(value) : quote(String(value));
    if (typeof value === "boolean") return value ? "true" : "false";
    return quote(String(value));
  }

  function isMapping(value) {
    return value && typeof value === "object" && !Array.isArray(value);
  }

  function mappingLines(object, indent) {
    var pad = " ".repeat(indent);
    var lines = [];
    Object.keys(object).forEach(function (key) {
      var value = object[key];
      if (Array.isArray(value)) {
        lines.push(pad + key + ":");
        value.forEach(function (item) {
          if (isMapping(item)) {
            var inner = mappingLines(item, indent + 4);
            if (!inner.length) {
              lines.push(pad + "  - {}");
              return;
            }
            inner[0] = pad + "  - " + inner[0].slice(indent + 4);
            lines.push.apply(lines, inner);
          } else {
            lines.push(pad + "  - " + scalar(item));
          }
        });
      } else if (isMapping(value)) {
        lines.push(pad + key + ":");
        lines.push.apply(lines, mappingLines(value, indent + 2));
      } else if (typeof value === "string" && literalBlock(value)) {
        lines.push(pad + key + ": |-");
        value.split("\n").forEach(function (line) {
          lines.push(line ? pad + "  " + line : "");
        });
      } else {
        lines.push(pad + key + ": " + scalar(value));
      }
    });
    return lines;
  }

  function toYaml(entry) {
    return [SCHEMA_LINE].concat(mappingLines(entry, 0)).join("\n") + "\n";
  }

  // ---- checking -----------------------------------------------------------------------------

  function realDate(text) {
    var parts = text.split("-").map(Number);
    if (parts.length === 1) return true;
    if (parts[1] < 1 || parts[1] > 12) return false;
    if (parts.length === 2) return true;
    var date = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]));
    return date.getUTCFullYear() === parts[0] && date.getUTCMonth() === parts[1] - 1 && date.getUTCDate() === parts[2];
  }

  function messageFor(error, keys) {
    var where = error.schemaPath;
    if (keys[0] === "review_every_months") return M.months;
    switch (error.keyword) {
      case "required":
      case "minLength":
      case "minProperties":
        return M.required;
      case "minItems":
        return M.choose;
      case "pattern":
        if (/\/id\/pattern$/.test(where)) return M.id;
        if (where.indexOf("/$defs/date/") >= 0) return M.date;
        if (where.indexOf("/$defs/partial_date/") >= 0) return M.partialDate;
        if (where.indexOf("/$defs/url/") >= 0) return M.url;
        if (where.indexOf("/$defs/country/") >= 0) return M.country;
        if (where.indexOf("/email/") >= 0) return M.email;
        return M.generic;
      case "type":
        return error.params.type === "number" || error.params.type === "integer" ? M.number : M.generic;
      case "minimum":
        return M.min0;
      case "uniqueItems":
        return M.unique;
      case "not":
        return M.idIndex;
      default:
        return M.generic + ": " + error.message;
    }
  }

  /* A copy of the entry where every missing required mapping is present but empty, so that
     the schema names each missing field inside it (implementer.name AND implementer.actor_type)
     instead of only "implementer is missing". Used for checking, never written to the file. */
  function withSkeleton(value, node) {
    node = resolve(node);
    if (!value || typeof value !== "object" || Array.isArray(value)) return value;
    var copy = {};
    Object.keys(value).forEach(function (key) {
      copy[key] = withSkeleton(value[key], (node.properties || {})[key]);
    });
    (node.required || []).forEach(function (key) {
      var child = resolve((node.properties || {})[key]);
      if (!(key in copy) && child.type === "object") copy[key] = withSkeleton({}, child);
    });
    return copy;
  }

  function check(entry) {
    var errors = [];
    if (validate && !validate(withSkeleton(entry, schema))) {
      validate.errors.forEach(function (error) {
        var keys = error.instancePath
          .split("/")
          .slice(1)
          .map(function (part) {
            return part.replace(/~1/g, "/").replace(/~0/g, "~");
          });
        if (error.keyword === "required") keys.push(error.params.missingProperty);
        if (error.keyword === "additionalProperties") keys.push(error.params.additionalProperty);
        errors.push({ keys: keys, message: messageFor(error, keys) });
      });
    }
    // Rules scripts/validate.py checks beyond the schema.
    if (typeof entry.id === "string" && config.existingIds.indexOf(entry.id) >= 0) {
      errors.push({ keys: ["id"], message: M.idTaken });
    }
    var dates = [["last_reviewed"], ["period", "start"], ["period", "end"]];
    (entry.sources || []).forEach(function (_, index) {
      dates.push(["sources", String(index), "accessed"]);
    });
    dates.forEach(function (keys) {
      var value = keys.reduce(function (node, key) {
        return node && node[key];
      }, entry);
      if (typeof value === "string" && /^\d{4}(-\d{2}(-\d{2})?)?$/.test(value) && !realDate(value)) {
        errors.push({ keys: keys, message: M.realDate });
      }
    });
    var period = entry.period;
    if (period && typeof period.start === "string" && typeof period.end === "string") {
      var common = Math.min(period.start.length, period.end.length);
      if (period.end.slice(0, common) < period.start.slice(0, common)) {
        errors.push({ keys: ["period", "end"], message: M.endBeforeStart });
      }
    }
    return errors;
  }

  // ---- showing errors -------------------------------------------------------------------------

  function byPath(path) {
    var exact = form.querySelector('[data-path="' + CSS.escape(path) + '"]');
    return exact || form.querySelector('[data-path^="' + CSS.escape(path + ".") + '"]');
  }

  function elementFor(keys) {
    for (var length = keys.length; length > 0; length--) {
      var part = keys.slice(0, length);
      var list = form.querySelector('[data-kind="list"][data-path="' + CSS.escape(part[0]) + '"]');
      if (list && part.length >= 2) {
        var row = rowsOf(list)[Number(part[1])];
        if (!row) return list;
        var inRow = byPath([part[0], row.dataset.counter].concat(part.slice(2)).join("."));
        if (inRow) return inRow;
        continue;
      }
      var found = byPath(part.join("."));
      if (found) return found;
    }
    return null;
  }

  function textWithoutMarks(node) {
    if (!node) return "";
    return Array.prototype.map
      .call(node.childNodes, function (child) {
        return child.classList && (child.classList.contains("pw-req") || child.classList.contains("pw-sr-only"))
          ? ""
          : child.textContent;
      })
      .join("")
      .trim();
  }

  function fieldName(el) {
    var names = [];
    var label = el.tagName === "FIELDSET" ? el.querySelector("legend") : form.querySelector('label[for="' + el.id + '"]');
    names.push(textWithoutMarks(label));
    var group = el.parentElement && el.parentElement.closest("fieldset");
    while (group && form.contains(group)) {
      names.unshift(textWithoutMarks(group.querySelector("legend")));
      group = group.parentElement && group.parentElement.closest("fieldset");
    }
    return names.filter(Boolean).join(" – ");
  }

  /* Errors of a field show once the person has left it, and everywhere after a first try. */
  function visible(el) {
    return attempted || touched.has(el.id);
  }

  function showErrors(errors) {
    var byElement = new Map();
    errors.forEach(function (error) {
      var el = elementFor(error.keys);
      if (!el) return;
      // a missing list of tick boxes: "tick at least one" says more than "required"
      var message = el.dataset.kind === "set" && error.message === M.required ? M.choose : error.message;
      if (!byElement.has(el)) byElement.set(el, []);
      if (byElement.get(el).indexOf(message) < 0) byElement.get(el).push(message);
    });
    form.querySelectorAll(".pw-error").forEach(function (box) {
      box.textContent = "";
    });
    form.querySelectorAll('[aria-invalid="true"]').forEach(function (el) {
      el.removeAttribute("aria-invalid");
    });
    var shown = [];
    byElement.forEach(function (messages, el) {
      if (!visible(el)) return;
      var box = document.getElementById(el.id + "-error");
      if (box) box.textContent = messages.join(" ");
      el.setAttribute("aria-invalid", "true");
      shown.push({ el: el, text: fieldName(el) + ": " + messages.join(" ") });
    });
    return shown;
  }

  function fillSummary(shown) {
    summaryList.textContent = "";
    shown
      .sort(function (a, b) {
        return a.el.compareDocumentPosition(b.el) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
      })
      .forEach(function (item) {
        var li = document.createElement("li");
        var link = document.createElement("a");
        link.href = "#" + item.el.id;
        link.textContent = item.text;
        link.addEventListener("click", function (event) {
          event.preventDefault();
          focusField(item.el);
        });
        li.appendChild(link);
        summaryList.appendChild(li);
      });
    summary.hidden = shown.length === 0;
  }

  function focusField(el) {
    var target = el.tagName === "FIELDSET" ? el.querySelector("input, select, textarea, button") : el;
    (target || el).focus({ preventScroll: true });
    el.scrollIntoView({ block: "center" });
  }

  // ---- the file -----------------------------------------------------------------------------------

  function fileName(entry) {
    var id = typeof entry.id === "string" && entry.id ? entry.id : "new-practice";
    return id + ".yml";
  }

  function githubUrl(entry, yaml) {
    return (
      config.newFileUrl +
      "?filename=" +
      encodeURIComponent(fileName(entry)) +
      "&value=" +
      encodeURIComponent(yaml)
    );
  }

  function update() {
    var raw = readFields(form, true, 0);
    var entry = schema ? ordered(raw, schema) : raw;
    var yaml = toYaml(entry);
    var errors = check(entry);
    current = { entry: entry, yaml: yaml, errors: errors };
    yamlBox.textContent = yaml;
    fileNameBox.textContent = "practices/" + fileName(entry);
    if (githubLink) {
      githubLink.href = githubUrl(entry, yaml);
      longNote.hidden = githubLink.href.length <= LONG_URL;
    }
    var shown = showErrors(errors);
    if (attempted && !summary.hidden) fillSummary(shown);
    if (validate) {
      var count = errors.length;
      if (count !== lastCount) {
        stateBox.textContent = count ? M.invalid.replace("{n}", String(count)) : M.valid;
        stateBox.classList.toggle("pw-state--ok", count === 0);
        lastCount = count;
      }
    }
    fileBox.classList.toggle("pw-file--ready", Boolean(validate) && errors.length === 0);
  }

  /** Before a download or a GitHub link: true when the entry is valid, else errors are shown. */
  function ready() {
    update();
    if (validate && current.errors.length === 0) return true;
    attempted = true;
    var shown = showErrors(current.errors);
    fillSummary(shown);
    if (validate) {
      summary.focus({ preventScroll: true });
      summary.scrollIntoView({ block: "start" });
    }
    return false;
  }

  // ---- ids from titles ------------------------------------------------------------------------------

  /* The same ids as scripts/new_practice.py gives: ł → l, accents dropped, other letters
     outside a–z dropped, words joined by hyphens, at most 60 characters. */
  function slug(text) {
    return text
      .replace(/ł/g, "l")
      .replace(/Ł/g, "L")
      .normalize("NFKD")
      .replace(/[^\x00-\x7f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60)
      .replace(/^-+|-+$/g, "");
  }

  // ---- repeated groups (partners, funding, results, sources) ---------------------------------------

  function renumber(list) {
    var rows = rowsOf(list);
    var minimum = Number(list.dataset.min || 0);
    rows.forEach(function (row, index) {
      var legend = row.querySelector(".pw-row__legend");
      legend.textContent = legend.dataset.title.replace("{n}", String(index + 1));
      row.querySelector("[data-row-name]").textContent = ": " + legend.textContent;
      row.querySelector("[data-remove]").hidden = rows.length <= minimum;
    });
  }

  function addRow(list, focus) {
    var template = list.querySelector("template[data-row]");
    var counter = String(rowCounter++);
    var holder = document.createElement("div");
    holder.innerHTML = template.innerHTML.split("__i__").join(counter);
    var row = holder.firstElementChild;
    row.dataset.counter = counter;
    list.querySelector("[data-rows]").appendChild(row);
    renumber(list);
    if (focus) row.querySelector("input, select, textarea").focus();
    return row;
  }

  function removeRow(row) {
    var list = row.closest('[data-kind="list"]');
    var rows = rowsOf(list);
    var index = rows.indexOf(row);
    row.remove();
    renumber(list);
    var remaining = rowsOf(list);
    var next = remaining[Math.min(index, remaining.length - 1)];
    (next ? next.querySelector("input, select, textarea") : list.querySelector("[data-add]")).focus();
  }

  // ---- wiring ---------------------------------------------------------------------------------------------

  form.querySelectorAll('[data-kind="list"]').forEach(function (list) {
    for (var i = 0; i < Number(list.dataset.min || 0); i++) addRow(list, false);
  });

  var reviewed = document.getElementById("pw-f-last_reviewed");
  if (reviewed && !reviewed.value) {
    var now = new Date();
    reviewed.value = [now.getFullYear(), now.getMonth() + 1, now.getDate()]
      .map(function (part, index) {
        return index ? String(part).padStart(2, "0") : String(part);
      })
      .join("-");
  }

  form.addEventListener("input", function (event) {
    var target = event.target;
    if (target === idInput) idEdited = idInput.value.trim() !== "";
    if (target.dataset.path === "title.pl" && !idEdited) idInput.value = slug(target.value);
    update();
  });
  /* An organisation picked from the list is named by its id: the fields that describe a new one are hidden (and
     not read) until "not on the list" is chosen again. */
  function showNewOrganisation(select) {
    var group = select.closest("fieldset").querySelector("[data-new-organisation]");
    if (group) group.hidden = select.value !== "";
  }
  form.querySelectorAll('select[data-path$=".organisation"]').forEach(showNewOrganisation);
  form.addEventListener("change", function (event) {
    if (/\.organisation$/.test(event.target.dataset.path || "")) showNewOrganisation(event.target);
    update();
  });
  form.addEventListener("focusout", function (event) {
    var target = event.target;
    if (target.id && target.dataset.path) touched.add(target.id);
    var group = target.closest && target.closest('[data-kind="set"]');
    if (group && !group.contains(event.relatedTarget)) touched.add(group.id);
    if (target.dataset.path || group) update();
  });
  form.addEventListener("click", function (event) {
    var add = event.target.closest("[data-add]");
    if (add) {
      addRow(add.closest('[data-kind="list"]'), true);
      update();
      return;
    }
    var remove = event.target.closest("[data-remove]");
    if (remove) {
      removeRow(remove.closest(".pw-row"));
      update();
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    ready();
  });

  document.getElementById("pw-download").addEventListener("click", function () {
    if (!ready()) return;
    var blob = new Blob([current.yaml], { type: "text/yaml;charset=utf-8" });
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = fileName(current.entry);
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () {
      URL.revokeObjectURL(url);
    }, 10000);
  });
  if (githubLink) {
    githubLink.addEventListener("click", function (event) {
      if (!ready()) event.preventDefault();
    });
  }

  form.hidden = false;
  fileBox.hidden = false;
  update();

  fetch(config.schemaUrl, { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    })
    .then(function (loaded) {
      schema = loaded;
      var Ajv = window.PlatformaAjv2020;
      validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
      root.dataset.ready = "true";
      update();
    })
    .catch(function () {
      stateBox.textContent = M.schema;
      root.dataset.ready = "error";
    });
})();
