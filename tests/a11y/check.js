// Accessibility checks of a built Compendium site in headless Chromium,
// run by tests/testsuite/a11y.rs.
//
//   node check.js axe CONFIG_JSON       axe-core on each page, from file:// and http://
//   node check.js keyboard CONFIG_JSON  the search UI and facet filters by keyboard alone
//
// CONFIG_JSON: {"chromium": PATH, "site": BUILT_SITE_DIR, "screenshots": DIR
// or null, and for axe "pages": [{name, path (file under the site), served
// (its URL path), query, search (wait for results), openFilters,
// screenshot}], for keyboard "query", "facetQuery" (a query with more than
// ten results) and "listing" (a collection with facets)}. Prints one JSON
// report on stdout; the Rust test asserts on it, so this script only fails
// (exit 1) when it cannot drive the browser at all.
//
// Chromium is Debian's /usr/bin/chromium, driven by playwright-core, which
// never downloads a browser of its own.
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');
const { chromium } = require('playwright-core');

const AXE = require.resolve('axe-core/axe.min.js');
const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage',
];
const TIMEOUT = 15000;
const DESKTOP = { width: 1280, height: 800 };
const NARROW = { width: 320, height: 640 };

const [mode, configJson] = process.argv.slice(2);
const config = JSON.parse(configJson || '{}');
const site = path.resolve(config.site);

/* ---------- a static server for the built site ---------- */

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.json': 'application/json',
  '.xml': 'application/xml', '.csv': 'text/csv; charset=utf-8', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8',
};

