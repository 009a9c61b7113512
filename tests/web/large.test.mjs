// A catalogue of 5,000 proposals (budget-load): the first rows show at once,
// the rest arrive page by page, and filtering and sorting do not stall the
// page (no task on the main thread long enough to be seen).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '..', '..', 'clients', 'web', 'package.json'));
const { chromium } = require('playwright-core');
const URL = process.env.WEB_URL;
const tokens = Object.fromEntries(readFileSync(process.env.WEB_TOKENS, 'utf8').split('\n')
  .filter((l) => l.includes('=')).map((l) => l.split('=')));

test('5,000 proposals: paged reading, filtering and sorting without a stall', async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  try {
    const page = await browser.newPage();
    await page.goto(`${URL}/`);
    await page.fill('#token', tokens.BUDGET_TOKEN_AUDITOR);
    await page.click('#token-sign-in');
    await page.waitForSelector('[data-testid=who]');
    // Every task longer than 50 ms, from here on.
    await page.evaluate(() => {
      window.longTasks = [];
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.longTasks.push(e.duration); }).observe({ type: 'longtask' });
    });
    let start = Date.now();
    await page.goto(`${URL}/#/katalog`);
    await page.waitForSelector('#catalogue tbody tr');
    const first = Date.now() - start;
    await page.waitForFunction(() => /^Viser 5000 af 5000 forslag$/.test(document.querySelector('#catalogue-count')?.textContent ?? ''), null, { timeout: 60000 });
    const all = Date.now() - start;
    const pages = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('ListProposals')).length);
    assert.equal(pages, 10, 'ten pages of 500, not one response');
    assert.equal(await page.locator('#catalogue tbody tr').count(), 200, 'rows are drawn 200 at a time');
    start = Date.now();
    await page.fill('#f-search', 'zzz');
    await page.waitForFunction(() => /^Viser 0 af 5000/.test(document.querySelector('#catalogue-count')?.textContent ?? ''));
    const filter = Date.now() - start;
    start = Date.now();
    await page.fill('#f-search', '');
    await page.click('#catalogue thead >> text=Fuld indfasning');
    await page.waitForFunction(() => document.querySelector('#catalogue th[aria-sort]')?.textContent?.includes('Fuld'));
    const sort = Date.now() - start;
    const longest = await page.evaluate(() => Math.max(0, ...window.longTasks));
    console.log(`5,000 proposals: first rows ${first} ms, all ${all} ms; filter ${filter} ms, sort ${sort} ms; longest task ${Math.round(longest)} ms`);
    assert.ok(first < 3000, `first rows after ${first} ms`);
    assert.ok(filter < 1500 && sort < 1500, `filter ${filter} ms, sort ${sort} ms`);
    assert.ok(longest < 500, `a task of ${longest} ms blocked the page`);
  } finally {
    await browser.close();
  }
});
