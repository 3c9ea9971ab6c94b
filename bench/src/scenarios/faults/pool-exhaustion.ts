import { sleep } from '../../lib/processes.ts';
import { serverRequire } from '../../lib/server-deps.ts';
import { benchResidents, raiseBody, type Residents } from '../requests.ts';
import { alive, closeEnv, faultEnv, spawnServer, tagOf, tally, verdict, writeWithRetry, type Attempt, type FaultEnv, type Log, type Server } from './common.ts';

/**
 * `pool-exhaustion`: every pooled connection stuck. The server runs with its pool of 10, a 3 s statement timeout and a
 * 1 s wait for a connection (GONGZHI_STATEMENT_TIMEOUT_MS, GONGZHI_POOL_WAIT_MS). A side session takes
 * `lock table requests in access exclusive mode` and holds it --hold-s (6 s): every statement on requests waits.
 * Loopback only, bounded (one burst of 48 writes and 8 /readyz, then one replay).
 *   1. 48 writes (POST /api/me/requests, distinct Idempotency-Keys) and 8 GET /readyz at once while the lock is held →
 *      every answer is a 503 with Retry-After (QUERY_TIMEOUT or DATABASE_BUSY) or a success, within 10 s: never
 *      a 500, never a hang
 *   2. nothing of a refused write was written (no row for its key)
 *   3. the lock released: /readyz answers 200 again; replaying every key answers 201, and each key has exactly one
 *      row
 */
const WRITES = 48;
const BOUND_MS = 10_000;

