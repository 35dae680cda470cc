/* Compendium browser search: the rules a first search seldom needs, which
 * search.js loads (as search/more.js) the first time one is asked for:
 * near spellings from the vocabulary and the index's terms (a word no
 * record holds), the words a half-typed word begins, and the bloc of a
 * country that records name only through it. Ports engine/near.rs,
 * vocabulary.rs and filters.rs word_member_notes, as search.js does the
 * rest; `NP` is the engine's prototype, `h` search.js's helpers. */
CSI('more', function (NP, h) {
  'use strict';
  var cpLen = h.cpLen, maxEdits = h.maxEdits, editDistance = h.editDistance, decodePostings = h.decodePostings;
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
    var self = this;
    if (max === 0) return Promise.resolve([]);
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
  // The member notes of the facet whose blocs having `word` as a member
  // hold the most records, the first on a tie (filters.rs
  // word_member_notes); each facet's names load once.
  NP.wordMembers = function (word) {
    var self = this, facets = this.meta.facets || [];
    return Promise.all(facets.map(function (_, fi) { return self.facetNames[fi] ? null : self.facetDocs(fi); })).then(function () {
      var best = null, most = 0, wanted = word.trim().toLowerCase();
      facets.forEach(function (fc, fi) {
        var held = 0;
        self.facetNames[fi].m.forEach(function (x) { if (x[1].indexOf(wanted) >= 0) held += fc[2][x[0]][2]; });
        if (held > most) { most = held; best = fi; }
      });
      return best === null ? [] : self.memberNotes({ field: facets[best][0], value: word });
    });
  };
});