// Serves the site folder like a plain static host: folders answer with their
// index.html, unknown paths with 404.html and status 404.
function serve(dir) {
  const server = http.createServer((req, res) => {
    let rel;
    try { rel = decodeURIComponent(new URL(req.url, 'http://x').pathname); } catch (e) { rel = '/'; }
    let file = path.join(dir, path.normalize(rel));
    let status = 200;
    if (file !== dir && !file.startsWith(dir + path.sep)) file = '';
    if (file && fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!file || !fs.existsSync(file)) { file = path.join(dir, '404.html'); status = 404; }
    res.writeHead(status, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream' });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/* ---------- helpers run in the page ---------- */

// What has focus, and whether a keyboard user can see it.
function focusInfo() {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return { tag: 'body', visible: false };
  const cs = getComputedStyle(e);
  const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
  const shadow = cs.boxShadow && cs.boxShadow !== 'none';
  const r = e.getBoundingClientRect();
  const onScreen = r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 &&
    r.top < innerHeight && r.left < innerWidth;
  return {
    tag: e.tagName.toLowerCase(), id: e.id || '', cls: e.className || '',
    text: (e.textContent || e.value || '').trim().replace(/\s+/g, ' ').slice(0, 80),
    href: e.getAttribute('href') || '', pressed: e.getAttribute('aria-pressed'),
    checked: e.type === 'checkbox' ? e.checked : null, tabindex: e.getAttribute('tabindex'),
    focusVisible: e.matches(':focus-visible'), outline: cs.outlineStyle + ' ' + cs.outlineWidth + ' ' + cs.outlineColor,
    visible: e.matches(':focus-visible') && (outline || shadow) && onScreen,
  };
}

function describe(f) {
  // A landmark's text is the whole page: name it by its tag alone.
  const text = f.text && !/^(main|body|nav|header|footer|section|article|aside|form|div)$/.test(f.tag);
  return f.tag + (f.id ? '#' + f.id : '') + (f.cls ? '.' + String(f.cls).split(' ').join('.') : '') +
    (text ? ' "' + f.text + '"' : '');
}

/* ---------- axe ---------- */

async function settle(page, p) {
  if (p.search) {
    // Wait until the results are on the page and the live region says how many.
    await page.waitForFunction(() => {
      const s = document.getElementById('search-status');
      // In any language: the count is shown once "Searching…" is gone.
      return document.querySelectorAll('#search-results li a').length > 0 && s && s.textContent.trim() !== '' && !/\u2026$/.test(s.textContent.trim());
    }, null, { timeout: TIMEOUT });
  }
  if (p.query && /(^|&)j=/.test(p.query)) {
    // The compare page: its table, built once the jurisdictions' data loaded.
    await page.waitForSelector('table.compare-chosen', { timeout: TIMEOUT });
  }
  if (p.openFilters) {
    await page.evaluate(() => { document.getElementById('search-filters').open = true; });
    await page.waitForFunction(() => document.querySelectorAll('#search-facets button').length > 0, null, { timeout: TIMEOUT });
  }
}

// WCAG 1.4.10 (reflow): at 320 CSS pixels wide nothing may need scrolling
// sideways. The elements sticking out, for the report.
function overflow() {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const e of document.querySelectorAll('body *')) {
    const r = e.getBoundingClientRect();
    if (r.right > width + 1 && r.width > 0 && !e.closest('.skip-link, .visually-hidden, pre, table')) {
      wide.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + String(e.className).split(' ').join('.') : '') + ' (right edge ' + Math.round(r.right) + 'px)');
    }
  }
  return { scrollWidth: document.documentElement.scrollWidth, width, wide: wide.slice(0, 8) };
}

// One page at one viewport: settle it, screenshot it if asked, run axe.
async function axePage(browser, base, p, viewport) {
  const page = await browser.newPage({ viewport });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const url = base.kind === 'file'
    ? 'file://' + path.join(site, p.path) + (p.query ? '?' + p.query : '')
    : base.url + p.served + (p.query ? '?' + p.query : '');
  const out = { name: p.name, base: base.kind, width: viewport.width, url, lang: '', title: '', violations: [], passes: 0, errors };
  try {
    const resp = await page.goto(url, { waitUntil: 'load', timeout: TIMEOUT });
    out.status = resp ? resp.status() : null;
    await settle(page, p);
    out.lang = await page.evaluate(() => document.documentElement.getAttribute('lang') || '');
    out.title = await page.title();
    out.results = await page.evaluate(() => document.querySelectorAll('#search-results li').length);
    if (viewport.width <= 320) out.reflow = await page.evaluate(overflow);
    if (config.screenshots && base.kind === 'file' && viewport.width > 320 && p.screenshot) {
      await page.screenshot({ path: path.join(config.screenshots, 'a11y-' + p.screenshot + '.png'), fullPage: true });
    }
    await page.addScriptTag({ path: AXE });
    const res = await page.evaluate(async () => {
      // Every rule axe ships (WCAG 2.0–2.2 A/AA and best practices).
      const r = await window.axe.run(document, { resultTypes: ['violations'] });
      return {
        passes: r.passes.length,
        violations: r.violations.map((v) => ({
          id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
          nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary || '' })),
        })),
      };
    });
    out.passes = res.passes;
    out.violations = res.violations;
  } catch (e) {
    out.error = String(e && e.stack || e);
  }
  await page.close();
  return out;
}

/* ---------- keyboard ---------- */

