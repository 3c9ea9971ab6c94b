import { sleep } from '../../lib/processes.ts';
import { benchResidents, raiseBody, type Residents } from '../requests.ts';
import { alive, closeEnv, faultEnv, ledgerSummary, spawnServer, storeFixture, tagOf, tally, verdict, watchReadyz, writeWithRetry, type FaultEnv, type Log, type Server, type WriteOutcome } from './common.ts';

/**
 * `pg-restart`: PostgreSQL restarted under a write load. Loopback only, bounded (--load-s of load, a --down-s
 * outage, then as long again; every write retried for at most 60 s).
 *   1. private PostgreSQL with the demo district; one server; 16 bench residents, each with 1,000 points
 *   2. 16 callers write back to back, each write with its own Idempotency-Key, retried with that same key on a
 *      network error or a 5xx (as a client should): even callers raise requests (POST /api/me/requests), odd
 *      callers redeem a 1-point item (POST /api/store/listings/:id/redeem)
 *   3. after --load-s seconds PostgreSQL is stopped (`pg_ctl stop -m fast`: in-flight transactions abort),
 *      started again --down-s seconds later on the same port; the load goes on throughout
 *   4. check: the server process was never restarted; /readyz answered 503 while PostgreSQL was down and 200
 *      again by itself; no answer was a 500 (the outage is answered 503 + Retry-After); every key ended
 *      acknowledged; in the database every acknowledged key has exactly one row, the id the API gave, and no
 *      row exists for a key the client never saw acknowledged; the points ledger reconciles
 */
type Write = WriteOutcome<{ id?: number }> & { kind: 'request' | 'redeem'; caller: number };

