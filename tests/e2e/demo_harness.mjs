// What the browser tests share: `rxpress demo` as a child process with the URL
// and tokens it prints, Debian's chromium through playwright-core, and a
// watch on a page's console and uncaught errors.

import { spawn } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const kChromium = process.env.RXPRESS_CHROMIUM ?? '/usr/bin/chromium';
const kChromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const kStartupMs = 20_000;     // until the demo has printed its URL and tokens

let chromium = null;
let playwrightMissing = '';
try {
  ({ chromium } = await import('playwright-core'));
} catch (e) {
  playwrightMissing = `playwright-core is not installed in tests/e2e/node_modules (${e.code ?? e.message}); ` +
    'run scripts/setup.sh (or: npm ci --prefix tests/e2e --no-audit --no-fund)';
}

// The rxpress binary: the first argument, else RXPRESS_BINARY.
export const binary = process.argv[2] ?? process.env.RXPRESS_BINARY ?? '';

// Throws, saying what to do, when playwright-core, the binary or chromium is missing.
export function checkPrerequisites() {
  if (playwrightMissing) throw new Error(playwrightMissing);
  if (!binary) throw new Error('no rxpress binary: pass its path as the first argument or set RXPRESS_BINARY');
  if (!existsSync(binary)) throw new Error(`rxpress binary not found at '${binary}'`);
  if (!existsSync(kChromium)) throw new Error(`chromium not found at '${kChromium}'; run scripts/setup.sh`);
}

// A headless chromium with its profile under `dir`; `stepMs` is the default
// timeout of every page action and wait.
export async function launchBrowser(dir, viewport, stepMs) {
  const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: kChromium, headless: true, args: kChromiumArgs, viewport, timeout: 30_000,
  });
  context.setDefaultTimeout(stepMs);
  return context;
}

// The demo as a child process, with what it has printed.
export class Demo {
  constructor(dir) {
    this.dir = dir;
    this.stdout = '';
    this.stderr = '';
    this.exit = null;  // { code, signal } once it has exited
    this.child = spawn(binary, ['demo', '--port', '0', '--mllp-port', '0', '--data', join(dir, 'data'), '--speed', '20', '--fresh'],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout.setEncoding('utf8').on('data', (s) => { this.stdout += s; });
    this.child.stderr.setEncoding('utf8').on('data', (s) => { this.stderr += s; });
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => { this.exit = { code, signal }; resolve(this.exit); });
      this.child.on('error', (error) => { this.exit = { code: null, signal: null, error }; resolve(this.exit); });
    });
  }

  // The dashboard URL and the token of each role, once all are printed.
  parsed() {
    const url = /dashboard\s+(http:\/\/\S+)/.exec(this.stdout)?.[1];
    const tokens = Object.fromEntries([...this.stdout.matchAll(/^ {4}(\w+)\s+([0-9a-f]{16,})\s*$/gm)]
      .map((m) => [m[1], m[2]]));
    return url && Object.keys(tokens).length >= 4 ? { url: new URL(url), tokens } : null;
  }

  async started() {
    const deadline = Date.now() + kStartupMs;
    for (;;) {
      const parsed = this.parsed();
      if (parsed) return parsed;
      if (this.exit) throw new Error(`rxpress demo exited early (${JSON.stringify(this.exit)}):\n${this.output()}`);
      if (Date.now() > deadline) throw new Error(`rxpress demo printed no URL and tokens within ${kStartupMs} ms:\n${this.output()}`);
      await Promise.race([this.exited, new Promise((resolve) => this.child.stdout.once('data', resolve))]);
    }
  }

  output() {
    return `--- stdout\n${this.stdout}--- stderr (tail)\n${this.stderr.slice(-4000)}`;
  }

  // SIGINT, then the exit status, or null if it has not exited within `ms`.
  async interrupt(ms) {
    if (!this.exit) this.child.kill('SIGINT');
    let timer;
    const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve(null), ms); });
    const result = await Promise.race([this.exited, timeout]);
    clearTimeout(timer);
    return result;
  }

  kill() {
    if (!this.exit) this.child.kill('SIGKILL');
  }
}

// Console errors and uncaught errors of a page, less the failed requests the
// test expects: `expected` lists them as "<status> <path>", e.g. "401
// /api/v1/session", each seen once, in order; a test may add to it as it goes.
export function watch(page, expected) {
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const where = msg.location()?.url ?? '';
    if (expected.length) {
      const [status, path] = expected[0].split(' ');
      if (msg.text().includes(`status of ${status}`) && where.split('?')[0].endsWith(path)) {
        expected.shift();
        return;
      }
    }
    problems.push(`console error: ${msg.text()} (${where})`);
  });
  return problems;
}

// Ends a browser test: a screenshot of each page that has none yet (so a
// failure still leaves a picture), the browser and the demo closed, the
// demo's output kept in `dir` and its data and profile removed.
export async function tearDown(dir, { context, demo, pages = [] }) {
  for (const [page, name] of pages) {
    if (context && page && !existsSync(join(dir, name))) await page.screenshot({ path: join(dir, name) }).catch(() => {});
  }
  await context?.close().catch(() => {});
  demo?.kill();
  await demo?.exited;
  if (demo) writeFileSync(join(dir, 'demo.log'), demo.output());
  rmSync(join(dir, 'data'), { recursive: true, force: true });
  rmSync(join(dir, 'profile'), { recursive: true, force: true });
  console.log(`e2e artifacts (screenshots, demo output): ${dir}`);
}