export async function runPoolExhaustion(o: { keep: boolean }, log: Log): Promise<number> {
  let env: FaultEnv | null = null;
  let server: Server | null = null;
  const problems: string[] = [];
  const checked: string[] = [];
  const pg = serverRequire('pg') as typeof import('pg').default;
  let blocker: InstanceType<typeof pg.Client> | null = null;
  try {
    env = await faultEnv('pool-exhaustion', log);
    server = await spawnServer(env, 'a', log, { vars: { GONGZHI_STATEMENT_TIMEOUT_MS: '3000', GONGZHI_POOL_WAIT_MS: '1000' } });
    const s = server;
    const tag = tagOf();
    const res: Residents = await benchResidents(s.target, 16, tag);
    const key = (i: number) => `pe-${tag}-${i}`;
    const raise = (i: number, deadline: number) => writeWithRetry<{ id: number }>(s.target, res.residents[i % 16]!, 'POST', '/api/me/requests', raiseBody(res, i), key(i), deadline, BOUND_MS + 5000);

    blocker = new pg.Client({ connectionString: env.url });
    await blocker.connect();
    await blocker.query('begin');
    await blocker.query('lock table requests in access exclusive mode');
    const tLock = Date.now();
    log(`requests locked by a side session; ${WRITES} writes and 8 /readyz at once`);
    const readyz = async () => {
      const t0 = Date.now();
      try {
        const r = await fetch(`http://127.0.0.1:${s.target.port}/readyz`, { signal: AbortSignal.timeout(BOUND_MS + 5000) });
        return { status: r.status as number | 'network', ms: Date.now() - t0 };
      } catch {
        return { status: 'network' as const, ms: Date.now() - t0 };
      }
    };
    // deadline 0: one attempt each, no retry
    const [writes, probes] = await Promise.all([Promise.all(Array.from({ length: WRITES }, (_, i) => raise(i, 0))), Promise.all(Array.from({ length: 8 }, () => readyz()))]);
    const burstMs = Date.now() - tLock;
    const attempts: Attempt[] = writes.flatMap((w) => w.attempts);
    for (const a of attempts) {
      if (a.status === 500) problems.push(`a write answered 500 (${a.code})`);
      else if (a.status === 'network') problems.push(`a write got no answer within ${(BOUND_MS + 5000) / 1000} s`);
      else if (a.status === 503 && !a.retryAfter) problems.push('a 503 without Retry-After');
      else if (a.status !== 503 && a.status !== 201) problems.push(`a write answered ${a.status} (${a.code})`);
      if (a.ms > BOUND_MS) problems.push(`a write took ${a.ms} ms (bound ${BOUND_MS})`);
    }
    for (const p of probes) {
      if (p.status !== 200 && p.status !== 503) problems.push(`/readyz answered ${p.status}`);
      if (p.ms > BOUND_MS) problems.push(`/readyz took ${p.ms} ms`);
    }
    const codes = new Map<string, number>();
    for (const a of attempts) if (a.status === 503) codes.set(`${a.code} (Retry-After ${a.retryAfter})`, (codes.get(`${a.code} (Retry-After ${a.retryAfter})`) ?? 0) + 1);
    const ms = attempts.map((a) => a.ms).sort((x, y) => x - y);
    checked.push(`lock held: ${WRITES} writes answered ${tally(attempts)} — ${[...codes].map(([k, v]) => `${k}×${v}`).join(', ')}; answer times ${ms[0]}–${ms.at(-1)} ms (median ${ms[Math.floor(ms.length / 2)]}), bound ${BOUND_MS} ms; 8 /readyz answered ${tally(probes as Attempt[])} in ${Math.min(...probes.map((p) => p.ms))}–${Math.max(...probes.map((p) => p.ms))} ms; burst over in ${burstMs} ms`);

    const hold = Math.max(0, 6000 - (Date.now() - tLock));
    await sleep(hold);
    await blocker.query('rollback');
    const tFree = Date.now();
    let readyAfter = -1;
    while (Date.now() - tFree < 30_000) {
      const p = await readyz();
      if (p.status === 200) {
        readyAfter = Date.now() - tFree;
        break;
      }
      await sleep(100);
    }
    if (readyAfter < 0) problems.push('/readyz not 200 within 30 s of the release');

    const refused = writes.filter((w) => w.status !== 201).map((w) => w.key);
    const q = env.open();
    try {
      const early = (await q.query<{ key: string }>(`select idempotency_key as key from requests where idempotency_key = any($1::text[])`, [refused])).rows;
      for (const e of early) problems.push(`refused write ${e.key} left a row`);
      checked.push(`after the release: /readyz 200 after ${readyAfter} ms; ${refused.length} refused writes left ${early.length} rows`);
      const replays = await Promise.all(Array.from({ length: WRITES }, (_, i) => raise(i, Date.now() + 30_000)));
      const bad = replays.filter((r) => r.status !== 201);
      for (const b of bad) problems.push(`replay of ${b.key} ended ${b.status} ${JSON.stringify(b.json)}`);
      const firstOk = new Map(writes.filter((w) => w.status === 201).map((w) => [w.key, w.json!.id]));
      for (const r of replays) if (firstOk.has(r.key) && r.json?.id !== firstOk.get(r.key)) problems.push(`replay of ${r.key} answered ${r.json?.id}, first ${firstOk.get(r.key)}`);
      const rows = (await q.query<{ key: string; n: number }>(`select idempotency_key as key, count(*)::int as n from requests where idempotency_key like $1 group by 1`, [`pe-${tag}-%`])).rows;
      const doubled = rows.filter((r) => r.n !== 1);
      for (const d of doubled) problems.push(`key ${d.key} has ${d.n} rows`);
      if (rows.length !== WRITES) problems.push(`${rows.length} keys with rows, expected ${WRITES}`);
      checked.push(`replay of all ${WRITES} keys: ${tally(replays.flatMap((r) => r.attempts))}; ${rows.length} keys in the database, ${doubled.length} with more than one row`);
    } finally {
      await q.close();
    }
    if (!alive(s)) problems.push('the server died');
  } finally {
    await blocker?.end().catch(() => undefined);
    await server?.proc.stop();
    closeEnv(env, o.keep, log);
  }
  return verdict('pool-exhaustion', checked, problems);
}