export async function runPgRestart(o: { loadS: number; downS: number; keep: boolean }, log: Log): Promise<number> {
  let env: FaultEnv | null = null;
  let server: Server | null = null;
  const problems: string[] = [];
  const checked: string[] = [];
  try {
    env = await faultEnv('pg-restart', log, true);
    const pg = env.pg!;
    server = await spawnServer(env, 'a', log);
    const pid = server.proc.child.pid;
    const tag = tagOf();
    const res: Residents = await benchResidents(server.target, 16, tag);
    const buyers = res.residents.filter((_, i) => i % 2 === 1);
    const { listingId } = await storeFixture(server.target, env.url, buyers, { points: 1000, stock: 100_000, tag });
    const before = await ledgerSummary(server.target);
    log(`16 callers (8 raise requests, 8 redeem listing ${listingId}); keys pr-${tag}-<caller>-<n>`);

    const writes: Write[] = [];
    let stopping = false;
    const target = server.target;
    const caller = async (c: number) => {
      for (let i = 0; !stopping; i++) {
        const key = `pr-${tag}-${c}-${i}`;
        const kind = c % 2 === 0 ? 'request' : 'redeem';
        const deadline = Date.now() + 60_000;
        const w = kind === 'request'
          ? await writeWithRetry<{ id?: number }>(target, res.residents[c]!, 'POST', '/api/me/requests', raiseBody(res, c * 100_000 + i), key, deadline)
          : await writeWithRetry<{ id?: number }>(target, res.residents[c]!, 'POST', `/api/store/listings/${listingId}/redeem`, {}, key, deadline);
        writes.push({ ...w, kind, caller: c });
      }
    };
    const ready = watchReadyz(target);
    const load = Promise.all(Array.from({ length: 16 }, (_, c) => caller(c)));
    await sleep(o.loadS * 1000);
    const ackedBefore = writes.filter((w) => w.status === 201).length;
    const tDown = Date.now();
    await pg.halt!();
    log(`PostgreSQL stopped after ${o.loadS} s of load (${ackedBefore} writes acknowledged so far; pg_ctl stop took ${((Date.now() - tDown) / 1000).toFixed(1)} s)`);
    await sleep(o.downS * 1000);
    const tUp = Date.now();
    await pg.resume!();
    log(`PostgreSQL started again after ${((Date.now() - tDown) / 1000).toFixed(1)} s down`);
    await sleep(o.loadS * 1000);
    stopping = true;
    await load;
    await sleep(500);
    await ready.stop();

    // The server process is the same one, alive.
    if (!alive(server) || server.proc.child.pid !== pid) problems.push(`the server process ${pid} died (exit ${server.proc.child.exitCode ?? server.proc.child.signalCode})`);
    checked.push(`the server process (pid ${pid}) stayed up through the outage: ${alive(server) ? 'yes' : 'NO'}`);

    // /readyz: ready → not ready while down → ready again, without a restart.
    const seq = ready.changes.map((c) => `${c.state} at ${((c.at - tDown) / 1000).toFixed(1)} s`).join(' → ');
    const unready = ready.changes.find((c) => c.at >= tDown && c.state !== '200');
    const back = ready.changes.find((c) => c.at >= tUp && c.state === '200');
    if (!unready) problems.push('/readyz never reported not-ready while PostgreSQL was down');
    if (!back) problems.push('/readyz did not report ready again after PostgreSQL came back');
    else if (ready.changes.at(-1)?.state !== '200') problems.push(`/readyz ended ${ready.changes.at(-1)?.state}`);
    checked.push(`/readyz (times from the stop): ${seq}; ready again ${back ? `${((back.at - tUp) / 1000).toFixed(1)} s after pg_ctl start began` : 'NEVER'}`);

    // Answers: 503 with Retry-After during the outage, never a 500.
    const attempts = writes.flatMap((w) => w.attempts);
    const http500 = attempts.filter((a) => a.status === 500);
    const noRetryAfter = attempts.filter((a) => a.status === 503 && !a.retryAfter);
    const other5xx = attempts.filter((a) => typeof a.status === 'number' && a.status > 500 && a.status !== 503);
    if (http500.length > 0) problems.push(`${http500.length} answer(s) were 500 (codes: ${[...new Set(http500.map((a) => a.code))].join(', ')})`);
    if (noRetryAfter.length > 0) problems.push(`${noRetryAfter.length} 503 answer(s) without Retry-After`);
    if (other5xx.length > 0) problems.push(`${other5xx.length} other 5xx answer(s)`);
    const slow = Math.max(...attempts.map((a) => a.ms));
    const codes503 = [...new Set(attempts.filter((a) => a.status === 503).map((a) => a.code))].join(', ');
    checked.push(`${writes.length} writes, ${attempts.length} attempts: ${tally(attempts)}${codes503 ? ` (503 codes: ${codes503})` : ''}; slowest answer ${slow} ms`);

    // Every write ended acknowledged.
    const unacked = writes.filter((w) => w.status !== 201);
    for (const w of unacked) problems.push(`${w.key} (${w.kind}) ended ${w.status ?? 'unanswered after 60 s of retries'} ${JSON.stringify(w.json ?? {})}`);
    const retried = writes.filter((w) => w.attempts.length > 1);
    checked.push(`${writes.length - unacked.length} / ${writes.length} writes acknowledged (${retried.length} of them after a retry with the same key)`);

    // In the database: exactly the acknowledged rows, one per key.
    const db = env.open();
    try {
      const acked = writes.filter((w) => w.status === 201 && typeof w.json?.id === 'number');
      const reqRows = (await db.query<{ key: string; n: number; ids: number[] }>(
        `select idempotency_key as key, count(*)::int as n, array_agg(id) as ids from requests where idempotency_key like $1 group by 1`, [`pr-${tag}-%`])).rows;
      const vouchers = (await db.query<{ n: number }>(`select count(*)::int as n from store_vouchers where listing_id = $1`, [listingId])).rows[0]!.n;
      const byKey = new Map(reqRows.map((r) => [r.key, r]));
      let okRows = 0;
      for (const w of acked.filter((x) => x.kind === 'request')) {
        const r = byKey.get(w.key);
        if (!r) problems.push(`acknowledged request ${w.key} → ${w.json!.id} is not in the database`);
        else if (r.n !== 1) problems.push(`request key ${w.key} has ${r.n} rows: ${r.ids.join(', ')}`);
        else if (Number(r.ids[0]) !== w.json!.id) problems.push(`request key ${w.key}: row ${r.ids[0]}, the API said ${w.json!.id}`);
        else okRows++;
      }
      const ackedKeys = new Set(acked.map((w) => w.key));
      for (const r of reqRows) if (!ackedKeys.has(r.key)) problems.push(`request row(s) ${r.ids.join(', ')} for key ${r.key} that was never acknowledged`);
      const ackedRequests = acked.filter((w) => w.kind === 'request').length;
      checked.push(`requests: ${okRows} / ${ackedRequests} acknowledged keys have exactly their one row; ${reqRows.length} keys in the database`);
      const ackedRedeems = acked.filter((w) => w.kind === 'redeem');
      const ids = new Set(ackedRedeems.map((w) => w.json!.id));
      if (ids.size !== ackedRedeems.length) problems.push(`${ackedRedeems.length - ids.size} redemption key(s) answered with another key's voucher`);
      if (vouchers !== ackedRedeems.length) problems.push(`${vouchers} vouchers for listing ${listingId}, ${ackedRedeems.length} redemptions acknowledged`);
      const spent = (await db.query<{ n: number }>(`select count(*)::int as n from store_vouchers where listing_id = $1 and id = any($2::bigint[])`, [listingId, [...ids]])).rows[0]!.n;
      if (spent !== ids.size) problems.push(`${ids.size - spent} acknowledged voucher(s) missing`);
      checked.push(`redemptions: ${vouchers} vouchers in the database for ${ackedRedeems.length} acknowledged keys (${spent} of the acknowledged ids found)`);
    } finally {
      await db.close();
    }
    const after = await ledgerSummary(server.target);
    if (after.mismatched !== 0 || !after.balanced) problems.push(`ledger: ${after.mismatched} account(s) whose balance differs from its entries; journal ${after.balanced ? 'balanced' : 'NOT balanced'}`);
    checked.push(`points ledger: ${after.accounts} accounts, ${after.mismatched} mismatched (before: ${before.mismatched}), journal ${after.balanced ? 'balanced' : 'NOT balanced'}`);
  } finally {
    await server?.proc.stop();
    closeEnv(env, o.keep, log);
  }
  return verdict(`pg-restart (load ${o.loadS} s, PostgreSQL down ${o.downS} s)`, checked, problems);
}
