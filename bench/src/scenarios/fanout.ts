import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createHistogram } from 'node:perf_hooks';
import { sql } from 'kysely';
import { createDb } from '../../../server/src/db/create-db.ts';
import { announceNotifications } from '../../../server/src/platform/live.ts';
import { newToken, sessionIdOf } from '../../../server/src/platform/auth/session-token.ts';
import { LiveReads } from '../../../server/src/modules/notifications/live-reads.ts';
import { freePort, RssSampler, spawnLogged, waitForHttp } from '../lib/processes.ts';
import { startPrivatePostgres } from '../lib/postgres.ts';
import { repoRoot } from '../lib/server-deps.ts';
import { summarise, type LoadResult } from '../lib/stats.ts';
import type { BenchOptions, BenchRow } from '../report.ts';
import { prepareDatabase, startServer } from './places.ts';

/**
 * `fanout`: N residents hold `GET /api/events/stream` open (server-sent events); one transaction writes a
 * notification to each of them and announces it (`announceNotifications`, the server's own: pg_notify at commit);
 * each client times the arrival of its `event: notification` from the moment before COMMIT. Three broadcasts.
 *
 * Ceilings in the same run, at the same N: node:http and Fastify SSE hello worlds (a broadcast writes one event to
 * every open stream: what HTTP and the framework allow), and the database side of a delivery — the N streams'
 * reads asked of the server's own pooled reader (live-reads.ts: one `id in (…)` statement per 2,000 ids) through a
 * pool of 10, as the server's streams do since the streams stopped reading one statement each.
 *
 * Sessions are written straight into `sessions` (sign-in is rate-limited per IP, and would take minutes of
 * password hashing for 5,000 people); each client is a different resident of the demo district.
 */

type Log = (line: string) => void;

const ROUNDS = 3;
const DELIVERY_TIMEOUT_MS = 30_000;

type Client = { socket: net.Socket; got: number; buffer: string };

/** Opens `n` SSE connections with the given cookies (or none), `batch` at a time; resolves once each saw its first bytes. */
async function openStreams(port: number, pathName: string, cookies: (string | null)[], log: Log): Promise<Client[]> {
  const clients: Client[] = [];
  const batch = 200;
  for (let i = 0; i < cookies.length; i += batch) {
    const opened = await Promise.all(
      cookies.slice(i, i + batch).map(
        (cookie) =>
          new Promise<Client>((resolve, reject) => {
            const socket = net.connect({ host: '127.0.0.1', port, noDelay: true });
            const c: Client = { socket, got: 0, buffer: '' };
            const timer = setTimeout(() => reject(new Error('stream did not open within 30 s')), 30_000);
            socket.setEncoding('utf8');
            socket.once('error', reject);
            socket.on('data', (d: string) => {
              c.buffer += d;
              if (c.buffer.includes(': connected')) {
                clearTimeout(timer);
                if (!c.buffer.startsWith('HTTP/1.1 200')) reject(new Error(`stream answered ${c.buffer.slice(0, 60)}`));
                resolve(c);
              }
            });
            socket.write(`GET ${pathName} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: text/event-stream\r\n${cookie ? `Cookie: gz_session=${cookie}\r\n` : ''}\r\n`);
          }),
      ),
    );
    clients.push(...opened);
    if ((i / batch) % 5 === 4) log(`  ${clients.length} streams open`);
  }
  return clients;
}

