/* Compendium browser search. No server, no framework: the index is a set of
 * classic scripts (search/meta.js, search/i/*.js) that call CSI(name,
 * data), so it works from file:// as from a web host. This file ports, rule
 * for rule, the Rust analysis (src/search/analysis.rs, spelling.rs), query
 * parser (query.rs), plan (plan.rs), ranking (engine.rs) and snippets
 * (snippet.rs); tests/testsuite/browser.rs checks that both agree.
 * Every limit, list and table it shares with the Rust code comes with the
 * index, from its one Rust definition: meta.js's `k` (browser/meta.rs
 * shared), read here as `K`; this file copies none of them.
 * Record text only ever reaches the page through textContent. */
(function (G) {
  'use strict';

  /* ---------- bit streams (codec.rs) ---------- */
  // Each character's value, from the alphabet the index names (K.abc).
  var DIGIT = new Int8Array(128);
  function alphabet(a) { for (var di = 0; di < a.length; di++) DIGIT[a.charCodeAt(di)] = di; }
  function Bits(s) { this.s = s; this.i = 0; this.cur = 0; this.n = 0; }
  Bits.prototype.bit = function () {
    if (!this.n) { this.cur = DIGIT[this.s.charCodeAt(this.i++)]; this.n = 6; }
    var b = this.cur & 1;
    this.cur >>= 1; this.n--;
    return b;
  };
  Bits.prototype.skip = function (w) { for (var j = 0; j < w; j++) this.bit(); return this; };
  Bits.prototype.fixed = function (w) { for (var v = 0, m = 1, j = 0; j < w; j++, m *= 2) v += this.bit() * m; return v; };
  Bits.prototype.eg = function (k) {
    var z = 0, x = 1;
    while (!this.bit()) z++;
    for (var j = 0; j < z + k; j++) x = x * 2 + this.bit();
    return x - Math.pow(2, k);
  };

  /* ---------- English (Porter 2) stemmer: a port of the Snowball-generated
   * code tantivy uses, for ASCII words. ---------- */
  function Env(s) { this.s = s; this.c = 0; this.l = s.length; this.lb = 0; this.bra = 0; this.ket = 0; }
  function inG(g, min, max, ch) { if (ch > max || ch < min) return false; ch -= min; return (g[ch >> 3] & (1 << (ch & 7))) !== 0; }
  var EP = Env.prototype;
  EP.at = function (i) { return this.s.charCodeAt(i); };
  EP.inB = function (g, a, b) { if (this.c <= this.lb || !inG(g, a, b, this.at(this.c - 1))) return false; this.c--; return true; };
  EP.outB = function (g, a, b) { if (this.c <= this.lb || inG(g, a, b, this.at(this.c - 1))) return false; this.c--; return true; };
  EP.inF = function (g, a, b) { if (this.c >= this.l || !inG(g, a, b, this.at(this.c))) return false; this.c++; return true; };
  EP.goOut = function (g, a, b) { while (this.c < this.l) { if (inG(g, a, b, this.at(this.c))) return true; this.c++; } return false; };
  EP.goIn = function (g, a, b) { while (this.c < this.l) { if (!inG(g, a, b, this.at(this.c))) return true; this.c++; } return false; };
  EP.goOutB = function (g, a, b) { while (this.c > this.lb) { if (inG(g, a, b, this.at(this.c - 1))) return true; this.c--; } return false; };
  EP.eqS = function (t) { if (this.c >= this.l || !this.s.startsWith(t, this.c)) return false; this.c += t.length; return true; };
  EP.eqSB = function (t) { if (this.c - this.lb < t.length || this.s.slice(this.c - t.length, this.c) !== t) return false; this.c -= t.length; return true; };
  EP.sf = function (t) {
    var adj = t.length - (this.ket - this.bra);
    this.s = this.s.slice(0, this.bra) + t + this.s.slice(this.ket);
    this.l += adj;
    if (this.c >= this.ket) this.c += adj; else if (this.c > this.bra) this.c = this.bra;
    this.ket = this.bra + t.length;
  };
  EP.hop = function (n) { if (this.c + n > this.l) return false; this.c += n; return true; };
  EP.hopB = function (n) { if (this.c - n < this.lb) return false; this.c -= n; return true; };
  EP.fa = function (v) {
    var i = 0, j = v.length, c = this.c, l = this.l, ci = 0, cj = 0, first = false, w;
    for (;;) {
      var k = i + ((j - i) >> 1), diff = 0, common = ci < cj ? ci : cj;
      w = v[k][0];
      for (var lv = common; lv < w.length; lv++) {
        if (c + common === l) { diff = -1; break; }
        diff = this.at(c + common) - w.charCodeAt(lv);
        if (diff !== 0) break;
        common++;
      }
      if (diff < 0) { j = k; cj = common; } else { i = k; ci = common; }
      if (j - i <= 1) { if (i > 0 || j === i || first) break; first = true; }
    }
    for (;;) { w = v[i]; if (ci >= w[0].length) { this.c = c + w[0].length; return w[2]; } i = w[1]; if (i < 0) return 0; }
  };
  EP.fab = function (v) {
    var i = 0, j = v.length, c = this.c, lb = this.lb, ci = 0, cj = 0, first = false, w;
    for (;;) {
      var k = i + ((j - i) >> 1), diff = 0, common = ci < cj ? ci : cj;
      w = v[k][0];
      for (var lv = w.length - 1 - common; lv >= 0; lv--) {
        if (c - common === lb) { diff = -1; break; }
        diff = this.at(c - common - 1) - w.charCodeAt(lv);
        if (diff !== 0) break;
        common++;
      }
      if (diff < 0) { j = k; cj = common; } else { i = k; ci = common; }
      if (j - i <= 1) { if (i > 0 || j === i || first) break; first = true; }
    }
    for (;;) { w = v[i]; if (ci >= w[0].length) { this.c = c - w[0].length; return w[2]; } i = w[1]; if (i < 0) return 0; }
  };
  function am(s) { return s.split(' ').map(function (e) { var p = e.split(':'); return [p[0], +p[1], +p[2]]; }); }
  var A0 = am('arsen:-1:-1 commun:-1:-1 emerg:-1:-1 gener:-1:-1 inter:-1:-1 later:-1:-1 organ:-1:-1 past:-1:-1 univers:-1:-1');
  var A1 = am("':-1:1 's':0:1 's:-1:1");
  var A2 = am('ied:-1:2 s:-1:3 ies:1:2 sses:1:1 ss:1:-1 us:1:-1');
  var A3 = am('succ:-1:1 proc:-1:1 exc:-1:1');
  var A4 = am('even:-1:2 cann:-1:2 inn:-1:2 earr:-1:2 herr:-1:2 out:-1:2 y:-1:1');
  var A5 = am(':-1:-1 ed:0:2 eed:1:1 ing:0:3 edly:0:2 eedly:4:1 ingly:0:2');
  var A6 = am(':-1:3 bb:0:2 dd:0:2 ff:0:2 gg:0:2 bl:0:1 mm:0:2 nn:0:2 pp:0:2 rr:0:2 at:0:1 tt:0:2 iz:0:1');
  var A7 = am('anci:-1:3 enci:-1:2 ogi:-1:14 li:-1:16 bli:3:12 abli:4:4 alli:3:8 fulli:3:9 lessli:3:15 ousli:3:10 entli:3:5 aliti:-1:8 biliti:-1:12 iviti:-1:11 tional:-1:1 ational:14:7 alism:-1:8 ation:-1:7 ization:17:6 izer:-1:6 ator:-1:7 iveness:-1:11 fulness:-1:9 ousness:-1:10 ogist:-1:13');
  var A8 = am('icate:-1:4 ative:-1:6 alize:-1:3 iciti:-1:4 ical:-1:4 tional:-1:1 ational:5:2 ful:-1:5 ness:-1:5');
  var A9 = am('ic:-1:1 ance:-1:1 ence:-1:1 able:-1:1 ible:-1:1 ate:-1:1 ive:-1:1 ize:-1:1 iti:-1:1 al:-1:1 ism:-1:1 ion:-1:2 er:-1:1 ous:-1:1 ant:-1:1 ent:-1:1 ment:15:1 ement:16:1');
  var A10 = am('e:-1:1 l:-1:2');
  var A11 = am('andes:-1:-1 atlas:-1:-1 bias:-1:-1 cosmos:-1:-1 early:-1:6 gently:-1:4 howe:-1:-1 idly:-1:3 news:-1:-1 only:-1:7 singly:-1:8 skies:-1:2 skis:-1:1 sky:-1:-1 ugly:-1:5');
  var R2 = { 1: 'tion', 2: 'ence', 3: 'ance', 4: 'able', 5: 'ent', 6: 'ize', 7: 'ate', 8: 'al', 9: 'ful', 10: 'ous', 11: 'ive', 12: 'ble', 13: 'og', 15: 'less' };
  var R3 = { 1: 'tion', 2: 'ate', 3: 'al', 4: 'ic', 5: '' };
  var RX = { 1: 'ski', 2: 'sky', 3: 'idl', 4: 'gentl', 5: 'ugli', 6: 'earli', 7: 'onli', 8: 'singl' };
  var GV = [17, 65, 16, 1], GAEO = [17, 64], GWXY = [1, 17, 65, 208, 1], GLI = [55, 141, 2];
  function shortv(e) {
    var v1 = e.l - e.c;
    if (e.outB(GWXY, 89, 121) && e.inB(GV, 97, 121) && e.outB(GV, 97, 121)) return true;
    e.c = e.l - v1;
    if (e.outB(GV, 97, 121) && e.inB(GV, 97, 121) && !(e.c > e.lb)) return true;
    e.c = e.l - v1;
    return e.eqSB('past');
  }
  function stemEn(word) {
    var e = new Env(word), av, Y = false, p1, p2, v;
    main: {
      v = e.c;
      exc: {
        e.bra = e.c;
        av = e.fa(A11);
        if (av === 0) break exc;
        e.ket = e.c;
        if (e.c < e.l) break exc;
        if (RX[av]) e.sf(RX[av]);
        break main;
      }
      e.c = v;
      if (!e.hop(3)) break main;
      e.c = v;
      e.bra = e.c;
      if (e.eqS("'")) { e.ket = e.c; e.sf(''); }
      e.c = v;
      e.bra = e.c;
      if (e.eqS('y')) { e.ket = e.c; e.sf('Y'); Y = true; }
      e.c = v;
      rep: for (;;) {
        var v5 = e.c;
        one: {
          for (;;) {
            var v6 = e.c;
            if (e.inF(GV, 97, 121)) { e.bra = e.c; if (e.eqS('y')) { e.ket = e.c; e.c = v6; break; } }
            e.c = v6;
            if (e.c >= e.l) break one;
            e.c++;
          }
          e.sf('Y'); Y = true;
          continue rep;
        }
        e.c = v5;
        break;
      }
      e.c = v;
      p1 = e.l; p2 = e.l;
      regions: {
        var v8 = e.c;
        if (e.fa(A0) === 0) {
          e.c = v8;
          if (!e.goOut(GV, 97, 121)) break regions;
          e.c++;
          if (!e.goIn(GV, 97, 121)) break regions;
          e.c++;
        }
        p1 = e.c;
        if (!e.goOut(GV, 97, 121)) break regions;
        e.c++;
        if (!e.goIn(GV, 97, 121)) break regions;
        e.c++;
        p2 = e.c;
      }
      e.c = v;
      e.lb = e.c; e.c = e.l;
      // Step 1a
      var v9 = e.l - e.c;
      s1a: {
        var v10 = e.l - e.c;
        e.ket = e.c;
        if (e.fab(A1) === 0) e.c = e.l - v10; else { e.bra = e.c; e.sf(''); }
        e.ket = e.c;
        av = e.fab(A2);
        if (av === 0) break s1a;
        e.bra = e.c;
        if (av === 1) e.sf('ss');
        else if (av === 2) { var v11 = e.l - e.c; if (e.hopB(2)) e.sf('i'); else { e.c = e.l - v11; e.sf('ie'); } }
        else if (av === 3) {
          if (e.c <= e.lb) break s1a;
          e.c--;
          if (!e.goOutB(GV, 97, 121)) break s1a;
          e.c--;
          e.sf('');
        }
      }
      e.c = e.l - v9;
      // Step 1b
      var v12 = e.l - e.c;
      s1b: {
        e.ket = e.c;
        av = e.fab(A5);
        e.bra = e.c;
        var v13 = e.l - e.c;
        del: {
          if (av === 1) {
            var v14 = e.l - e.c;
            if (!(p1 > e.c)) {
              var v15 = e.l - e.c, keep = false;
              if (e.fab(A3) !== 0 && !(e.c > e.lb)) keep = true;
              if (!keep) { e.c = e.l - v15; e.sf('ee'); }
            }
            e.c = e.l - v14;
            break s1b;
          } else if (av === 2) {
            break del;
          } else if (av === 3) {
            av = e.fab(A4);
            if (av === 0) break del;
            if (av === 1) {
              var v16 = e.l - e.c;
              if (!e.outB(GV, 97, 121)) break del;
              if (e.c > e.lb) break del;
              e.c = e.l - v16; e.bra = e.c; e.sf('ie');
            } else if (av === 2) {
              if (e.c > e.lb) break del;
            }
            break s1b;
          }
          break s1b;
        }
        e.c = e.l - v13;
        var v17 = e.l - e.c;
        if (!e.goOutB(GV, 97, 121)) break s1b;
        e.c--;
        e.c = e.l - v17;
        e.sf('');
        e.ket = e.c; e.bra = e.c;
        var v18 = e.l - e.c;
        av = e.fab(A6);
        if (av === 1) { e.sf('e'); break s1b; }
        if (av === 2) {
          var v19 = e.l - e.c;
          if (e.inB(GAEO, 97, 111) && !(e.c > e.lb)) break s1b;
          e.c = e.l - v19;
        } else if (av === 3) {
          if (e.c !== p1) break s1b;
          var v20 = e.l - e.c;
          if (!shortv(e)) break s1b;
          e.c = e.l - v20; e.sf('e');
          break s1b;
        }
        e.c = e.l - v18;
        e.ket = e.c;
        if (e.c <= e.lb) break s1b;
        e.c--;
        e.bra = e.c;
        e.sf('');
      }
      e.c = e.l - v12;
      // Step 1c
      var v21 = e.l - e.c;
      s1c: {
        e.ket = e.c;
        if (!e.eqSB('y') && !e.eqSB('Y')) break s1c;
        e.bra = e.c;
        if (!e.outB(GV, 97, 121)) break s1c;
        if (e.c <= e.lb) break s1c;
        e.sf('i');
      }
      e.c = e.l - v21;
      // Step 2
      var v22 = e.l - e.c;
      s2: {
        e.ket = e.c;
        av = e.fab(A7);
        if (av === 0) break s2;
        e.bra = e.c;
        if (p1 > e.c) break s2;
        if (av === 14) { if (!e.eqSB('l')) break s2; e.sf('og'); }
        else if (av === 16) { if (!e.inB(GLI, 99, 116)) break s2; e.sf(''); }
        else e.sf(R2[av]);
      }
      e.c = e.l - v22;
      // Step 3
      var v23 = e.l - e.c;
      s3: {
        e.ket = e.c;
        av = e.fab(A8);
        if (av === 0) break s3;
        e.bra = e.c;
        if (p1 > e.c) break s3;
        if (av === 6) { if (p2 > e.c) break s3; e.sf(''); } else e.sf(R3[av]);
      }
      e.c = e.l - v23;
      // Step 4
      var v24 = e.l - e.c;
      s4: {
        e.ket = e.c;
        av = e.fab(A9);
        if (av === 0) break s4;
        e.bra = e.c;
        if (p2 > e.c) break s4;
        if (av === 2 && !e.eqSB('s') && !e.eqSB('t')) break s4;
        e.sf('');
      }
      e.c = e.l - v24;
      // Step 5
      var v25 = e.l - e.c;
      s5: {
        e.ket = e.c;
        av = e.fab(A10);
        if (av === 0) break s5;
        e.bra = e.c;
        if (av === 1) {
          if (p2 > e.c) {
            if (p1 > e.c) break s5;
            var v26 = e.l - e.c;
            if (shortv(e)) break s5;
            e.c = e.l - v26;
          }
          e.sf('');
        } else if (av === 2) {
          if (p2 > e.c) break s5;
          if (!e.eqSB('l')) break s5;
          e.sf('');
        }
      }
      e.c = e.l - v25;
      e.c = e.lb;
      if (Y) e.s = e.s.replace(/Y/g, 'y');
    }
    return e.s;
  }

  /* ---------- spelling (spelling.rs) ---------- */
  // `L` holds the lists (K.am): -our words kept and endings, -ise endings,
  // kept suffixes and words, -lyse endings, -tre/-bre words kept, forms
  // and endings, -logue forms.
  function americanize(w, L) {
    if (!/^[\x00-\x7f]*$/.test(w) || w.length < 5) return null;
    var at, root, tail, base;
    at = w.lastIndexOf('our');
    if (at >= 0) {
      root = w.slice(0, at); tail = w.slice(at + 3);
      if (root.length >= 2 && L.ot.indexOf(tail) >= 0 && L.ok.indexOf(w.slice(0, at + 3)) < 0) return root + 'or' + tail;
    }
    at = w.lastIndexOf('is');
    if (at >= 0) {
      root = w.slice(0, at); tail = w.slice(at + 2); base = root + 'ise';
      if (L.it.indexOf(tail) >= 0 && base.length >= 5 && L.ik.indexOf(base) < 0 &&
        !L.iks.some(function (s) { return base.endsWith(s); })) return root + 'iz' + tail;
    }
    at = w.lastIndexOf('lys');
    if (at >= 0) {
      root = w.slice(0, at); tail = w.slice(at + 3);
      if (root.length >= 2 && L.yt.indexOf(tail) >= 0) return root + 'lyz' + tail;
    }
    if (L.tk.indexOf(w) >= 0) return null;
    var forms = L.tf, tails = L.tt;
    for (var i = 0; i < forms.length; i++) {
      for (var j = 0; j < tails.length; j++) {
        // "-bred" is bred, not a participle of "-bre".
        if (tails[j][0] === 'd' && forms[i][0] === 'bre') continue;
        var ending = forms[i][0] + tails[j][0];
        if (w.endsWith(ending) && w.length - ending.length >= 2) {
          root = w.slice(0, w.length - ending.length);
          if (L.tk.indexOf(root + forms[i][0]) >= 0) return null;
          return root + forms[i][1] + tails[j][1];
        }
      }
    }
    var lg = L.lf;
    for (var k = 0; k < lg.length; k++) {
      if (w.endsWith(lg[k][0]) && w.length > lg[k][0].length) return w.slice(0, w.length - lg[k][0].length) + lg[k][1];
    }
    return null;
  }

  /* ---------- analysis (analysis.rs) ---------- */
  var ALNUM = /[\p{Alphabetic}\p{Nd}\p{Nl}\p{No}]/u, MARK = /\p{M}/u, LETTER = /\p{Alphabetic}/u;
  // An acronym's plural: SMEs is SME (acronym_singular).
  var ACRONYM_PLURAL = /^(?=(?:[0-9]*[A-Z]){2})[A-Z0-9]+s$/;
  function cpLen(s) { var n = 0; for (var i = 0; i < s.length; i++) { var c = s.charCodeAt(i); if (c < 0xd800 || c > 0xdbff) n++; } return n; }

  function Analysis(meta) {
    var K = this.K = meta.k, am = this.am = {};
    // The spelling rules' lists: word lists come space-separated.
    Object.keys(K.am).forEach(function (n) { am[n] = typeof K.am[n] === 'string' ? K.am[n].split(' ') : K.am[n]; });
    var fold = this.foldMap = new Map();
    (meta.fold || '').split(' ').forEach(function (p) {
      if (!p) return;
      var c = String.fromCodePoint(p.codePointAt(0));
      fold.set(c, p.slice(c.length));
    });
    this.cache = new Map();
    this.pairs = new Map();
    // Function words by language code (`pt` of `pt-BR`), for unit().
    var fw = this.fw = new Map();
    (meta.sw || []).forEach(function (x) { var c = x[0].split(/[-_]/)[0].toLowerCase(); if (!fw.has(c)) fw.set(c, new Set(x[1].split(' '))); });
    var self = this;
    (meta.pairs || []).forEach(function (p) {
      var b = self.stemWord(p[0], 'en'), a = self.stemWord(p[1], 'en');
      if (b !== a) self.pairs.set(b, a);
    });
  }
  var AP = Analysis.prototype;
  AP.fold = function (word) {
    if (ACRONYM_PLURAL.test(word)) word = word.slice(0, -1);
    if (/^[\x00-\x7f]*$/.test(word)) return word.toLowerCase();
    // Composed (analysis.rs composed): `e` and U+0301 from a PDF is `é`.
    if (MARK.test(word)) word = word.normalize('NFC');
    var out = '';
    for (var ch of word) {
      // Turkish İ lower-cases to i and a combining dot (analysis.rs fold_into).
      if (ch === '\u0130') { out += 'i'; continue; }
      for (var l of ch.toLowerCase()) { var f = this.foldMap.get(l); out += f === undefined ? l : f; }
    }
    return out;
  };
  AP.stemWord = function (folded, lang) {
    var w = folded;
    if (lang === 'en') {
      w = americanize(folded, this.am) || folded;
      if (!/^[\x00-\x7f]*$/.test(w)) return w;
      return stemEn(w);
    }
    // Only English is stemmed here; search-lang.js gives other languages'
    // stems from the index's table.
    return w;
  };
  AP.term = function (folded, lang) {
    var key = lang + '\u0000' + folded, t = this.cache.get(key);
    if (t !== undefined) return t;
    t = this.stemWord(folded, lang);
    if (lang === 'en' && this.pairs.has(t)) t = this.pairs.get(t);
    if (this.cache.size < 100000) this.cache.set(key, t);
    return t;
  };
  function dottedAcronym(text, start, dot) {
    var before = Array.from(text.slice(start, dot)), after = Array.from(text.slice(dot + 1, dot + 5));
    return before.length === 1 && LETTER.test(before[0]) && after.length > 0 && LETTER.test(after[0]) && !(after.length > 1 && ALNUM.test(after[1]));
  }
  // `joiners` (K.jn): the characters that make a compound of two words.
  function runs(text, joiners) {
    var groups = [], start = -1, joinableAt = -1, i = 0;
    function push(from, to) {
      var last = groups[groups.length - 1];
      if (joinableAt >= 0 && last && joinableAt === from) last.push([from, to]); else groups.push([[from, to]]);
      joinableAt = -1;
    }
    while (i < text.length) {
      var ch = String.fromCodePoint(text.codePointAt(i)), n = ch.length;
      // Combining marks (a virama) belong to the word they follow.
      if (ALNUM.test(ch) || (start >= 0 && MARK.test(ch))) { if (start < 0) start = i; i += n; continue; }
      if (start >= 0) {
        var start0 = start;
        push(start, i); start = -1;
        if (joiners.indexOf(ch) >= 0 && i + n < text.length && ALNUM.test(String.fromCodePoint(text.codePointAt(i + n)))) joinableAt = i + n;
        // A dotted acronym's dot (analysis.rs dotted_acronym): `U.S.`; a
        // number's thousands (analysis.rs digit_group): `25.326`.
        else if (ch === '.' && dottedAcronym(text, start0, i) || /[.,]/.test(ch) && /^\d{1,3}$/.test(text.slice(start0, i)) && /^\d{3}$/.test(text.slice(i + 1, i + 4)) && !(i + 4 < text.length && ALNUM.test(String.fromCodePoint(text.codePointAt(i + 4))))) joinableAt = i + 1;
      } else joinableAt = -1;
      i += n;
    }
    if (start >= 0) push(start, text.length);
    return groups;
  }
  AP.analyze = function (text, lang, first) {
    var out = [], pos = first || 0, self = this, K = this.K;
    runs(text, K.jn).forEach(function (group) {
      var parts = group.map(function (r) { return [self.fold(text.slice(r[0], r[1])), r]; });
      var glued = parts.length > 1 && parts.length <= K.cmp ? parts.map(function (p) { return p[0]; }).join('') : null;
      parts.forEach(function (p, i) {
        if (cpLen(p[0]) > K.tok) return;
        out.push({ term: self.term(p[0], lang), pos: pos, from: p[1][0], to: p[1][1], compound: false });
        if (i === 0 && glued !== null && cpLen(glued) <= K.tok) {
          out.push({ term: self.term(glued, lang), pos: pos, from: p[1][0], to: group[group.length - 1][1], compound: true });
        }
        pos++;
      });
    });
    return out;
  };

  /* ---------- query language (query.rs) ---------- */
  function isSpace(c) { return /\s/u.test(c); }
  // The marks that close a phrase each mark opens (query.rs closers).
  var CLOSE = { '"': '"', '\u00ab': '\u00bb', '\u00bb': '\u00ab\u00bb', '\u2039': '\u203a', '\u203a': '\u2039\u203a', '\u201c': '\u201d\u201c', '\u201e': '\u201d\u201c', '\u201f': '\u201d\u201c', '\u201d': '\u201d', '\u300c': '\u300d', '\u300e': '\u300f' };
  // `K`: the index's shared rules (the most characters and parts read).
  function parse(query, isField, K) {
    // A word without an elided article (query.rs without_elision).
    function noElision(w) {
      var m = /^(\p{Alphabetic}+)['\u2019](?=\p{Alphabetic})/u.exec(w);
      return m && (' ' + K.el + ' ').indexOf(' ' + m[1].toLowerCase() + ' ') >= 0 ? w.slice(m[0].length) : w;
    }
    // No soft hyphens or zero-width spaces, composed, full- and half-width
    // and presentation forms as NFKC writes them (analysis.rs normal_query).
    query = query.replace(/[\u00AD\u200B\u2060\uFEFF]/g, '').normalize('NFC').replace(/(?:[\uFB00-\uFDFF\uFE70-\uFEFC\uFF01-\uFFEF]|\uD835[\uDC00-\uDFFF])+/g, function (m) { return m.normalize('NFKC'); });
    var ch = Array.from(query).slice(0, K.qc), i = 0;
    var out = { required: [], excluded: [], filters: [], excludedFilters: [], valueless: [] };
    // A range written with spaces around its `..` (query.rs spaced_range).
    function token(from) {
      var a = from; while (a < ch.length && isSpace(ch[a])) a++;
      var b = a; while (b < ch.length && !isSpace(ch[b])) b++;
      return [ch.slice(a, b).join(''), b];
    }
    function spacedRange(value, at) {
      var digit = function (s) { return /^[0-9]/.test(s); };
      if (!digit(value) || (value.indexOf('..') >= 0 && !value.endsWith('..'))) return [value, at];
      var n = token(at);
      if (value.endsWith('..')) { if (digit(n[0])) return [value + n[0], n[1]]; }
      else if (n[0] === '..') { var l = token(n[1]); if (digit(l[0])) return [value + '..' + l[0], l[1]]; }
      else if (n[0].startsWith('..') && digit(n[0].slice(2))) return [value + n[0], n[1]];
      return [value, at];
    }
    function count() { return out.required.length + out.excluded.length + out.filters.length + out.excludedFilters.length; }
    function quoted(from, close) { var j = from; while (j < ch.length && (close || '"').indexOf(ch[j]) < 0) j++; return [ch.slice(from, j).join(''), Math.min(j + 1, ch.length)]; }
    // Other engines' operators (query.rs operator): NOT word is -word, AND
    // and OR are left out (OR said).
    var not = false;
    function op(at) {
      return ['AND', 'OR', 'NOT'].find(function (o) { return ch.slice(at, at + o.length).join('') === o && (at + o.length >= ch.length || isSpace(ch[at + o.length])); });
    }
    while (i < ch.length && count() < K.qp) {
      if (isSpace(ch[i])) { i++; continue; }
      var o = op(i);
      if (o) { i += o.length; if (o === 'NOT') not = true; else if (o === 'OR') out.or = true; continue; }
      var dash = ch[i] === '-', neg = dash || not;
      not = false;
      if (dash) { i++; if (i >= ch.length || isSpace(ch[i])) continue; }
      var q;
      if (CLOSE[ch[i]]) {
        q = quoted(i + 1, CLOSE[ch[i]]); i = q[1];
        if (q[0].trim()) (neg ? out.excluded : out.required).push({ phrase: true, text: q[0] });
        continue;
      }
      var start = i;
      while (i < ch.length && !isSpace(ch[i]) && ch[i] !== ':' && ch[i] !== '"') i++;
      var name = ch.slice(start, i).join('').toLowerCase(), f = i < ch.length && ch[i] === ':' && name && isField(name);
      if (f) {
        i++;
        var value;
        if (i < ch.length && CLOSE[ch[i]]) { q = quoted(i + 1, CLOSE[ch[i]]); i = q[1]; value = q[0]; }
        else { var vs = i; while (i < ch.length && !isSpace(ch[i])) i++; var sr = spacedRange(ch.slice(vs, i).join(''), i); value = sr[0]; i = sr[1]; }
        value = value.trim();
        if (value) (neg ? out.excludedFilters : out.filters).push({ field: f, value: value });
        else out.valueless.push(f);
        continue;
      }
      // A misspelt filter's quoted value stays with it (query.rs parse).
      if (i + 1 < ch.length && ch[i] === ':' && ch[i + 1] === '"' && name) {
        var head = ch.slice(start, i).join('');
        q = quoted(i + 2); i = q[1];
        (neg ? out.excluded : out.required).push({ phrase: false, text: head + ':"' + q[0] + '"' });
        continue;
      }
      while (i < ch.length && !isSpace(ch[i])) i++;
      (neg ? out.excluded : out.required).push({ phrase: false, text: noElision(ch.slice(start, i).join('')) });
    }
    return out;
  }

  /* ---------- plan (plan.rs) ---------- */
  // Whether a term holds a character of the scripts split into bigrams
  // (meta.js cjk, present when the index has such text).
  function cjkTerm(t, ranges) {
    for (var c of t) {
      var cp = c.codePointAt(0);
      for (var i = 0; i < ranges.length; i += 2) if (cp >= ranges[i] && cp <= ranges[i + 1]) return true;
    }
    return false;
  }
  // A compound's parts as units of their own, with their terms in every
  // language; none when the languages cut it differently (plan.rs compound_parts).
  function compoundParts(u) {
    var first = u.phrases[0];
    if (!first || u.phrases.some(function (p) { return p.length !== first.length; })) return [];
    return first.map(function (_, i) {
      var terms = [];
      u.phrases.forEach(function (p) { if (terms.indexOf(p[i]) < 0) terms.push(p[i]); });
      return { terms: terms, phrases: [], chars: cpLen(terms[0]), parts: [], word: '' };
    });
  }
  // `cjk`: meta.js's ranges (plan.rs Unit.parts).
  function quoted(ws) { return ws.map(function (w) { return '\u201c' + w + '\u201d'; }).join(', '); }
  function unit(part, langs, an, cjk, typed) {
    // Written as a code (plan.rs is_code): `places` and `meta` weigh more.
    var u = { terms: [], phrases: [], chars: 0, parts: [], word: '', code: !part.phrase && /^[A-Z]{2,3}$/.test(part.text) };
    var singles = [];
    for (var li = 0; li < langs.length; li++) {
      var toks = an.analyze(part.text, langs[li]);
      if (!toks.length) return null;
      var words = toks.filter(function (t) { return !t.compound; }).map(function (t) { return t.term; });
      var first = toks[0].from, last = 0;
      toks.forEach(function (t) { if (t.to > last) last = t.to; });
      var whole = toks.find(function (t) { return t.compound && t.from === first && t.to === last; });
      if (words.length === 1) {
        u.chars = cpLen(part.text.slice(first, last));
        u.word = an.fold(part.text.slice(first, last));
        singles.push([langs[li], words[0]]);
      } else {
        if (!part.phrase && whole) {
          u.chars = Array.from(part.text.slice(whole.from, whole.to)).filter(function (c) { return ALNUM.test(c); }).length;
          u.word = toks.filter(function (t) { return !t.compound; }).map(function (t) { return an.fold(part.text.slice(t.from, t.to)); }).join('');
          if (u.terms.indexOf(whole.term) < 0) u.terms.push(whole.term);
        }
        if (!part.phrase && cjk && words.some(function (w) { return cjkTerm(w, cjk); })) {
          words.forEach(function (w) { if (u.parts.indexOf(w) < 0) u.parts.push(w); });
        }
        var key = words.join('\u0000');
        if (!u.phrases.some(function (p) { return p.join('\u0000') === key; })) u.phrases.push(words);
      }
    }
    // Not another language's function word where its own term differs,
    // of a language the reader may be typing in (plan.rs
    // not_foreign_function_words): Spanish `can` for `Canada`.
    var kept = singles.filter(function (s) {
      return !singles.some(function (o) { var w = an.fw && an.fw.get(o[0]); return o[0] !== s[0] && o[1] !== s[1] && (typed || []).indexOf(o[0]) >= 0 && w && w.has(s[1]); });
    });
    (kept.length ? kept : singles).forEach(function (s) { if (u.terms.indexOf(s[1]) < 0) u.terms.push(s[1]); });
    return u.terms.length || u.phrases.length ? u : null;
  }
  // One more edit past each of `steps` (K.ed) characters.
  function maxEdits(n, steps) { for (var e = 0; e < steps.length && n > steps[e]; e++); return e; }
  // None for a word with a digit: a law's or a standard's number, a year
  // (plan.rs Unit::edits).
  function unitEdits(u, steps) { return /\p{N}/u.test(u.word || '') ? 0 : maxEdits(u.chars, steps); }

  /* ---------- BM25, as tantivy computes it in f32 ---------- */
  var f = Math.fround, K1 = f(1.2), B = f(0.75), K1P1 = f(1 + K1), ONE_MINUS_B = f(1 - B);
  // tantivy's field-norm table (fieldnorm/code.rs): 0..40, then 8 steps
  // per doubling of the step.
  var NORMS = [];
  (function () { var v = 0, step = 2; for (var id = 0; id < 256; id++) { if (id <= 40) v = id; else { v += step; if ((id - 40) % 8 === 0) step *= 2; } NORMS.push(v); } })();
  function idf(df, n) { return f(Math.log(f(1 + f(f(f(n - df) + 0.5) / f(df + 0.5))))); }
  function normCache(avg) { return NORMS.map(function (fn) { return f(K1 * f(ONE_MINUS_B + f(f(B * f(fn)) / avg))); }); }
  function bm25(weight, cache, norm, tf) { return f(weight * f(tf / f(tf + cache[norm]))); }

  /* ---------- snippets (snippet.rs) ---------- */
  // snippet.rs flatten: blocks run on, ` · ` after one without punctuation.
  function flatten(text, K) {
    var ends = K.blk[0], closers = K.blk[1];
    var blocks = text.split('\n'), out = blocks[0].replace(/[\r\t]/g, ' ');
    for (var i = 1; i < blocks.length; i++) {
      // An empty block (no body) adds nothing (snippet.rs flatten).
      if (/^[ \t\r]*$/.test(blocks[i])) continue;
      var j = out.length - 1;
      while (j >= 0 && out[j] === ' ') j--;
      if (j >= 0 && closers.indexOf(out[j]) >= 0) j--;
      out += (j >= 0 && ends.indexOf(out[j]) < 0 ? ' \u00b7 ' : ' ') + blocks[i].replace(/[\r\t]/g, ' ');
    }
    return out;
  }
  function snippet(summary, body, terms, an, lang) {
    var WINDOW = an.K.snip[0], LEAD = an.K.snip[1], MAX_HITS = an.K.snip[2];
    var text = flatten(summary + '\n' + body, an.K);
    var hits = an.analyze(text, lang).filter(function (t) { return terms.has(t.term); })
      .map(function (t) { return [t.from, t.to, t.term]; });
    hits.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var kept = [];
    // Overlapping hits (a compound and its parts, CJK bigrams) make one.
    hits.forEach(function (h) { var k = kept[kept.length - 1]; if (!k || h[0] >= k[1]) kept.push(h); else if (h[1] > k[1]) k[1] = h[1]; });
    kept = kept.slice(0, MAX_HITS);
    var start = 0, best = [0, 0, 0];
    kept.forEach(function (h) {
      var s = Math.max(0, h[0] - LEAD);
      var inside = kept.filter(function (x) { return x[0] >= s && x[1] <= s + WINDOW; });
      var distinct = new Set(inside.map(function (x) { return x[2]; })).size;
      // The query's words side by side (snippet.rs window).
      var together = 0;
      for (var w = 1; w < inside.length; w++) {
        var a = inside[w - 1], b = inside[w];
        if (a[2] !== b[2] && !/[\p{Alphabetic}\p{N}]/u.test(text.slice(a[1], Math.max(a[1], b[0])))) together++;
      }
      var score = [distinct, together, inside.length];
      if (score[0] > best[0] || (score[0] === best[0] && (score[1] > best[1] || (score[1] === best[1] && score[2] > best[2])))) { best = score; start = s; }
    });
    if (start > 0) {
      var lim = start;
      for (var hi = 0; hi < kept.length; hi++) if (kept[hi][0] >= start) { lim = kept[hi][0]; break; }
      for (var i = start; i < lim; i++) if (text[i] === ' ') { start = i + 1; break; }
    }
    var end = Math.min(start + WINDOW, text.length);
    if (end < text.length) for (var k = end - 1; k >= start + WINDOW / 2; k--) if (text[k] === ' ') { end = k; break; }
    var parts = [], pos = start;
    if (start > 0) parts.push(['\u2026', false]);
    kept.forEach(function (h) {
      if (h[0] < start || h[1] > end) return;
      if (h[0] > pos) parts.push([text.slice(pos, h[0]), false]);
      parts.push([text.slice(h[0], h[1]), true]);
      pos = h[1];
    });
    if (end > pos) parts.push([text.slice(pos, end), false]);
    if (end < text.length) parts.push(['\u2026', false]);
    return parts;
  }

  /* ---------- the engine (engine.rs) ---------- */
  function Engine(load) {
    this.load = load;   // name -> Promise of the data its file hands to CSI
    this.files = new Map();
    // Each facet's other names and members, once its file is loaded.
    this.facetNames = [];
    this.bytes = 0;
  }
  var NP = Engine.prototype;
  NP.file = function (name) {
    var p = this.files.get(name);
    if (!p) {
      p = this.load(name);
      this.files.set(name, p);
    }
    return p;
  };
  NP.init = function () {
    var self = this;
    if (!this.ready) {
      this.ready = this.file('meta').then(function (m) {
        self.meta = m;
        alphabet(m.k.abc);
        // Chunk boundaries, front-coded (chunking.rs `front_coded`): each
        // the length of the prefix it shares with the one before, as a
        // character of the alphabet, then the rest.
        if (typeof m.chunks === 'string') {
          var prev = '';
          m.chunks = m.chunks ? m.chunks.split(' ').map(function (e) { return (prev = prev.substr(0, m.k.abc.indexOf(e[0])) + e.slice(1)); }) : [];
        }
        self.an = new Analysis(m);
        self.langs = m.langs && m.langs.length ? m.langs.slice().sort() : ['en'];
        self.avg = m.fields.map(function (_, i) { return f(f(m.tokens[i]) / f(m.n)); });
        self.caches = self.avg.map(normCache);
        self.chunks = new Map();
        // Rules only some sites need, loaded only there (browser.rs): other
        // scripts or stemmed languages than English (search-lang.js), and
        // several languages (search/versions.js).
        var w = [];
        if (m.x) w.push(self.file('x' + m.x).then(function (i) { i(self, runs, cpLen); }));
        if (m.sl || m.tr) w.push(self.file('versions').then(function (x) { x(self, decodeRecords); }));
        return Promise.all(w);
      });
    }
    return this.ready;
  };
  // One language: a record's only document, and its page at the root.
  // search/versions.js replaces these on a site with several (browser.rs).
  NP.version = NP.collapse = NP.mark = function (x) { return x; };
  NP.url = function (key) { return key + '/index.html'; };
  function named(list, name) { return list.findIndex(function (x) { return x[0] === name; }); }
  // The field `name` names, or '': a label is one in search/more.js (catalog.rs filter_field).
  NP.isField = function (name) { var m = this.meta; return name === 'collection' || named(m.facets, name) >= 0 || named(m.ranges, name) >= 0 ? name : this.labelled ? this.labelled(name) : ''; };
  // The range field a filter ranges over (its index in meta.ranges), or -1:
  // a field that is also a facet takes a bare value as one of its values.
  NP.rangeOf = function (flt) {
    var m = this.meta, ri = named(m.ranges, flt.field);
    return ri >= 0 && (/^[<>]|\.\./.test(flt.value.trim()) || named(m.facets, flt.field) < 0) ? ri : -1;
  };
  // The `i`th name hash of the list `key` (hashes of `nh` digits, `bh` for
  // buckets, end to end).
  NP.hash = function (key, i) { var w = key === 'dh' ? this.meta.bh : this.meta.nh; return this.meta[key].substr(i * w, w); };
  // The chunk that would hold `term`: the last whose first term is <= it.
  NP.chunkOf = function (term) {
    var b = this.meta.chunks, lo = 0, hi = b.length - 1, ans = -1;
    while (lo <= hi) { var mid = (lo + hi) >> 1; if (b[mid] <= term) { ans = mid; lo = mid + 1; } else hi = mid - 1; }
    return ans;
  };
  NP.chunk = function (i) {
    var self = this;
    if (!this.chunks.has(i)) {
      this.chunks.set(i, this.file('t' + this.hash('th', i)).then(function (data) {
        var map = new Map();
        for (var k = 0; k < data.length; k += 2) map.set(data[k], k / 2);
        return { data: data, index: map, decoded: new Map(), fields: self.meta.fields.length, n: self.meta.n };
      }));
    }
    return this.chunks.get(i);
  };
  // Postings of a term: per field {docs, tfs, norms, n}, or null. A common
  // term's may be a head (tiers.rs): `whole` false, every record holding
  // it in `members`, the postings of those in `head` only, and `bands` of
  // the others ({has: records, or null for all left; bounds: tuples of
  // [tf, norm] per field, of which one outweighs each record's}).
  NP.postings = function (term) {
    var i = this.chunkOf(term);
    if (i < 0) return Promise.resolve(null);
    return this.chunk(i).then(function (c) {
      var at = c.index.get(term);
      if (at === undefined) return null;
      return decodePostings(c, at);
    });
  };
  function decodePostings(c, at) {
    var got = c.decoded.get(at);
    if (got) return got;
    var r = new Bits(c.data[at * 2 + 1]);
    got = r.bit() ? decodeHead(r, c.fields, c.n) : decodeWhole(r, c.fields, c.n);
    got.chunk = c;
    got.at = at;
    c.decoded.set(at, got);
    return got;
  }
  // Each posting's tf and norm id, into `tfs` and `norms` from `at`.
  function tfsNorms(r, n, tfs, norms) {
    var j, k = r.fixed(2);
    for (j = 0; j < n; j++) tfs.push(r.eg(k) + 1);
    var min = r.fixed(8), w = r.fixed(4);
    for (j = 0; j < n; j++) norms.push(min + r.fixed(w));
  }
  var F32 = new Float32Array(1), U32 = new Uint32Array(F32.buffer);
  function float32(r) { U32[0] = r.fixed(32); return F32[0]; }
  // `n` record numbers coded as gaps (each minus one) of order `k`.
  function gapList(r, n, k) {
    var out = new Array(n), next = 0;
    for (var j = 0; j < n; j++) { next += r.eg(k); out[j] = next; next++; }
    return out;
  }
  function readRecords(r) { var n = r.eg(0); return gapList(r, n, r.fixed(4)); }
  // The documents below `total` not in `listed` (ascending).
  function complementOf(listed, total) {
    var out = [], x = 0;
    for (var o = 0; o < total; o++) { if (x < listed.length && listed[x] === o) x++; else out.push(o); }
    return out;
  }
  function decodeWhole(r, nf, total) {
    var fields = [];
    for (var fi = 0; fi < nf; fi++) {
      var n = r.eg(0), docs = [], tfs = [], norms = [];
      if (n) {
        // Either the records holding the term, or those not holding it.
        var complement = r.bit(), k = r.fixed(4);
        docs = complement ? complementOf(gapList(r, total - n, k), total) : gapList(r, n, k);
        tfsNorms(r, n, tfs, norms);
      }
      fields.push({ docs: docs, tfs: tfs, norms: norms, n: n });
    }
    return { fields: fields, whole: true };
  }
  function decodeHead(r, nf, total) {
    var counts = [], fi;
    for (fi = 0; fi < nf; fi++) counts.push(r.eg(0));
    var complement = r.bit(), listed = readRecords(r), members = complement ? complementOf(listed, total) : listed;
    var head = readRecords(r), fields = tuples(r, head, nf);
    fields.forEach(function (fl, fi) { fl.n = counts[fi]; });
    var own = [];
    for (fi = 0; fi < nf; fi++) own.push(float32(r));
    var bands = [];
    for (var b = 0, nb = r.eg(0); b < nb; b++) {
      var list = b + 1 < nb ? readRecords(r) : null;
      var band = { list: list, has: list && new Set(list), top: 0, bounds: [] };
      band.top = float32(r);
      for (var nt = r.eg(0); nt > 0; nt--) {
        var t = [];
        for (fi = 0; fi < nf; fi++) { var tf = r.eg(0); t.push([tf, tf ? r.fixed(8) : 0]); }
        band.bounds.push(t);
      }
      bands.push(band);
    }
    return { fields: fields, whole: false, members: members, head: new Set(head), own: own, bands: bands };
  }
  // The postings of records `recs` (tiers.rs tuples_into): per field
  // {docs, tfs, norms} of those holding the term in it.
  function tuples(r, recs, nf) {
    var holds = recs.map(function () { var b = []; for (var i = 0; i < nf; i++) b.push(r.bit()); return b; });
    var fields = [];
    for (var fi = 0; fi < nf; fi++) {
      var docs = [], tfs = [], norms = [];
      for (var j = 0; j < recs.length; j++) if (holds[j][fi]) docs.push(recs[j]);
      if (docs.length) tfsNorms(r, docs.length, tfs, norms);
      fields.push({ docs: docs, tfs: tfs, norms: norms });
    }
    return fields;
  }
  // A term's whole postings: a head's are its chunk's `u` file (which
  // holds that term alone), loaded once and kept in place of the head.
  NP.full = function (term) {
    var self = this;
    return this.postings(term).then(function (p) {
      if (!p || p.whole) return p;
      if (!p.loading) {
        p.loading = self.file('u' + self.hash('th', self.chunkOf(term))).then(function (data) {
          var got = decodeWhole(new Bits(data[0]).skip(1), p.chunk.fields, p.chunk.n);
          got.chunk = p.chunk;
          got.at = p.at;
          p.chunk.decoded.set(p.at, got);
          return got;
        });
      }
      return p.loading;
    });
  };
  // The postings of listed band `b` of head `p` (term `term`), from the
  // chunk's `bN` file: added to the head's, its records are exact then.
  NP.band = function (term, p, b) {
    var band = p.bands[b];
    if (!band.loading) {
      band.loading = this.file('b' + b + '-' + this.hash('th', this.chunkOf(term))).then(function (data) {
        tuples(new Bits(data[0]), band.list, p.chunk.fields).forEach(function (got, fi) {
          var fl = p.fields[fi];
          fl.docs = fl.docs.concat(got.docs); fl.tfs = fl.tfs.concat(got.tfs); fl.norms = fl.norms.concat(got.norms);
        });
        band.list.forEach(function (d) { p.head.add(d); });
      });
    }
    return band.loading;
  };
  // Positions of a term, per field, per posting.
  NP.positions = function (term, p) {
    var i = this.chunkOf(term);
    return this.file('p' + this.hash('th', i)).then(function (data) {
      var r = new Bits(data[p.at]), k = r.fixed(4);
      return p.fields.map(function (fl) {
        return fl.tfs.map(function (tf) { var out = [], prev = 0; for (var j = 0; j < tf; j++) { prev = j ? prev + r.eg(k) : r.eg(k); out.push(prev); } return out; });
      });
    });
  };
  NP.df = function (p) { return p ? p.fields.reduce(function (s, x) { return s + x.n; }, 0) : 0; };
  // The rules a first search seldom needs, in search/more.js
  // (search-more.js): near spellings and the vocabulary (for a word no
  // record holds), the words a half-typed word begins, a member's bloc.
  // Loaded the first time one of them is asked for.
  // So are a filter's records (the files of a facet or range field), its
  // notes and range rules: a typed filter or the filter panel loads them.
  ['prefixed', 'nearUnit', 'nearTerms', 'blocGroup', 'filterDocs', 'rangeDocs', 'facetDocs'].forEach(function (name) {
    NP[name] = function () {
      var self = this, args = arguments;
      return self.more().then(function () { return NP[name].apply(self, args); });
    };
  });
  // A word without a colon is written like no filter; search/more.js
  // reads the others (a query with a colon loads it first).
  NP.notAFilter = function () { return null; };
  NP.more = function () {
    if (!this.moreReady) {
      // With the field labels a filter may be named by (emit.rs), where the site has any.
      var self = this, m = this.meta, rl = m.k.rl;
      this.moreReady = Promise.all([this.file('more'), m.lh && this.file('l' + m.lh)]).then(function (r) {
        r[0](NP, { rl: rl, cpLen: cpLen, maxEdits: maxEdits, decodePostings: decodePostings, named: named, decodeRecords: decodeRecords });
        self.fl = r[1] || {};
      });
    }
    return this.moreReady;
  };
  // A sorted list of record numbers (codec.rs encode_records).
  function decodeRecords(s) { return readRecords(new Bits(s)); }
  // Scores of one unit: Map record -> score (sum over fields and alternatives).
  // With heads (`u.full` false), `scores.extra` gives what the records
  // left out of a head may add at most: a score is then a lower bound.
  NP.unitScores = function (u) {
    var self = this, m = this.meta, scores = new Map(), extra = new Map();
    scores.extra = extra;
    function add(doc, s) { scores.set(doc, f((scores.get(doc) || 0) + s)); }
    // A field's boost; `places` and `meta` more for a word written as a code (engine.rs unit_query).
    function boostOf(fi) { return u.code && m.k.cb[1].split(' ').indexOf(m.fields[fi][0]) >= 0 ? f(m.fields[fi][1] * m.k.cb[0]) : f(m.fields[fi][1]); }
    var jobs = u.terms.map(function (t) {
      return (u.full ? self.full(t) : self.postings(t)).then(function (p) {
        if (!p) return;
        var weights = p.fields.map(function (fl) { return f(idf(fl.n, m.n) * K1P1); });
        p.fields.forEach(function (fl, fi) {
          var boost = boostOf(fi), weight = weights[fi];
          for (var j = 0; j < fl.docs.length; j++) add(fl.docs[j], f(bm25(weight, self.caches[fi], fl.norms[j], fl.tfs[j]) * boost));
        });
        if (p.whole) return;
        // A band's heaviest weight by the term's own field averages bounds
        // it if the index's are no higher (tiers.rs weight); else its tuples do.
        // (Not with a code's boost: a band's heaviest weight has the usual ones.)
        var own = !u.code && p.fields.every(function (fl, fi) { return !fl.n || self.avg[fi] <= p.own[fi]; });
        var most = p.bands.map(function (band) {
          if (own) return band.top;
          return band.bounds.reduce(function (most, t) {
            var s = 0;
            t.forEach(function (x, fi) { if (x[0]) s = f(s + f(bm25(weights[fi], self.caches[fi], x[1], x[0]) * boostOf(fi))); });
            return Math.max(most, s);
          }, 0);
        });
        p.members.forEach(function (d) {
          if (p.head.has(d)) return;
          if (!scores.has(d)) scores.set(d, 0);
          for (var b = 0; b < p.bands.length - 1 && !p.bands[b].has.has(d); b++);
          extra.set(d, f((extra.get(d) || 0) + most[b]));
        });
      });
    }).concat(u.phrases.map(function (seq) {
      if (seq.length === 1) return self.unitScores({ terms: seq, phrases: [], full: true }).then(function (s) { s.forEach(function (v, d) { add(d, v); }); });
      return Promise.all(seq.map(function (t) { return self.full(t); })).then(function (ps) {
        if (ps.some(function (p) { return !p; })) return;
        return Promise.all(seq.map(function (t, i) { return self.positions(t, ps[i]); })).then(function (pos) {
          for (var fi = 0; fi < m.fields.length; fi++) {
            var idfSum = 0;
            for (var i = 0; i < seq.length; i++) idfSum = f(idfSum + idf(ps[i].fields[fi].n, m.n));
            var weight = f(idfSum * K1P1), boost = f(m.fields[fi][1]);
            var first = ps[0].fields[fi];
            var where = seq.map(function (_, i) { var mp = new Map(); ps[i].fields[fi].docs.forEach(function (d, j) { mp.set(d, j); }); return mp; });
            for (var j = 0; j < first.docs.length; j++) {
              var doc = first.docs[j], idx = [];
              for (i = 0; i < seq.length; i++) { var x = where[i].get(doc); if (x === undefined) break; idx.push(x); }
              if (idx.length < seq.length) continue;
              var sets = idx.map(function (x, i) { return new Set(pos[i][fi][x]); });
              var count = 0;
              pos[0][fi][idx[0]].forEach(function (p0) { for (var i = 1; i < seq.length; i++) if (!sets[i].has(p0 + i)) return; count++; });
              if (count) add(doc, f(bm25(weight, self.caches[fi], first.norms[j], count) * boost));
            }
          }
        });
      });
    }));
    return Promise.all(jobs).then(function () { return scores; });
  };
  // req: {query, collection, filters: [[field, value]], any: [[field,
  // [values]]], sort, limit}. The values filtered on one field are
  // alternatives, every field must match (an `any` entry, a listing's
  // filters handed over, joins the query's values of its field), and every
  // range filter must hold. sort: '' or 'relevance', FIELD or -FIELD.
  // -> {hits: [{doc, score}], all: [records], total, notes, said, units, without}:
  // `notes` are in English, as engine.rs words them; `said` holds each
  // note's i18n key and values, for the page to say it in its language.
  // `without` gives, for each field with values chosen, the records that
  // match without that choice (the filter panel's live counts).
  // A query's function words in the page's and the default language go
  // while another word or phrase remains; acronyms (`US`) stay
  // (function_words.rs).
  // Two letters or more, none lower-case (`US`, `DEPA`): an acronym
  // (function_words.rs is_acronym).
  function isAcronym(w) { return (w.match(/\p{Alphabetic}/gu) || []).length >= 2 && !/\p{Lowercase}/u.test(w); }
  function leaveOut(required, m, lang) {
    var sw = m.sw || [], dflt = m.sl ? m.sl[0] : (sw[0] || [])[0];
    var lists = sw.filter(function (x) { return x[0] === lang || x[0] === dflt; }).map(function (x) { return ' ' + x[1] + ' '; });
    if (!lists.length) return;
    var listed = function (t) { var w = ' ' + t.toLowerCase() + ' '; return lists.some(function (l) { return l.indexOf(w) >= 0; }); };
    var fn = function (p) { return !p.phrase && !isAcronym(p.text) && listed(p.text); };
    // Caps lock (`DIE DATEN`): its function words of three letters or more
    // are no acronyms or codes (function_words.rs).
    var words = required.filter(function (p) { return !p.phrase; }).length;
    if (words >= 2 && !required.some(function (p) { return /\p{Lowercase}/u.test(p.text); })) {
      required.forEach(function (p) { if (!p.phrase && cpLen(p.text) >= 3 && listed(p.text)) p.text = p.text.toLowerCase(); });
    }
    if (required.every(fn)) return;
    for (var i = required.length - 1; i >= 0; i--) if (fn(required[i])) required.splice(i, 1);
  }
  NP.search = function (req) {
    var self = this;
    // A word with a colon may be a filter, or written like one
    // (`notAFilter`): the rules for both are in search/more.js.
    return this.init().then(function () { return /:/.test(req.query || '') && self.more(); }).then(function () {
      var m = self.meta, notes = [], said = [], filters = [], impossible = false;
      // A value given as a list is words, which the page quotes as its language does.
      // Each note once (engine.rs search).
      var note = function (text, key, vars) { if (notes.indexOf(text) < 0) { notes.push(text); said.push({ key: key, en: text, vars: vars || {} }); } };
      if (req.collection) filters.push({ field: 'collection', value: req.collection });
      (req.filters || []).forEach(function (x) { filters.push({ field: x[0].trim().toLowerCase(), value: x[1] }); });
      var parsed = parse(req.query || '', function (n) { return self.isField(n); }, m.k);
      if (parsed.or) note('OR is not an operator here: records must hold every word, and when none holds them all, those with the most of them come first', 'search-note-or');
      // A filter written with no value (search/more.js, loaded for the colon).
      parsed.valueless.forEach(function (name) { note.apply(null, self.valuelessNote(name)); });
      parsed.required.concat(parsed.excluded).forEach(function (p) {
        var n = p.phrase ? null : self.notAFilter(p.text);
        if (n) note(n.text, n.key, n.vars);
        // `title:data`: the word, in every field (query.rs text_field_word).
        if (n && n.word) p.text = n.word;
      });
      leaveOut(parsed.required, m, req.lang);
      // The languages a reader may be typing in, the page's and the
      // default (plan.rs unit): their function words only are left out
      // of another language's stems.
      var dflt = m.sl ? m.sl[0] : 'en';
      var typed = [req.lang || dflt, dflt].map(function (t) { return String(t).split(/[-_]/)[0].toLowerCase(); });
      filters = filters.concat(parsed.filters);
      (req.any || []).forEach(function (g) { g[1].forEach(function (v) { filters.push({ field: g[0].trim().toLowerCase(), value: v }); }); });
      var all = filters.map(function (x) { return [x, true]; }).concat(parsed.excludedFilters.map(function (x) { return [x, false]; }));
      var sort = (req.sort || '').trim(), desc = sort[0] === '-', si = -1;
      if (sort && sort !== 'relevance') {
        sort = (desc ? sort.slice(1) : sort).trim().toLowerCase();
        si = named(m.ranges, sort);
        if (si < 0) note('cannot sort by ' + sort, 'search-note-sort', { sort: sort });
      }
      // search-lang.js, when loaded, fetches the stems of the query's words.
      return Promise.all([Promise.all(all.map(function (x) { return self.filterDocs(x[0]); })), self.loadForms && self.loadForms(parsed),
        si < 0 ? null : self.rangeDocs(si)]).then(function (ready) {
        // Value filters and periods make one group per field (a record needs
        // one of its values); other ranges and exclusions are `checks`:
        // [records, wanted].
        var groups = [], checks = [];
        ready[0].forEach(function (s, i) {
          var x = all[i][0], g;
          if (self.rangeOf(x) >= 0 && !(s && s.period && all[i][1])) {
            // Unreadable, it matches nothing: there are no hits, or (left
            // out) nothing is left out.
            if (s) checks.push([s, all[i][1]]);
            else {
              note.apply(null, self.rangeNote(x));
              impossible = impossible || all[i][1];
            }
            return;
          }
          // A value no record has, or the blocs of one records have (search/more.js).
          if (!s || all[i][1]) self.valueNotes(x, s, all).forEach(function (n) { note.apply(null, n); });
          if (!all[i][1]) { if (s) checks.push([s, false]); return; }
          g = groups.find(function (g) { return g.field === x.field; });
          if (!g) groups.push(g = { field: x.field, set: null });
          if (s) { g.set = g.set || new Set(); s.forEach(function (d) { g.set.add(d); }); }
        });
        groups.forEach(function (g) { if (!g.set) impossible = true; });
        // Which group record `d` misses: -1 none, i only group i, -2 more, or
        // a range or an exclusion.
        function miss(d) {
          var i, w = -1;
          for (i = 0; i < checks.length; i++) if (checks[i][0].has(d) !== checks[i][1]) return -2;
          for (i = 0; i < groups.length; i++) if (!groups[i].set.has(d)) { if (w >= 0) return -2; w = i; }
          return w;
        }
        // Sort keys: a record's smallest value ascending, its largest descending.
        var keys = null;
        if (ready[2]) {
          keys = new Map();
          ready[2].forEach(function (x) { x[1].forEach(function (d) { if (desc || !keys.has(d)) keys.set(d, x[0]); }); });
        }
        var units = [], unmatched = [];
        var chain = Promise.resolve();
        parsed.required.forEach(function (part) {
          chain = chain.then(function () {
            var u = unit(part, self.langs, self.an, m.cjk, typed);
            // A word longer than any indexed is in no record (plan.rs too_long).
            if (!u) { if (new RegExp('[\\p{L}\\p{N}\\p{M}]{' + (m.k.tok + 1) + '}', 'u').test(part.text)) unmatched.push(part.text); return; }
            u.full = !!req.full;
            if (!u.terms.length) { units.push(u); return; }
            // `priv*`: the words that begin so, as well as the word itself.
            var star = !part.phrase && /\*$/.test(part.text);
            if (star && cpLen(u.word) < m.k.pm[0]) note('\u201c' + part.text + '\u201d: the words that begin so are looked up from ' + m.k.pm[0] + ' letters; searched for \u201c' + part.text.replace(/\*+$/, '') + '\u201d as a word', 'search-note-short-prefix', { words: [part.text], n: m.k.pm[0], word: [part.text.replace(/\*+$/, '')] });
            var wild = star ? self.prefixed(u.word) : Promise.resolve([]);
            return wild.then(function (more) {
              more.forEach(function (t) { if (u.terms.indexOf(t) < 0) u.terms.push(t); });
              return Promise.all(u.terms.map(function (t) { return self.postings(t); }));
            }).then(function (ps) {
              var df = ps.reduce(function (s, p) { return s + self.df(p); }, 0);
              if (df > 0) { u.expandable = !u.phrases.length; u.phrases = []; units.push(u); return; }
              if (u.phrases.length) {
                // The glued form is nowhere: the phrase of its parts stands
                // in, else the glued form's near spellings (engine.rs).
                var glued = u.terms;
                u.terms = [];
                return self.unitScores({ terms: [], phrases: u.phrases, full: true }).then(function (found) {
                  if (found.size) { units.push(u); return; }
                  return self.nearUnit({ word: u.word, terms: glued }, unitEdits(u, m.k.ed)).then(function (near) {
                    if (!near.length) {
                      // A compound nowhere, even misspelt: its parts as
                      // words of their own, when each is somewhere (plan.rs compound_parts).
                      var parts = compoundParts(u);
                      return Promise.all(parts.map(function (p) {
                        return Promise.all(p.terms.map(function (t) { return self.postings(t); }));
                      })).then(function (pss) {
                        var each = parts.length > 1 && pss.every(function (ps) { return ps.reduce(function (s, p) { return s + self.df(p); }, 0) > 0; });
                        if (!each) { unmatched.push(part.text); return; }
                        note('no record contains \u201c' + part.text + '\u201d; searched for its parts as separate words', 'search-note-parts', { words: [part.text] });
                        parts.forEach(function (p) { p.full = u.full; units.push(p); });
                      });
                    }
                    note('no record contains \u201c' + part.text + '\u201d; showing near spellings: ' + quoted(near.words || near), 'search-note-near', { words: [part.text], near: near.words || near });
                    u.terms = near; u.phrases = []; units.push(u);
                  });
                });
              }
              // A plain word nowhere that begins words the records hold
              // (`regul` while typing): those words (units.rs begun_terms).
              // Not for a word in capitals (`DEPA`): an acronym.
              var begun = star || isAcronym(part.text) || cpLen(u.word) < m.k.pm[0] ? Promise.resolve([]) : self.prefixed(u.word).then(function (ts) {
                return Promise.all(ts.map(function (t) { return self.postings(t); })).then(function (ps) {
                  return ps.reduce(function (s, p) { return s + self.df(p); }, 0) > 0 ? ts : [];
                });
              });
              return begun.then(function (ts) {
                if (ts.length) {
                  note('no record contains \u201c' + part.text + '\u201d as a word; showing words that begin with it', 'search-note-begin', { words: [part.text] });
                  u.terms = ts; units.push(u);
                  return;
                }
                if (star) return self.nearUnit(u, unitEdits(u, m.k.ed));
                // A country that records name only through its blocs: the
                // blocs' records, a group of their own (units.rs, filters.rs
                // require_any_of).
                return self.blocGroup(part.text, note).then(function (g) {
                  if (!g) return self.nearUnit(u, unitEdits(u, m.k.ed));
                  groups.push(g);
                });
              }).then(function (near) {
                if (!near) return;
                if (!near.length) { unmatched.push(part.text); return; }
                note('no record contains \u201c' + part.text + '\u201d; showing near spellings: ' + quoted(near.words || near), 'search-note-near', { words: [part.text], near: near.words || near });
                u.terms = near; units.push(u);
              });
            });
          });
        });
        var excluded = parsed.excluded.map(function (part) { return unit(part, self.langs, self.an, undefined, typed); }).filter(Boolean);
        return chain.then(function () {
          // Words no record contains, even misspelt, are dropped while
          // others remain (questions bring such words), as engine.rs does.
          if (unmatched.length) {
            var words = unmatched.map(function (w) { return '\u201c' + w + '\u201d'; }).join(', ');
            if (!units.length) { note('no record contains ' + words, 'search-note-missing', { words: unmatched }); impossible = true; }
            else note('no record contains ' + words + '; searched without it', 'search-note-dropped', { words: unmatched });
          }
          if ((!units.length && !groups.length && !filters.length) || impossible) {
            // Words no record contains were said above.
            if (!units.length && !filters.length && !unmatched.length && !parsed.valueless.length && (req.query || '').trim()) {
              if (excluded.length || parsed.excludedFilters.length) note('nothing to search for: the query only excludes; add a word or a filter to search for', 'search-note-only-excludes');
              else note('nothing to search for: the query has no words', 'search-note-no-words');
            }
            return { hits: [], all: [], total: 0, notes: notes, said: said, units: units, without: {} };
          }
          // Words that each matched nothing as a whole yet had no near
          // spellings to say (engine.rs does the same).
          var none = function (out) {
            if (out.length || all.length || parsed.excluded.length || notes.some(function (n) { return n.indexOf('no record contains') === 0; })) return;
            var words = parsed.required.map(function (p) { return p.text; }).filter(function (w) { return unmatched.indexOf(w) < 0; });
            if (words.length) note('no record contains ' + words.map(function (w) { return '\u201c' + w + '\u201d'; }).join(', '), 'search-note-missing', { words: words });
          };
          var finish = function (out, most) {
            var without = {}, raw = out;
            groups.forEach(function (g, i) { without[g.field] = self.collapse(out.concat(out.aside[i] || [])).map(function (h) { return h.doc; }); });
            out = self.collapse(out);
            out.sort(function (a, b) {
              var x = keys && keys.get(a.doc), y = keys && keys.get(b.doc);
              // Records without a value last; then by score, then in order.
              return (x === y ? 0 : x === undefined ? 1 : y === undefined ? -1 : desc ? y - x : x - y) || b.score - a.score || a.doc - b.doc;
            });
            // Heads left the results shown open: again once the bands of
            // the records left open are exact, else with whole postings.
            if (!req.full && !settled(out, req.limit || 10, keys)) {
              return self.exactBands(units, raw, out, req.limit || 10, keys, req.rounds || 0).then(function (more) {
                return self.search(Object.assign({}, req, more ? { rounds: (req.rounds || 0) + 1 } : { full: true }));
              });
            }
            // With the most of the words, the score shown is the BM25 part (engine.rs).
            var hits = out.slice(0, req.limit || 10).map(function (h) { return most ? Object.assign({}, h, { score: h.score % m.k.cov }) : h; });
            // The value each hit is sorted by, for the page to show.
            if (keys) hits = hits.map(function (h) { return Object.assign({}, h, { value: keys.get(h.doc) }); });
            return { hits: hits, all: out.map(function (h) { return h.doc; }), total: out.length, notes: notes, said: said, units: units, without: without, sortField: si };
          };
          return self.matches(units, excluded, miss).then(function (out) {
            if (out.length) return finish(out);
            // Nothing has every word: let each word also match its near
            // spellings and try once more (engine.rs does the same).
            var expanded = false, own = units.map(function (u) { return u.terms.length; });
            return Promise.all(units.map(function (u) {
              if (!u.expandable) return null;
              return self.nearTerms(u.terms, unitEdits(u, m.k.ed)).then(function (near) {
                near.forEach(function (t) { if (u.terms.indexOf(t) < 0) { u.terms.push(t); expanded = true; } });
              });
            })).then(function () {
              return (expanded ? self.matches(units, excluded, miss) : Promise.resolve(out)).then(function (again) {
                if (again.length) { if (expanded) note('no record contains every word; showing near spellings', 'search-note-near-all'); return finish(again); }
                // Near spellings that found nothing are not carried on (engine.rs).
                units.forEach(function (u, i) { u.terms.length = own[i]; });
                // A CJK word counts its parts (bigrams) as words (plan.rs split_parts).
                var split = [];
                units.forEach(function (u) {
                  if (!u.parts.length || u.terms.length) { split.push(u); return; }
                  u.parts.forEach(function (p) {
                    if (!split.some(function (x) { return x.terms.length === 1 && x.terms[0] === p && !x.phrases.length; })) {
                      split.push({ terms: [p], phrases: [], chars: cpLen(p), parts: [], full: u.full });
                    }
                  });
                });
                if (split.length < 2) { none(again); return finish(again); }
                units = split;
                // Still none: the records with the most of the words first.
                return self.matchesMost(units, excluded, miss).then(function (most) {
                  if (most.length) note('no record contains all the words; showing those with the most of them', 'search-note-most');
                  none(most);
                  return finish(most, true);
                });
              });
            });
          });
        });
      });
    });
  };
  // Records matching every unit and filter and no exclusion, with scores;
  // `aside[i]`, those that miss only value group i (`miss`).
  NP.matches = function (units, excluded, miss) {
    var self = this, m = this.meta;
    return Promise.all(units.map(function (u) { return self.unitScores(u); })).then(function (scored) {
      return Promise.all(excluded.map(function (u) { return self.unitScores(u); })).then(function (ex) {
        var gone = self.left(ex);
        var docs;
        if (scored.length) {
          scored.sort(function (a, b) { return a.size - b.size; });
          docs = Array.from(scored[0].keys());
        } else {
          docs = [];
          for (var o = 0; o < m.n; o++) docs.push(o);
        }
        var out = [];
        out.aside = [];
        docs.forEach(function (d) {
          var s = 0, e = 0;
          for (var i = 0; i < scored.length; i++) {
            var v = scored[i].get(d);
            if (v === undefined) return;
            s = f(s + v);
            e = f(e + (scored[i].extra.get(d) || 0));
          }
          if (gone.has(d)) return;
          keep(out, miss(d), d, s, e);
        });
        return out;
      });
    });
  };
  // The documents excluded words leave out (engine.rs exclusions): those
  // holding one, and, through search-versions.js, every other version of
  // their records.
  NP.left = function (ex) {
    var s = new Set();
    ex.forEach(function (x) { x.forEach(function (_, d) { s.add(d); }); });
    return s.size && this.sameRecords ? this.sameRecords(s) : s;
  };
  function keep(out, w, d, s, e) {
    var h = { doc: d, score: s, hi: e ? f(s + e) : s };
    if (w === -1) out.push(h);
    else if (w >= 0) (out.aside[w] = out.aside[w] || []).push(h);
  }
  // Whether the first `limit` of `out` (sorted by lower bounds) are the
  // results, in their order, whatever the records left out of heads hold:
  // each of them exact, and no other able to pass the last of them (by
  // more than rounding could hide).
  function settled(out, limit, keys) { return !openOf(out, limit, keys).size; }
  // The records `settled` finds open: the results shown that are not
  // exact, and the others that could pass the last of them.
  function openOf(out, limit, keys) {
    var n = Math.min(limit, out.length), open = new Set();
    if (!n) return open;
    var last = out[n - 1], key = keys ? keys.get(last.doc) : undefined;
    var bar = last.score - Math.abs(last.score) * 1e-5 - 1e-12;
    out.forEach(function (c, i) {
      if (c.hi <= c.score) return;
      if (i >= n && ((keys && keys.get(c.doc) !== key) || c.hi < bar)) return;
      open.add(c.doc);
    });
    return open;
  }
  // The first in ascending `list` at least `d`, by bisection.
  function lowerBound(list, d) {
    var lo = 0, hi = list.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (list[mid] < d) lo = mid + 1; else hi = mid; }
    return lo;
  }
  // Loads, for each head term (tiers.rs), the heaviest of its listed bands
  // that holds a record the head ranking left open (`out`, collapsed and
  // sorted, from `raw`): those records become exact, and the last result
  // shown (a lower bound) may rise past the others. -> whether it loaded
  // any, for ranking again; false when the whole postings are needed:
  // after a few rounds, for a head in a unit of several terms (their sums
  // follow the whole postings' order), bands of more than half a head's
  // records (about half its `u` file), or a record in a head's last band
  // (unlisted) that no band loaded could close: one whose bound passes
  // what the `limit`th result can score at most, or any once no band is
  // left to load.
  NP.exactBands = function (units, raw, out, limit, keys, rounds) {
    var self = this, open = openOf(out, limit, keys);
    if (rounds >= 8 || !open.size) return Promise.resolve(false);
    var most = Infinity;
    if (!keys && out.length >= limit) {
      var his = Float64Array.from(out, function (c) { return c.hi; }).sort();
      most = his[his.length - limit];
    }
    // The documents behind the open records (versions of one, on a site
    // with several languages), those not exact.
    var docs = raw.filter(function (h) { return h.hi > h.score && open.has(out === raw ? h.doc : self.collapse([h])[0].doc); });
    var terms = [];
    units.forEach(function (u) { u.terms.forEach(function (t) { terms.push([t, u]); }); });
    return Promise.all(terms.map(function (x) { return self.postings(x[0]); })).then(function (ps) {
      var want = [];
      for (var i = 0; i < ps.length; i++) {
        var p = ps[i], u = terms[i][1], need = -1;
        if (!p || p.whole) continue;
        for (var j = 0; j < docs.length; j++) {
          var d = docs[j].doc, b;
          if (p.head.has(d) || p.members[lowerBound(p.members, d)] !== d) continue;
          if (u.terms.length > 1 || u.phrases.length) return false;
          for (b = 0; b < p.bands.length - 1 && !p.bands[b].has.has(d); b++);
          if (b < p.bands.length - 1) need = need < 0 ? b : Math.min(need, b);
          else if (docs[j].hi >= most) return false;
        }
        if (need < 0) continue;
        var listed = p.bands.reduce(function (s, band, bi) { return s + (band.loading || bi === need ? band.list.length : 0); }, 0);
        if (listed * 2 > p.members.length) return false;
        want.push(self.band(terms[i][0], p, need));
      }
      return want.length > 0 && Promise.all(want).then(function () { return true; });
    });
  };
  // Records matching at least one unit (and the filters, and no exclusion):
  // each unit found adds COVERAGE and its score (engine.rs query_most).
  NP.matchesMost = function (units, excluded, miss) {
    var self = this, COVERAGE = f(this.meta.k.cov);
    return Promise.all(units.map(function (u) { return self.unitScores(u); })).then(function (scored) {
      return Promise.all(excluded.map(function (u) { return self.unitScores(u); })).then(function (ex) {
        var gone = self.left(ex);
        var docs = new Set();
        scored.forEach(function (m) { m.forEach(function (_, d) { docs.add(d); }); });
        var out = [];
        out.aside = [];
        docs.forEach(function (d) {
          var i, s = 0, e = 0;
          if (gone.has(d)) return;
          for (i = 0; i < scored.length; i++) {
            var v = scored[i].get(d);
            if (v !== undefined) { s = f(f(s + COVERAGE) + v); e = f(e + (scored[i].extra.get(d) || 0)); }
          }
          keep(out, miss(d), d, s, e);
        });
        return out;
      });
    });
  };
  // A document (a record's version): {k key, t title, s summary, b body
  // text, l analysis language, g language tag when not l, f facets}.
  NP.doc = function (ord) {
    var m = this.meta;
    return this.file('d' + ord + '-' + this.hash('dh', Math.floor(ord / m.db))).then(function (d) {
      if (d.b !== undefined) return d;
      return inflate(d.z || '').then(function (b) { d.b = b; return d; }, function () { d.b = ''; return d; });
    });
  };
  // Bodies are deflated (browser.rs deflate); without DecompressionStream
  // (old browsers) snippets come from the summary alone.
  function inflate(s) {
    if (!s || typeof DecompressionStream === 'undefined') return Promise.resolve('');
    var r = new Bits(s), n = Math.floor(s.length * 6 / 8), bytes = new Uint8Array(n);
    for (var i = 0; i < n; i++) bytes[i] = r.fixed(8);
    return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'))).text();
  }
  // What hit `h` shows on a page in `lang`: the version that page shows of
  // its record, unless that version's title, summary and body hold none of
  // the query's words and the version that matched does (engine.rs): then
  // that one, linking to its own language's page. {d doc, parts snippet, lang}.
  NP.shown = function (h, lang, terms) {
    var self = this, v = this.version(h.doc, lang);
    function look(ord) { return self.doc(ord).then(function (d) { return { d: d, parts: snippet(d.s, d.b, terms, self.an, d.l), lang: lang }; }); }
    function marked(x) {
      return x.parts.some(function (p) { return p[1]; }) || self.an.analyze(x.d.t || '', x.d.l).some(function (t) { return terms.has(t.term); });
    }
    return look(v).then(function (x) {
      if (h.version === undefined || h.version === v || marked(x)) return x;
      // The page's version keeps its title and page; the snippet is the
      // matched version's, which says why it was found (engine.rs).
      return look(h.version).then(function (y) {
        if (!marked(y)) return x;
        x.parts = y.parts;
        x.snipLang = y.d.g || y.d.l;
        return x;
      });
    });
  };
  NP.highlightTerms = function (units) {
    var s = new Set();
    units.forEach(function (u) { u.terms.concat.apply(u.terms, u.phrases).forEach(function (t) { s.add(t); }); });
    return s;
  };

  var api = { Bits: Bits, stem: stemEn, americanize: americanize, Analysis: Analysis, parse: parse, unit: unit,
    maxEdits: maxEdits, snippet: snippet, Engine: Engine, NORMS: NORMS };
  if (typeof module === 'object' && module.exports) module.exports = api;
  G.CompendiumSearch = api;

  /* ---------- the page ---------- */
  if (typeof document === 'undefined') return;
  var box = document.getElementById('search-q');
  var app = document.getElementById('search-app');
  if (!box || !app) return;
  var root = app.getAttribute('data-root') || '../';
  var base = root + 'search/';
  var waiting = new Map();
  G.CSI = function (name, data) { var w = waiting.get(name); if (w) { waiting.delete(name); w(data); } };
  // The files with fixed names (meta.js names the others, which are named
  // by their content): asked for anew, past any cache, once a file they
  // name is not there, as after a deploy while a cache still holds the
  // last build's meta.js.
  var fresh = '';
  function loadScript(name) {
    return new Promise(function (resolve, reject) {
      waiting.set(name, resolve);
      var s = document.createElement('script'), fixedName = /^(meta|versions|facets|more)$/.test(name);
      s.src = base + (fixedName ? '' : 'i/') + name + '.js' + (fixedName && fresh ? '?v=' + fresh : '');
      s.onerror = function () {
        waiting.delete(name);
        var e = new Error('cannot load ' + s.src);
        e.gone = !fixedName;
        reject(e);
      };
      document.head.appendChild(s);
    });
  }
  var engine = new Engine(loadScript);
  // The page's language picks each hit's version and page (`LANG/search/`).
  var pageLang = document.documentElement.lang || '';
  var list = document.getElementById('search-results');
  var status = document.getElementById('search-status');
  var more = document.getElementById('search-more');
  var filters = document.getElementById('search-filters');
  var facetBox = document.getElementById('search-facets');
  var sorter = document.getElementById('search-sort');
  var limit = 10, seq = 0, last = null;
  // The order asked for (?sort=-adopted): kept in the address like the query.
  var sort = new URLSearchParams(location.search).get('sort') || '';
  // Filters handed over in the address by a listing of several pages
  // (?collection=C&status=in-force&status=adopted): the values of one field
  // are alternatives, and every field must match. They stay in the address
  // as the query changes, so the filtered search can be bookmarked.
  var fixed = [];
  new URLSearchParams(location.search).forEach(function (v, k) {
    if (k === 'q' || k === 'sort' || !v.trim()) return;
    var f = fixed.find(function (x) { return x[0] === k; });
    if (f) f[1].push(v); else fixed.push([k, [v]]);
  });

  // The interface's words in the page's language (search.html writes them;
  // a theme without them gets English).
  var T = {};
  try { T = JSON.parse(document.getElementById('search-text').textContent); } catch (e) { /* none */ }
  // The page's words for the index's labels (search.html's search-labels:
  // collection titles and singulars, field labels, facet values as the
  // record pages show them), over the index's, which are in the site's
  // default language. Own keys only: the keys are the content's.
  var pageLabels = {};
  try { pageLabels = JSON.parse(document.getElementById('search-labels').textContent) || {}; } catch (e) { /* none */ }
  function own(o, k) { return o && typeof o === 'object' && Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined; }
  // A facet value's label as the page says it, else `l` (the index's);
  // the engine's notes name blocs with it too (search-more.js).
  NP.lab = function (f, v, l) { var x = own(own(own(pageLabels, 'v'), f), v); return typeof x === 'string' ? x : l; };
  var shownCache = null;
  function shownMeta() {
    if (shownCache) return shownCache;
    var m = engine.meta, c = own(pageLabels, 'c'), f = own(pageLabels, 'f');
    var label = function (field, dflt) { var l = own(f, field); return typeof l === 'string' ? l : dflt; };
    var shown = Object.create(m);
    shown.collections = m.collections.map(function (x) {
      var t = own(c, x[0]);
      return Array.isArray(t) && typeof t[0] === 'string' && typeof t[1] === 'string' ? [x[0], t[0], t[1], x[3], x[4]] : x;
    });
    shown.facets = m.facets.map(function (x) {
      return [x[0], label(x[0], x[1]), x[2].map(function (y) {
        return [y[0], NP.lab(x[0], y[0], y[1])].concat(y.slice(2));
      })];
    });
    shown.ranges = m.ranges.map(function (x) { return [x[0], label(x[0], x[1])].concat(x.slice(2)); });
    return (shownCache = shown);
  }
  var rtlPage = document.documentElement.dir === 'rtl';
  function say(key, en, vars, n) {
    var t = T[key] || en, english = !T[key];
    // Forms from another language (an English fallback) carry its locale.
    if (typeof t === 'object') { english = english || !!t['@locale']; t = t[new Intl.PluralRules(t['@locale'] || T['@locale']).select(n)] || t.other; }
    // On a right-to-left page each value is isolated (FSI … PDI), so that a
    // query, `2010..2020` or `jurisdiction=eu` keeps its own order.
    t = t.replace(/\{(\w+)\}/g, function (m, k) { return k === 'count' ? n.toLocaleString(T['@locale']) : rtlPage ? '\u2068' + vars[k] + '\u2069' : vars[k]; });
    return english ? ltr(t) : t;
  }
  // English standing in for the page's language keeps its own order on a
  // right-to-left page (LRI … PDI): ".1 result" otherwise.
  var oneRun = false;
  function ltr(t) { return rtlPage && !oneRun ? '\u2066' + t + '\u2069' : t; }
  // A note of the engine in the page's language; in English (as the
  // engine gave it) when the theme has no text for it.
  function sayNote(n) {
    if (!T[n.key]) return ltr(n.en);
    var vars = {};
    Object.keys(n.vars).forEach(function (k) {
      var v = n.vars[k];
      vars[k] = Array.isArray(v) ? v.map(function (w) { return say('search-note-quoted', '\u201c{word}\u201d', { word: w }); }).join(', ') : v;
    });
    // A bloc as the page's language names it.
    if (n.key === 'search-note-member') vars.bloc = NP.lab(n.vars.field, n.vars.id, vars.bloc);
    return say(n.key, n.en, vars);
  }
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = text; return e; }
  function setStatus(t) { status.textContent = t; }
  // Runs the query and renders its results; `focusFrom`, when given, is the
  // index of the result to focus once they are shown (after "More results").
  function run(q, keepLimit, focusFrom) {
    if (!keepLimit) limit = 10;
    var mine = ++seq;
    var url = new URL(location.href);
    if (q) url.searchParams.set('q', q); else url.searchParams.delete('q');
    if (sort) url.searchParams.set('sort', sort); else url.searchParams.delete('sort');
    try { history.replaceState(null, '', url.search ? url.pathname + url.search : url.pathname); } catch (e) { /* file:// in some browsers */ }
    // The filter panel shows once there are results to filter.
    if (!q.trim() && !fixed.length) { list.textContent = ''; setStatus(''); more.hidden = true; facetBox.textContent = ''; filters.hidden = true; last = null; return; }
    // "Searching…" only for a search that takes a while (its first files
    // loading): announced before each quick answer, it doubled what a
    // screen reader says while typing.
    var slow = setTimeout(function () { if (mine === seq) setStatus(say('searching', 'Searching\u2026', {})); }, 400);
    engine.search({ query: q, limit: limit, any: fixed, sort: sort, lang: pageLang }).then(function (res) {
      clearTimeout(slow);
      if (mine !== seq) return;
      last = res;
      // Kept when filters left nothing: hiding the panel took the focus
      // of the control just used (a keyboard user was lost on the page).
      filters.hidden = !res.hits.length && !fixed.length && !/[^\s:]:\S/.test(q);
      var terms = engine.highlightTerms(res.units || []);
      return Promise.all(res.hits.map(function (h) { return engine.shown(h, pageLang, terms); })).then(function (shown) {
        if (mine !== seq) return;
        list.textContent = '';
        shown.forEach(function (x, i) { list.appendChild(item(x, res.hits[i], res.sortField)); });
        var n = res.total;
        var counted = function () {
          return n === 0 ? (q.trim() ? say('no-results-for', 'No results for \u201c{query}\u201d.', { query: q }) : say('no-matching-records', 'No records match these filters.', {}))
            : say('results-count', { one: '1 result.', other: '{count} results.' }, {}, n);
        };
        var msg = counted();
        // All English (a page language without strings): one run, left to
        // right, rather than sentences a right-to-left page lays out last first.
        var keys = [n === 0 ? (q.trim() ? 'no-results-for' : 'no-matching-records') : 'results-count'];
        if (res.said.length) keys = keys.concat(['search-notes'], res.said.map(function (x) { return x.key; }));
        var allEnglish = rtlPage && keys.every(function (k) { return !T[k] || (typeof T[k] === 'object' && !!T[k]['@locale']); });
        if (allEnglish) { oneRun = true; msg = counted(); }
        if (res.said.length) {
          // A sentence after the count: its first letter upper-case (after
          // the marks that isolate it).
          var said = res.said.map(sayNote).join(say('meta-separator', '; ', {}));
          var at = 0;
          while (at < said.length && /[\u2066-\u2069]/.test(said.charAt(at))) at++;
          said = said.slice(0, at) + said.charAt(at).toLocaleUpperCase(T['@locale']) + said.slice(at + 1);
          msg += ' ' + say('search-notes', '{notes}.', { notes: said });
        }
        if (allEnglish) { oneRun = false; msg = ltr(msg); }
        setStatus(msg);
        fitSort(res);
        more.hidden = res.total <= res.hits.length;
        if (focusFrom != null) {
          var links = list.querySelectorAll('a.search-title');
          var to = links[Math.min(focusFrom, links.length - 1)];
          if (to) to.focus();
        }
        if (filters.open) showFacets();
      });
    }).catch(function (e) {
      clearTimeout(slow);
      if (mine !== seq) return;
      // A file the index names is gone: the site was rebuilt since meta.js
      // was cached. Once, with meta.js and the others asked for anew (not
      // from a disk, where nothing is cached).
      if (e.gone && !fresh && location.protocol !== 'file:') {
        fresh = String(Date.now());
        engine = new Engine(loadScript);
        facetsUI = shownCache = null;
        return run(q, keepLimit, focusFrom);
      }
      setStatus(say('search-unavailable', 'Search is unavailable: {error}', { error: e.message }));
    });
  }
  // `In English`, in the page's language, as its listings say it.
  function inLanguage(tag) {
    var name = tag;
    try { name = new Intl.DisplayNames([pageLang || 'en'], { type: 'language' }).of(tag) || tag; } catch (e) { /* an unknown tag: shown as it is */ }
    return say('in-language', 'In {language}', { language: name });
  }
  // A hit's value of the range field results are sorted by, as the page
  // writes it (`Adopted: 27 July 2016`, in the theme's locale: en-GB for
  // `en`), as a listing so sorted shows it.
  function sortValue(h, ri) {
    var r = shownMeta().ranges[ri], v = h && h.value;
    if (!r || v === undefined || v === null) return '';
    var text = String(v);
    if (r[2] === 'date') {
      var at = new Date(Date.UTC(Math.floor(v / 10000), Math.floor(v / 100) % 100 - 1, v % 100));
      try { text = at.toLocaleDateString(T['@locale'] || pageLang || undefined, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }); } catch (e) { text = at.toISOString().slice(0, 10); }
    } else {
      // As record pages write it: grouped from five digits (`12 500 000`,
      // but `2019`, which may be a year).
      try { text = new Intl.NumberFormat(T['@locale'] || pageLang || undefined, { useGrouping: 'min2' }).format(v); } catch (e) { /* as it is */ }
    }
    return say('field-value', '{field}: {value}', { field: r[1], value: text });
  }
  function item(x, h, sortField) {
    var d = x.d, li = el('li', 'search-hit');
    var a = el('a', 'search-title', d.t);
    a.href = root + engine.url(d.k, x.lang);
    li.appendChild(a);
    engine.mark(li, d, pageLang, inLanguage);
    var m = shownMeta(), coll = m.collections.find(function (c) { return d.k.indexOf(c[0] + '/') === 0; });
    var facts = (d.f || []).slice(0, 4).map(function (fv) { var fc = m.facets[fv[0]]; return fc ? fc[2][fv[1]][1] : ''; });
    // Each fact once: an instrument "Regulation" in a collection whose
    // singular is "Regulation" is said once.
    var seen = new Set();
    facts = [coll ? coll[2] : ''].concat(facts).filter(function (x) { var k = x.toLocaleLowerCase(); return x && !seen.has(k) && seen.add(k); });
    if (sortField >= 0) facts.push(sortValue(h, sortField));
    facts = facts.filter(Boolean);
    var about = el('p', 'search-meta', facts.join(' \u00b7 '));
    // The labels are the page's, also in a hit marked as another language's.
    if (li.lang) { about.lang = document.documentElement.lang; about.dir = document.documentElement.dir || 'ltr'; }
    li.appendChild(about);
    var p = el('p', 'search-snippet'), into = p;
    // Another version's snippet (NP.shown): its language said, in the
    // page's words, and its text in its own language and direction.
    if (x.snipLang) {
      p.appendChild(el('span', 'search-lang lang-note', inLanguage(x.snipLang)));
      p.appendChild(document.createTextNode(' '));
      into = p.appendChild(el('span'));
      into.lang = x.snipLang;
      into.dir = 'auto';
    }
    x.parts.forEach(function (part) {
      into.appendChild(part[1] ? el('mark', null, part[0]) : document.createTextNode(part[0]));
    });
    li.appendChild(p);
    return li;
  }
  // The filter panel's code is in search/facets.js, loaded when the panel
  // is first opened (a first search does without it).
  var facetsUI = null;
  function showFacets() {
    if (!last) return;
    facetsUI = facetsUI || engine.file('facets').then(function (install) {
      return install({ engine: engine, shown: shownMeta(), box: box, run: run, el: el, say: say, parse: parse, facetBox: facetBox,
        handed: function () { return fixed; }, dropHanded: dropFixed });
    });
    facetsUI.then(function (show) { show(last); });
  }
  var timer = 0;
  // 250 ms after the last keystroke (Pagefind's UI waits 300): the status
  // line is a live region, and a search per keystroke had screen readers
  // read out a count per letter typed.
  box.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(function () { run(box.value); }, 250); });
  document.getElementById('search-form').addEventListener('submit', function (e) { e.preventDefault(); clearTimeout(timer); run(box.value); });
  more.addEventListener('click', function () {
    var shown = list.querySelectorAll('a.search-title').length;
    limit += 10;
    run(box.value, true, shown);
  });
  filters.addEventListener('toggle', function () { if (filters.open) showFacets(); });
  document.addEventListener('keydown', function (e) {
    var links = Array.prototype.slice.call(list.querySelectorAll('a.search-title'));
    var i = links.indexOf(document.activeElement);
    var a = document.activeElement;
    var typing = a && (a.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(a.tagName));
    // "/" jumps to the search box from the page itself (nothing focused:
    // not from a link, a button or a field, where a slash pressed or
    // dictated by accident would move the reader), the caret after the
    // query, so that a next key adds to it rather than replacing it.
    var idle = !a || a === document.body || a === document.documentElement;
    if (e.key === '/' && idle && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault(); box.focus(); var n = box.value.length; box.setSelectionRange(n, n);
    }
    else if (e.key === 'ArrowDown' && (document.activeElement === box || i >= 0)) {
      e.preventDefault(); if (links[i + 1]) links[i + 1].focus();
    } else if (e.key === 'ArrowUp' && i >= 0) {
      e.preventDefault(); if (i === 0) box.focus(); else links[i - 1].focus();
    } else if (e.key === 'Escape' && i >= 0) box.focus();
  });
  // Drops the handed-over values of `field` named by `names` (a value or
  // its label) from the search and the address, as the panel's pressed
  // button for it asks.
  function dropFixed(field, names) {
    names = names.map(function (n) { return n.trim().toLowerCase(); });
    fixed = fixed.map(function (g) {
      return g[0].toLowerCase() !== field ? g : [g[0], g[1].filter(function (v) { return names.indexOf(v.trim().toLowerCase()) < 0; })];
    }).filter(function (g) { return g[1].length; });
    var params = new URLSearchParams();
    fixed.forEach(function (g) { g[1].forEach(function (v) { params.append(g[0], v); }); });
    var rest = params.toString();
    try { history.replaceState(null, '', ownPath() + (rest ? '?' + rest : '')); } catch (e) { /* file:// in some browsers */ }
    showFixed();
    run(box.value);
  }
  // This page's path, never read as another host's (`//host/…`).
  function ownPath() { return location.pathname.replace(/^[\/\\]+/, '/'); }
  // The handed-over filters, named as the index names them, and a link
  // that drops them (keeping the query).
  function showFixed() {
    var p = document.getElementById('search-fixed');
    if (!p) return;
    if (!fixed.length) { p.textContent = ''; p.hidden = true; return; }
    engine.init().then(function () {
      var m = shownMeta();
      var parts = fixed.map(function (g) {
        var field = g[0].toLowerCase(), name = g[0], labels = g[1];
        if (field === 'collection') {
          name = say('collection', 'Collection', {});
          labels = g[1].map(function (v) { var c = m.collections.find(function (c) { return c[0] === v.toLowerCase(); }); return c ? c[1] : v; });
        } else {
          var fc = m.facets.find(function (x) { return x[0] === field; });
          if (fc) {
            name = fc[1];
            labels = g[1].map(function (v) { var x = fc[2].find(function (y) { return y[0] === v.trim().toLowerCase(); }); return x ? x[1] : v; });
          }
        }
        return name + ': ' + labels.join(', ');
      });
      p.textContent = say('search-filtered-by', 'Filters: {filters}', { filters: parts.join('; ') }) + ' ';
      var a = el('a', null, say('clear-filters', 'Clear filters', {}));
      a.href = ownPath() + (box.value.trim() ? '?q=' + encodeURIComponent(box.value.trim()) : '');
      a.addEventListener('click', function () {
        // The query typed since the page opened goes along.
        a.href = ownPath() + (box.value.trim() ? '?q=' + encodeURIComponent(box.value.trim()) : '');
      });
      p.appendChild(a);
      p.hidden = false;
    }, function () { /* the status line says search is unavailable */ });
  }
  // The sort control: Relevance (in the page), then the two orders of each
  // range field some record has, from the index; hidden when there is none.
  // `sortOptions`: [option, the collections with values (meta ranges[5])].
  var sortOptions = [];
  function showSort() {
    if (!sorter) return;
    engine.init().then(function () {
      shownMeta().ranges.forEach(function (r) {
        // A year (the common `year` field) is a date to a reader: newest first.
        var date = r[2] === 'date' || r[0] === 'year';
        if (r[3] === null) return;
        [['-', date ? 'newest' : 'highest'], ['', date ? 'oldest' : 'lowest']].forEach(function (o) {
          var key = 'order-' + o[1] + '-first', opt = el('option', null, say('sort-option', '{field} ({order})', { field: r[1], order: say(key, o[1] + ' first', {}) }));
          opt.value = o[0] + r[0];
          sorter.appendChild(opt);
          sortOptions.push([opt, r[5]]);
        });
      });
      sorter.value = sort;
      // An order the index has not (an old bookmark): Relevance shows, and
      // the status line says why.
      if (sorter.selectedIndex < 0) sorter.selectedIndex = 0;
      sorter.parentNode.hidden = sorter.options.length < 2;
    }, function () { /* the status line says search is unavailable */ });
    sorter.addEventListener('change', function () { sort = sorter.value; run(box.value); });
  }
  // Only the orders of fields the results' collections have (and the one
  // chosen), so that a search among regulations is not offered "SDGs".
  function fitSort(res) {
    if (!sortOptions.length) return;
    var cs = shownMeta().collections, here = new Set();
    (res.all || []).forEach(function (d) { cs.forEach(function (c, ci) { if (d >= c[3] && d < c[3] + c[4]) here.add(ci); }); });
    sortOptions.forEach(function (o) {
      var fits = !here.size || !o[1] || o[1].some(function (ci) { return here.has(ci); }) || o[0].value === sort;
      if (fits && !o[0].parentNode) sorter.appendChild(o[0]);
      else if (!fits && o[0].parentNode) sorter.removeChild(o[0]);
    });
    // Kept in the index's order.
    sortOptions.forEach(function (o) { if (o[0].parentNode) sorter.appendChild(o[0]); });
    sorter.value = sort;
    sorter.parentNode.hidden = sorter.options.length < 2;
  }
  var initial = new URLSearchParams(location.search).get('q');
  showSort();
  function start() {
    showFixed();
    if (initial) { box.value = initial; run(initial); } else if (fixed.length) run('');
  }
  // Parameters that name no field (utm_source, fbclid, a shared link's
  // own) are no filters: read as ones, they emptied the results. Labels
  // (?país=BRA) are search/more.js's, which filters load anyway.
  if (fixed.length) {
    engine.init().then(function () { return engine.more(); }).then(function () {
      fixed = fixed.map(function (g) { return [engine.isField(g[0].trim().toLowerCase()), g[1]]; }).filter(function (g) { return g[0]; });
    }).then(start, start);
  } else start();
})(typeof window !== 'undefined' ? window : globalThis);
