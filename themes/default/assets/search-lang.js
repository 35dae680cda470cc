/* Compendium browser search: the analysis rules of other scripts and
 * languages than English, loaded by search.js (as search/i/xHASH.js) only
 * for an index whose text needs them, so that an English site's visitors
 * do not download them. Ports, rule for rule, src/search/analysis.rs
 * (CJK bigrams, Arabic normalisation: analysis/script.rs) and reads the
 * stems table of src/search/browser/forms.rs; tests/testsuite/browser.rs
 * checks that both agree. `E` is the engine; the rest are search.js's. */
CSI('x', function (E, runs, cpLen) {
  'use strict';
  // K: the rules meta.js shares with analysis.rs (the longest token, the
  // most parts of a compound, the joiners, the misspelling distances).
  var an = E.an, K = E.meta.k;

  // Arabic-script normalisation (script.rs normalize), with Hebrew
  // points and Indic digits: '' drops the character, another string
  // replaces it, undefined keeps it.
  function arabicNorm(c) {
    var n = c.charCodeAt(0);
    if (c.length > 1) return undefined;
    if (n >= 0x966 && n <= 0xd6f && (n & 0x7f) >= 0x66 && (n & 0x7f) <= 0x6f) return String((n & 0x7f) - 0x66);
    if ((n >= 0x591 && n <= 0x5bd) || n === 0x5bf || n === 0x5c1 || n === 0x5c2 || n === 0x5c4 || n === 0x5c5 || n === 0x5c7) return '';
    if (n < 0x622 || n > 0x6f9) return undefined;
    if ((n >= 0x64b && n <= 0x655) || n === 0x670 || n === 0x640) return '';
    if (n === 0x622 || n === 0x623 || n === 0x625 || n === 0x671) return '\u0627';
    if (n === 0x649 || n === 0x6cc || n === 0x6d2) return '\u064a';
    if (n === 0x629 || n === 0x6c0 || n === 0x6c1) return '\u0647';
    if (n === 0x6a9) return '\u0643';
    if (n >= 0x660 && n <= 0x669) return String(n - 0x660);
    if (n >= 0x6f0) return String(n - 0x6f0);
    return undefined;
  }
  // Scripts split into bigrams (script.rs CJK, meta.js cjk), as from, to pairs.
  var CJK = E.meta.cjk;
  function isCjk(cp) {
    if (cp < CJK[0]) return false;
    for (var i = 0; i < CJK.length; i += 2) if (cp >= CJK[i] && cp <= CJK[i + 1]) return true;
    return false;
  }
  var MARK = /^\p{M}$/u;
  function hasCjk(s) { for (var c of s) if (isCjk(c.codePointAt(0))) return true; return false; }

  an.fold = function (word) {
    // An acronym's plural: SMEs is SME (analysis.rs acronym_singular).
    if (/^(?=(?:[0-9]*[A-Z]){2})[A-Z0-9]+s$/.test(word)) word = word.slice(0, -1);
    if (/^[\x00-\x7f]*$/.test(word)) return word.toLowerCase();
    // Composed (analysis.rs composed): `e` and U+0301 from a PDF is `é`.
    if (/\p{M}/u.test(word)) word = word.normalize('NFC');
    var out = '';
    for (var ch of word) {
      if (ch === '\u0130') { out += 'i'; continue; }
      for (var l of ch.toLowerCase()) {
        var a = arabicNorm(l);
        if (a !== undefined) { out += a; continue; }
        var f = this.foldMap.get(l); out += f === undefined ? l : f;
      }
    }
    return out;
  };
  // Arabic: the light stemmer itself (analysis/arabic.rs), not the stems
  // table: the table's guess for a word no record holds takes endings
  // off, and an Arabic word's article is in front (`الترخيص`).
  var AR_PRE = ['\u0627\u0644', '\u0648\u0627\u0644', '\u0628\u0627\u0644', '\u0643\u0627\u0644', '\u0641\u0627\u0644', '\u0644\u0644', '\u0648'];
  var AR_SUF = ['\u0647\u0627', '\u0627\u0646', '\u0627\u062a', '\u0648\u0646', '\u064a\u0646', '\u064a\u0647', '\u0647', '\u064a'];
  var AR_ALONE = ['\u0627\u0644', '\u0648\u0627\u0644', '\u0641\u0627\u0644', '\u0628\u0627\u0644', '\u0643\u0627\u0644', '\u0644\u0644'];
  function stemAr(word) {
    // arabic.rs article_alone: an article before a word that begins with one.
    for (var a of AR_ALONE) {
      var rest = word.slice(a.length);
      if (word.startsWith(a) && rest.startsWith(AR_PRE[0]) && cpLen(rest) >= 5) { word = rest; break; }
    }
    var w = Array.from(word);
    for (var p of AR_PRE) {
      var pc = Array.from(p), fits = pc.length === 1 ? w.length > 3 : w.length >= pc.length + 2;
      if (fits && w.slice(0, pc.length).join('') === p) { w = w.slice(pc.length); break; }
    }
    for (var s of AR_SUF) {
      var sc = Array.from(s);
      if (w.length >= sc.length + 2 && w.slice(w.length - sc.length).join('') === s) w = w.slice(0, w.length - sc.length);
    }
    return w.join('');
  }
  var englishTerm = an.term;
  an.term = function (folded, lang) {
    if (lang === 'en') return englishTerm.call(this, folded, lang);
    if (lang === 'ar') return stemAr(folded);
    return forms ? forms.stem(folded, lang) : folded;
  };

  // A run with CJK characters: its CJK stretches as bigrams (and each
  // character at the position of the bigram it starts), the rest as words
  // (analysis.rs split_run, stretch). Returns the next position.
  function splitRun(text, from, to, lang, pos, out) {
    var start = from, cjk = null, i = from;
    function stretch(a, b, k) {
      if (!k) {
        var folded = an.fold(text.slice(a, b));
        if (!folded || cpLen(folded) > K.tok) return;
        out.push({ term: an.term(folded, lang), pos: pos, from: a, to: b, compound: false });
        pos++;
        return;
      }
      // The units are clusters: a character and the combining marks
      // after it (cjk.rs stretch).
      var at = [];
      for (var j = a; j < b; j += text.codePointAt(j) > 0xffff ? 2 : 1) {
        if (j === a || !MARK.test(String.fromCodePoint(text.codePointAt(j)))) at.push(j);
      }
      at.push(b);
      if (at.length === 2) { out.push({ term: text.slice(a, b), pos: pos, from: a, to: b, compound: false }); pos++; return; }
      var last = at.length - 3;
      for (var g = 0; g <= last; g++) {
        out.push({ term: text.slice(at[g], at[g + 2]), pos: pos + g, from: at[g], to: at[g + 2], compound: false });
        // A character beside its bigram (analysis.rs Kind::Char): like a
        // compound's glued form, plan.rs leaves it out of a word's phrase
        // (and it never spans the whole query, so it is never the word).
        out.push({ term: text.slice(at[g], at[g + 1]), pos: pos + g, from: at[g], to: at[g + 1], compound: true });
        if (g === last) out.push({ term: text.slice(at[g + 1], at[g + 2]), pos: pos + g, from: at[g + 1], to: at[g + 2], compound: true });
      }
      pos += last + 1;
    }
    while (i < to) {
      var cp = text.codePointAt(i), here = isCjk(cp);
      if (cjk !== null && cjk !== here) { stretch(start, i, cjk); start = i; }
      cjk = here;
      i += cp > 0xffff ? 2 : 1;
    }
    if (cjk !== null) stretch(start, to, cjk);
    return pos;
  }
  // analysis.rs analyze_into, with the CJK runs split.
  an.analyze = function (text, lang, first) {
    var out = [], pos = first || 0, self = this;
    runs(text, K.jn).forEach(function (group) {
      if (group.some(function (r) { return hasCjk(text.slice(r[0], r[1])); })) {
        group.forEach(function (r) { pos = splitRun(text, r[0], r[1], lang, pos, out); });
        return;
      }
      var parts = group.map(function (r) { return [self.fold(text.slice(r[0], r[1])), r]; });
      var glued = parts.length > 1 && parts.length <= K.cmp ? parts.map(function (p) { return p[0]; }).join('') : null;
      parts.forEach(function (p, i) {
        if (!p[0] || cpLen(p[0]) > K.tok) return;
        out.push({ term: self.term(p[0], lang), pos: pos, from: p[1][0], to: p[1][1], compound: false });
        if (i === 0 && glued !== null && cpLen(glued) <= K.tok) {
          out.push({ term: self.term(glued, lang), pos: pos, from: p[1][0], to: group[group.length - 1][1], compound: true });
        }
        pos++;
      });
    });
    return out;
  };
  // The folded words of `text` that analyze() would stem (analysis.rs
  // words): words, parts, glued compounds, non-CJK stretches of CJK runs.
  function words(text) {
    var out = [];
    runs(text, K.jn).forEach(function (group) {
      if (group.some(function (r) { return hasCjk(text.slice(r[0], r[1])); })) {
        group.forEach(function (r) {
          var w = '';
          for (var c of text.slice(r[0], r[1])) {
            if (isCjk(c.codePointAt(0))) { if (w) out.push(an.fold(w)); w = ''; } else w += c;
          }
          if (w) out.push(an.fold(w));
        });
        return;
      }
      var parts = group.map(function (r) { return an.fold(text.slice(r[0], r[1])); });
      if (parts.length > 1) out.push(parts.join(''));
      out.push.apply(out, parts);
    });
    return out;
  }

  /* The stems table (forms.rs): meta.w = {l: languages, c: first word of
   * each chunk, h: chunk hashes}; a chunk is [word, stems, ...], stems one
   * per language of l, space separated, '' where the stem is the word. */
  var W = E.meta.w, forms = W ? { map: new Map(), chunks: new Map() } : null;
  // A word the table lacks → the stems guessed for it that no record holds.
  an.guessed = new Map();
  // Per language, the endings its stemmer takes off the index's words.
  var endings = W ? W.l.map(function (_, li) { return new Set(((W.e || [])[li] || '').split(' ')); }) : [];
  function chunkOf(form) {
    var b = W.c, lo = 0, hi = b.length - 1, ans = -1;
    while (lo <= hi) { var mid = (lo + hi) >> 1; if (b[mid] <= form) { ans = mid; lo = mid + 1; } else hi = mid - 1; }
    return ans;
  }
  function add(i, data) {
    if (forms.chunks.has(i)) return;
    var c = { known: W.l.map(function () { return new Set(); }) };
    for (var k = 0; k < data.length; k += 2) {
      var form = data[k], stems = data[k + 1].split(' ');
      var all = W.l.map(function (_, li) { return stems[li] || form; });
      forms.map.set(form, all);
      for (var li = 0; li < all.length; li++) c.known[li].add(all[li]);
    }
    forms.chunks.set(i, c);
  }
  // The stem of `form` in `lang`: from the table. For a word the index does
  // not hold, a guess from the words sorted next to it (its chunk, so that
  // the guess depends on the word alone): the word less the longest ending
  // the stemmer takes off other words, leaving 3 characters at least, when
  // that is one of their stems (a Snowball stem is the word less a
  // suffix: `Allemagne` is not `all`); else the word itself. (A misspelt
  // word is not guessed from the words near it: near spellings are
  // search.js's, from the vocabulary, as on the command line.)
  // Per language, the letters its stemmer replaces (forms.rs
  // replacements: Russian `ё` is `е`), as pairs; the table lists each word
  // also so spelt, so `елка` finds the records' `ёлка`.
  var swaps = W ? W.l.map(function (_, li) { var r = Array.from(((W.r || [])[li]) || ''), m = new Map(); for (var k = 0; k + 1 < r.length; k += 2) m.set(r[k], r[k + 1]); return m; }) : [];
  function spelt(form, li) {
    var m = swaps[li];
    if (!m.size) return form;
    var out = '';
    for (var ch of form) { var r = m.get(ch); out += r === undefined ? ch : r; }
    return out;
  }
  if (forms) forms.stem = function (form, lang) {
    var li = W.l.indexOf(lang);
    if (li < 0) return form;
    var e = forms.map.get(form);
    if (e) return e[li];
    // The stemmer leaves none of the letters it replaces: the word so spelt.
    form = spelt(form, li);
    e = forms.map.get(form);
    if (e) return e[li];
    var c = forms.chunks.get(chunkOf(form));
    if (!c) return form;
    var cps = Array.from(form);
    // Snowball takes off the longest suffix it knows, so the longest listed
    // ending decides: when what it leaves is no stem of the chunk, the word
    // is no form of them (a shorter ending would make `przekazywania` a
    // form of `przekazywanie`, which the stemmer does not).
    for (var n = 3; n < cps.length; n++) {
      if (!endings[li].has(cps.slice(n).join(''))) continue;
      var p = cps.slice(0, n).join('');
      if (c.known[li].has(p)) return p;
      // No word of the records has that stem; the stemmer would still
      // give it (`отчетн` of `отчетность`): near spellings are looked for
      // from it too, as the command line looks from its stem.
      var g = an.guessed.get(form) || [];
      if (g.indexOf(p) < 0 && an.guessed.size < 1000) { g.push(p); an.guessed.set(form, g); }
      return form;
    }
    return form;
  };
  // Loads the table's chunks for the words of the query's parts, before
  // the search analyses them.
  if (forms) E.loadForms = function (parsed) {
    var ids = new Set();
    parsed.required.concat(parsed.excluded).forEach(function (part) {
      words(part.text).forEach(function (w) {
        [w].concat(W.l.map(function (_, li) { return spelt(w, li); })).forEach(function (x) { var i = chunkOf(x); if (i >= 0) ids.add(i); });
      });
    });
    return Promise.all(Array.from(ids).sort(function (a, b) { return a - b; }).map(function (i) {
      return E.file('w' + W.h[i]).then(function (data) { add(i, data); });
    }));
  };
});