/** Waits until every client has seen `round` notifications since its stream opened; latency from `t0()`. */
function awaitDeliveries(clients: Client[], round: number, t0: () => number): Promise<LoadResult> {
  const hist = createHistogram();
  let delivered = 0;
  return new Promise((resolve) => {
    const finish = () => {
      for (const c of clients) c.socket.removeAllListeners('data');
      resolve(summarise(hist, { ok: delivered, errors: clients.length - delivered, elapsedMs: Math.max(1, performance.now() - t0()), firstErrors: delivered < clients.length ? [`${clients.length - delivered} streams got nothing within ${DELIVERY_TIMEOUT_MS / 1000} s`] : [] }));
    };
    const timer = setTimeout(finish, DELIVERY_TIMEOUT_MS);
    for (const c of clients) {
      c.buffer = '';
      c.socket.on('data', (d: string) => {
        c.buffer += d;
        const seen = c.buffer.split('event: notification').length - 1;
        if (seen > 0 && c.got < round) {
          c.got = round;
          hist.record(Math.max(1, Math.round((performance.now() - t0()) * 1000)));
          delivered++;
          c.buffer = '';
          if (delivered === clients.length) {
            clearTimeout(timer);
            finish();
          }
        }
      });
    }
  });
}

function closeAll(clients: Client[]): void {
  for (const c of clients) c.socket.destroy();
}

async function helloFanout(o: BenchOptions, n: number, tmp: string, log: Log): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const kind of ['node-sse', 'fastify-sse'] as const) {
    const port = await freePort();
    const proc = spawnLogged(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'bench/src/ceilings/hello-server.ts'), kind, String(port)], {
      cwd: repoRoot,
      env: { ...process.env, NODE_ENV: 'production' },
      logFile: path.join(tmp, `hello-${kind}.log`),
    });
    try {
      await waitForHttp(`http://127.0.0.1:${port}/broadcast`, proc.child, 30_000, proc.logFile);
      log(`ceiling: ${kind} fan-out to ${n} streams`);
      const clients = await openStreams(port, '/stream', Array<null>(n).fill(null), log);
      const rss = new RssSampler(proc.child.pid);
      rss.sample();
      const results: LoadResult[] = [];
      for (let r = 1; r <= ROUNDS; r++) {
        let t0 = 0;
        const wait = awaitDeliveries(clients, r, () => t0);
        t0 = performance.now();
        await fetch(`http://127.0.0.1:${port}/broadcast`);
        results.push(await wait);
        rss.sample();
      }
      closeAll(clients);
      rows.push({ db: '-', scenario: `${kind === 'node-sse' ? 'node:http' : 'fastify'} SSE fan-out ×${n}`, kind: kind === 'node-sse' ? 'http-ceiling' : 'framework-ceiling', result: merge(results), rssMiB: rss.peak, cpuMsPerRequest: null });
    } finally {
      await proc.stop();
    }
  }
  return rows;
}

/** Three rounds as one result: every delivery's latency, throughput = deliveries ÷ the rounds' time. */
function merge(results: LoadResult[]): LoadResult {
  const sum = (f: (r: LoadResult) => number) => results.reduce((a, r) => a + f(r), 0);
  const seconds = sum((r) => r.seconds);
  return {
    requests: sum((r) => r.requests),
    errors: sum((r) => r.errors),
    seconds,
    rps: sum((r) => r.requests - r.errors) / seconds,
    p50: Math.max(...results.map((r) => r.p50)),
    p99: Math.max(...results.map((r) => r.p99)),
    max: Math.max(...results.map((r) => r.max)),
    firstErrors: results.flatMap((r) => r.firstErrors).slice(0, 3),
  };
}

