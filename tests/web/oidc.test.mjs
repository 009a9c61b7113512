// Single sign-on in the web app, in Debian's Chromium: through the real
// provider's login and consent pages and back, a committee claim under the
// provider's identity, the access token renewed before it expires, sign-out.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '..', '..', 'clients', 'web', 'package.json'));
const { chromium } = require('playwright-core');
const URL = process.env.WEB_URL;
const TTL = Number(process.env.WEB_TOKEN_TTL);

let browser;
before(async () => {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
});
after(async () => { await browser?.close(); });

test('sign in at the provider, claim, renew silently, sign out', async () => {
  const page = await browser.newPage();
  const problems = [];
  page.on('console', (m) => { if (/Content.Security.Policy/i.test(m.text())) problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(`${URL}/#/forslag/P-0001`);
  await page.click('#sso');
  // The provider's own pages: its login form, then its consent form.
  await page.waitForSelector('input[name=login]');
  assert.notEqual(new globalThis.URL(page.url()).origin, URL);
  await page.fill('input[name=login]', 'anna@naestved.dk');
  await page.fill('input[name=password]', 'any');
  await page.click('button[type=submit]');
  await page.waitForURL((u) => u.origin === URL || /interaction/.test(u.pathname));
  if (new globalThis.URL(page.url()).origin !== URL) await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=who]');
  assert.match(await page.locator('[data-testid=who]').innerText(), /Anna Berg, udvalg \(socialudvalget\)/);
  assert.doesNotMatch(page.url(), /code=|state=/);
  assert.equal(await page.evaluate(() => Object.keys(sessionStorage).join()), '');

  await page.waitForSelector('#proposal-title');
  await page.click('button:has-text("Udmønt")');
  await page.waitForSelector('text=Forslaget er udmøntet.');

  // Renewed with the refresh token before the access token's TTL runs out.
  const renewal = await page.waitForRequest((r) => r.method() === 'POST' && /grant_type=refresh_token/.test(r.postData() ?? ''),
    { timeout: TTL * 1000 });
  assert.equal((await renewal.response()).status(), 200);
  await page.waitForTimeout((TTL * 0.3) * 1000); // past the first token's expiry
  await page.goto(`${URL}/#/katalog`);
  await page.waitForSelector('#catalogue tbody tr');

  await page.click('button:has-text("Log af")');
  await page.waitForURL((u) => u.origin !== URL);
  await page.click('button[name=logout][value=yes]');
  await page.waitForSelector('#sso');
  await page.screenshot({ path: join(process.env.WEB_TEST_OUTPUT, 'sign-in-sso.png'), fullPage: true });
  assert.deepEqual(problems, []);
});
