// Shared helpers for the browser tests: server lifecycle, browser, axe, screenshots.
import crypto from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, createWriteStream, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
export const here = dirname(fileURLToPath(import.meta.url));
export const shotsDir = join(here, 'screenshots');
mkdirSync(shotsDir, { recursive: true });

export const PASSWORD = 'Gongzhi@2026';
export const DEMO = {
  districtAdmin: '13800000001',
  streetAdmin: '13800000002',
  communityWorker: '13800000003',
  commissioner: '13800000004',
  resident: '13800000005',
  auditAdmin: '13800000006',
};

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Starts the real server on a free port with a throw-away data dir and demo data; resolves once /readyz answers. */
export async function startServer() {
  if (process.env.GZ_E2E_BASE_URL) return { baseUrl: process.env.GZ_E2E_BASE_URL, stop: async () => {} };
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'gongzhi-e2e-'));
  const log = join(dataDir, 'server.log');
  const out = createWriteStream(log);
  const child = spawn(process.execPath, [join(here, '../../server/bin/gongzhi.mjs'), 'serve', '--seed-demo-if-empty', '--test-clock'], {
    // No 公示 wait in the browser tests: a round's award follows its notice at once (projects.test.mjs).
    env: { ...process.env, PORT: String(port), GONGZHI_DATA_DIR: dataDir, GONGZHI_NOTICE_DAYS: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  let exited = null;
  child.on('exit', (code) => (exited = code));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 420_000; // PGlite's first start, migrations and seeding the demo district (≈ 1 min quiet, 3 under load)
  for (;;) {
    if (exited !== null) throw new Error(`server exited with ${exited}; see ${log}`);
    if (Date.now() > deadline) throw new Error(`server not ready after 420 s; see ${log}`);
    try {
      const r = await fetch(`${baseUrl}/readyz`);
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    baseUrl,
    log,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => (exited !== null ? r() : child.once('exit', r)));
      if (!process.env.GZ_E2E_KEEP) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

const axeSource = readFileSync(require.resolve('axe-core'), 'utf8');

/** Runs axe-core in the page and returns serious/critical violations (WCAG 2.x A/AA, 2.2 AA). */
export async function axeSerious(page) {
  // Evaluated through the DevTools protocol, not as an inline <script>: the app's CSP (no 'unsafe-inline') stays on.
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.evaluate(axeSource);
  // Let antd's enter motions end first: a popover caught mid-fade reads as low contrast.
  await page.evaluate(() => Promise.race([
    Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))),
    new Promise((resolve) => setTimeout(resolve, 2000)),
  ]));
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'] } }),
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ' :: ' + n.failureSummary) }));
}

export async function expectNoSeriousAxe(page, label) {
  const v = await axeSerious(page);
  if (v.length) throw new Error(`axe on ${label}: ${JSON.stringify(v, null, 2)}`);
}

/** Moves the shared server's clock forward (it runs with `--test-clock`); returns the server's new now. */
export async function advanceServerClock(baseUrl, ms) {
  const res = await fetch(`${baseUrl}/api/test-clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceMs: ms }) });
  assert(res.ok, `the server must run with --test-clock: ${res.status}`);
  return (await res.json()).now;
}

/**
 * Chooses an option of an Ant Design select inside `scope` (a dialog or form) and checks that it took: on a loaded
 * machine a click can land while the dropdown is still animating open and be lost, so it opens and clicks again
 * until the select in `scope` shows it (antd 6 titles the chosen value; the dropdown is rendered outside the scope).
 */
export async function pickOption(page, scope, combobox, text) {
  for (let attempt = 1; ; attempt++) {
    await combobox.click();
    await page.locator('.ant-select-dropdown:visible').getByText(text, { exact: true }).click();
    try {
      await scope.getByTitle(text, { exact: true }).waitFor({ timeout: 3000 });
      return;
    } catch (e) {
      if (attempt >= 4) throw e;
    }
  }
}

function base32Decode(text) {
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of text.replace(/=+$/, '')) {
    value = (value << 5) | A.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 6238 with the app's defaults (SHA-1, 6 digits, 30 s), written here independently of the server's code. */
export function totpNow(secret) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30_000)));
  const mac = crypto.createHmac('sha1', base32Decode(secret)).update(msg).digest();
  const o = mac[mac.length - 1] & 0x0f;
  return String((mac.readUInt32BE(o) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

export const shot = (page, name) => page.screenshot({ path: join(shotsDir, `${name}.png`), fullPage: true });

export function assert(cond, message) {
  if (!cond) throw new Error(message);
}

/**
 * Opens a browser context signed in as one person, runs `fn(page)`, closes it; fails on uncaught page errors.
 * (CSP bypassed as in run.mjs; security-headers.test.mjs is the suite that runs with it enforced.)
 */
export async function asPerson(browser, baseUrl, phone, options, fn) {
  const context = await browser.newContext({ baseURL: baseUrl, locale: 'zh-CN', bypassCSP: true, ...options });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const res = await context.request.post('/api/auth/login', { data: { phone, password: PASSWORD } });
  assert(res.ok(), `login ${phone} failed: ${res.status()}`);
  try {
    await fn(page);
  } finally {
    await context.close();
  }
  assert(errors.length === 0, `uncaught page errors (${phone}): ${errors.join('\n')}`);
}
