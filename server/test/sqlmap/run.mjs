#!/usr/bin/env node
/**
 * sqlmap against the list, search and sort endpoints (issue 10, "Bad-input suite"; docs/security.md).
 *
 * Starts the server on the embedded database with the demo district (as the browser tests do: loopback, so the
 * rate limits do not apply, production defaults untouched), signs in as the district admin, reads the OpenAPI
 * document the server serves, and writes one sqlmap request file for every GET operation that takes query
 * parameters — list filters, search words, sort and order, pages and cursors — with valid starting values (a real
 * place, a real id in the path). Then runs sqlmap on each file (PostgreSQL payloads, bounded level, risk and
 * techniques, a wall-clock limit per target, two at a time) and fails when:
 * - sqlmap reports any parameter injectable, or its heuristics see a database error in an answer;
 * - a target did not finish within its limit (an unfinished probe proves nothing);
 * - the server answered any request with a 5xx (its log is read: bad input must get a 4xx, "zero 5xx").
 *
 *   node server/test/sqlmap/run.mjs
 *   GZ_SQLMAP_BASE_URL=http://127.0.0.1:4000 node server/test/sqlmap/run.mjs   # against a running demo server
 *   GZ_SQLMAP_ONLY=/api/requests (a pattern)  GZ_SQLMAP_TARGET_S=90  GZ_SQLMAP_JOBS=2  GZ_SQLMAP_KEEP=1
 *
 * Ends with a line "sqlmap: N passed, N failed" (one per endpoint) for the CI summary.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/**
 * Who asks: the district admin (the widest reach of the demo sign-ins) first; a list that is not theirs (the audit
 * log, a worker's errands, a resident's own pages) is asked as the audit admin, the community worker or the resident.
 */
const PHONES = ['13800000001', '13800000006', '13800000003', '13800000005'];
const PASSWORD = 'Gongzhi@2026';
const TARGET_S = Number(process.env.GZ_SQLMAP_TARGET_S ?? 120);
const JOBS = Number(process.env.GZ_SQLMAP_JOBS ?? 2);
const ONLY = process.env.GZ_SQLMAP_ONLY ?? '';
const SQLMAP = process.env.SQLMAP ?? 'sqlmap';

/**
 * Bounded probing: PostgreSQL payloads only (PGlite is PostgreSQL too); level 1 / risk 1 (no payload that writes);
 * boolean, error, union, stacked and time-based techniques; only the query parameters (-p is set per target).
 * Level 2 doubles the payloads and took 9 minutes here, past what CI can spend on it.
 */
const SQLMAP_ARGS = [
  '--batch', '--ignore-stdin', '--dbms=PostgreSQL', '--level=1', '--risk=1', '--technique=BEUST', '--time-sec=2',
  '--timeout=10', '--retries=1', '--disable-coloring', '--flush-session', '-v', '1',
];