// One keyboard journey: `steps` logs every key and where focus went; a
// failed expectation throws with that log.
class Journey {
  constructor(page, name, base) { this.page = page; this.name = name; this.base = base; this.steps = []; this.unseen = []; }
  fail(msg) { throw new Error(msg + '\n  keys so far:\n    ' + this.steps.join('\n    ')); }
  async focus() { return this.page.evaluate(focusInfo); }
  async press(key) {
    await this.page.keyboard.press(key);
    const f = await this.focus();
    this.steps.push(key + ' -> ' + describe(f) + (f.tag !== 'body' && f.tabindex !== '-1' && !f.visible ? '  [focus NOT visible: outline ' + f.outline + ']' : ''));
    // Elements reached by Tab must show where focus is.
    if (f.tag !== 'body' && f.tabindex !== '-1' && !f.visible) this.unseen.push(describe(f) + ' (outline ' + f.outline + ')');
    return f;
  }
  async type(text) { await this.page.keyboard.type(text, { delay: 20 }); this.steps.push('type ' + JSON.stringify(text)); }
  // Presses `key` until `pred(focus)` holds, at most `max` times.
  async until(key, pred, max, what) {
    for (let i = 0; i < max; i++) {
      const f = await this.press(key);
      if (pred(f)) return f;
    }
    return this.fail(what + ' not reached with ' + max + ' presses of ' + key);
  }
  async waitResults(what) {
    try {
      // Results of the query now in the box, not of a prefix typed on the
      // way (search runs as you type): the page puts the query in the URL
      // when it starts a search and drops the answers of superseded ones.
      await this.page.waitForFunction(() => {
        const s = document.getElementById('search-status');
        const box = document.getElementById('search-q');
        const q = new URLSearchParams(location.search).get('q') || '';
        return document.querySelectorAll('#search-results a.search-title').length > 0 && s && box &&
          q === box.value && /\bresults?\b/.test(s.textContent) && !/Searching/.test(s.textContent);
      }, null, { timeout: TIMEOUT });
    } catch (e) { this.fail('no results appeared ' + what); }
    const live = await this.page.evaluate(() => {
      const s = document.getElementById('search-status');
      const region = s.closest('[aria-live], [role=status], [role=alert], [role=log]');
      return { text: s.textContent, live: region ? (region.getAttribute('aria-live') || region.getAttribute('role')) : null };
    });
    if (!live.live) this.fail('the result count "' + live.text + '" is not in a live region');
    this.steps.push('announced (' + live.live + '): ' + live.text);
    return live;
  }
  async toRecord(link) {
    const before = this.page.url();
    // Not this.press: Enter navigates, and asking for focus would race the new page.
    await Promise.all([this.page.waitForURL((u) => String(u) !== before, { timeout: TIMEOUT }), this.page.keyboard.press('Enter')]);
    this.steps.push('Enter -> ' + this.page.url());
    await this.page.waitForLoadState('load');
    const url = this.page.url();
    const h1 = await this.page.evaluate(() => (document.querySelector('h1') || {}).textContent || '');
    const want = new URL(link.href, before).href;
    if (url !== want) this.fail('Enter on "' + link.text + '" went to ' + url + ', not ' + want);
    if (h1.trim() !== link.text) this.fail('the record page\'s h1 is "' + h1.trim() + '", not "' + link.text + '"');
    this.steps.push('landed on ' + url + ' (h1 "' + h1.trim() + '")');
    return { url, h1: h1.trim() };
  }
}

const isSkip = (f) => f.tag === 'a' && /skip-link/.test(f.cls);
const isResult = (f) => f.tag === 'a' && /search-title/.test(f.cls);

async function skipToMain(j) {
  const f = await j.press('Tab');
  if (!isSkip(f)) j.fail('the first Tab does not reach the skip link');
  if (!f.visible) j.fail('the skip link is not visible when focused');
  const m = await j.press('Enter');
  if (m.tag !== 'main') j.fail('the skip link does not move focus to <main>');
}

// From the search page: skip link, the search box, typing, the arrow keys
// and Escape, then Tab alone to the first result, Enter to its record.
async function searchPage(j, url, query) {
  await j.page.goto(url('search/index.html'), { waitUntil: 'load' });
  await skipToMain(j);
  await j.until('Tab', (f) => f.id === 'search-q', 3, 'the search box');
  await j.type(query);
  const announced = await j.waitResults('while typing');
  const first = await j.press('ArrowDown');
  if (!isResult(first)) j.fail('ArrowDown from the search box does not reach the first result');
  const firstLink = await j.page.evaluate(() => document.querySelector('#search-results a.search-title').getAttribute('href'));
  if (first.href !== firstLink) j.fail('ArrowDown reached ' + first.href + ', not the first result ' + firstLink);
  const second = await j.press('ArrowDown');
  if (!isResult(second) || second.href === first.href) j.fail('ArrowDown does not move to the second result');
  await j.press('ArrowUp');
  const back = await j.press('Escape');
  if (back.id !== 'search-q') j.fail('Escape on a result does not return to the search box');
  // Tab alone, as someone who does not know about the arrow keys.
  const link = await j.until('Tab', isResult, 6, 'the first result by Tab');
  if (link.href !== firstLink) j.fail('Tab reached ' + link.href + ' before the first result ' + firstLink);
  const landed = await j.toRecord(link);
  return { announced: announced.text, first: link.text, landed };
}

