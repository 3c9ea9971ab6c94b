import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Target } from '../../lib/http-load.ts';
import { startPrivatePostgres, type PrivatePostgres } from '../../lib/postgres.ts';
import { freePort, sleep, spawnLogged, waitForHttp, type Spawned } from '../../lib/processes.ts';
import { repoRoot } from '../../lib/server-deps.ts';
import { pgClient, type SqlClient } from '../../lib/sql-client.ts';
import { newPool, prepareDatabase, serverEnv } from '../places.ts';
import { api, PASSWORD, signIn, type Session } from '../requests.ts';
import { givePoints } from '../store.ts';

/**
 * What the fault scripts (pg-restart, two-instances, clock-jump, pool-exhaustion) share: a private PostgreSQL
 * seeded with the demo district, server processes started with extra flags and environment, a client that
 * retries a write with the same Idempotency-Key, and the "nothing lost" verdict.
 */
export type Log = (line: string) => void;
export type Server = { proc: Spawned; target: Target; name: string };

export type FaultEnv = { tmp: string; dataDir: string; url: string; pg: PrivatePostgres | null; open: () => SqlClient };

/** A private PostgreSQL (or BENCH_DATABASE_URL / DATABASE_URL unless `needPrivate`), seeded with the demo district. */
export async function faultEnv(name: string, log: Log, needPrivate = false): Promise<FaultEnv> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `gongzhi-bench-${name}-`));
  let pg: PrivatePostgres | null = null;
  let url = needPrivate ? undefined : (process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL);
  if (!url) {
    pg = await startPrivatePostgres(log);
    url = pg.url;
  }
  const dataDir = fs.mkdtempSync(path.join(tmp, 'data-postgres-'));
  await prepareDatabase(tmp, 'postgres', dataDir, url, true, log);
  const u = url;
  return { tmp, dataDir, url, pg, open: () => pgClient(newPool(u)) };
}

export function closeEnv(env: FaultEnv | null, keep: boolean, log: Log): void {
  if (!env) return;
  env.pg?.stop();
  if (!keep) fs.rmSync(env.tmp, { recursive: true, force: true });
  else log(`kept ${env.tmp}`);
}

/** `gongzhi serve` on the env's database, with extra flags (e.g. --test-clock) and environment. */
export async function spawnServer(env: FaultEnv, name: string, log: Log, o: { args?: string[]; vars?: Record<string, string> } = {}): Promise<Server> {
  const port = await freePort();
  const proc = spawnLogged(process.execPath, [path.join(repoRoot, 'server/bin/gongzhi.mjs'), 'serve', ...(o.args ?? [])], {
    cwd: repoRoot,
    env: { ...serverEnv(env.dataDir, env.url, port), GONGZHI_LOG_LEVEL: 'warn', ...o.vars },
    logFile: path.join(env.tmp, `server-${name}.log`),
  });
  const t0 = Date.now();
  await waitForHttp(`http://127.0.0.1:${port}/readyz`, proc.child, 5 * 60_000, proc.logFile);
  log(`server ${name} (pid ${proc.child.pid}) ready on port ${port} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return { proc, target: { host: '127.0.0.1', port }, name };
}

export const alive = (s: Server) => s.proc.child.exitCode === null && s.proc.child.signalCode === null;

export type Attempt = { status: number | 'network'; ms: number; retryAfter?: string | null; code?: string };
export type WriteOutcome<T> = { key: string; attempts: Attempt[]; status?: number; json?: T };

/**
 * One write, retried with the same Idempotency-Key while the answer is a network error or a 5xx (what a client
 * should do), until a 2xx/4xx or `deadline` (epoch ms). Every attempt is recorded.
 */
export async function writeWithRetry<T>(target: Target, me: Session, method: string, p: string, body: unknown, key: string, deadline: number, timeoutMs = 15_000): Promise<WriteOutcome<T>> {
  const out: WriteOutcome<T> = { key, attempts: [] };
  for (let wait = 100; ; wait = Math.min(wait * 2, 1000)) {
    const t0 = Date.now();
    try {
      const r = await fetch(`http://${target.host}:${target.port}${p}`, {
        method,
        headers: { cookie: `gz_session=${me.cookie}`, 'x-csrf-token': me.csrf, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body ?? {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await r.text();
      let json: unknown = null;
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        json = { raw: text.slice(0, 200) };
      }
      out.attempts.push({ status: r.status, ms: Date.now() - t0, retryAfter: r.headers.get('retry-after'), code: (json as { code?: string } | null)?.code });
      if (r.status < 500) {
        out.status = r.status;
        out.json = json as T;
        return out;
      }
    } catch {
      out.attempts.push({ status: 'network', ms: Date.now() - t0 });
    }
    if (Date.now() + wait > deadline) return out;
    await sleep(wait);
  }
}

