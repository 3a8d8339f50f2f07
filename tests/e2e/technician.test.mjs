// End-to-end test of the technician screen: runs `rxpress demo` and drives
// Debian's chromium with playwright-core against it, as the technician at a
// workstation with a handheld scanner (typed codes ending in Enter).
//
//   node --test tests/e2e/technician.test.mjs       (binary from RXPRESS_BINARY)
//   node tests/e2e/technician.test.mjs build/rxpress
//
// The packs are of drugs the demo's synthetic HIS never prescribes (narcotic
// and class-1 psychotropic), so that dispensing does not change their stock
// under the test. Screenshots and the demo's output are kept in a temp dir
// printed at the end.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Demo, checkPrerequisites, launchBrowser, tearDown, watch } from './demo_harness.mjs';

const kStepMs = 10_000;        // one page reaction to a scan, a click or an answer
const kExitMs = 10_000;        // SIGINT to exit
const kMorphine = 'D0050';     // narcotic: kept in the locked cabinet S-10-*
const kMethylphenidate = 'D0071';

// The shipped formulary's rows by code (RFC 4180, quoted fields may hold commas).
function formulary() {
  const text = readFileSync(new URL('../../data/formulary.csv', import.meta.url), 'utf8');
  const rows = text.trim().split('\n').map((line) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)]
    .slice(0, -1).map((m) => m[1].replace(/^"|"$/g, '').replace(/""/g, '"')));
  const [header, ...body] = rows;
  return new Map(body.map((cells) => [cells[0], Object.fromEntries(header.map((name, i) => [name, cells[i]]))]));
}

// The GS1 mod-10 check digit of the digits before it.
function gs1CheckDigit(digits) {
  const sum = [...digits].reverse().reduce((acc, d, i) => acc + Number(d) * (i % 2 === 0 ? 3 : 1), 0);
  return String((10 - (sum % 10)) % 10);
}

// AI (17) YYMMDD of the UTC day `days` from today.
function expiryIn(days) {
  const d = new Date(Date.now() + days * 86_400_000);
  return [d.getUTCFullYear() % 100, d.getUTCMonth() + 1, d.getUTCDate()].map((n) => String(n).padStart(2, '0')).join('');
}

// The parenthesised form of a pack's GS1 DataMatrix (docs/inventory.md, "What a scan is").
const gs1 = (gtin, expiry, lot, serial) => `(01)${gtin}(17)${expiry}(10)${lot}(21)${serial}`;