// From the home page: Tab to its search box, type, Enter to the search
// page, then by the skip link and Tab to the first result and its record.
async function homePage(j, url, query) {
  await j.page.goto(url('index.html'), { waitUntil: 'load' });
  const box = await j.until('Tab', (f) => f.tag === 'input' && f.id === 'home-search-q', 20, 'the home page search box');
  await j.type(query);
  const before = j.page.url();
  await Promise.all([j.page.waitForURL((u) => String(u) !== before, { timeout: TIMEOUT }), j.page.keyboard.press('Enter')]);
  j.steps.push('Enter -> ' + j.page.url());
  if (!/search\/(index\.html)?\?q=/.test(j.page.url())) j.fail('Enter in the home search box went to ' + j.page.url());
  const announced = await j.waitResults('on the search page');
  await skipToMain(j);
  const link = await j.until('Tab', isResult, 6, 'the first result');
  const landed = await j.toRecord(link);
  return { box: box.id, announced: announced.text, first: link.text, landed };
}

// Facet filters on the search page: open the panel, press a value, see the
// state and the results change, press it again to undo.
async function searchFacets(j, url, query) {
  await j.page.goto(url('search/index.html') + '?q=' + encodeURIComponent(query), { waitUntil: 'load' });
  const before = await j.waitResults('for ?q=');
  await skipToMain(j);
  const summary = await j.until('Tab', (f) => f.tag === 'summary', 4, 'the "Filter results" control');
  const closed = await j.page.evaluate(() => document.getElementById('search-filters').open);
  if (closed) j.fail('the filter panel is open before it is asked for');
  await j.press('Enter');
  try {
    await j.page.waitForFunction(() => document.querySelectorAll('#search-facets button').length > 0, null, { timeout: TIMEOUT });
  } catch (e) { j.fail('Enter on "' + summary.text + '" shows no filter buttons'); }
  const btn = await j.press('Tab');
  if (btn.tag !== 'button' || !/search-facet-value/.test(btn.cls)) j.fail('Tab after opening the panel does not reach a filter button');
  if (btn.pressed !== 'false') j.fail('filter button "' + btn.text + '" has aria-pressed=' + btn.pressed + ', not "false"');
  const label = btn.text.replace(/\s*\(\d+\)$/, '');
  await j.press('Enter');
  const on = await waitFacet(j, label, 'true');
  const filtered = await j.page.evaluate(() => ({ q: document.getElementById('search-q').value, status: document.getElementById('search-status').textContent }));
  if (filtered.q === query) j.fail('pressing "' + label + '" left the query as it was');
  j.steps.push('query now ' + JSON.stringify(filtered.q) + '; announced: ' + filtered.status);
  if (!on.visible) j.fail('the pressed filter button does not show focus');
  await j.press('Space');
  await waitFacet(j, label, 'false');
  const undone = await j.page.evaluate(() => ({ q: document.getElementById('search-q').value, status: document.getElementById('search-status').textContent }));
  if (undone.q.trim() !== query) j.fail('pressing "' + label + '" again left the query ' + JSON.stringify(undone.q));
  if (undone.status !== before.text) j.fail('after undoing the filter the status is "' + undone.status + '", not "' + before.text + '"');
  j.steps.push('query back to ' + JSON.stringify(undone.q) + '; announced: ' + undone.status);
  return { filter: label, filtered: filtered.q, status: filtered.status, undone: undone.status };
}