const started = Date.now();
const work = mkdtempSync(join(tmpdir(), 'gongzhi-sqlmap-'));
const keep = !!process.env.GZ_SQLMAP_KEEP;

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function startServer() {
  if (process.env.GZ_SQLMAP_BASE_URL) return { baseUrl: process.env.GZ_SQLMAP_BASE_URL, log: process.env.GZ_SQLMAP_LOG ?? null, stop: async () => {} };
  const port = await freePort();
  const dataDir = join(work, 'data');
  const log = join(work, 'server.log');
  const out = createWriteStream(log);
  const child = spawn(process.execPath, [join(here, '../../bin/gongzhi.mjs'), 'serve', '--seed-demo-if-empty', '--test-clock'], {
    env: { ...process.env, PORT: String(port), GONGZHI_DATA_DIR: dataDir, GONGZHI_NOTICE_DAYS: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  let exited = null;
  child.on('exit', (code) => (exited = code));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 420_000; // PGlite's first start, migrations and the demo seed (≈ 1 min quiet, 3 under load)
  for (;;) {
    if (exited !== null) throw new Error(`server exited with ${exited}; see ${log}`);
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`server not ready after 420 s; see ${log}`);
    }
    try {
      if ((await fetch(`${baseUrl}/readyz`)).ok) break;
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
    },
  };
}

async function signIn(baseUrl, phone) {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone, password: PASSWORD }) });
  if (!res.ok) throw new Error(`sign-in as ${phone} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const me = await (await fetch(`${baseUrl}/api/auth/me`, { headers: { cookie } })).json();
  return { cookie, me };
}

/** The first answer of a request, without reading a stream to its end: status and content type. */
async function probe(url, cookie) {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), 10_000);
  try {
    const res = await fetch(url, { headers: { cookie, accept: 'application/json' }, signal: ac.signal });
    const type = res.headers.get('content-type') ?? '';
    ac.abort();
    return { status: res.status, type };
  } catch (err) {
    return { status: 0, type: String(err) };
  } finally {
    clearTimeout(timer);
  }
}

async function getJson(baseUrl, cookie, path) {
  const res = await fetch(baseUrl + path, { headers: { cookie, accept: 'application/json' } });
  return res.ok ? res.json().catch(() => null) : null;
}

/** The first `key` (a number or a string) found in a list answer: an array, or { items | data | … : [...] }. */
function firstField(body, key) {
  const seen = new Set();
  const walk = (v, depth) => {
    if (v === null || typeof v !== 'object' || depth > 4 || seen.has(v)) return undefined;
    seen.add(v);
    if (!Array.isArray(v) && (typeof v[key] === 'number' || typeof v[key] === 'string')) return v[key];
    for (const x of Array.isArray(v) ? v : Object.values(v)) {
      const found = walk(x, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return walk(body, 0);
}

/** A real value for each path parameter, read from the collection the path hangs under; null when none is found. */
async function resolvePath(baseUrl, cookie, path) {
  let resolved = path.replaceAll('{format}', 'json');
  for (const m of [...resolved.matchAll(/\{(\w+)\}/g)]) {
    const [placeholder, name] = m;
    const before = resolved.slice(0, resolved.indexOf(placeholder)).replace(/\/$/, '');
    let value;
    if (before.startsWith('/open311/')) {
      // Open311 GeoReport v2: the collection is "<name>.json"; ids are service_request_id / service_code.
      const field = { id: 'service_request_id', code: 'service_code' }[name];
      if (field) value = firstField(await getJson(baseUrl, cookie, `${before}.json`), field);
    } else {
      value = firstField(await getJson(baseUrl, cookie, before), 'id');
    }
    if (value === undefined) return null;
    resolved = resolved.replace(placeholder, encodeURIComponent(String(value)));
  }
  return resolved;
}

/** A valid starting value for a query parameter, so that the untouched request answers 200 and sqlmap has a baseline. */
function startValue(p, ctx) {
  const s = p.schema ?? {};
  const enumOf = (x) => x.enum ?? x.anyOf?.flatMap((a) => a.enum ?? []);
  const e = enumOf(s);
  if (s.default !== undefined) return String(s.default);
  if (e?.length) return String(e[0]);
  if (s.type === 'boolean') return 'true';
  if (s.type === 'integer' || s.type === 'number') {
    if (/placeid$/i.test(p.name)) return String(ctx.placeId);
    if (p.name === 'year') return '2026';
    if (p.name === 'days') return '30';
    return String(Math.max(1, Number(s.minimum ?? 1)));
  }
  const end = /^(to|end_date)$/.test(p.name); // a range's end after its start
  if (s.format === 'date-time' || /_date$/.test(p.name)) return end ? '2026-12-31T00:00:00Z' : '2026-01-01T00:00:00Z';
  if (s.format === 'date' || /^(from|to)$/.test(p.name)) return end ? '2026-12-31' : '2026-01-01';
  if (s.pattern === '^\\d+$') return '1';
  if (p.name === 'jurisdiction_id') return ctx.jurisdiction;
  if (ctx.open311[p.name] !== undefined) return String(ctx.open311[p.name]);
  return 'a';
}

function runSqlmap(requestFile, params, outDir, logFile) {
  return new Promise((resolve) => {
    const out = createWriteStream(logFile);
    const child = spawn(SQLMAP, ['-r', requestFile, '-p', params.join(','), '--output-dir', outDir, ...SQLMAP_ARGS], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HOME: outDir } });
    let text = '';
    const collect = (b) => {
      text += b;
      out.write(b);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, TARGET_S * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      out.end();
      resolve({ code, text, timedOut });
    });
  });
}

/** What sqlmap said about one target: injectable parameters, database errors seen, whether it finished. */
function judge({ code, text, timedOut }) {
  const findings = [];
  for (const line of text.split('\n')) {
    if (/identified the following injection point/i.test(line)) findings.push(line.trim());
    else if (/parameter '[^']+' (appears|seems) to be .* injectable/i.test(line) && !/not injectable|do not appear/i.test(line)) findings.push(line.trim());
    else if (/heuristic \(basic\) test shows that .* might be injectable/i.test(line)) findings.push(line.trim());
    else if (/is vulnerable/i.test(line)) findings.push(line.trim());
  }
  const finished = !timedOut && /all tested parameters do not appear to be injectable|identified the following injection point/i.test(text);
  return { findings, finished, timedOut, exit: code };
}

/** Every 5xx the server logged (pino: one JSON line per finished request). */
function serverErrors(log) {
  if (!log) return { errors: [], requests: NaN };
  const errors = [];
  let requests = 0;
  const urls = new Map();
  for (const line of readFileSync(log, 'utf8').split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const entry = JSON.parse(line);
      if (entry.req?.url) {
        urls.set(entry.reqId, `${entry.req.method} ${entry.req.url}`);
        requests++;
      }
      const status = entry.res?.statusCode;
      if (status >= 500) errors.push(`${status} ${urls.get(entry.reqId) ?? entry.reqId}`);
    } catch {
      /* not a log entry */
    }
  }
  return { errors, requests };
}

async function main() {
  const server = await startServer();
  let failed = 0;
  let passed = 0;
  try {
    const sessions = [];
    for (const phone of PHONES) sessions.push({ phone, ...(await signIn(server.baseUrl, phone)) });
    const { cookie, me } = sessions[0];
    const doc = await getJson(server.baseUrl, cookie, '/api/openapi.json');
    if (!doc?.paths) throw new Error('no OpenAPI document at /api/openapi.json');
    const roots = await getJson(server.baseUrl, cookie, '/api/places/roots');
    // A chain district → street → community → compound: a list that wants a community gets one.
    const chain = [firstField(roots, 'id') ?? me?.roles?.[0]?.placeId ?? 1];
    for (let i = 0; i < 3; i++) {
      const child = firstField(await getJson(server.baseUrl, cookie, `/api/places/${chain[i]}/children`), 'id');
      if (child === undefined) break;
      chain.push(child);
    }
    const open311 = await getJson(server.baseUrl, cookie, '/open311/v2/requests.json');
    const ctx = {
      placeId: chain[0],
      jurisdiction: firstField(roots, 'code') ?? 'a',
      open311: { service_request_id: firstField(open311, 'service_request_id'), service_code: firstField(open311, 'service_code'), status: 'open' },
    };
    const host = new URL(server.baseUrl).host;
    const targets = [];
    const skipped = [];
    const failedSetup = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      const op = ops.get;
      const query = (op?.parameters ?? []).filter((p) => p.in === 'query');
      if (!query.length || (ONLY && !new RegExp(ONLY).test(path))) continue;
      const resolved = await resolvePath(server.baseUrl, cookie, path);
      if (!resolved) {
        skipped.push(`${path} (no id to put in the path)`);
        continue;
      }
      // The untouched request must answer 200 (sqlmap compares against it): try each level of place in turn.
      let qs;
      let first;
      let who;
      found: for (const session of sessions) {
        who = session;
        const own = (session.me?.roles ?? []).map((r) => r.placeId);
        for (const placeId of query.some((p) => /placeid$/i.test(p.name)) ? [...new Set([...chain, ...own])] : [ctx.placeId]) {
          qs = query.map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(startValue(p, { ...ctx, placeId }))}`).join('&');
          first = await probe(`${server.baseUrl}${resolved}?${qs}`, session.cookie);
          if (first.status === 200 || first.type.startsWith('text/event-stream')) break found;
        }
      }
      if (first.type.startsWith('text/event-stream')) {
        skipped.push(`${path} (an event stream: sqlmap reads whole answers)`);
        continue;
      }
      if (first.status !== 200) {
        failedSetup.push(`${path}: the untouched request answers ${first.status} ${first.type}`);
        continue;
      }
      const name = path.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '');
      const file = join(work, `${name}.req`);
      writeFileSync(file, [`GET ${resolved}?${qs} HTTP/1.1`, `Host: ${host}`, `Cookie: ${who.cookie}`, 'Accept: application/json', 'Accept-Language: zh-CN', '', ''].join('\r\n'));
      targets.push({ path, name, file, params: query.map((p) => p.name), phone: who.phone });
    }
    const paramCount = targets.reduce((n, t) => n + t.params.length, 0);
    console.log(`sqlmap ${SQLMAP_ARGS.join(' ')}`);
    console.log(`${targets.length} endpoints, ${paramCount} query parameters; ${TARGET_S} s per endpoint at most, ${JOBS} at a time; request files in ${work}`);
    for (const s of skipped) console.log(`  skipped ${s}`);
    for (const s of failedSetup) console.log(`  FAIL ${s}`);
    failed += failedSetup.length;

    const results = [];
    let next = 0;
    const worker = async () => {
      while (next < targets.length) {
        const t = targets[next++];
        const outDir = join(work, 'out', t.name);
        mkdirSync(outDir, { recursive: true });
        const t0 = Date.now();
        const verdict = judge(await runSqlmap(t.file, t.params, outDir, join(work, `${t.name}.log`)));
        const seconds = Math.round((Date.now() - t0) / 100) / 10;
        results.push({ ...t, ...verdict, seconds });
        const ok = verdict.findings.length === 0 && verdict.finished;
        console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${t.path} [${t.params.join(', ')}] as ${t.phone}, ${seconds} s${verdict.timedOut ? ' — TIMED OUT' : !verdict.finished ? ` — sqlmap did not finish (exit ${verdict.exit}; see ${t.name}.log)` : ''}`);
        for (const f of verdict.findings) console.log(`       ${f}`);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, JOBS) }, worker));

    for (const r of results) if (r.findings.length === 0 && r.finished) passed++; else failed++;
    const { errors, requests } = serverErrors(server.log);
    if (server.log === null) console.log('  (no server log to read: 5xx not counted; set GZ_SQLMAP_LOG)');
    else if (errors.length) {
      failed++;
      console.log(`FAIL the server answered ${errors.length} request(s) with 5xx:`);
      for (const e of errors.slice(0, 20)) console.log(`       ${e}`);
    } else console.log('  zero 5xx in the server log');
    console.log(`${results.length} endpoints, ${paramCount} parameters, ${Number.isNaN(requests) ? '?' : requests} requests served, ${results.reduce((n, r) => n + r.findings.length, 0)} findings, ${Math.round((Date.now() - started) / 1000)} s in all`);
  } finally {
    await server.stop();
    if (!keep && failed === 0) rmSync(work, { recursive: true, force: true });
    else console.log(`kept: ${work}`);
  }
  console.log(`sqlmap: ${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((err) => {
  console.error(err);
  console.log('sqlmap: 0 passed, 1 failed');
  process.exitCode = 1;
});
