// End-to-end test of the dashboard and the calling screen: runs `rxpress demo`
// (synthetic HIS and simulated pharmacist) and drives Debian's chromium with
// playwright-core against it, as a pharmacist and as a patient in the hall.
//
//   node --test tests/e2e/dashboard.test.mjs       (binary from RXPRESS_BINARY)
//   node tests/e2e/dashboard.test.mjs build/rxpress
//
// Screenshots and the demo's output are kept in a temp dir printed at the end.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Demo, checkPrerequisites, launchBrowser, tearDown, watch } from './demo_harness.mjs';

const kFlowMs = 45_000;        // at --speed 20 the first hand-overs come within ~20 s
const kStepMs = 10_000;        // one page reaction to a click or an event
const kExitMs = 10_000;        // SIGINT to exit

describe('rxpress demo in a browser', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rxpress-e2e-'));
  let demo = null;
  let url = null;
  let tokens = {};
  let context = null;
  let dashboard = null;
  let dashboardProblems = [];
  let screen = null;
  // The dashboard's first session check, and the sign-in with a wrong token.
  const expected401 = ['401 /api/v1/session', '401 /api/v1/session'];

  before(async () => {
    checkPrerequisites();
    demo = new Demo(dir);
    ({ url, tokens } = await demo.started());
    context = await launchBrowser(dir, { width: 1600, height: 1000 }, kStepMs);
    dashboard = context.pages()[0] ?? await context.newPage();
    dashboardProblems = watch(dashboard, expected401);
  }, { timeout: 60_000 });

  after(async () => {
    await tearDown(dir, { context, demo, pages: [[dashboard, 'dashboard.png'], [screen, 'screen.png']] });
  }, { timeout: 30_000 });

  test('the dashboard asks for a token and refuses a wrong one', async () => {
    await dashboard.goto(url.href);
    await dashboard.locator('#signin').waitFor({ state: 'visible' });
    assert.equal(await dashboard.locator('#app').isHidden(), true, 'the board shows before sign-in');
    await dashboard.fill('#token', 'not-a-valid-token');
    await dashboard.click('#signin button[type=submit]');
    const error = dashboard.locator('#signin-error');
    await error.waitFor({ state: 'visible' });
    assert.match(await error.textContent(), /登录失败/);
    assert.equal(await dashboard.locator('#app').isHidden(), true, 'a wrong token opened the board');
  });

  test('the pharmacist token signs in and the header shows the role', async () => {
    await dashboard.fill('#token', tokens.pharmacist);
    await dashboard.click('#signin button[type=submit]');
    await dashboard.locator('#app').waitFor({ state: 'visible' });
    await dashboard.locator('#signin').waitFor({ state: 'hidden' });
    assert.match(await dashboard.locator('#user').textContent(), /药师/);
    assert.equal(expected401.length, 0, `expected 401 answers not seen: ${expected401.join(', ')}`);
  });

  test('cards flow through the columns live until one is handed over', { timeout: 2 * kFlowMs }, async () => {
    await dashboard.locator('#board .card').first().waitFor({ state: 'visible', timeout: kFlowMs });
    // Every card now being dispensed or ready (read in one go, as the board
    // changes under us); one of them must reach 已发.
    const inFlight = await dashboard.waitForFunction(() => {
      const ids = [...document.querySelectorAll('.column-dispensing .card, .column-ready .card')].map((c) => c.dataset.id);
      return ids.length ? ids : null;
    }, null, { timeout: kFlowMs });
    const ids = await inFlight.jsonValue();
    assert.ok(ids.length > 0 && ids.every(Boolean), `cards without data-id: ${JSON.stringify(ids)}`);
    const moved = await dashboard.waitForFunction((watched) => {
      const done = [...document.querySelectorAll('.column-handed_over .card')].map((c) => c.dataset.id);
      return done.find((id) => watched.includes(id));
    }, ids, { timeout: kFlowMs });
    const id = await moved.jsonValue();
    assert.equal(await dashboard.locator(`.card[data-id="${id}"]`).count(), 1, `card ${id} shows in more than one column`);

    // The summary behind the counters follows the cards by up to a second.
    await dashboard.waitForFunction(() => Number(document.querySelector('.counter-handed_over b')?.textContent) > 0);
    const columnCount = Number(await dashboard.locator('.column-handed_over .column-count').textContent());
    assert.ok(columnCount > 0, `the 已发 column counts ${columnCount}`);
    assert.equal(await dashboard.locator('#conn').getAttribute('class'), 'conn conn-open');
  });

  test('clicking a card opens its detail with items and history', async () => {
    const id = await dashboard.locator('.column-handed_over .card').first().getAttribute('data-id');
    await dashboard.locator(`.column-handed_over .card[data-id="${id}"]`).click();
    const panel = dashboard.locator('#detail');
    await panel.waitFor({ state: 'visible' });
    const items = panel.locator('section', { has: dashboard.locator('h3', { hasText: '药品' }) }).locator('tbody tr');
    await items.first().waitFor({ state: 'visible' });
    const history = panel.locator('table.history tbody tr');
    await history.first().waitFor({ state: 'visible' });
    assert.ok(await items.count() >= 1);
    assert.ok(await history.count() >= 2, 'a handed-over prescription has more than one history entry');
    assert.match(await panel.locator('.status').textContent(), /已发/, `card ${id} opened a detail in another status`);
    await dashboard.screenshot({ path: join(dir, 'dashboard.png') });
    await dashboard.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
  });

  test('the dashboard logged no errors', () => {
    assert.deepEqual(dashboardProblems, []);
  });

  test('the calling screen calls numbers with masked names, without sign-in', { timeout: 2 * kFlowMs }, async () => {
    await context.clearCookies();
    assert.deepEqual(await context.cookies(), []);
    screen = await context.newPage();
    const problems = watch(screen, []);
    await screen.goto(new URL('/screen', url).href);
    // Rows come and go as patients are served: read them in one go.
    const calling = await screen.waitForFunction(() => {
      const rows = [...document.querySelectorAll('#calling li[data-key]')];
      return rows.length ? rows.map((r) => ({ text: r.textContent, name: r.querySelector('.name')?.textContent ?? '' })) : null;
    }, null, { timeout: kFlowMs });
    await screen.screenshot({ path: join(dir, 'screen.png') });
    const rows = await calling.jsonValue();
    for (const { text, name } of rows) {
      assert.match(text, /^请 \d+ 号 .* 到 \d+ 号窗口取药$/);
      assert.ok(name.includes('*'), `name '${name}' on the calling screen is not masked`);
    }
    assert.equal(await screen.locator('#status').isHidden(), true, 'the screen reports a lost connection');
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