// The "/" shortcut (WCAG 2.1.4): from the page itself, nothing focused,
// it jumps to the search box with the caret after the query, so the next
// key adds to it; on a result (a control) it does nothing; typed into
// another field (the header's search box, reached by Shift+Tab) it is text.
async function slashKey(j, url, query) {
  await j.page.goto(url('search/index.html') + '?q=' + encodeURIComponent(query), { waitUntil: 'load' });
  await j.waitResults('for ?q=');
  await j.page.evaluate(() => document.activeElement && document.activeElement.blur());
  const box = await j.press('/');
  if (box.id !== 'search-q') j.fail('"/" with nothing focused does not jump to the search box');
  await j.type('x');
  const added = await j.page.evaluate(() => document.getElementById('search-q').value);
  if (added !== query + 'x') j.fail('a key after "/" left the query ' + JSON.stringify(added) + ', not ' + JSON.stringify(query + 'x'));
  await j.page.goto(url('search/index.html') + '?q=' + encodeURIComponent(query), { waitUntil: 'load' });
  await j.waitResults('for ?q=');
  await skipToMain(j);
  await j.until('Tab', isResult, 6, 'the first result');
  const stay = await j.press('/');
  if (!isResult(stay)) j.fail('"/" on a result moved focus to ' + describe(stay));
  await j.until('Shift+Tab', (f) => f.id === 'site-search-q', 8, 'the header search box');
  await j.type('a/b');
  const f = await j.focus();
  const value = await j.page.evaluate(() => document.getElementById('site-search-q').value);
  if (f.id !== 'site-search-q' || value !== 'a/b') j.fail('typing "a/b" in the header search box left it "' + value + '" with focus on ' + describe(f));
  j.steps.push('header search box holds ' + JSON.stringify(value));
  return { value };
}

// "More results" by keyboard: focus moves to the first of the new results
// rather than staying on a button that may disappear.
async function moreResults(j, url, query) {
  await j.page.goto(url('search/index.html') + '?q=' + encodeURIComponent(query), { waitUntil: 'load' });
  const before = await j.waitResults('for ?q=');
  const shown = await j.page.evaluate(() => document.querySelectorAll('#search-results a.search-title').length);
  if (!/^\d+ results/.test(before.text) || parseInt(before.text, 10) <= shown) j.fail('"' + query + '" needs more than ' + shown + ' results for this test; it has ' + before.text);
  await skipToMain(j);
  await j.until('Tab', (f) => f.id === 'search-more', shown + 6, 'the "More results" button');
  await j.page.keyboard.press('Enter');
  try {
    await j.page.waitForFunction((n) => {
      const links = document.querySelectorAll('#search-results a.search-title');
      return links.length > n && document.activeElement === links[n];
    }, shown, { timeout: TIMEOUT });
  } catch (e) {
    const f = await j.focus();
    j.fail('after "More results", focus is on ' + describe(f) + ', not on result ' + (shown + 1));
  }
  const f = await j.focus();
  j.steps.push('Enter -> ' + describe(f) + ' (result ' + (shown + 1) + ')');
  if (!f.visible) j.fail('the focused new result does not show focus');
  return { shown, focused: f.text };
}

// Waits until focus is on the filter button `label` with aria-pressed=`state`
// and the results are rendered again.
async function waitFacet(j, label, state) {
  try {
    await j.page.waitForFunction(([label, state]) => {
      const e = document.activeElement;
      const s = document.getElementById('search-status');
      return e && e.tagName === 'BUTTON' && e.textContent.replace(/\s*\(\d+\)$/, '') === label &&
        e.getAttribute('aria-pressed') === state && !/Searching/.test(s.textContent);
    }, [label, state], { timeout: TIMEOUT });
  } catch (e) {
    const f = await j.focus();
    j.fail('after pressing "' + label + '", focus is on ' + describe(f) + ' with aria-pressed=' + f.pressed + ' (wanted the same button, aria-pressed=' + state + ')');
  }
  const f = await j.focus();
  j.steps.push('focus stays on ' + describe(f) + ', aria-pressed=' + f.pressed);
  return f;
}