export async function runFanout(o: BenchOptions & { clients: number }, log: Log, info: Record<string, string>): Promise<BenchRow[]> {
  const n = o.clients;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-bench-fanout-'));
  const rows: BenchRow[] = await helloFanout(o, n, tmp, log);
  let url = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  const privatePg = url ? null : await startPrivatePostgres(log);
  url ??= privatePg!.url;
  info.postgres = privatePg?.version ?? 'PostgreSQL (given by DATABASE_URL / BENCH_DATABASE_URL)';
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  const handle = await createDb({ databaseUrl: url, poolSize: 10 });
  const db = handle.db;
  try {
    const dataDir = fs.mkdtempSync(path.join(tmp, 'data-postgres-'));
    await prepareDatabase(tmp, 'postgres', dataDir, url, o.analyze, log);
    const { rows: people } = await sql<{ person_id: number; district_id: number }>`
      select distinct on (ra.person_id) ra.person_id, ra.district_id from role_assignments ra where ra.role = 'owner' and ra.valid_to is null order by ra.person_id limit ${n}`.execute(db);
    if (people.length < n) throw new Error(`fanout: only ${people.length} residents to connect, ${n} asked`);
    const tokens = people.map(() => newToken());
    const now = new Date();
    await sql`insert into sessions (id, district_id, person_id, csrf_token, created_at, last_seen_at)
      select * from unnest(${tokens.map(sessionIdOf)}::text[], ${people.map((p) => p.district_id)}::bigint[], ${people.map((p) => p.person_id)}::bigint[],
        ${tokens.map(() => newToken())}::text[], ${Array<Date>(n).fill(now)}::timestamptz[], ${Array<Date>(n).fill(now)}::timestamptz[])`.execute(db);
    server = await startServer(tmp, 'postgres', dataDir, url, log);
    const port = server.target.port;
    log(`opening ${n} streams on GET /api/events/stream`);
    const clients = await openStreams(port, '/api/events/stream', tokens, log);
    const rss = new RssSampler(server.proc.child.pid);
    rss.sample();
    log(`server RSS with ${n} idle streams: ${rss.peak.toFixed(0)} MiB`);
    // Let every stream finish reading its starting point (maxIdForPerson) before the first broadcast.
    await new Promise((r) => setTimeout(r, 3000));
    const results: LoadResult[] = [];
    for (let r = 1; r <= ROUNDS; r++) {
      let t0 = 0;
      const wait = awaitDeliveries(clients, r, () => t0);
      await db.transaction().execute(async (trx) => {
        const { rows: inserted } = await sql<{ id: number; person_id: number }>`
          insert into notifications (district_id, person_id, kind, title, body, created_at)
          select district_id, person_id, 'bench.broadcast', ${`全体通知 ${r}`}, ${'停水通知：明日 9:00–12:00 检修'}, ${now}::timestamptz
          from unnest(${people.map((p) => p.person_id)}::bigint[], ${people.map((p) => p.district_id)}::bigint[]) as x(person_id, district_id)
          returning id, person_id`.execute(trx);
        await announceNotifications(trx, people[0]!.district_id, inserted, 'bench.broadcast', now);
        t0 = performance.now(); // the commit follows: delivery time starts here
      });
      const res = await wait;
      rss.sample();
      log(`broadcast ${r}: ${res.requests - res.errors}/${n} delivered, p50 ${res.p50.toFixed(0)} ms, p99 ${res.p99.toFixed(0)} ms`);
      results.push(res);
    }
    closeAll(clients);
    rows.push({ db: 'postgres', scenario: `SSE fan-out ×${n}`, kind: 'scenario', result: merge(results), rssMiB: rss.peak, cpuMsPerRequest: null });
    // The database side of one delivery per stream, N at once, through the server's pooled reader.
    const { rows: last } = await sql<{ person_id: number; id: number }>`select person_id, max(id)::bigint as id from notifications where kind = 'bench.broadcast' group by person_id`.execute(db);
    await server.proc.stop();
    server = null;
    const sqlResults: LoadResult[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const hist = createHistogram();
      const t0 = performance.now();
      const reader = new LiveReads(db);
      await Promise.all(last.map(async (p) => {
        await reader.forPerson(Number(p.person_id), [Number(p.id)]);
        hist.record(Math.max(1, Math.round((performance.now() - t0) * 1000)));
      }));
      sqlResults.push(summarise(hist, { ok: last.length, errors: 0, elapsedMs: performance.now() - t0, firstErrors: [] }));
    }
    rows.push({ db: 'postgres', scenario: `SSE fan-out ×${n} SQL`, kind: 'sql-ceiling', result: merge(sqlResults), rssMiB: null, cpuMsPerRequest: null });
    return rows;
  } finally {
    await server?.proc.stop();
    await db.destroy();
    privatePg?.stop();
    if (!o.keep) fs.rmSync(tmp, { recursive: true, force: true });
  }
}
