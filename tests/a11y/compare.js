// The compare page used by keyboard in headless Chromium from file://,
// run by tests/testsuite/compare.rs:
//
//   node compare.js CONFIG_JSON
//
// CONFIG_JSON: {"chromium": PATH, "page": the compare page's file,
// "choose": [jurisdiction ids to tick, in order], "collection": its name,
// "find": text typed to narrow the list, "finder": texts typed one after
// the other on a fresh page, each followed by Enter}.
// Ticks the boxes with the space bar and picks the collection with the
// arrow keys, reads the table and the address, then opens that address
// afresh (the URL round trip) and reads again; then opens the page with
// JavaScript off and reads what shows. Prints one JSON report; only
// fails (exit 1) when it cannot drive the browser at all.
'use strict';
const { chromium } = require('playwright-core');

const config = JSON.parse(process.argv[2] || '{}');
const TIMEOUT = 15000;

// What the page shows: the table's caption, column headers, record links,
// the boxes ticked, the collection chosen, and the address.
async function read(page) {
  await page.waitForSelector('table.compare-chosen', { timeout: TIMEOUT });
  return page.evaluate(() => {
    const table = document.querySelector('table.compare-chosen');
    const texts = (sel) => Array.from(table.querySelectorAll(sel)).map((e) => e.textContent.trim());
    return {
      caption: table.querySelector('caption').textContent,
      columns: texts('thead th[scope=col]'),
      rows: texts('tbody th[scope=row]'),
      links: Array.from(table.querySelectorAll('tbody a')).map((a) => a.getAttribute('href')),
      via: texts('.compare-via'),
      checked: Array.from(document.querySelectorAll('input[name=j]:checked')).map((b) => b.value),
      collection: document.getElementById('compare-c').value,
      search: location.search,
      matrixHidden: document.getElementById('compare-matrix').hidden,
      status: document.getElementById('compare-status').textContent,
    };
  });
}

(async () => {
  const browser = await chromium.launch({
    executablePath: config.chromium || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-dev-shm-usage'],
  });
  const report = { errors: [] };
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => report.errors.push(String(e)));
    await page.goto('file://' + config.page);
    await page.waitForSelector('#compare-form:not([hidden])', { timeout: TIMEOUT });
    report.before = await page.evaluate(() => document.getElementById('compare-status').textContent);
    // The collection by keyboard: focus the select, then arrow down to it.
    await page.focus('#compare-c');
    for (let i = 0; i < 20; i++) {
      if (await page.$eval('#compare-c', (s) => s.value) === config.collection) break;
      await page.keyboard.press('ArrowDown');
    }
    for (const id of config.choose) {
      await page.focus('input[name=j][value="' + id + '"]');
      await page.keyboard.press('Space');
    }
    report.chosen = await read(page);
    // Narrowing the list by typing: the ticked boxes stay.
    await page.focus('#compare-find');
    await page.keyboard.type(config.find || '');
    report.found = await page.$$eval('input[name=j]', (bs) => bs.filter((b) => !b.closest('li').hidden).map((b) => b.value));
    // Tab from the search goes to the first match, past the ticked boxes
    // shown only because they are ticked (a Space there untick one).
    await page.keyboard.press('Tab');
    report.tabbed = await page.evaluate(() => (document.activeElement || {}).value || '');
    // The finder on a fresh page: what each text shows, and what Enter
    // then ticks (only a single match), without leaving the page.
    if (config.finder) {
      const f = await browser.newPage();
      f.on('pageerror', (e) => report.errors.push(String(e)));
      await f.goto('file://' + config.page);
      await f.waitForSelector('#compare-form:not([hidden])', { timeout: TIMEOUT });
      await f.evaluate(() => { window.__samePage = true; });
      report.finder = [];
      for (const typed of config.finder) {
        await f.fill('#compare-find', '');
        await f.focus('#compare-find');
        await f.keyboard.type(typed);
        const shown = await f.$$eval('input[name=j]', (bs) => bs.filter((b) => !b.closest('li').hidden).map((b) => b.value));
        const said = await f.textContent('#compare-find-status');
        await f.keyboard.press('Enter');
        report.finder.push(await f.evaluate(([typed, shown, said]) => {
          const box = document.getElementById('compare-find');
          return {
            typed, shown, said,
            checked: Array.from(document.querySelectorAll('input[name=j]:checked')).map((b) => b.value),
            samePage: window.__samePage === true,
            focused: document.activeElement === box,
            selected: box.selectionStart === 0 && box.selectionEnd === box.value.length,
          };
        }, [typed, shown, said]));
      }
      report.finderUrl = f.url();
    }
    const again = await browser.newPage();
    again.on('pageerror', (e) => report.errors.push(String(e)));
    await again.goto(page.url());
    report.reopened = await read(again);
    report.url = page.url();
    // Without JavaScript: the matrix, not the form.
    const off = await browser.newContext({ javaScriptEnabled: false });
    const bare = await off.newPage();
    await bare.goto('file://' + config.page);
    report.noScript = {
      matrix: await bare.isVisible('#compare-matrix'),
      form: await bare.isVisible('#compare-form'),
      notice: await bare.isVisible('noscript .notice, .notice'),
      captions: await bare.$$eval('#compare-matrix caption', (cs) => cs.map((c) => c.textContent)),
      rows: await bare.$$eval('#compare-matrix tbody th[scope=row]', (ths) => ths.map((t) => t.textContent)),
    };
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(report));
})().catch((e) => { console.error(e && e.stack || e); process.exit(1); });
