/* The compare page: choose two or more jurisdictions and a collection,
   see their records side by side in a table, one row per field (facets
   first), one column per jurisdiction; a bloc's records also show for its
   members, marked with the bloc. The state lives in the query string
   (?j=CHN,IND,european-union&c=regulations), read on load and rewritten
   with history.replaceState, so a comparison can be bookmarked, also
   opened from disk.

   Data comes as classic scripts beside the page (fetch fails on file://):
   data.js sets window.compendiumCompare (collections, their field labels,
   jurisdictions with their blocs and record counts); d/COLLECTION/c-chn.js
   and b-ID.js call compendiumCompareChunk with one jurisdiction's own
   records: the distinct texts of their values, then each record as
   [id, title, lang or 0, [value per field]], a value being a text's
   number from 1, a list of them, or 0 for none. Only the files of the
   jurisdictions chosen load.
   Everything is put in with textContent: no record text is ever HTML. */
(function () {
  "use strict";
  // Maps keyed by ids, names and URL parameters have no prototype: `?c=__proto__`
  // or a field or collection named `constructor` is an unknown key, not Object's.
  function own(o, k) { return o != null && Object.prototype.hasOwnProperty.call(o, k); }
  var parts = Object.create(null);
  window.compendiumCompareChunk = function (collection, id, texts, rows) {
    function text(n) { return n > 0 ? texts[n - 1] : 0; }
    rows.forEach(function (r) {
      r[3] = r[3].map(function (v) { return Array.isArray(v) ? v.map(text) : text(v); });
    });
    parts[collection + "|" + id] = rows;
  };
  var data = window.compendiumCompare;
  var form = document.getElementById("compare-form");
  var select = document.getElementById("compare-c");
  var status = document.getElementById("compare-status");
  var result = document.getElementById("compare-result");
  var matrix = document.getElementById("compare-matrix");
  if (!form || !select || !status || !result) return;

  var text = {};
  try { text = JSON.parse((document.getElementById("compare-text") || {}).textContent || "{}"); } catch (e) { text = {}; }
  var locale = text["@locale"] || document.documentElement.lang || "en";
  var plural = null, number = null;
  try { plural = new Intl.PluralRules(locale); number = new Intl.NumberFormat(locale); } catch (e) { /* English forms */ }
  // Forms from another language (an English fallback) carry its locale.
  function pick(forms, n) {
    try { if (forms["@locale"]) return new Intl.PluralRules(forms["@locale"]).select(n); } catch (e) { /* below */ }
    return plural ? plural.select(n) : "other";
  }
  function say(key, args, n) {
    var forms = text[key];
    var s = typeof forms === "string" ? forms
      : forms ? (forms[n === undefined ? "other" : pick(forms, n)] || forms.other) : key;
    var all = Object.create(null);
    if (n !== undefined) all.count = number ? number.format(n) : String(n);
    Object.keys(args || {}).forEach(function (k) { all[k] = String(args[k]); });
    return ltr(forms, String(s).replace(/\{(\w+)\}/g, function (m, k) { return k in all ? all[k] : m; }));
  }
  // English standing in for a right-to-left page's language keeps its own
  // order (LRI … PDI), as the server's strings do: "records 4" otherwise.
  function ltr(forms, s) {
    var from = forms && typeof forms === "object" && forms["@locale"];
    return from && document.documentElement.dir === "rtl" && !isRtl(from) ? "\u2066" + s + "\u2069" : s;
  }
  if (!data || !data.collections || !data.jurisdictions) {
    status.textContent = say("compare-unavailable");
    return;
  }

  var byId = Object.create(null);
  data.jurisdictions.forEach(function (j) { byId[j.id.toLowerCase()] = j; });
  // Other names (CN, Chine, EU), as `compendium compare` takes them; an id wins.
  var aliasOf = Object.create(null);
  data.jurisdictions.forEach(function (j) {
    aliasOf[j.id] = j.a || [];
    (j.a || []).forEach(function (a) { var k = fold(a); if (!(k in byId)) byId[k] = j; });
  });
  var collections = Object.create(null);
  data.collections.forEach(function (c) { collections[c.name] = c; });
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[name=j]"));
  var chosen = [];

  // The URL's state: unknown ids and collections are dropped.
  var params = new URLSearchParams(location.search);
  // `?j=FRA,SAU`, or a form's `?j=FRA&j=SAU`: every one of them.
  // Those no record applies to are said, not dropped in silence.
  var dropped = [];
  // A country no record applies to (data.none: code → name) is a column
  // of "–", as `compendium compare` shows it; a code that is no country
  // or bloc is said and left out.
  var none = [];
  params.getAll("j").join(",").split(",").forEach(function (raw) {
    var j = byId[raw.trim().toLowerCase()] || byId[fold(raw.trim())], code = raw.trim().toUpperCase();
    if (!j && own(data.none, code)) {
      j = byId[code.toLowerCase()] = { id: code, name: data.none[code], bloc: false, blocs: [], n: {} };
      none.push(j.name);
    }
    if (j && chosen.indexOf(j.id) < 0) chosen.push(j.id);
    else if (!j && raw.trim() && dropped.indexOf(raw.trim()) < 0) dropped.push(raw.trim());
  });
  function withDropped(s) {
    var sep = say("list-separator");
    if (none.length) s = say("compare-none", { names: none.join(sep) }) + " " + s;
    return dropped.length ? say("compare-dropped", { names: dropped.join(sep) }) + " " + s : s;
  }
  var wanted = params.get("c");
  if (wanted && collections[wanted]) select.value = wanted;
  boxes.forEach(function (b) { b.checked = chosen.indexOf(b.value) >= 0; });
  form.hidden = false;

  form.addEventListener("submit", function (e) { e.preventDefault(); });

  // Narrowing the list by name or code; ticked boxes always show. A code
  // (or another name: CN, EU) matches from its start, a name at the start
  // of any of its words ("ger" finds Germany, "eu" the European Union but
  // not DEU); in Han, kana or Hangul, which write no spaces, anywhere.
  var find = document.getElementById("compare-find");
  function fold(s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  // Unicode classes where the browser has them (a literal would stop the
  // whole script in one that has not).
  var letter = /[0-9a-z\u00c0-\u024f]/, spaceless = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/;
  try {
    letter = new RegExp("[\\p{L}\\p{N}]", "u");
    spaceless = new RegExp("[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}]", "u");
  } catch (e) { /* the ranges above */ }
  // Whether folded `name` has folded `q` where one of its words starts
  // (also after Arabic's article: "مملكة" finds "المملكة المتحدة").
  function atWord(name, q) {
    if (spaceless.test(q)) return name.indexOf(q) >= 0;
    for (var at = name.indexOf(q); at >= 0; at = name.indexOf(q, at + 1)) {
      var start = at;
      if (name.slice(at - 2, at) === "\u0627\u0644") start = at - 2;
      if (start === 0 || !letter.test(name.charAt(start - 1))) return true;
    }
    return false;
  }
  function matches(b, q) {
    var item = b.closest("li");
    if (!item) return false;
    if (fold(b.value).indexOf(q) === 0) return true;
    return [item.textContent.trim()].concat(aliasOf[b.value] || []).some(function (n) { return atWord(fold(n), q); });
  }
  function narrow() {
    // Ticked boxes show whatever the query; they count when they match.
    var q = fold(find.value.trim()), found = [];
    boxes.forEach(function (b) {
      var item = b.closest("li");
      var match = !!q && matches(b, q);
      if (item) item.hidden = !!q && !b.checked && !match;
      // A ticked box shown only because it is ticked is out of the Tab
      // order while a query narrows the list: Tab from the search goes to
      // the first match, not to an earlier choice a Space would untick.
      if (q && b.checked && !match) b.setAttribute("tabindex", "-1");
      else b.removeAttribute("tabindex");
      if (match) found.push(b);
    });
    document.querySelectorAll(".compare-options").forEach(function (ul) {
      ul.hidden = !Array.prototype.some.call(ul.children, function (li) { return !li.hidden; });
      var group = ul.closest("fieldset");
      if (group) group.hidden = ul.hidden;
    });
    // How many match, for a screen reader; said too when none does,
    // rather than leaving empty lists.
    var said = document.getElementById("compare-find-status");
    if (said) said.textContent = !q ? "" : found.length ? say("compare-matches", {}, found.length) : say("compare-no-match", { query: find.value.trim() });
    return found;
  }
  if (find) {
    find.addEventListener("input", narrow);
    // Enter picks the one match (never submits the form); its text stays
    // selected, so typing the next name replaces it.
    find.addEventListener("keydown", function (e) {
      if (e.key !== "Enter" || e.isComposing) return;
      e.preventDefault();
      var found = narrow();
      if (found.length !== 1) return;
      if (!found[0].checked) {
        found[0].checked = true;
        found[0].dispatchEvent(new Event("change", { bubbles: true }));
      }
      find.select();
    });
  }
  select.addEventListener("change", update);
  boxes.forEach(function (b) {
    b.addEventListener("change", function () {
      var at = chosen.indexOf(b.value);
      dropped = [];
      if (b.checked && at < 0) chosen.push(b.value);
      if (!b.checked && at >= 0) chosen.splice(at, 1);
      update();
    });
  });

  function writeUrl() {
    var q = "?j=" + chosen.map(encodeURIComponent).join(",") + "&c=" + encodeURIComponent(select.value);
    try { history.replaceState(null, "", q); } catch (e) { /* file:// in some browsers */ }
    printUrl();
  }
  // A printed comparison names its address, the jurisdictions chosen in it.
  function printUrl() {
    var p = document.querySelector(".print-source");
    if (!p) return;
    var u = p.querySelector(".print-url") || p.appendChild(document.createElement("span"));
    if (!u.className) { p.insertBefore(document.createTextNode(" \u00b7 "), u); u.className = "print-url"; u.dir = "ltr"; }
    u.textContent = location.href;
  }
  printUrl();

  function chunkUrl(collection, j) {
    return "d/" + encodeURIComponent(collection) + "/" +
      (j.bloc ? "b-" + encodeURIComponent(j.id) : "c-" + encodeURIComponent(j.id.toLowerCase())) + ".js";
  }

  // Loads the record files the chosen jurisdictions need, then calls done
  // (with false when one failed to load).
  function load(collection, ids, done) {
    var need = [];
    ids.forEach(function (id) {
      var j = byId[id.toLowerCase()];
      var all = [j].concat((j.blocs || []).map(function (b) { return byId[b.toLowerCase()]; }));
      all.forEach(function (x) {
        if (x && own(x.n, collection) && x.n[collection] && !((collection + "|" + x.id) in parts) && need.indexOf(x) < 0) need.push(x);
      });
    });
    var left = need.length, ok = true;
    if (!left) { done(true); return; }
    need.forEach(function (x) {
      var s = document.createElement("script");
      s.src = chunkUrl(collection, x);
      s.onload = s.onerror = function (e) {
        if (e.type === "error") ok = false;
        if (--left === 0) done(ok);
      };
      document.head.appendChild(s);
    });
  }

  // A jurisdiction's records: its own, then each of its blocs' (by bloc
  // id), each record once, as `compendium compare` lists them.
  function column(collection, j) {
    var out = [], seen = Object.create(null);
    function add(rows, via) {
      (rows || []).forEach(function (r) {
        if (seen[r[0]]) return;
        seen[r[0]] = true;
        out.push({ row: r, via: via });
      });
    }
    add(parts[collection + "|" + j.id], null);
    (j.blocs || []).forEach(function (b) {
      var bloc = byId[b.toLowerCase()];
      if (bloc) add(parts[collection + "|" + bloc.id], bloc);
    });
    return out;
  }

  function el(name, attrs, content) {
    var e = document.createElement(name);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (content !== undefined) e.textContent = content;
    return e;
  }

  function isRtl(lang) { return /^(ar|fa|he|ur|ps|sd|ug|yi|dv|ckb)(-|$)/i.test(lang); }

  function recordLink(collection, row) {
    var a = el("a", { href: data.records + encodeURIComponent(collection) + "/" + encodeURIComponent(row[0]) + "/index.html" }, row[1]);
    if (row[2]) {
      a.setAttribute("lang", row[2]);
      a.setAttribute("dir", isRtl(row[2]) ? "rtl" : "ltr");
    }
    return a;
  }

  function valueText(v) {
    return Array.isArray(v) ? v.join(say("list-separator")) : String(v);
  }

  var generation = 0;
  // On load the URL is left as it came; every change rewrites it.
  function update(e) {
    if (e !== "load") writeUrl();
    var collection = select.value;
    var ids = chosen.slice();
    var mine = ++generation;
    if (ids.length < 2) {
      result.textContent = "";
      status.textContent = withDropped(say("compare-choose"));
      if (matrix) matrix.hidden = false;
      return;
    }
    status.textContent = say("compare-loading");
    load(collection, ids, function (ok) {
      if (mine !== generation) return;
      if (!ok) { status.textContent = say("compare-unavailable"); return; }
      draw(collection, ids.map(function (id) { return byId[id.toLowerCase()]; }));
    });
  }

  function draw(collection, js) {
    var c = collections[collection];
    var columns = js.map(function (j) { return column(collection, j); });
    var names = js.map(function (j) { return j.name; });
    var wrap = el("div", { "class": "table-scroll", role: "region", tabindex: "0", "aria-labelledby": "compare-caption" });
    var table = el("table", { "class": "compare-table compare-chosen" });
    // Equal columns, each wide enough to read; the box scrolls beyond.
    table.style.minWidth = (10 + 13 * js.length) + "rem";
    var cols = el("colgroup");
    for (var k = 0; k <= js.length; k++) cols.appendChild(el("col"));
    table.appendChild(el("caption", { id: "compare-caption" },
      say("compare-caption", { collection: c.title, jurisdictions: names.join(say("list-separator")) })));
    table.appendChild(cols);
    var head = el("tr");
    head.appendChild(el("th", { scope: "col" }, say("compare-field")));
    js.forEach(function (j) {
      var th = el("th", { scope: "col" });
      th.appendChild(j.url ? el("a", { href: j.url }, j.name) : document.createTextNode(j.name));
      head.appendChild(th);
    });
    table.appendChild(el("thead")).appendChild(head);
    var body = el("tbody");

    // The records, numbered: the field rows refer to them by number.
    var tr = el("tr");
    tr.appendChild(el("th", { scope: "row" }, say("records-heading")));
    columns.forEach(function (entries) {
      var td = el("td");
      if (!entries.length) td.appendChild(el("span", { "class": "count" }, "–"));
      else {
        var ol = el("ol", { "class": "compare-records" });
        entries.forEach(function (e) {
          var li = el("li");
          li.appendChild(recordLink(collection, e.row));
          if (e.via) {
            li.appendChild(document.createTextNode(" "));
            li.appendChild(el("span", { "class": "compare-via" }, say("country-through", { group: e.via.name })));
          }
          ol.appendChild(li);
        });
        td.appendChild(ol);
      }
      tr.appendChild(td);
    });
    body.appendChild(tr);

    c.fields.forEach(function (label, i) {
      var has = columns.some(function (entries) { return entries.some(function (e) { return e.row[3][i] !== 0; }); });
      if (!has) return;
      var row = el("tr");
      row.appendChild(el("th", { scope: "row" }, label));
      columns.forEach(function (entries) {
        var td = el("td");
        var given = [];
        entries.forEach(function (e, n) { if (e.row[3][i] !== 0) given.push({ n: n + 1, v: e.row[3][i] }); });
        if (!given.length) td.appendChild(el("span", { "class": "count" }, "–"));
        else if (entries.length === 1) td.textContent = valueText(given[0].v);
        else {
          var ol = el("ol", { "class": "compare-values" });
          given.forEach(function (g) { ol.appendChild(el("li", { value: String(g.n) }, valueText(g.v))); });
          td.appendChild(ol);
        }
        row.appendChild(td);
      });
      body.appendChild(row);
    });
    table.appendChild(body);
    wrap.appendChild(table);
    result.textContent = "";
    result.appendChild(wrap);
    if (matrix) matrix.hidden = true;
    var total = columns.reduce(function (s, entries) { return s + entries.length; }, 0);
    status.textContent = withDropped(say("records", {}, total));
  }

  update("load");
})();