describe('the technician screen in a browser', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rxpress-e2e-tech-'));
  const drugs = formulary();
  const morphine = drugs.get(kMorphine);
  const methylphenidate = drugs.get(kMethylphenidate);
  const lot = 'E2ELOT1';
  const inAYear = expiryIn(365);
  const pack = gs1(morphine.gtin, inAYear, lot, 'E2E0001');
  let demo = null;
  let url = null;
  let tokens = {};
  let context = null;
  let page = null;
  let problems = [];
  let location = '';     // where the scanned pack went
  // The failed requests the page meets on purpose, added as the test goes:
  // first the session check before sign-in.
  const expectedErrors = ['401 /api/v1/session'];

  // The API as another role, with its token.
  const asRole = async (role, method, path, body) => {
    const response = await fetch(new URL(path, url), {
      method, headers: { Authorization: `Bearer ${tokens[role]}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: await response.json() };
  };
  // The packs of `lot` at `where`, as the signed-in technician reads them.
  const onHand = async (drug, where) => {
    const response = await page.request.get(new URL(`/api/v1/inventory?drug=${drug}`, url).href);
    assert.equal(response.status(), 200);
    const rows = (await response.json()).stock.filter((r) => r.lot === lot && r.location === where);
    return rows.reduce((sum, r) => sum + r.quantity, 0);
  };
  // Types a code into the focused scan field and presses Enter, as a scanner does.
  const scan = async (field, code) => {
    assert.equal(await page.evaluate(() => document.activeElement?.id), field, `the scan field #${field} lost the focus`);
    await page.keyboard.type(code);
    await page.keyboard.press('Enter');
  };
  const logCount = () => page.locator('#stock-log > li').count();
  // The newest log entry once the log holds `count` entries.
  const newestEntry = async (count) => {
    await page.waitForFunction((n) => document.querySelectorAll('#stock-log > li').length === n, count);
    return page.locator('#stock-log > li').first();
  };

  before(async () => {
    checkPrerequisites();
    assert.ok(morphine?.gtin && methylphenidate?.gtin, 'the shipped formulary lacks D0050 or D0071');
    demo = new Demo(dir);
    ({ url, tokens } = await demo.started());
    context = await launchBrowser(dir, { width: 1280, height: 800 }, kStepMs);
    page = context.pages()[0] ?? await context.newPage();
    problems = watch(page, expectedErrors);
  }, { timeout: 60_000 });

  after(async () => {
    await tearDown(dir, { context, demo, pages: [[page, 'technician.png']] });
  }, { timeout: 30_000 });

  test('the technician signs in and sees the three panels side by side at 1280x800', async () => {
    // The page's clock is paused once it has loaded, so that its polls run
    // only when the test advances the clock.
    await page.clock.install();
    await page.goto(new URL('/technician.html', url).href);
    await page.locator('#signin').waitFor({ state: 'visible' });
    assert.equal(await page.locator('#app').isHidden(), true, 'the panels show before sign-in');
    await page.fill('#token', tokens.technician);
    await page.click('#signin button[type=submit]');
    await page.locator('#app').waitFor({ state: 'visible' });
    assert.match(await page.locator('#user').textContent(), /技师/);
    for (const id of ['#stock-in', '#tasks', '#temperature']) await page.locator(id).waitFor({ state: 'visible' });
    const boxes = await Promise.all(['#stock-in', '#tasks', '#temperature'].map((id) => page.locator(id).boundingBox()));
    for (const [i, box] of boxes.entries()) {
      assert.ok(box.x >= 0 && box.x + box.width <= 1280 && box.y < 800, `panel ${i} lies outside the window: ${JSON.stringify(box)}`);
      if (i > 0) assert.ok(box.x >= boxes[i - 1].x + boxes[i - 1].width, `panel ${i} is not right of panel ${i - 1}`);
    }
    // Every panel has loaded once: the tasks, the zones and the near-expiry count.
    await page.locator('#tasks-updated').filter({ hasText: '更新于' }).waitFor();
    await page.locator('#temperature-body tr.zone-row').first().waitFor();
    await page.waitForFunction(() => /^\d+$/.test(document.getElementById('expiry-count').textContent));
    await page.clock.pauseAt(Date.now() + 1000);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'scan', 'the scan field has no focus');
    assert.ok(await page.locator('a.nav-link[href="./"]').isVisible(), 'no link back to the dashboard');
    const dashboard = await (await page.request.get(url.href)).text();
    assert.match(dashboard, /<a class="nav-link" href="technician.html">/, 'the dashboard does not link to this screen');
  });

  test('a valid pack is accepted with its proposed location', async () => {
    await scan('scan', pack);
    const entry = await newestEntry(1);
    assert.match(await entry.getAttribute('class'), /accepted/, await entry.textContent());
    location = await entry.getAttribute('data-location');
    assert.match(await entry.textContent(), new RegExp(morphine.name_zh));
    assert.match(await entry.textContent(), /建议货位/);
    assert.match(location, /^S-10-/, 'a narcotic goes to the locked cabinet');
    assert.equal(await entry.locator('.log-location').textContent(), location);
    assert.equal(await entry.locator('.log-on-hand').textContent(), '1');
    assert.equal(await onHand(kMorphine, location), 1);
    assert.equal(await page.inputValue('#scan'), '', 'the scan field keeps an accepted code');
  });

  test('the same pack again is refused as a duplicate, stays in the field, and changes no stock', async () => {
    expectedErrors.push('422 /api/v1/stock-in');
    await scan('scan', pack);
    const entry = await newestEntry(2);
    assert.equal(await entry.getAttribute('data-code'), 'DUPLICATE_SERIAL', await entry.textContent());
    assert.match(await entry.getAttribute('class'), /refused/);
    assert.match(await entry.locator('.log-field').textContent(), /scan/);
    assert.match(await page.locator('#scan-status').textContent(), /DUPLICATE_SERIAL/);
    assert.equal(await page.inputValue('#scan'), pack, 'a refused code was cleared from the field');
    assert.equal(await page.locator('#scan').getAttribute('aria-invalid'), 'true');
    assert.equal(await onHand(kMorphine, location), 1);
  });

  test('an unknown GTIN and an expired pack are refused with their codes', async () => {
    const unknownGtin = `0200000000999${gs1CheckDigit('0200000000999')}`;
    assert.ok(![...drugs.values()].some((d) => d.gtin === unknownGtin));
    expectedErrors.push('422 /api/v1/stock-in', '422 /api/v1/stock-in');
    // The refused code is selected, so the next scan replaces it.
    await scan('scan', gs1(unknownGtin, inAYear, 'E2ELOT9', 'E2E0009'));
    const unknown = await newestEntry(3);
    assert.equal(await unknown.getAttribute('data-code'), 'UNKNOWN_GTIN', await unknown.textContent());
    assert.match(await unknown.locator('.log-scan').textContent(), new RegExp(unknownGtin));

    await scan('scan', gs1(morphine.gtin, expiryIn(-365), 'E2EOLD1', 'E2E0002'));
    const expired = await newestEntry(4);
    assert.equal(await expired.getAttribute('data-code'), 'EXPIRED', await expired.textContent());
    assert.equal(await logCount(), 4);
    assert.equal(await onHand(kMorphine, location), 1);
  });

  test('a recall opens a removal task, which a wrong drug cannot confirm and the lot\'s pack does', async () => {
    const recall = await asRole('pharmacist', 'POST', '/api/v1/recall', { lot, drug: kMorphine, reason: 'e2e: supplier recall' });
    assert.equal(recall.status, 200, JSON.stringify(recall.json));
    const opened = recall.json.tasks.filter((t) => t.kind === 'remove' && t.state === 'open' && t.location === location);
    assert.equal(opened.length, 1, JSON.stringify(recall.json.tasks));
    const id = opened[0].id;

    await page.click('#tasks-refresh');
    const task = page.locator(`#task-list .task[data-id="${id}"]`);
    await task.waitFor();
    assert.equal(await task.getAttribute('data-kind'), 'remove');
    assert.match(await task.textContent(), new RegExp(`${morphine.name_zh}.*${location}`));
    await task.click();
    assert.equal(await task.getAttribute('aria-selected'), 'true');
    assert.equal(await page.inputValue('#task-quantity'), '1');

    expectedErrors.push(`422 /api/v1/tasks/${id}/confirm`);
    await scan('task-scan', gs1(methylphenidate.gtin, inAYear, 'E2ELOT7', 'E2E0007'));
    const result = page.locator('#confirm-result');
    await page.waitForFunction(() => document.getElementById('confirm-result').dataset.code);
    assert.equal(await result.getAttribute('data-code'), 'WRONG_DRUG', await result.textContent());
    assert.match(await result.getAttribute('class'), /refused/);
    assert.equal(await task.count(), 1, 'a refused confirmation closed the task');

    // Another pack of the recalled lot; the selected wrong code is replaced.
    await scan('task-scan', gs1(morphine.gtin, inAYear, lot, 'E2E0003'));
    await result.filter({ hasText: '任务完成' }).waitFor();
    await task.waitFor({ state: 'detached' });
    assert.equal(await onHand(kMorphine, location), 0);
    const done = await asRole('technician', 'GET', '/api/v1/tasks?kind=remove&state=done');
    assert.ok(done.json.tasks.some((t) => t.id === id), `task ${id} is not done`);
  });

  test('an out-of-range fridge reading shows as an open excursion after a refresh', async () => {
    const reading = await page.request.post(new URL('/api/v1/temperature', url).href,
      { data: { sensor: 'F1', zone: 'fridge', celsius: 12.5 } });
    assert.equal(reading.status(), 201, await reading.text());
    assert.equal((await reading.json()).state, 'high');
    await page.click('#temperature-refresh');
    const sensor = page.locator('#temperature-body tr.sensor[data-sensor="F1"]');
    await sensor.waitFor();
    assert.equal(await sensor.getAttribute('data-state'), 'high');
    assert.match(await sensor.getAttribute('class'), /alarm/);
    assert.match(await sensor.textContent(), /12\.5 °C/);
    const excursion = page.locator('#open-excursions .excursion[data-kind="high"]');
    await excursion.waitFor();
    assert.match(await excursion.textContent(), /F1/);
    assert.equal(await page.locator('#alerts .excursion.open').count(), 1);
    await page.screenshot({ path: join(dir, 'technician.png') });
  });

  test('the temperature panel polls every 30 s: a reading back in range closes the excursion', async () => {
    const reading = await page.request.post(new URL('/api/v1/temperature', url).href,
      { data: { sensor: 'F1', celsius: 4.5 } });
    assert.equal(reading.status(), 201, await reading.text());
    await page.clock.runFor(29_000);
    assert.equal(await page.locator('#temperature-body tr.sensor[data-sensor="F1"]').getAttribute('data-state'), 'high',
      'the panel refreshed before its 30 s');
    await page.clock.runFor(1_000);
    await page.locator('#temperature-body tr.sensor[data-sensor="F1"][data-state="ok"]').waitFor();
    assert.equal(await page.locator('#open-excursions').count(), 0);
    assert.equal(await page.locator('#alerts .excursion.closed[data-kind="high"]').count(), 1);
  });

  test('a network failure shows a banner whose retry recovers', async () => {
    await page.route('**/api/v1/temperature', (route) => route.abort());
    await page.click('#temperature-refresh');
    const banner = page.locator('#banners .banner', { hasText: '无法加载温度' });
    await banner.waitFor();
    await page.unroute('**/api/v1/temperature');
    await banner.locator('button', { hasText: '重试' }).click();
    await banner.waitFor({ state: 'detached' });
    // The aborted request is the only console error it caused.
    const aborted = problems.filter((p) => /net::ERR_FAILED/.test(p) && p.includes('/api/v1/temperature'));
    assert.equal(aborted.length, 1, problems.join('\n'));
    problems.splice(problems.indexOf(aborted[0]), 1);
  });

  test('a lost session returns to sign-in', async () => {
    await context.clearCookies();
    expectedErrors.push('401 /api/v1/temperature');
    await page.click('#temperature-refresh');
    await page.locator('#signin').waitFor({ state: 'visible' });
    assert.match(await page.locator('#signin-error').textContent(), /会话已过期/);
    assert.equal(await page.locator('#app').isHidden(), true);
    assert.equal(await page.locator('#stock-log > li').count(), 0, 'the log outlived the session');
    assert.deepEqual(expectedErrors, [], 'failed requests the page did not make');
  });

  test('the page logged no errors', () => {
    assert.deepEqual(problems, []);
  });

  test('the demo stops on SIGINT with exit code 0', async () => {
    await context.close();
    context = null;
    const exit = await demo.interrupt(kExitMs);
    assert.ok(exit, `rxpress demo still runs ${kExitMs} ms after SIGINT`);
    assert.deepEqual({ code: exit.code, signal: exit.signal }, { code: 0, signal: null }, demo.output());
  });
});
