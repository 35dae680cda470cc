// The site header in headless Chromium from file://, run by
// tests/testsuite/header.rs:
//
//   node header.js CONFIG_JSON
//
// CONFIG_JSON: {"chromium": PATH, "site": the built site folder, "other":
// a language code, "listing": a collection, "facet": [field, value],
// "compare": [ids], "tick": an id, "layout": [pages to measure]}.
//
// The language switcher: on the search page after a second search, on a
// listing after ticking a filter and on the compare page after ticking one
// more jurisdiction, follows the link to `other` and reads what the page
// there shows (its address, the search box, the ticked boxes); and reads
// the link's href with JavaScript off. The collections' nav: on each page
// of `layout` at 360 and 1280 CSS pixels, where each link is and whether
// it is the element seen at its middle. Prints one JSON report; only fails
// (exit 1) when it cannot drive the browser at all.
'use strict';
const { chromium } = require('playwright-core');

const config = JSON.parse(process.argv[2] || '{}');
const TIMEOUT = 15000;
const site = 'file://' + config.site.replace(/\/$/, '') + '/';
const other = 'nav.language-switcher a[hreflang="' + config.other + '"]';

// Waits until the search page shows the results of what its box holds.
async function settled(page) {
  await page.waitForFunction(() => {
    const s = document.getElementById('search-status').textContent.trim();
    const q = new URLSearchParams(location.search).get('q') || '';
    return s !== '' && !/\u2026$/.test(s) && q === document.getElementById('search-q').value;
  }, null, { timeout: TIMEOUT });
}

// Clicks the switcher's link to `other` and waits for that page.
async function switchLanguage(page) {
  const before = page.url();
  await Promise.all([
    page.waitForURL((u) => u.href !== before, { timeout: TIMEOUT }),
    page.click(other),
  ]);
  await page.waitForLoadState('load');
}

function rel(url) {
  return url.startsWith(site) ? url.slice(site.length) : url;
}

async function nav(page) {
  return page.evaluate(() => {
    const ul = document.querySelector('.site-nav ul');
    const links = Array.from(document.querySelectorAll('.site-nav a')).map((a) => {
      const r = a.getClientRects()[0] || a.getBoundingClientRect();
      const seen = document.elementFromPoint(r.left + Math.min(r.width, 8) / 2 + 1, r.top + r.height / 2);
      return {
        text: a.textContent,
        left: Math.round(r.left), right: Math.round(r.right), top: Math.round(r.top),
        seen: !!seen && (seen === a || a.contains(seen)),
      };
    });
    return {
      width: window.innerWidth,
      overflow: ul.scrollWidth - ul.clientWidth,
      pageOverflow: document.documentElement.scrollWidth - window.innerWidth,
      links,
      headerHeight: Math.round(document.querySelector('.site-header').getBoundingClientRect().height),
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

    // Search: a first search from the address, a second typed.
    await page.goto(site + 'search/index.html?q=' + encodeURIComponent(config.query[0]));
    await settled(page);
    report.searchHrefAtLoad = await page.getAttribute(other, 'href');
    await page.fill('#search-q', config.query[1]);
    await page.press('#search-q', 'Enter');
    await settled(page);
    await switchLanguage(page);
    await settled(page);
    report.search = { url: rel(page.url()), box: await page.inputValue('#search-q') };

    // A listing filtered in its panel (the state in the hash).
    await page.goto(site + config.listing + '/index.html');
    const box = '#facets input[name="' + config.facet[0] + '"][value="' + config.facet[1] + '"]';
    if (!(await page.isVisible(box))) await page.click('#facets-fold > summary');
    await page.check(box);
    await page.waitForFunction(() => location.hash.length > 1, null, { timeout: TIMEOUT });
    report.listingHash = await page.evaluate(() => location.hash);
    await switchLanguage(page);
    report.listing = {
      url: rel(page.url()),
      checked: await page.$$eval('#facets input:checked', (bs) => bs.map((b) => b.name + '=' + b.value)),
      status: await page.textContent('#filter-status'),
    };

    // A comparison, one more jurisdiction ticked after it opened.
    await page.goto(site + 'compare/index.html?j=' + config.compare.join(',') + '&c=' + config.listing);
    await page.waitForSelector('table.compare-chosen', { timeout: TIMEOUT });
    await page.check('input[name=j][value="' + config.tick + '"]');
    await page.waitForFunction((t) => location.search.indexOf(t) >= 0, config.tick, { timeout: TIMEOUT });
    await switchLanguage(page);
    await page.waitForSelector('table.compare-chosen', { timeout: TIMEOUT });
    report.compare = {
      url: rel(page.url()),
      checked: await page.$$eval('input[name=j]:checked', (bs) => bs.map((b) => b.value)),
    };

    // Without JavaScript the links are the plain pages.
    const off = await browser.newContext({ javaScriptEnabled: false });
    const bare = await off.newPage();
    await bare.goto(site + 'search/index.html?q=x#y');
    report.noScriptHref = await bare.getAttribute(other, 'href');
    await off.close();

    // The collections' nav, narrow and wide.
    report.layout = {};
    for (const p of config.layout || []) {
      for (const width of [360, 1280]) {
        const ctx = await browser.newContext({ viewport: { width, height: 740 } });
        const view = await ctx.newPage();
        view.on('pageerror', (e) => report.errors.push(String(e)));
        await view.goto(site + p);
        report.layout[p + '@' + width] = await nav(view);
        if (config.screenshots) {
          await view.screenshot({ path: config.screenshots + '/header-' + p.replace(/\W+/g, '-') + width + '.png' });
        }
        await ctx.close();
      }
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(report));
})().catch((e) => { console.error(e && e.stack || e); process.exit(1); });
