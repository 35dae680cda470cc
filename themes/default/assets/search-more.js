/* Compendium browser search: the rules a first search seldom needs, which
 * search.js loads (as search/more.js) the first time one is asked for:
 * near spellings from the vocabulary and the index's terms (a word no
 * record holds), the words a half-typed word begins, and the bloc of a
 * country that records name only through it, and filters: the records
 * of a facet value or a range, with their notes. Ports engine/near.rs,
 * vocabulary.rs, range.rs and filters.rs, as search.js does the rest;
 * `NP` is the engine's prototype, `h` search.js's helpers. */
CSI('more', function (NP, h) {
  'use strict';
  var cpLen = h.cpLen, maxEdits = h.maxEdits, decodePostings = h.decodePostings;
  var named = h.named, decodeRecords = h.decodeRecords;
  // The edit distance of `a` and `b` (adjacent swaps one edit), or -1
  // when it is over `max`.
  function editDistance(a, b, max) {
    a = Array.from(a); b = Array.from(b);
    if (Math.abs(a.length - b.length) > max) return -1;
    var w = b.length + 1, d = new Array((a.length + 1) * w), i, j;
    for (j = 0; j < w; j++) d[j] = j;
    for (i = 1; i <= a.length; i++) {
      d[i * w] = i;
      var rowMin = i;
      for (j = 1; j <= b.length; j++) {
        var v = Math.min(d[(i - 1) * w + j] + 1, d[i * w + j - 1] + 1, d[(i - 1) * w + j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[(i - 2) * w + j - 2] + 1);
        d[i * w + j] = v;
        if (v < rowMin) rowMin = v;
      }
      if (rowMin > max) return -1;
    }
    var dist = d[a.length * w + b.length];
    return dist <= max ? dist : -1;
  }
  // The terms of the words nearest to the folded `word` in the
  // vocabulary (vocabulary.rs near, from the files of browser/vocab.rs):
  // within `max` edits and its length's allowance, same first character,
  // at the least distance found, most held first, at most K.fz words.
  // The vocabulary's chunks holding the words that begin with `prefix`.
  NP.vocab = function (prefix) {
    var self = this;
    var next = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
    return this.file('o' + this.meta.vw).then(function (root) {
      function at(x) {
        var b = root[0], lo = 0, hi = b.length - 1, ans = -1;
        while (lo <= hi) { var mid = (lo + hi) >> 1; if (b[mid] <= x) { ans = mid; lo = mid + 1; } else hi = mid - 1; }
        return ans;
      }
      var from = Math.max(0, at(prefix)), to = at(next), ids = [];
      for (var i = from; i <= to; i++) ids.push(i);
      return Promise.all(ids.map(function (i) { return self.file('n' + root[1][i]); }));
    });
  };
  // Terms of the vocabulary's words as [count, word, terms] (most held
  // first, then in order), at most `n` words.
  function vocabTerms(found, n) {
    found.sort(function (a, b) { return b[0] - a[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0); });
    var terms = [];
    // e[2]: the terms, then a tab and the word as records write it, when
    // not as folded (browser/vocab.rs).
    found.slice(0, n).forEach(function (e) {
      var t2 = e[2].split('\t')[0];
      [e[1]].concat(t2 ? t2.split(' ') : []).forEach(function (t) { if (terms.indexOf(t) < 0) terms.push(t); });
    });
    // The words, for a note to name (vocabulary.rs terms_and_words).
    terms.words = found.slice(0, n).map(function (e) { return e[2].split('\t')[1] || e[1]; });
    return terms;
  }
  // `priv*`: the terms of the words that begin with the folded `prefix`
  // (vocabulary.rs prefixed).
  NP.prefixed = function (prefix) {
    if (!this.meta.vw || cpLen(prefix) < this.meta.k.pm[0]) return Promise.resolve([]);
    var n = this.meta.k.pm[1];
    return this.vocab(prefix).then(function (cs) {
      var found = [];
      cs.forEach(function (c) {
        for (var k = 0; k < c.length; k += 3) if (c[k].length > prefix.length && c[k].startsWith(prefix)) found.push([c[k + 1], c[k], c[k + 2]]);
      });
      return vocabTerms(found, n);
    });
  };
  // Near spellings of a unit that matches nothing: of its word, else of
  // its terms (engine/near.rs near_terms).
  NP.nearUnit = function (u, max) {
    var self = this;
    return this.withArticle(u.word).then(function (a) {
      if (a.length) return a;
      return self.near(u.word, max).then(function (t) { return t.length ? t : self.nearTerms(u.terms, max); });
    });
  };
  // An Arabic word as records write it with the article (vocabulary.rs with_article).
  NP.withArticle = function (word) {
    var m = this.meta;
    if (!m.vw || !word || !/^[\u0620-\u064a\u066e-\u06d3]/.test(word) || word.indexOf('\u0627\u0644') === 0) return Promise.resolve([]);
    var full = '\u0627\u0644' + word;
    return this.vocab(full).then(function (cs) {
      var found = [];
      cs.forEach(function (c) { for (var k = 0; k < c.length; k += 3) if (c[k] === full) found.push([c[k + 1], c[k], c[k + 2]]); });
      return vocabTerms(found, m.k.fz);
    });
  };
  NP.near = function (word, max) {
    var m = this.meta;
    var most = word ? Math.min(max, maxEdits(cpLen(word), m.k.ed)) : 0;
    if (!m.vw || most === 0) return Promise.resolve([]);
    var first = String.fromCodePoint(word.codePointAt(0));
    return this.vocab(first).then(function (cs) {
      var best = Infinity, found = [];
      cs.forEach(function (c) {
        for (var k = 0; k < c.length; k += 3) {
          var w = c[k];
          if (!w.startsWith(first)) continue;
          var d = editDistance(word, w, Math.min(most, best));
          if (d <= 0) continue;
          if (d < best) { best = d; found = []; }
          found.push([c[k + 1], w, c[k + 2]]);
        }
      });
      return vocabTerms(found, m.k.fz);
    });
  };
  // Index terms within `max` edits of `wanted`, starting with its first
  // character (engine/near.rs near_index_terms): for a word whose nearest
  // words are further, or that another record holds (`form` for `from`).
  NP.nearTerms = function (terms, max) {
    var self = this, guessed = this.an.guessed;
    if (max === 0) return Promise.resolve([]);
    // With the stems guessed for a word no record holds (search-lang.js).
    if (guessed) terms = terms.concat.apply(terms, terms.map(function (t) { return guessed.get(t) || []; }));
    var found = new Map();
    return Promise.all(terms.map(function (wanted) {
      // No more edits than the term's own length allows (a short stem
      // of another language, `keny`, is not a typo of `key`).
      var most = Math.min(max, maxEdits(cpLen(wanted), self.meta.k.ed));
      if (most === 0) return null;
      var first = String.fromCodePoint(wanted.codePointAt(0));
      var next = first.slice(0, -1) + String.fromCharCode(first.charCodeAt(first.length - 1) + 1);
      var from = Math.max(0, self.chunkOf(first)), to = self.chunkOf(next), ids = [];
      if (to < 0) return null;
      for (var i = from; i <= to; i++) ids.push(i);
      return Promise.all(ids.map(function (i) { return self.chunk(i); })).then(function (cs) {
        cs.forEach(function (c) {
          for (var k = 0; k < c.data.length; k += 2) {
            var cand = c.data[k];
            if (!cand.startsWith(first)) continue;
            var d = editDistance(wanted, cand, most);
            if (d <= 0) continue;
            var key = d + '\u0000' + cand;
            found.set(key, (found.get(key) || 0) + self.df(decodePostings(c, k / 2)));
          }
        });
      });
    })).then(function () {
      var best = Infinity;
      found.forEach(function (_, key) { best = Math.min(best, +key.split('\u0000')[0]); });
      var near = [];
      found.forEach(function (n, key) { var p = key.split('\u0000'); if (+p[0] === best) near.push([n, p[1]]); });
      near.sort(function (a, b) { return b[0] - a[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0); });
      return near.slice(0, self.meta.k.fz).map(function (x) { return x[1]; });
    });
  };
  // The facet whose blocs having `word` as a member hold the most records,
  // the first on a tie, as { field, values: [[value, label]…] }, or null;
  // none for a word under three letters (filters.rs word_blocs). Each
  // facet's names load once.
  NP.wordBlocs = function (word) {
    var self = this, facets = this.meta.facets || [], wanted = word.trim().toLowerCase();
    if (cpLen(wanted) < 3) return Promise.resolve(null);
    return Promise.all(facets.map(function (_, fi) { return self.facetNames[fi] ? null : self.facetDocs(fi); })).then(function () {
      var best = null, most = 0;
      facets.forEach(function (fc, fi) {
        var held = 0;
        self.facetNames[fi].m.forEach(function (x) { if (x[1].indexOf(wanted) >= 0) held += fc[2][x[0]][2]; });
        if (held > most) { most = held; best = fi; }
      });
      if (best === null) return null;
      var vals = facets[best][2];
      var values = self.facetNames[best].m.filter(function (x) { return x[1].indexOf(wanted) >= 0; })
        .map(function (x) { return x[0]; }).sort(function (a, b) { return a - b; })
        .map(function (vi) { return [vals[vi][0], vals[vi][1]]; });
      return { field: facets[best][0], values: values };
    });
  };
  // The group of records a country no record names stands for: its blocs'
  // records (units.rs, filters.rs require_any_of), said in a note; null
  // when it is no such country.
  NP.blocGroup = function (word, note) {
    var self = this;
    return this.wordBlocs(word).then(function (b) {
      if (!b) return null;
      // Each bloc as the page's language names it (search.js NP.lab; the
      // index's label without a page).
      var named = b.values.map(function (v) { return (self.lab ? self.lab(b.field, v[0], v[1]) : v[1]) + ' (' + b.field + ':' + v[0] + ')'; }).join(', ');
      note('no record contains \u201c' + word + '\u201d; showing the records of what it is a member of: ' + named, 'search-note-member-shown', { words: [word], blocs: named });
      return Promise.all(b.values.map(function (v) { return self.filterDocs({ field: b.field, value: v[0] }); })).then(function (sets) {
        var g = { field: b.field + '\u0000member', set: new Set() };
        sets.forEach(function (s) { if (s) s.forEach(function (d) { g.set.add(d); }); });
        return g;
      });
    });
  };
  /* ---------- filters (filters.rs, range.rs) ---------- */
  // Values lie within ±L (range.rs LIMIT, meta.js k.rl): the ends of an
  // open range.
  var L = h.rl;
  // A bound as [first, last] of the period it names, encoded as the index
  // encodes values (dates as YYYYMMDD: 2023 is 20230101..20231231), or null.
  function bound(s, kind) {
    var d = /^(\d{4})(?:-(\d\d)(?:-(\d\d))?)?$/.exec(s = s.trim()), y, mo, da;
    // Past ±L a value is searched as L, and so is a bound (range.rs period).
    if (kind !== 'date') return /^[-+]?\d{1,30}$/.test(s) ? (d = Math.max(-L, Math.min(L, +s)), [d, d]) : null;
    if (!d) return null;
    y = d[1] * 10000; mo = +(d[2] || 1); da = +(d[3] || 1);
    // A day the month has (range.rs `days_in`): 2020-02-30 is no date.
    if (mo < 1 || mo > 12 || da < 1 || da > new Date(Date.UTC(+d[1], mo, 0)).getUTCDate()) return null;
    return [y + mo * 100 + da, y + (d[2] ? mo : 12) * 100 + (d[3] ? da : 31)];
  }
  // A range filter's value as [lowest, highest] (inclusive), or null when
  // it cannot be read: A..B, A.., ..B, >=A, >A, <=A, <A, or A alone.
  function range(v, kind) {
    // Arabic-Indic, Persian and full-width digits are ASCII ones (range.rs ascii_digits).
    v = v.replace(/[\u0660-\u0669\u06f0-\u06f9\uff10-\uff19]/g, function (c) { return c.charCodeAt(0) & 15; });
    var at = (v = v.trim()).indexOf('..'), op = /^([<>]=?)(.*)$/.exec(v), a, b;
    if (at >= 0) {
      a = v.slice(0, at).trim(); b = v.slice(at + 2).trim();
      if (!a && !b) return null;
      a = a ? bound(a, kind) : [-L];
      b = b ? bound(b, kind) : [0, L];
      a = a && b && [a[0], b[1]];
    } else if (op) {
      a = bound(op[2], kind);
      a = a && (op[1] === '>' ? [a[1] + 1, L] : op[1] === '>=' ? [a[0], L] : op[1] === '<' ? [-L, a[0] - 1] : [-L, a[1]]);
    } else a = bound(v, kind);
    return a && a[0] <= a[1] ? a : null;
  }
  // `v` the right way round when it is A..B with A after B (range.rs reversed).
  NP.reversed = function (v, kind) {
    var at = (v = v.trim()).indexOf('..'), a, b, pa, pb;
    if (at < 0) return null;
    a = v.slice(0, at).trim(); b = v.slice(at + 2).trim();
    pa = a && bound(a, kind); pb = b && bound(b, kind);
    return pa && pb && pa[0] > pb[1] && range(b + '..' + a, kind) ? b + '..' + a : null;
  };
  // Range field `ri`'s file: [[value, [records]]], values ascending,
  // fetched only when a range filter or a sort needs it.
  NP.rangeDocs = function (ri) {
    var k = 'R' + ri;
    if (!this.files.has(k)) this.files.set(k, this.file('r' + ri + '-' + this.meta.rh[ri]).then(function (d) { return d.map(function (x) { return [x[0], decodeRecords(x[1])]; }); }));
    return this.files.get(k);
  };
  // Lower case without accents (filters.rs loose).
  function loose(t) { return String(t).normalize('NFD').replace(/\p{M}/gu, '').toLowerCase(); }
  // The field a one-word label names in any site language (`país:`), or ''
  // (catalog.rs filter_field; the labels file search.js loads with this one).
  NP.labelled = function (name) { var k = loose(name), l = this.fl || {}; return k !== name && this.isField(k) || (Object.prototype.hasOwnProperty.call(l, k) ? l[k] : ''); };
  // Records of a filter, as a Set, or null when no record has the value
  // (for a range: when the range cannot be read).
  NP.filterDocs = function (flt) {
    var m = this.meta, wanted = flt.value.trim().toLowerCase(), ri = this.rangeOf(flt);
    if (ri >= 0) {
      // No record has a value of the field: rangeNote says so.
      var r = m.ranges[ri][3] != null && range(flt.value.trim(), m.ranges[ri][2]);
      return r ? this.rangeDocs(ri).then(function (vals) {
        var s = new Set();
        vals.forEach(function (x) { if (x[0] >= r[0] && x[0] <= r[1]) x[1].forEach(function (d) { s.add(d); }); });
        // A period (closed at both ends) is a value of its field (filters.rs).
        s.period = r[0] > -L && r[1] < L;
        return s;
      }) : Promise.resolve(null);
    }
    if (flt.field === 'collection') {
      var c = m.collections.find(function (c) { return c[0] === wanted || c[1].toLowerCase() === wanted; });
      if (!c) return Promise.resolve(null);
      var s = new Set();
      for (var o = c[3]; o < c[3] + c[4]; o++) s.add(o);
      return Promise.resolve(s);
    }
    var fi = named(m.facets, flt.field);
    if (fi < 0) return Promise.resolve(null);
    var vals = m.facets[fi][2];
    var vi = named(vals, wanted);
    if (vi < 0) vi = vals.findIndex(function (v) { return v[1].toLowerCase() === wanted; });
    return this.facetDocs(fi).then(function (lists) {
      // Other names (catalog.rs FacetValue.aliases): `eu`, `cn`, `russia`,
      // a country or label in any site language; in the field's file.
      if (vi < 0) {
        var a = lists.names.a.find(function (x) { return x[1].indexOf(wanted) >= 0; });
        if (a) vi = a[0];
      }
      // Typed without its accents (filters.rs loose).
      if (vi < 0) {
        var lw = loose(wanted), same = function (t) { return loose(t) === lw; };
        vi = vals.findIndex(function (v) { return same(v[0]) || same(v[1]); });
        var b = vi < 0 && lists.names.a.find(function (x) { return x[1].some(same); });
        if (b) vi = b[0];
      }
      return vi < 0 ? null : new Set(lists[vi]);
    });
  };
  // Notes for a value no record has that is a member of blocs among the
  // field's values (filters.rs member_notes); the field's file is loaded
  // (valueDocs loaded it).
  NP.memberNotes = function (flt) {
    var fi = named(this.meta.facets, flt.field), wanted = flt.value.trim().toLowerCase();
    var names = fi < 0 ? null : this.facetNames[fi];
    if (!names) return [];
    var vals = this.meta.facets[fi][2];
    return names.m.filter(function (x) { return x[1].indexOf(wanted) >= 0; }).map(function (x) {
      var v = vals[x[0]];
      return { text: flt.value + ' is a member of ' + v[1] + ': ' + flt.field + ':' + v[0], vars: { value: flt.value, bloc: v[1], field: flt.field, id: v[0] } };
    });
  };
  // The notes on value filter `x` (filters.rs Filters::new), as [text, key,
  // vars]: for a value no record has (`found` null), that, the blocs it is a
  // member of, the value nearest it or else the field's values when few;
  // for one records have, the blocs it is a member of that `all` does not
  // ask for too.
  NP.valueNotes = function (x, found, all) {
    var m = this.meta, ms = this.memberNotes(x), out, near, v, fi;
    var member = function (n) { return [n.text, 'search-note-member', n.vars]; };
    if (found) return ms.filter(function (n) { return !all.some(function (y) { return y[1] && y[0].field === x.field && y[0].value.trim().toLowerCase() === n.vars.id; }); }).map(member);
    out = [['no record has ' + x.field + '=' + x.value, 'search-note-no-value', { field: x.field, value: x.value }]].concat(ms.map(member));
    if ((near = this.nearValue(x))) {
      v = near[0] + (near[1] ? ' (' + near[1] + ')' : '');
      out.push(['did you mean ' + x.field + '=' + v + '?', 'search-note-value-near', { field: x.field, value: v }]);
    } else if (!ms.length) {
      fi = named(m.facets, x.field);
      v = x.field === 'collection' ? m.collections : fi < 0 ? [] : m.facets[fi][2];
      v = v.map(function (c) { return c[0]; });
      if (v.length && v.length <= m.k.lv) out.push(['the values of ' + x.field + ' are ' + v.join(', '), 'search-note-values', { field: x.field, values: v.join(', ') }]);
    }
    return out;
  };
  // The value of a facet nearest to one no record has, as [value, label
  // when it differs] (filters.rs near_value).
  NP.nearValue = function (flt) {
    var m = this.meta, fi = named(m.facets, flt.field);
    if (fi < 0) return null;
    var wanted = flt.value.trim().toLowerCase(), max = maxEdits(cpLen(wanted), m.k.ed), best = null, bd = 0;
    m.facets[fi][2].forEach(function (v) {
      var d = Math.min.apply(null, [v[0], v[1]].map(function (t) { var e = editDistance(wanted, String(t).toLowerCase(), max); return e < 0 ? Infinity : e; }));
      if (d !== Infinity && (best === null || d < bd)) { best = v; bd = d; }
    });
    if (!best) return null;
    return [best[0], String(best[1]).toLowerCase() === best[0] ? '' : best[1]];
  };
  // A facet's records per value, and (`.names`) its values' other names
  // and members (emit.rs facet_files), kept in `facetNames` once loaded.
  NP.facetDocs = function (fi) {
    var self = this;
    return this.file('f' + fi + '-' + this.meta.fh[fi]).then(function (data) {
      var n = data.length && typeof data[data.length - 1] === 'object' ? data[data.length - 1] : null;
      var lists = (n ? data.slice(0, -1) : data).map(decodeRecords);
      lists.names = self.facetNames[fi] = n || { a: [], m: [] };
      return lists;
    });
  };
  // A range filter's value as [lowest, highest], for the tests' driver.
  NP.readRange = range;
  // A word written like a filter whose name is none (query.rs not_a_filter).
  NP.notAFilter = function (word) {
    var m = this.meta, c = word.indexOf(':');
    if (c < 0) return null;
    var name = word.slice(0, c).toLowerCase(), rest = word.slice(c + 1);
    if (!name || !rest || !/^[a-z0-9_\-\p{Lowercase}]+$/u.test(name)) return null;
    var text = m.fields.map(function (f) { return f[0]; }).filter(function (f) { return f !== 'meta' && f !== 'places'; });
    if (text.indexOf(name) >= 0) return { text: 'there is no filter ' + name + ': (words are searched in every field); searched for \u201c' + rest + '\u201d as words', key: 'search-note-not-filter', vars: { name: name, words: [rest] }, word: rest };
    var max = maxEdits(Array.from(name).length, m.k.ed), best = null, bd = 0;
    // Not a range no record has a value of (engine.rs filter_names).
    var names = ['collection'].concat(m.facets.map(function (f) { return f[0]; }), m.ranges.filter(function (f) { return f[3] != null; }).map(function (f) { return f[0]; }));
    names.forEach(function (f) {
      var d = editDistance(name, f, max);
      if (d > 0 && (best === null || d < bd)) { best = f; bd = d; }
    });
    if (best !== null) return { text: 'there is no filter ' + name + ': (did you mean ' + best + ':?); searched for \u201c' + word + '\u201d as words', key: 'search-note-not-filter-near', vars: { name: name, near: best, words: [word] } };
    // `country:CN`, no filter and near none: its value as words (query.rs unknown_name).
    var sch = m.k.sch[0].split(' '), most = m.k.sch[1];
    if (!/^[_\-\p{Lowercase}]{2,}$/u.test(name) || sch.indexOf(name) >= 0 || rest[0] === '/' || names.indexOf(name) >= 0) return null;
    var listed = names.slice(0, most).join(', ') + (names.length > most ? ', \u2026' : '');
    return { text: 'there is no filter ' + name + ': (the filters are ' + listed + '); searched for \u201c' + rest + '\u201d as words', key: 'search-note-not-filter-list', vars: { name: name, filters: listed, words: [rest] }, word: rest };
  };
  // The note on a filter written with no value (filters.rs
  // valueless_note), with an example from the index: [text, key, vars].
  // The note on a range filter that matches nothing, as [English, key,
  // values]: a field no record has a value of (filters.rs
  // empty_range_note), bounds the wrong way round, or a range unread.
  NP.rangeNote = function (x) {
    var m = this.meta, r = m.ranges[this.rangeOf(x)], back, w;
    if (r[3] == null) {
      w = m.ranges.filter(function (y) { return y[3] != null; }).sort(function (a, b) { return (a[0] === 'updated') - (b[0] === 'updated'); })[0];
      return w ? ['no record has a value of ' + x.field + '; did you mean ' + w[0] + ':' + x.value + '?', 'search-note-range-empty', { field: x.field, value: w[0] + ':' + x.value }]
        : ['no record has a value of ' + x.field, 'search-note-range-none', { field: x.field }];
    }
    back = this.reversed(x.value, r[2]);
    if (back) return ['"' + x.value + '" is an empty range of ' + x.field + ': its start is after its end (did you mean ' + back + '?)', 'search-note-range-reversed', { value: x.value, field: x.field, range: back }];
    return ['cannot read "' + x.value + '" as a range of ' + x.field + ' (e.g. 2018..2023, >=2020)', 'search-note-range', { value: x.value, field: x.field }];
  };
  NP.valuelessNote = function (name) {
    var m = this.meta, fi = named(m.facets, name), r = m.ranges[named(m.ranges, name)], ex = null;
    if (name === 'collection') ex = m.collections.length ? m.collections[0][0] : null;
    else if (fi >= 0) ex = m.facets[fi][2].length ? m.facets[fi][2][0][0] : null;
    else if (r && r[3] !== null && r[3] !== undefined) ex = r[2] === 'date' ? Math.floor(r[3] / 10000) + '..' + Math.floor(r[4] / 10000) : r[3] + '..' + r[4];
    if (ex === null) return [name + ': needs a value after the colon', 'search-note-filter-no-value', { field: name }];
    return [name + ': needs a value after the colon, e.g. ' + name + ':' + ex, 'search-note-filter-no-value-example', { field: name, example: name + ':' + ex }];
  };
});
