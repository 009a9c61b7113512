// The web app in Debian's Chromium (headless), driven by playwright-core,
// against the budgetd that web_e2e_test.py started and loaded: every main
// page, every role's action, checked by what the page shows, with axe-core on
// each page and a screenshot of it in $WEB_TEST_OUTPUT.
//
//   WEB_URL=http://127.0.0.1:PORT WEB_TOKENS=demo-tokens WEB_TEST_OUTPUT=DIR node --test app.test.mjs
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const web = join(here, '..', '..', 'clients', 'web');
const require = createRequire(join(web, 'package.json'));
const { chromium } = require('playwright-core');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const URL = process.env.WEB_URL;
const OUT = process.env.WEB_TEST_OUTPUT;
const tokens = Object.fromEntries(readFileSync(process.env.WEB_TOKENS, 'utf8').split('\n')
  .filter((l) => l.includes('=')).map((l) => l.split('=')));
tokens.WORKPLACE_2025 = process.env.WEB_TOKEN_WORKPLACE_2025;
const token = (name) => tokens[name] ?? tokens[`BUDGET_TOKEN_${name}`];

let browser;
const cspViolations = [];
const pageErrors = [];

before(async () => {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
});
after(async () => { await browser?.close(); });

/** A call to the Connect API as another client would make it (proto JSON). */
async function call(role, method, body) {
  const r = await fetch(`${URL}/budget.v1.${method}`, {
    method: 'POST', body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token(role)}` },
  });
  const answer = await r.json();
  if (!r.ok) throw new Error(`${method}: ${r.status} ${JSON.stringify(answer)}`);
  return answer;
}

/** A fresh tab signed in with a pasted token, on `hash`, with round `round` chosen. */
async function open(role, hash = '', round) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'da-DK', timezoneId: 'Europe/Copenhagen', acceptDownloads: true });
  const page = await context.newPage();
  page.on('console', (m) => { if (/Content.Security.Policy/i.test(m.text())) cspViolations.push(m.text()); });
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(`${URL}/`);
  await page.fill('#token', token(role));
  await page.click('#token-sign-in');
  await page.waitForSelector('[data-testid=who]');
  if (round) {
    await page.selectOption('#round-picker', `rounds/${round}`);
  }
  if (hash) await page.goto(`${URL}/#/${hash}`);
  return page;
}

/** axe-core on the page as it stands (WCAG 2.1 A and AA): no serious or critical violation; then a screenshot. */
async function check(page, name) {
  // Evaluated over the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`), [], `axe on ${name}`);
  // An enum value without its Danish text shows as "undefined".
  assert.doesNotMatch(await page.locator('body').innerText(), /undefined/, `a missing text on ${name}`);
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
}

const text = (page, selector) => page.locator(selector).innerText();

test('the sign-in page, a wrong token, and the CSP headers', async () => {
  const r = await fetch(`${URL}/`);
  const csp = r.headers.get('content-security-policy') ?? '';
  assert.match(csp, /script-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline'[^;]*;?\s*$|script-src[^;]*unsafe-inline/);
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${URL}/`);
  await page.waitForSelector('#token');
  await check(page, 'sign-in');
  // Keyboard only: the skip link first, then the field and its button.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Gå til sideindhold');
  await page.focus('#token');
  await page.keyboard.type('not-a-token');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'token-sign-in');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.refusal');
  assert.match(await text(page, '.refusal'), /ikke logget på|udløbet/);
  assert.equal(await page.evaluate(() => sessionStorage.getItem('budget.token')), null);
  await context.close();
});

test('overview of the demo round: targets, committees, timeline, readings and the vote', async () => {
  const started = Date.now();
  const page = await open('AUDITOR', '', '2024');
  await page.waitForSelector('#fig-catalogue');
  const ms = Date.now() - started;
  console.log(`overview of the demo round interactive after ${ms} ms (sign-in included)`);
  assert.match(await text(page, '#fig-catalogue'), /111,5 mio\. kr\./);
  assert.match(await text(page, '#fig-catalogue'), /Katalogmål 110,0 mio\. kr\.; overskredet med 1,5 mio\. kr\./);
  assert.match(await text(page, '#fig-pool'), /89,2 mio\. kr\./);
  assert.match(await text(page, '#fig-approved'), /45,2 mio\. kr\./);
  // As adopted: ØK's 2nd reading cut X3 by 1,0 mio. kr.
  assert.match(await text(page, '#fig-adopted'), /Vedtaget råderum\s+44,2 mio\. kr\.\s+Råderumsmål 45,0 mio\. kr\.; mangler 0,8 mio\. kr\./);
  assert.match(await text(page, '#committee-table'), /Socialudvalget[\s\S]*10,4 mio\. kr\./);
  assert.match(await text(page, '#open-gates'), /Budgettet er vedtaget/);
  assert.ok(await page.locator('.timeline svg circle.reached').count() >= 5);
  assert.match(await page.getAttribute('#chart-targets', 'aria-label'), /Søjlediagram/);
  // 004 §4: the 2nd reading adopts the parties' budget agreement by a vote.
  assert.match(await text(page, '#readings'), /2\. behandling i Byrådet\s+10\. oktober 2023\s+Budget 2024-2027 vedtaget\./);
  assert.match(await text(page, '.agreement h3'), /^Budgetforlig mellem Socialdemokratiet, Venstre, Det Konservative Folkeparti, SF \(2\. behandling i ØK\)$/);
  assert.match(await text(page, '.votes'), /Enhedslisten\s+Imod[\s\S]*Dansk Folkeparti\s+Undlod at stemme/);
  await check(page, 'overview');
  // The README's pictures: the top of the overview, a proposal's history.
  await page.screenshot({ path: join(OUT, 'readme-overview.png') });
  await page.context().close();
});

test('catalogue: filters, sorting, totals of the filtered rows, CSV', async () => {
  const page = await open('COUNCIL', 'katalog', '2024');
  await page.waitForSelector('#catalogue tbody tr');
  await page.waitForFunction(() => !document.querySelector('#catalogue-count')?.textContent?.includes('Henter'));
  // 41: the demo's 42nd proposal is the draft screened in from a suggestion,
  // which the council does not see.
  assert.match(await text(page, '#catalogue-count'), /Viser 41 af 41 forslag/);
  await page.selectOption('#f-status', '5'); // Godkendt
  await page.waitForFunction(() => /Viser 8 af 8/.test(document.querySelector('#catalogue-count')?.textContent ?? ''));
  assert.match(await text(page, '#catalogue-total'), /45\.200\.000 kr\./);
  await page.click('#catalogue thead >> text=Fuld indfasning');
  await page.click('#catalogue thead >> text=Fuld indfasning');
  assert.match(await page.locator('#catalogue tbody tr').first().innerText(), /12\.000\.000 kr\./);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#csv')]);
  const csv = readFileSync(await download.path(), 'utf8');
  assert.match(csv, /^\ufeffNr\.;Titel;Status/);
  assert.equal(csv.trim().split('\r\n').length, 9);
  await check(page, 'catalogue');
  await page.context().close();
});

test('proposal page: content, decisions and the history with field diffs', async () => {
  const list = await call('AUDITOR', 'ProposalService/ListProposals', { parent: 'rounds/2024', pageSize: 1000 });
  const amended = list.proposals.find((p) => Number(p.version) > 1);
  const id = amended.name.split('/').pop();
  const page = await open('AUDITOR', `forslag/${id}`, '2024');
  await page.waitForSelector('#history .version');
  assert.match(await text(page, '#proposal-title'), new RegExp(id));
  assert.equal(await page.locator('#history .version').count(), Number(amended.version));
  const diff = await page.locator('#history .changes').first().innerText();
  assert.match(diff, /Før[\s\S]*Efter/);
  assert.ok((await page.locator('#history-events tbody tr').count()) >= Number(amended.version));
  await check(page, 'proposal-history');
  await page.locator('#history').screenshot({ path: join(OUT, 'readme-proposal-history.png') });
  await page.context().close();
});

let submitted;
test('case worker: client-side checks, submit, stale amendment re-applied, server field errors, text stays text', async () => {
  const page = await open('CASE_WORKER', 'nyt-forslag', '2025');
  await page.waitForSelector('#submit-form');
  await page.click('#submit-send');
  await page.waitForSelector('.refusal');
  assert.match(await text(page, '.refusal'), /Titel: skal udfyldes/);
  assert.match(await text(page, '.refusal'), /vælg mindst ét fagudvalg/);
  const hostile = '<img src=x onerror="window.__xss=1">Busser <script>window.__xss=2</script>';
  await page.fill('#submit-title', hostile);
  await page.selectOption('#submit-category', '13');
  await page.check('#submit-committees-0');
  await page.fill('#submit-effect-2025', '500.000');
  await page.fill('#submit-full-implementation-kr', '1.000.000');
  await check(page, 'submit');
  await page.click('#submit-send');
  await page.waitForSelector('#created-link');
  submitted = await text(page, '#created-link');
  await page.click('#created-link');
  await page.waitForSelector('#proposal-title');
  assert.equal(await text(page, '#proposal-title'), `${submitted}: ${hostile}`);
  assert.equal(await page.evaluate(() => window.__xss), undefined);

  // Amend; meanwhile another client amends the title from version 1.
  await page.click('#edit');
  await page.fill('#amend-full-implementation-kr', '1.250.000');
  await call('CASE_WORKER', 'ProposalService/AmendProposal', {
    requestId: `other-${Date.now()}`, name: `rounds/2025/proposals/${submitted}`, expectedVersion: '1',
    content: { title: 'Samkørsel af busruter' }, updateMask: 'title',
  });
  await page.click('#amend-send');
  await page.waitForSelector('#stale');
  assert.match(await text(page, '#stale'), /Samkørsel af busruter/);
  await page.click('#reapply');
  await page.waitForSelector('text=Ændringerne er gemt.');
  const p = await call('AUDITOR', 'ProposalService/GetProposal', { name: `rounds/2025/proposals/${submitted}` });
  assert.equal(p.version, '3');
  assert.equal(p.content.title, 'Samkørsel af busruter');
  assert.equal(p.content.fullImplementationKr, '1250000');

  // A refusal the page does not pre-check: the server's BadRequest beside the field.
  await page.click('text=Træk tilbage');
  await page.waitForSelector('#withdraw-reason-error');
  assert.match(await text(page, '.refusal'), /Begrundelse/);
  await page.context().close();
});

test('workplace: its tasks show the hearing that asks it; it answers, and the task is gone', async () => {
  const page = await open('WORKPLACE_2025', 'opgaver', '2025');
  await page.waitForSelector('#tasks [data-kind=TASK_RESPOND_TO_HEARING]');
  assert.match(await text(page, '#tasks tbody'), /Afgiv høringssvar på P-0001 \(høring H-0001\)\s+\d\d\.\d\d\.\d{4}/);
  await check(page, 'tasks');
  await page.click('#tasks a:has-text("Høringer")');
  await page.waitForSelector('.response-form');
  assert.match(await text(page, '.hearing'), /Forårshøring 2025/);
  await page.selectOption('.response-form select', '2');
  await page.fill('.response-form textarea', 'Nattevagten er nødvendig for beboernes tryghed.');
  await check(page, 'hearings');
  await page.click('.response-form button');
  await page.waitForSelector('text=Høringssvaret er sendt.');
  const p = await call('AUDITOR', 'ProposalService/GetProposal', { name: 'rounds/2025/proposals/P-0001' });
  assert.ok(p.hearingStatus.some((s) => s.body.endsWith('bofaellesskab-enghaven') && s.state === 'BODY_RESPONDED'));
  await page.click('nav a:has-text("Mine opgaver")');
  await page.waitForSelector('#no-tasks');
  assert.equal(await text(page, '#no-tasks'), 'Du har ingen opgaver i denne budgetrunde.');
  await page.context().close();
});

test('committee: claims a heard proposal; a cross-cutting one shows rule 3 instead of a claim', async () => {
  const page = await open('SOCIAL', 'udvalg', '2025');
  await page.waitForSelector('#claimable [data-proposal="P-0001"]');
  assert.match(await text(page, '#countdown'), /om \d+ dage/);
  await page.click('#claimable [data-proposal="P-0001"] button');
  await page.waitForSelector('#claimed [data-proposal="P-0001"]');
  await page.waitForFunction(() => /1,5 mio\. kr\./.test(document.querySelector('#claimed-total')?.textContent ?? ''));
  await check(page, 'committee');
  // Each list is named once, by its heading: no caption repeats it.
  assert.equal(await page.locator('#claimed').getAttribute('aria-labelledby'), 'claimed-heading');
  assert.equal(await text(page, '#claimed-heading'), 'Udvalgets udmøntede forslag');
  assert.equal(await page.locator('caption').count(), 0);
  // A cross-cutting proposal offers no claim that can only be refused: the
  // rule stands where the button would.
  await page.goto(`${URL}/#/forslag/P-0002`);
  await page.waitForSelector('.claim-rule');
  assert.match(await text(page, '.claim-rule'), /regel 3: kun eget område/);
  assert.equal(await page.locator('button:has-text("Udmønt")').count(), 0);
  await page.context().close();
});

test('live feed: a change by another client shows without a reload', async () => {
  const auditor = await open('AUDITOR', 'revision', '2025');
  const council = await open('COUNCIL', 'katalog', '2025');
  await council.waitForSelector('#catalogue tbody tr');
  await auditor.waitForSelector('#live-heading');
  const submitted = await call('CASE_WORKER', 'ProposalService/SubmitProposal', {
    requestId: `live-${Date.now()}`, parent: 'rounds/2025',
    content: { title: 'Live: fælles vagtplan', category: 'CATEGORY_OTHER', committees: ['rounds/2025/committees/socialudvalget'],
      fullImplementationKr: '700000', implementationStart: { year: 2025, month: 1, day: 1 }, submitterKind: 'SUBMITTER_ADMINISTRATION',
      citizenConsequences: 'Borgerne får én fast kontaktperson.' },
  });
  await auditor.waitForSelector('#live-feed >> text=ProposalSubmitted', { timeout: 15000 });
  // The council sees a proposal once it is marked ready, not while it is a draft.
  await call('COORDINATOR', 'ProposalService/MarkProposalReady', {
    requestId: `live-ready-${Date.now()}`, name: submitted.proposal.name, capacity: 'APPROVER_STEERING_GROUP',
  });
  await council.waitForSelector('#catalogue >> text=Live: fælles vagtplan', { timeout: 15000 });
  await check(auditor, 'audit-live');
  await auditor.context().close();
  await council.context().close();
});

test('coordinator: a centre head approves a draft for the catalogue, and the catalogue is published', async () => {
  const draft = await call('CASE_WORKER', 'ProposalService/SubmitProposal', {
    requestId: `draft-${Date.now()}`, parent: 'rounds/2025',
    content: { title: 'Samlet vagtcentral', category: 'CATEGORY_OTHER', committees: ['rounds/2025/committees/socialudvalget'],
      centres: ['rounds/2025/centres/handicap'], fullImplementationKr: '400000', implementationStart: { year: 2025, month: 1, day: 1 },
      submitterKind: 'SUBMITTER_ADMINISTRATION', citizenConsequences: 'Én indgang for borgerne om natten.' },
  });
  const id = draft.proposal.name.split('/').pop();
  const page = await open('COORDINATOR', `forslag/${id}`, '2025');
  await page.waitForSelector('#ready-capacity');
  assert.equal(await text(page, '#proposal-stage'), 'Kladde');
  await page.selectOption('#ready-capacity', '1');  // the centre head
  await page.selectOption('#ready-centre', 'rounds/2025/centres/handicap');
  await check(page, 'proposal-draft');
  await page.click('button:has-text("Godkend til kataloget")');
  await page.waitForFunction(() => /^Klar til kataloget, godkendt af centerchef \(users\/cko, /.test(document.querySelector('#proposal-stage')?.textContent ?? ''));
  assert.equal(await page.locator('#ready-capacity').count(), 0);
  await page.goto(`${URL}/#/koordinering`);
  await page.click('button:has-text("Offentliggør kataloget")');
  await page.waitForSelector('text=Kataloget er offentliggjort.');
  await page.goto(`${URL}/#/forslag/${id}`);
  await page.waitForFunction(() => /^Offentliggjort, godkendt af centerchef .*, offentliggjort \d/.test(document.querySelector('#proposal-stage')?.textContent ?? ''));
  await page.context().close();
});

test('the council page shows ØK’s decision on the expansion process', async () => {
  const page = await open('COUNCIL', 'byraad', '2024');
  await page.waitForSelector('#expansion-process');
  const process = await text(page, '#expansion-process');
  for (const expected of ['1. marts 2023 (ØK 1. marts 2023, punkt 6', '30,0 mio. kr.', 'Socialudvalget: 5,0 mio. kr.',
    'Demografi og velfærd']) {
    assert.ok(process.includes(expected), `${expected} in ${process}`);
  }
  await page.context().close();
});

test('ØK selects from the pool until the råderum target is met and recommends; Byrådet approves', async () => {
  const round = await call('AUDITOR', 'RoundService/GetRound', { name: 'rounds/2025' });
  const presented = round.milestones.find((m) => m.kind === 'MILESTONE_PROPOSALS_PRESENTED').plannedAt;
  const now = new Date(Date.parse(presented) + 3600_000).toISOString();
  // The claims were opened early by hand (web_e2e_test.py); from now on the
  // milestones rule them again, so the claims deadline forms the pool.
  await call('COORDINATOR', 'RoundService/OverrideGate', {
    requestId: 'claims-automatic', round: 'rounds/2025', gate: 'GATE_CLAIMS', mode: 'GATE_MODE_AUTOMATIC',
    reason: 'Fristerne gælder igen',
  });
  await call('ADMIN', 'AdminService/SetClock', { now });
  const page = await open('FINANCE_COMMITTEE', 'byraad', '2025');
  await page.waitForSelector('#pool [data-proposal="P-0002"]');
  assert.match(await text(page, '#target-status'), /Mangler 4,0 mio\. kr\./);
  await page.click('#pool [data-proposal="P-0002"] button:has-text("Vælg")');
  await page.waitForFunction(() => /Mangler 1,0 mio\. kr\./.test(document.querySelector('#target-status')?.textContent ?? ''));
  await page.click('#pool [data-proposal="P-0005"] button:has-text("Vælg")');
  await page.waitForFunction(() => /Målet er nået/.test(document.querySelector('#target-status')?.textContent ?? ''));
  assert.match(await text(page, '#selected-total'), /4,2 mio\. kr\./);
  await check(page, 'council');
  // ØK's recommendation names its meeting; without the agenda item it is refused, naming the field.
  await page.fill('#meeting-date', now.slice(0, 10));
  await page.click('button:has-text("Indstil udvælgelsen til Byrådet")');
  await page.waitForSelector('#agenda-item-error, [id^="agenda-item"][aria-invalid="true"]');
  await page.fill('#agenda-item', 'Punkt 4: Omprioriteringsforslag');
  await page.click('button:has-text("Indstil udvælgelsen til Byrådet")');
  await page.waitForSelector('#recommended');
  assert.match(await text(page, '#recommended'), /Økonomiudvalget indstillede 2 forslag .*\(Punkt 4: Omprioriteringsforslag\)/);
  assert.match(await text(page, '#awaiting'), /Afventer Byrådets godkendelse/);
  assert.equal(await page.locator('#pool button:has-text("Vælg")').count(), 0);  // frozen
  await page.context().close();

  const council = await open('COUNCIL', 'byraad', '2025');
  await council.waitForSelector('#recommended');
  assert.equal(await council.locator('#pool button:has-text("Vælg")').count(), 0);  // ØK selects, not Byrådet
  await council.fill('#meeting-date', now.slice(0, 10));
  await council.fill('#agenda-item', 'Punkt 9');
  await council.click('button:has-text("Godkend udvælgelsen")');
  await council.waitForSelector('#approved');
  assert.match(await text(council, '#approved'), /Byrådet godkendte .*\(Punkt 9\): 2 godkendt/);
  await check(council, 'council-approved');
  await council.context().close();
});

test('ØK decides an assessed law compensation in August on the council page', async () => {
  const round = await call('AUDITOR', 'RoundService/GetRound', { name: 'rounds/2025' });
  const year = round.budgetYear;
  const recorded = await call('COORDINATOR', 'AdoptionService/RecordFrameCorrection', {
    requestId: 'web-law', committee: round.committees[0].name, kind: 'CORRECTION_C_LAW_AND_CIRCULAR',
    law: 'L 32, ny ældrelov', amounts: [{ year, amountKr: '4600000' }], reason: 'DUT over 3 mio. kr.',
  });
  const name = recorded.correction.name;
  const id = name.split('/').pop();
  await call('CASE_WORKER', 'AdoptionService/AssessFrameCorrection', {
    requestId: 'web-law-assess', correction: name, assessedAmounts: [{ year, amountKr: '4114000' }],
    basis: 'Konkret beregning: 34 forløb à 121.000 kr.',
  });
  const august = round.milestones.find((m) => m.kind === 'MILESTONE_LAW_PROGRAMME').plannedAt;
  await call('ADMIN', 'AdminService/SetClock', { now: new Date(Date.parse(august) + 86_400_000).toISOString() });
  const page = await open('FINANCE_COMMITTEE', 'byraad', '2025');
  const row = `#corrections [data-correction="${id}"]`;
  await page.waitForSelector(row);
  const before = await text(page, row);
  for (const expected of ['c) Lov- og cirkulæreprogram', 'L 32, ny ældrelov', '4.600.000 kr.', '4.114.000 kr.', 'Afventer Økonomiudvalget']) {
    assert.ok(before.includes(expected), `${expected} in ${before}`);
  }
  await page.fill(`#reason-${id}`, 'ØK i august: rammen reguleres med den konkrete beregning');
  await page.click(`button[aria-label="Godkend ${id}"]`);
  await page.waitForFunction((r) => document.querySelector(r)?.textContent?.includes('Indregnet'), row);
  await check(page, 'council-corrections');
  await page.context().close();
});

test('auditor: the round as of before a claim shows it unclaimed; the chain verifies', async () => {
  const log = await call('AUDITOR', 'AuditService/ReadLog', { round: 'rounds/2024', type: 'budget.v1.ProposalClaimed', pageSize: 1 });
  const claim = log.entries[0];
  const id = claim.stream.split('/').pop();
  const page = await open('AUDITOR', 'revision', '2024');
  await page.waitForSelector('#asof-slider');
  await page.locator('#asof-slider').fill(String(Number(claim.position) - 1));
  await page.waitForFunction((p) => document.querySelector('#asof-at')?.textContent?.includes(`hændelse ${p} `), String(Number(claim.position) - 1));
  assert.equal(await page.locator(`#asof-proposals [data-proposal="${id}"] td`).last().innerText(), 'Ikke udmøntet');
  await page.locator('#asof-slider').fill(claim.position);
  await page.waitForFunction((p) => document.querySelector('#asof-at')?.textContent?.includes(`hændelse ${p} `), claim.position);
  assert.notEqual(await page.locator(`#asof-proposals [data-proposal="${id}"] td`).last().innerText(), 'Ikke udmøntet');
  await page.click('button:has-text("Verificér hashkæden")');
  await page.waitForSelector('#verify-result');
  assert.match(await text(page, '#verify-result'), /Kæden er intakt[\s\S]*Hovedhash: [0-9a-f]{64}/);
  await check(page, 'audit');
  await page.context().close();
});

test('coordinator page, and signing out', async () => {
  const page = await open('COORDINATOR', 'koordinering', '2025');
  await page.waitForSelector('#coordinator-milestones');
  await check(page, 'coordinator');
  // Every milestone has its name; those a political decision reaches have no button to mark them.
  const rows = page.locator('#coordinator-milestones tbody tr');
  for (let i = 0; i < await rows.count(); i++) {
    assert.notEqual((await rows.nth(i).locator('th').innerText()).trim(), '', `milestone row ${i} has no name`);
  }
  assert.equal(await page.locator('button[aria-label="Markér som nået: ØK beslutter proces for udvidelsesforslag"]').count(), 0);
  await page.click('button:has-text("Log af")');
  await page.waitForSelector('#token');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('budget.token')), null);
  await page.context().close();
});

test('no page broke the Content-Security-Policy or threw', () => {
  assert.deepEqual(cspViolations, []);
  assert.deepEqual(pageErrors, []);
});
