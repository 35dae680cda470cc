// The search page's filters and sort used by keyboard in headless Chromium
// from file://, run by tests/testsuite/browser.rs:
//
//   node filters.js CONFIG_JSON
//
// CONFIG_JSON: {"chromium": PATH, "page": the search page's file, "query":
// a query with results, "facet": a facet field to press two values of,
// "range": {"field", "label" (its legend), "from", "to", "typed" (how
// "from" is typed, if not as itself)}, "sort": a sort
// option's value, "shot": a PNG to save of the page with the panel open and
// the sort chosen, or null}. Presses two values of the facet, fills the
// range's "from" and "to" and applies them, chooses the sort with the arrow
// keys, then opens the page's address afresh (the URL round trip); with
// "handed" (and without "query" to do that alone), the filters a listing
// hands over in the address (see `handed`); with "more", a facet's "+N
// more" (see `more`). Prints
// one JSON report; only fails (exit 1) when it cannot drive the browser.
'use strict';
const { chromium } = require('playwright-core');

const config = JSON.parse(process.argv[2] || '{}');
const TIMEOUT = 15000;

// Waits until the search started by the last action has shown its results:
// `run` puts the query in the address and says "Searching…" at once, and
// replaces that with the count when the results are in.
async function settled(page) {
  await page.waitForFunction(() => {
    const s = document.getElementById('search-status').textContent.trim();
    const q = new URLSearchParams(location.search).get('q') || '';
    return s !== '' && !/\u2026$/.test(s) && q === document.getElementById('search-q').value;
  }, null, { timeout: TIMEOUT });
}

// Waits until the filter panel was drawn again (its element `id` replaced).
async function redrawn(page, id) {
  await page.waitForFunction((id) => {
    const e = document.getElementById(id);
    return e && !e.__old;
  }, id, { timeout: TIMEOUT });
}
async function markOld(page) {
  await page.evaluate(() => document.querySelectorAll('#search-facets *').forEach((e) => { e.__old = true; }));
}

// What the page shows: the box, the status, the results' links, the
// address's query string, the sort chosen, the focused control, and the
// buttons of the facet field.
function read(page, field) {
  return page.evaluate((field) => ({
    box: document.getElementById('search-q').value,
    status: document.getElementById('search-status').textContent,
    links: Array.from(document.querySelectorAll('#search-results a.search-title')).map((a) => a.getAttribute('href')),
    search: location.search,
    sort: document.getElementById('search-sort').value,
    focus: document.activeElement ? (document.activeElement.id || document.activeElement.getAttribute('data-value') || document.activeElement.tagName) : null,
    buttons: Array.from(document.querySelectorAll('#search-facets button[data-field="' + field + '"]')).map((b) => ({
      value: b.getAttribute('data-value'), text: b.textContent, pressed: b.getAttribute('aria-pressed'),
    })),
  }), field);
}

async function press(page, field, value, key) {
  await markOld(page);
  await page.focus('#search-facets button[data-field="' + field + '"][data-value="' + value + '"]');
  await page.keyboard.press(key);
  await settled(page);
  await page.waitForFunction(([field, value]) => {
    const b = document.querySelector('#search-facets button[data-field="' + field + '"][data-value="' + value + '"]');
    return b && !b.__old && b.getAttribute('aria-pressed') === 'true';
  }, [field, value], { timeout: TIMEOUT });
}

// Filters handed over by a listing in the address (config.handed: {"search":
// "collection=regulations&status=in-force", "field", "value"}): the panel
// shows the value pressed; pressing it drops it from the address and the
// search, and it shows unpressed.
async function handed(browser, report) {
  const h = config.handed;
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => report.errors.push(String(e)));
  await page.goto('file://' + config.page + '?' + h.search);
  await settled(page);
  await page.focus('#search-filters > summary');
  await page.keyboard.press('Enter');
  const button = '#search-facets button[data-field="' + h.field + '"][data-value="' + h.value + '"]';
  await page.waitForSelector(button, { timeout: TIMEOUT });
  report.handedBefore = await read(page, h.field);
  await markOld(page);
  await page.focus(button);
  await page.keyboard.press('Enter');
  await page.waitForFunction(([b]) => {
    const e = document.querySelector(b);
    return e && !e.__old && e.getAttribute('aria-pressed') === 'false';
  }, [button], { timeout: TIMEOUT });
  await settled(page);
  report.handedAfter = await read(page, h.field);
  report.handedNote = await page.$eval('#search-fixed', (p) => (p.hidden ? '' : p.textContent));
  await page.close();
}

