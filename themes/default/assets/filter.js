/* Facet filters for collection listings. Without this script facet values
   link to their pages; with it, on a listing of one page, checking values
   hides the records that lack them. Values of one facet are alternatives
   (OR), different facets must all match (AND). The state lives in the URL
   hash (#status=in-force,adopted&topics=e-payments), so a filtered listing
   can be bookmarked; that also works opened from disk. */
(function () {
  "use strict";
  // On a narrow screen the filters stand above the records (screens of
  // them on a phone): they start folded there, the records first.
  var fold = document.getElementById("facets-fold");
  if (fold && window.matchMedia && window.matchMedia("(max-width: 50rem)").matches) fold.open = false;
  // Beside the records the fold shows as a plain heading (no marker, no
  // pointer): it is no keyboard stop there either, and stays open, so
  // that no key hides the filters where nothing shows how to get them back.
  var wide = fold && window.matchMedia && window.matchMedia("(min-width: 50.01rem)");
  var summary = fold && fold.querySelector("summary");
  function settle() {
    if (!summary) return;
    if (wide.matches) { summary.setAttribute("tabindex", "-1"); fold.open = true; }
    else summary.removeAttribute("tabindex");
  }
  if (wide && summary) {
    settle();
    if (wide.addEventListener) wide.addEventListener("change", settle);
    fold.addEventListener("toggle", function () { if (wide.matches && !fold.open) fold.open = true; });
  }
  var form = document.getElementById("facets");
  var list = document.getElementById("records");
  if (!form || !list) return;
  // A listing of several pages shows only some of its records: its form
  // goes to the search page instead (search/?collection=C&FIELD=VALUE…),
  // which filters every record, in a URL that can be bookmarked.
  if (form.hasAttribute("data-across")) return;
  var status = document.getElementById("filter-status");
  var none = document.getElementById("no-results");
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));
  var items = Array.prototype.slice.call(list.querySelectorAll("[data-facets]"));
  // The status's words in the page's language: plural strings as CLDR
  // forms ({"one": "{count} record", "other": …}), chosen by Intl.PluralRules
  // for the locale the page's numbers were written in.
  var text = {};
  try { text = JSON.parse((document.getElementById("filter-text") || {}).textContent || "{}"); } catch (e) { text = {}; }
  var locale = text["@locale"] || document.documentElement.lang || "en";
  var plural = null, number = null;
  try { plural = new Intl.PluralRules(locale); number = new Intl.NumberFormat(locale); } catch (e) { /* an unknown locale: English forms */ }
  // Forms from another language (an English fallback) carry its locale,
  // whose rules pick among them.
  function pick(forms, n) {
    try { if (forms["@locale"]) return new Intl.PluralRules(forms["@locale"]).select(n); } catch (e) { /* below */ }
    return plural ? plural.select(n) : "other";
  }
  function say(key, n, fallback, args) {
    var forms = text[key];
    var s = typeof forms === "string" ? forms
      : forms ? (forms[pick(forms, n)] || forms.other) : fallback;
    var all = Object.create(null);
    all.count = number ? number.format(n) : String(n);
    Object.keys(args || {}).forEach(function (k) { all[k] = number ? number.format(args[k]) : String(args[k]); });
    s = String(s).replace(/\{(\w+)\}/g, function (m, k) { return k in all ? all[k] : m; });
    // English standing in for a right-to-left page's language keeps its
    // own order (LRI … PDI), as the server's strings do.
    var from = forms && typeof forms === "object" && forms["@locale"];
    return from && document.documentElement.dir === "rtl" && !/^(ar|fa|he|ur|ps|sd|ug|yi|dv|ckb)(-|$)/i.test(from) ? "\u2066" + s + "\u2069" : s;
  }
  var data = items.map(function (li) {
    try { return JSON.parse(li.getAttribute("data-facets")) || {}; } catch (e) { return {}; }
  });
  // Field names key plain objects: a field named `constructor` or `__proto__`
  // must not find Object's own, so the maps have no prototype and a record's
  // values count only when they are its own (and a list).
  function valuesOf(d, f) {
    var v = d && Object.prototype.hasOwnProperty.call(d, f) ? d[f] : null;
    return Array.isArray(v) ? v : [];
  }

  // Each value's count, as its label shows it ("(18)", in the page's
  // brackets and digits): its text around the number is kept, and the
  // number follows the filters (below). A label whose number is not the
  // page's count of the value is left alone.
  var counts = boxes.map(function (b) {
    var label = form.querySelector('label[for="' + (window.CSS && CSS.escape ? CSS.escape(b.id) : b.id) + '"]');
    var span = label && label.querySelector(".count");
    if (!span) return null;
    var n = items.reduce(function (k, li, i) { return k + (valuesOf(data[i], b.name).indexOf(b.value) !== -1 ? 1 : 0); }, 0);
    var shown = number ? number.format(n) : String(n), at = span.textContent.lastIndexOf(shown);
    return at < 0 ? null : { box: b, span: span, before: span.textContent.slice(0, at), after: span.textContent.slice(at + shown.length) };
  });

  function selected() {
    var s = Object.create(null);
    boxes.forEach(function (b) {
      if (b.checked) (s[b.name] = s[b.name] || []).push(b.value);
    });
    return s;
  }

  function toHash(s) {
    return Object.keys(s).sort().map(function (f) {
      return encodeURIComponent(f) + "=" + s[f].map(encodeURIComponent).join(",");
    }).join("&");
  }

  function fromHash() {
    var s = Object.create(null);
    location.hash.replace(/^#/, "").split("&").forEach(function (part) {
      var i = part.indexOf("=");
      if (i < 1) return;
      try {
        // A field given twice (`#status=a&status=b`, the search page's
        // form) keeps both.
        var f = decodeURIComponent(part.slice(0, i));
        s[f] = (s[f] || []).concat(part.slice(i + 1).split(",").map(decodeURIComponent));
      } catch (e) { /* a hand-edited hash: ignore the broken part */ }
    });
    return s;
  }

  function writeHash(hash) {
    // The path never read as another host's (`//host/…`).
    var url = location.pathname.replace(/^[\/\\]+/, "/") + location.search + (hash ? "#" + hash : "");
    try {
      history.replaceState(null, "", url);
    } catch (e) {
      // Some browsers refuse replaceState on file:// pages.
      location.replace("#" + hash);
    }
  }

  function apply(updateHash) {
    var s = selected();
    var fields = Object.keys(s);
    var shown = 0;
    items.forEach(function (li, i) {
      var ok = fields.every(function (f) {
        var have = valuesOf(data[i], f);
        return s[f].some(function (v) { return have.indexOf(v) !== -1; });
      });
      li.hidden = !ok;
      if (ok) shown++;
    });
    // A value counts the records that match every other field's filter
    // (its own field's values are alternatives to it), as the search
    // page's filter panel counts.
    var missed = items.map(function (li, i) {
      return fields.filter(function (f) {
        var have = valuesOf(data[i], f);
        return !s[f].some(function (v) { return have.indexOf(v) !== -1; });
      });
    });
    counts.forEach(function (c) {
      if (!c) return;
      var n = 0;
      items.forEach(function (li, i) {
        var m = missed[i];
        if ((m.length === 0 || (m.length === 1 && m[0] === c.box.name)) && valuesOf(data[i], c.box.name).indexOf(c.box.value) !== -1) n++;
      });
      c.span.textContent = c.before + (number ? number.format(n) : String(n)) + c.after;
    });
    var total = items.length;
    if (status) {
      status.textContent = fields.length
        ? say("records-match", shown, "{count} of {total} records match", { total: total })
        : say("records", total, total === 1 ? "{count} record" : "{count} records");
    }
    if (none) none.hidden = shown !== 0;
    if (updateHash) {
      var hash = toHash(s);
      if (location.hash.replace(/^#/, "") !== hash) writeHash(hash);
    }
  }

  // A box's label without its count, lower case: `#status=Repealed` (a
  // label, as the search page takes them) ticks the box of `repealed`.
  function labelText(b) {
    var label = form.querySelector('label[for="' + (window.CSS && CSS.escape ? CSS.escape(b.id) : b.id) + '"]');
    if (!label) return "";
    var c = label.cloneNode(true), n = c.querySelector(".count");
    if (n) n.remove();
    return c.textContent.trim().toLowerCase();
  }
  function restore() {
    var s = fromHash();
    boxes.forEach(function (b) {
      var wanted = (s[b.name] || []).map(function (v) { return v.trim().toLowerCase(); });
      b.checked = wanted.indexOf(b.value.toLowerCase()) !== -1 || (wanted.length > 0 && wanted.indexOf(labelText(b)) !== -1);
    });
  }

  form.addEventListener("change", function () { apply(true); });
  form.addEventListener("reset", function () {
    // The reset event fires before the boxes are cleared.
    setTimeout(function () { apply(true); }, 0);
  });
  window.addEventListener("hashchange", function () { restore(); apply(false); });
  restore();
  apply(false);
})();