// Facet checkboxes on a collection listing.
async function listingFacets(j, url, listing) {
  await j.page.goto(url(listing + '/index.html'), { waitUntil: 'load' });
  await skipToMain(j);
  const box = await j.until('Tab', (f) => f.tag === 'input' && f.checked === false, 8, 'the first facet checkbox');
  const total = await j.page.evaluate(() => document.querySelectorAll('#records > li').length);
  const on = await j.press('Space');
  if (on.checked !== true || on.id !== box.id) j.fail('Space does not check ' + describe(box));
  const after = await j.page.evaluate(() => ({
    status: document.getElementById('filter-status').textContent,
    shown: document.querySelectorAll('#records > li:not([hidden])').length,
  }));
  if (after.status !== after.shown + ' of ' + total + ' records match') j.fail('the status says "' + after.status + '" with ' + after.shown + ' of ' + total + ' records shown');
  j.steps.push('announced: ' + after.status);
  const off = await j.press('Space');
  if (off.checked !== false) j.fail('Space again does not uncheck ' + describe(box));
  const shown = await j.page.evaluate(() => document.querySelectorAll('#records > li:not([hidden])').length);
  if (shown !== total) j.fail('unchecking leaves ' + shown + ' of ' + total + ' records shown');
  return { checkbox: box.id, status: after.status };
}

async function journeys(browser, base) {
  // A page of the site by its file; served, by its folder when it is an index.html.
  const url = (rel) => base.kind === 'file' ? 'file://' + path.join(site, rel) : base.url + rel.replace(/(^|\/)index\.html$/, '$1');
  const runs = [];
  const all = [
    ['search page', (j) => searchPage(j, url, config.query)],
    ['home page', (j) => homePage(j, url, config.query)],
    ['search facets', (j) => searchFacets(j, url, config.facetQuery || config.query)],
    ['more results', (j) => moreResults(j, url, config.facetQuery || config.query)],
    ['slash key', (j) => slashKey(j, url, config.query)],
    ['listing facets', (j) => listingFacets(j, url, config.listing)],
  ];
  for (const [name, run] of all) {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const j = new Journey(page, name, base.kind);
    const out = { name, base: base.kind, ok: false, steps: j.steps, unseen: j.unseen, errors };
    try {
      out.result = await run(j);
      out.ok = true;
    } catch (e) {
      out.error = String(e && (process.env.A11Y_DEBUG ? e.stack : e.message) || e);
    }
    runs.push(out);
    await page.close();
  }
  return runs;
}

/* ---------- main ---------- */

(async () => {
  const browser = await chromium.launch({ executablePath: config.chromium || '/usr/bin/chromium', headless: true, args: ARGS });
  const server = await serve(site);
  const bases = [{ kind: 'file' }, { kind: 'http', url: 'http://127.0.0.1:' + server.address().port + '/' }];
  const report = { mode, pages: [], journeys: [] };
  try {
    for (const base of bases) {
      if (mode === 'axe') {
        for (const p of config.pages) report.pages.push(await axePage(browser, base, p, DESKTOP));
        // The narrow layout, once (it does not depend on how the page is served).
        if (base.kind === 'file') for (const p of config.pages) report.pages.push(await axePage(browser, base, p, NARROW));
      } else if (mode === 'keyboard') {
        report.journeys.push(...await journeys(browser, base));
      } else {
        throw new Error('unknown mode ' + mode + ' (axe or keyboard)');
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  process.stdout.write(JSON.stringify(report));
})().catch((e) => { console.error(e && e.stack || e); process.exit(1); });
