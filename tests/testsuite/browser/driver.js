// Runs themes/default/assets/search.js under node against a built site, so
// that tests can compare the browser's analysis and ranking with the Rust
// ones. Usage: node driver.js SEARCH_JS SITE_DIR (analyze|analyze-langs|search|range|bytes) < input
'use strict';
const fs = require('fs');
const path = require('path');
const vm = require('vm');

const [searchJs, siteDir, mode] = process.argv.slice(2);
const S = require(path.resolve(searchJs));
const dir = path.join(siteDir, 'search');
let loaded = 0;
const seen = [];

function load(name) {
  const file = /^(meta|versions|facets|more)$/.test(name) ? path.join(dir, name + '.js') : path.join(dir, 'i', name + '.js');
  const code = fs.readFileSync(file, 'utf8');
  loaded += Buffer.byteLength(code);
  seen.push(path.relative(siteDir, file));
  let got;
  vm.runInNewContext(code, { CSI: (n, data) => { got = data; } });
  return Promise.resolve(got);
}

const input = fs.readFileSync(0, 'utf8');
const engine = new S.Engine(load);

(async () => {
  await engine.init();
  if (mode === 'analyze') {
    const out = input.split('\n').filter((l) => l.length).map((l) => engine.an.analyze(l, 'en').map((t) => t.term));
    process.stdout.write(JSON.stringify(out));
  } else if (mode === 'analyze-langs') {
    // Lines `LANG<TAB>TEXT`: [term, position] pairs, after loading the
    // stems table's chunks for the text as a query would.
    const out = [];
    for (const line of input.split('\n').filter((l) => l.length)) {
      const [lang, text] = [line.slice(0, line.indexOf('\t')), line.slice(line.indexOf('\t') + 1)];
      if (engine.loadForms) await engine.loadForms({ required: [{ text }], excluded: [] });
      out.push(engine.an.analyze(text, lang).map((t) => [t.term, t.pos]));
    }
    process.stdout.write(JSON.stringify(out));
  } else if (mode === 'search') {
    // The filter panel's value counts (search/facets.js), as the page shows them.
    // Each request on a fresh engine, as a first search on a page is (so
    // that heads of common terms are tried before whole postings).
    const out = [];
    for (const req of JSON.parse(input)) {
      const from = seen.length;
      const engine = new S.Engine(load);
      await engine.init();
      const panel = await (await load('facets'))({ engine, parse: S.parse, say: (k, en) => en });
      const res = await engine.search(req);
      const facets = (await panel.counts(res)).slice(1).map(([field, , values]) => [field, values.filter((v) => v[2] > 0).map((v) => [v[1], v[2]])]);
      const hits = [];
      const terms = engine.highlightTerms(res.units || []);
      for (const h of res.hits) {
        // The version a page in `req.lang` shows (the site's default without
        // one), or the one that matched when only it holds the words.
        const x = await engine.shown(h, req.lang, terms);
        const d = x.d;
        // Its snippet as the page shows it, the marked words in <mark>.
        const snippet = x.parts.map((p) => (p[1] ? '<mark>' + p[0] + '</mark>' : p[0])).join('');
        hits.push({ key: d.k, score: h.score, title: d.t, lang: d.g || d.l, url: engine.url(d.k, x.lang || (engine.meta.sl || [])[0]), snippet, snippet_lang: x.snipLang || null });
      }
      // Whether it loaded whole postings of a term with a head (a `u` file).
      const whole = seen.slice(from).some((f) => /[\\/]u[0-9a-z]+\.js$/.test(f));
      // Whether it loaded the postings of a head's band (a `bN-` file).
      const bands = seen.slice(from).some((f) => /[\\/]b[0-9]+-[0-9a-z]+\.js$/.test(f));
      out.push({ hits, total: res.total, notes: res.notes, said: res.said, facets, whole, bands });
    }
    process.stdout.write(JSON.stringify(out));
  } else if (mode === 'range') {
    // Lines `KIND<TAB>VALUE`: the bounds search.js reads, or null.
    await engine.more();
    const out = input.split('\n').filter((l) => l.length).map((l) => engine.readRange(l.slice(l.indexOf('\t') + 1), l.slice(0, l.indexOf('\t'))));
    process.stdout.write(JSON.stringify(out));
  } else if (mode === 'bytes') {
    // A first visit: the files one query loads, with the docs of its hits.
    const req = JSON.parse(input);
    const before = loaded;
    const res = await engine.search(req);
    for (const h of res.hits) await engine.doc(h.doc);
    process.stdout.write(JSON.stringify({ bytes: loaded, files: seen, index_only: loaded - before, total: res.total }));
  }
})().catch((e) => { console.error(e); process.exit(1); });
