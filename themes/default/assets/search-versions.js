/* Compendium browser search on a site with several languages: loaded by
 * search.js only when meta.js lists the site's languages (`sl`) or holds
 * translations (`tr`), so that a one-language site's first search loads
 * none of it. Ports the version rules of src/search/engine.rs and
 * catalog.rs (see src/search/browser.rs for the layout). */
CSI('versions', function (E, decodeRecords) {
  'use strict';
  var m = E.meta, sl = m.sl || [], n = m.n;
  // Documents 0 .. records-1 are the originals; then each language's
  // translations, in record order: [language, records, first document].
  var tr = (m.tr || []).map(function (l) { var r = decodeRecords(l[1]); n -= r.length; return [l[0].toLowerCase(), r]; });
  var rec = new Int32Array(m.n), at = n;
  for (var d = 0; d < at; d++) rec[d] = d;
  tr.forEach(function (l) { l[2] = at; l[1].forEach(function (o) { rec[at++] = o; }); });
  function low(s) { return (s || '').toLowerCase(); }
  // lang::covers: `text` is written in `page` (the same, or a variety of
  // it, or of its language and script by CLDR's likely subtags: meta.js
  // `cv` lists those, `zh` and `zh-cn` for `zh-hans`).
  var CV = m.cv || {};
  function covers(page, text) {
    return text === page || text.indexOf(page + '-') === 0 || (CV[page] || []).indexOf(text) >= 0;
  }
  // lang::is_rtl: by an explicit script subtag, else by language; meta.js
  // rtl gives lang.rs's lists: [rtl languages, rtl scripts, ltr scripts].
  var R = m.rtl || [[], [], []];
  function rtl(t) {
    var p = t.split(/[-_]/), s = p.slice(1).find(function (x) { return x.length === 4; });
    if (s && R[2].indexOf(s) >= 0) return false;
    if (s && R[1].indexOf(s) >= 0) return true;
    return R[0].indexOf(p[0]) >= 0;
  }
  // A filter's records (facet values and collections are the record's)
  // with their translations' documents.
  var records = E.filterDocs;
  E.filterDocs = function (flt) {
    return records.call(E, flt).then(function (s) {
      for (var d = n; s && d < m.n; d++) if (s.has(rec[d])) s.add(d);
      return s;
    });
  };
  // `docs` with every other version of their records.
  E.sameRecords = function (docs) {
    var recs = new Set(), out = new Set();
    docs.forEach(function (d) { recs.add(rec[d]); });
    for (var d = 0; d < m.n; d++) if (recs.has(rec[d])) out.add(d);
    return out;
  };
  // The document a page in `lang` shows of record `r`, as Record::version
  // chooses: the translation into `lang` when there is one (the index holds
  // none into the original's own language), else the original. No `lang`:
  // the site's default.
  E.version = function (r, lang) {
    lang = low(lang || sl[0]);
    for (var i = 0; i < tr.length; i++) {
      var l = tr[i], lo = 0, hi = l[1].length - 1;
      if (l[0] !== lang) continue;
      while (lo <= hi) { var mid = (lo + hi) >> 1; if (l[1][mid] === r) return l[2] + mid; if (l[1][mid] < r) lo = mid + 1; else hi = mid - 1; }
    }
    return r;
  };
  // Catalog::url: the default language's pages at the root, another's under LANG/.
  E.url = function (key, lang) {
    var s = sl.find(function (x) { return low(x) === low(lang); });
    return (s && s !== sl[0] ? s + '/' : '') + key + '/index.html';
  };
  // One hit per record, with its best-scoring version's score (engine.rs
  // ByRecord); ties between versions keep the first.
  E.collapse = function (out) {
    var best = new Map();
    out.forEach(function (h) {
      // `hi`: what the best version may score at most (search.js heads).
      var r = rec[h.doc], b = best.get(r), hi = h.hi === undefined ? h.score : h.hi;
      if (!b || h.score > b.score) best.set(r, { doc: r, score: h.score, version: h.doc, hi: b ? Math.max(b.hi, hi) : hi });
      else if (hi > b.hi) b.hi = hi;
    });
    return Array.from(best.values());
  };
  // A result in another language than the page's carries its own `lang`
  // and `dir`, and says which language it is in: `label(tag)` says it in
  // the page's words (`In English`, as listings do); without it, the
  // language's own name.
  E.mark = function (li, d, pageLang, label) {
    var tag = d.g || d.l, t = low(tag);
    if (covers(low(pageLang || sl[0]), t)) return;
    li.lang = tag;
    li.dir = rtl(t) ? 'rtl' : 'ltr';
    var name = tag, mark = document.createElement('span');
    if (label) name = label(tag);
    else try { name = new Intl.DisplayNames([tag], { type: 'language' }).of(tag) || tag; } catch (e) { /* an unknown tag: shown as it is */ }
    mark.className = 'search-lang lang-note';
    mark.lang = label ? (pageLang || sl[0]) : tag;
    if (label) mark.dir = rtl(low(mark.lang)) ? 'rtl' : 'ltr';
    mark.textContent = name;
    li.appendChild(mark);
  };
});