// A facet of more values than the panel lists (config.more: {"search":
// the address's query, "field"}): its "+N more" button, pressed by
// keyboard, lists the rest and focuses the first of them.
async function more(browser, report) {
  const m = config.more;
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => report.errors.push(String(e)));
  await page.goto('file://' + config.page + '?' + m.search);
  await settled(page);
  await page.focus('#search-filters > summary');
  await page.keyboard.press('Enter');
  const button = '#search-facets button.search-facet-more[data-field="' + m.field + '"]';
  await page.waitForSelector(button, { timeout: TIMEOUT });
  report.moreBefore = await read(page, m.field);
  await markOld(page);
  await page.focus(button);
  await page.keyboard.press('Enter');
  await page.waitForFunction((f) => {
    const b = document.querySelector('#search-facets button[data-field="' + f + '"]');
    return b && !b.__old;
  }, m.field, { timeout: TIMEOUT });
  report.moreAfter = await read(page, m.field);
  await page.close();
}

// A range that leaves no record (config.nothing: {"search": the address's
// query, "from": a "from" value above every record's}), typed and applied
// with Enter: the panel stays and the focus stays on the field, so a
// keyboard user can change it (hiding the panel dropped the focus to the
// page).
async function nothing(browser, report) {
  const n = config.nothing;
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => report.errors.push(String(e)));
  await page.goto('file://' + config.page + '?' + n.search);
  await settled(page);
  await page.focus('#search-filters > summary');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.search-range input', { timeout: TIMEOUT });
  await page.focus('.search-range input');
  await page.keyboard.type(n.from);
  await page.keyboard.press('Enter');
  await settled(page);
  report.nothing = await page.evaluate(() => ({
    status: document.getElementById('search-status').textContent,
    hidden: document.getElementById('search-filters').hidden,
    focused: document.activeElement ? document.activeElement.id : '',
    field: (document.querySelector('.search-range input') || {}).id || '',
  }));
  await page.close();
}

(async () => {
  const browser = await chromium.launch({
    executablePath: config.chromium || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-dev-shm-usage'],
  });
  const report = { errors: [] };
  try {
    if (config.handed) await handed(browser, report);
    if (config.more) await more(browser, report);
    if (config.nothing) await nothing(browser, report);
    journey: {
    if (!config.query) break journey;
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => report.errors.push(String(e)));
    await page.goto('file://' + config.page + '?q=' + encodeURIComponent(config.query));
    await settled(page);
    report.options = await page.$$eval('#search-sort option', (os) => os.map((o) => [o.value, o.textContent]));
    report.sortShown = await page.isVisible('#search-sort');
    // The panel, by keyboard.
    await page.focus('#search-filters > summary');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#search-facets button[data-field="' + config.facet + '"]', { timeout: TIMEOUT });
    report.before = await read(page, config.facet);
    const [a, b] = report.before.buttons.map((x) => x.value);
    report.values = [a, b];
    await press(page, config.facet, a, 'Enter');
    report.one = await read(page, config.facet);
    await press(page, config.facet, b, 'Space');
    report.two = await read(page, config.facet);
    // The range: type both ends, Enter; then empty "to", Enter.
    const r = config.range;
    const legend = await page.$$eval('#search-facets legend', (ls, label) => {
      const l = ls.find((x) => x.textContent === label);
      return l ? l.parentNode.querySelector('input').id.replace(/-from$/, '') : null;
    }, r.label);
    report.rangeFound = legend !== null;
    if (legend) {
      await markOld(page);
      await page.focus('#' + legend + '-from');
      // As typed: possibly in Arabic-Indic digits, which the token writes in ASCII.
      await page.keyboard.type(r.typed || r.from);
      await page.keyboard.press('Tab');
      await page.keyboard.type(r.to);
      await page.keyboard.press('Enter');
      await settled(page);
      await redrawn(page, legend + '-to');
      report.range = await read(page, config.facet);
      await markOld(page);
      await page.focus('#' + legend + '-to');
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Enter');
      await settled(page);
      await redrawn(page, legend + '-to');
      report.from = await read(page, config.facet);
      report.fromValues = await page.$$eval('#' + legend + '-from, #' + legend + '-to', (is) => is.map((i) => i.value));
    }
    // The sort, by the arrow keys.
    await page.focus('#search-sort');
    for (let i = 0; i < 20 && await page.$eval('#search-sort', (s) => s.value) !== config.sort; i++) {
      await page.keyboard.press('ArrowDown');
    }
    await page.waitForFunction((s) => new URLSearchParams(location.search).get('sort') === s, config.sort, { timeout: TIMEOUT });
    await settled(page);
    report.sorted = await read(page, config.facet);
    // The address, opened afresh.
    const again = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    again.on('pageerror', (e) => report.errors.push(String(e)));
    await again.goto(page.url());
    await settled(again);
    await again.waitForFunction((s) => document.getElementById('search-sort').value === s, config.sort, { timeout: TIMEOUT }).catch(() => {});
    report.reopened = await read(again, config.facet);
    if (config.shot) {
      await again.evaluate(() => { document.getElementById('search-filters').open = true; });
      await again.waitForSelector('#search-facets .search-range', { timeout: TIMEOUT });
      await again.screenshot({ path: config.shot, fullPage: true });
    }
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(report));
})().catch((e) => { console.error(e && e.stack || e); process.exit(1); });