/** Watches GET /readyz every 200 ms; records each change of answer with the time it was first seen. */
export function watchReadyz(target: Target) {
  const changes: { at: number; state: string }[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      let state: string;
      try {
        const r = await fetch(`http://${target.host}:${target.port}/readyz`, { signal: AbortSignal.timeout(3000) });
        state = String(r.status);
      } catch {
        state = 'no answer';
      }
      if (changes.at(-1)?.state !== state) changes.push({ at: Date.now(), state });
      await sleep(200);
    }
  })();
  return {
    changes,
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

export const tagOf = () => crypto.randomBytes(4).toString('hex');

/** Tallies attempt statuses: "201×812, 503×40, network×3". */
export function tally(attempts: Attempt[]): string {
  const m = new Map<string, number>();
  for (const a of attempts) m.set(String(a.status), (m.get(String(a.status)) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k}×${v}`).join(', ') || 'none';
}

/** A listing on the demo shop (13800000017) at 1 point, and `points` points for each buyer through the ledger. */
export async function storeFixture(target: Target, url: string, buyers: Session[], o: { points: number; stock: number; tag: string }): Promise<{ listingId: number; districtId: number }> {
  const shopOwner = await signIn(target, { phone: '13800000017', password: PASSWORD });
  const mine = await api<{ items: { id: number }[] }>(target, shopOwner, 'GET', '/api/me/store/merchants');
  const shop = mine.json.items[0];
  if (!shop) throw new Error('13800000017 owns no shop: is the demo store seeded?');
  const l = await api<{ id: number }>(target, shopOwner, 'POST', `/api/store/merchants/${shop.id}/listings`, { kind: 'goods', title: `故障测试 ${o.tag}`, pricePoints: 1, stock: o.stock }, { 'idempotency-key': `fault-listing-${o.tag}` });
  if (l.status !== 201) throw new Error(`listing: ${l.status} ${JSON.stringify(l.json)}`);
  const admin = await signIn(target, { phone: '13800000001', password: PASSWORD });
  const districtId = Number(admin.roles.find((r) => r.role === 'district_admin')!.placeId);
  await givePoints(url, districtId, buyers.map((b) => b.personId), o.points, o.tag);
  return { listingId: l.json.id, districtId };
}

/** The ledger's own reconciliation (GET /api/points/summary as the district admin). */
export async function ledgerSummary(target: Target) {
  const admin = await signIn(target, { phone: '13800000001', password: PASSWORD });
  const r = await api<{ accounts: number; mismatched: number; balanced: boolean }>(target, admin, 'GET', '/api/points/summary');
  if (r.status !== 200) throw new Error(`points summary: ${r.status}`);
  return r.json;
}

/** Prints the verdict the issue asks for and returns the exit code. */
export function verdict(name: string, checked: string[], problems: string[]): number {
  console.log(`\n${name}: checked\n${checked.map((c) => `  - ${c}`).join('\n')}`);
  if (problems.length === 0) {
    console.log(`${name}: nothing lost`);
    return 0;
  }
  const shown = problems.slice(0, 40);
  console.log(`${name}: ${problems.length} problem(s):\n${shown.map((p) => `  - ${p}`).join('\n')}${problems.length > shown.length ? `\n  … ${problems.length - shown.length} more` : ''}`);
  return 1;
}
