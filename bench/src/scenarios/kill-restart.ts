import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPrivatePostgres } from '../lib/postgres.ts';
import { sleep } from '../lib/processes.ts';
import { pgClient, pgliteClient, type SqlClient } from '../lib/sql-client.ts';
import type { DbKind } from '../report.ts';
import { newPool, prepareDatabase, startServer } from './places.ts';
import { api, benchResidents, raiseBody, type Residents, type Session } from './requests.ts';
import type { Target } from '../lib/http-load.ts';
import { ledgerSummary, storeFixture } from './faults/common.ts';

/**
 * `kill-restart`: does an acknowledged request survive the server being killed, and does an Idempotency-Key keep
 * meaning one request across the crash? On PostgreSQL half the callers redeem points in the store instead, with the
 * same checks for their vouchers and a reconciled points ledger (on PGlite the bench cannot give points beside the
 * running server). Loopback only, bounded (a few seconds of load, two server starts).
 *   1. seed the demo district, start the server, create 16 bench residents (one per caller)
 *   2. 16 callers POST /api/me/requests back to back, each with a fresh Idempotency-Key; every 201 is recorded
 *      (key → id); keys sent but not answered are "in flight"
 *   3. after --load-s seconds, SIGKILL the server by its pid; restart it on the same data
 *   4. check (a) every acknowledged id is there (GET /api/me/requests/:id as its resident)
 *            (b) replaying every acknowledged key returns the same id (and so creates nothing)
 *            (c) replaying every in-flight key answers 201 with one id
 *            (d) directly in the database (server stopped for PGlite): no key has two rows, and the rows with this
 *                run's keys are exactly the acknowledged ones plus at most one per in-flight key
 */

type Log = (line: string) => void;
type Sent = { key: string; caller: number; i: number; id?: number; status?: number };
type Redeemed = { key: string; caller: number; id?: number; status?: number };

async function post(target: Target, me: Session, body: unknown, key: string): Promise<{ status: number; id?: number }> {
  const r = await api<{ id?: number }>(target, me, 'POST', '/api/me/requests', body, { 'idempotency-key': key });
  return { status: r.status, id: r.json?.id };
}

export async function runKillRestart(o: { db: DbKind; loadS: number; keep: boolean }, log: Log): Promise<number> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-bench-kr-'));
  let privatePg: Awaited<ReturnType<typeof startPrivatePostgres>> | null = null;
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  const problems: string[] = [];
  try {
    let url: string | undefined;
    if (o.db === 'postgres') {
      url = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
      if (!url) {
        privatePg = await startPrivatePostgres(log);
        url = privatePg.url;
      }
    }
    const dataDir = fs.mkdtempSync(path.join(tmp, `data-${o.db}-`));
    const open = (): Promise<SqlClient> => (url ? Promise.resolve(pgClient(newPool(url))) : pgliteClient(dataDir));
    await prepareDatabase(tmp, o.db, dataDir, url, true, log);
    server = await startServer(tmp, o.db, dataDir, url, log);
    const tag = crypto.randomBytes(4).toString('hex');
    const res: Residents = await benchResidents(server.target, 16, tag);
    log(`16 bench residents of compound ${res.compound.id}; keys kr-${tag}-<caller>-<n>`);

    // On PostgreSQL callers 8–15 redeem a 1-point item (points given through the ledger beforehand).
    const redeemers = url ? 8 : 0;
    const store = url ? await storeFixture(server.target, url, res.residents.slice(16 - redeemers), { points: 10_000, stock: 1_000_000, tag }) : null;
    if (store) log(`callers ${16 - redeemers}–15 redeem listing ${store.listingId}`);
    const redeem = async (target: Target, c: number, key: string) => {
      const r = await api<{ id?: number }>(target, res.residents[c]!, 'POST', `/api/store/listings/${store!.listingId}/redeem`, {}, { 'idempotency-key': key });
      return { status: r.status, id: r.json?.id };
    };

    // 2. load until the kill
    const sent: Sent[] = [];
    const redeemed: Redeemed[] = [];
    let killed = false;
    const target1 = server.target;
    const redeemer = async (c: number) => {
      for (let i = 0; !killed; i++) {
        const s: Redeemed = { key: `kr-${tag}-r${c}-${i}`, caller: c };
        redeemed.push(s);
        try {
          const r = await redeem(target1, c, s.key);
          s.status = r.status;
          if (r.status === 201) s.id = r.id;
          else if (!killed) problems.push(`during load: redemption ${s.key} answered ${r.status}`);
        } catch {
          return;
        }
      }
    };
    const caller = async (c: number) => {
      if (c >= 16 - redeemers) return redeemer(c);
      for (let i = 0; !killed; i++) {
        const s: Sent = { key: `kr-${tag}-${c}-${i}`, caller: c, i };
        sent.push(s);
        try {
          const r = await post(target1, res.residents[c]!, raiseBody(res, c * 100_000 + i), s.key);
          s.status = r.status;
          if (r.status === 201) s.id = r.id;
          else if (!killed) problems.push(`during load: ${s.key} answered ${r.status}`);
        } catch {
          // connection refused / reset: the kill; this key stays in flight
          return;
        }
      }
    };
    const load = Promise.all(Array.from({ length: 16 }, (_, c) => caller(c)));
    await sleep(o.loadS * 1000);
    const pid = server.proc.child.pid!;
    const before = sent.filter((s) => s.id !== undefined).length;
    process.kill(pid, 'SIGKILL');
    killed = true;
    log(`SIGKILL server pid ${pid} after ${o.loadS} s: ${before} requests acknowledged so far`);
    await new Promise<void>((r) => (server!.proc.child.exitCode !== null || server!.proc.child.signalCode !== null ? r() : server!.proc.child.once('exit', () => r())));
    await load;
    await server.proc.stop(); // forget the dead child's cleanup
    const acked = sent.filter((s) => s.status === 201 && s.id !== undefined);
    const inflight = sent.filter((s) => s.status === undefined);
    const refused = sent.filter((s) => s.status !== undefined && s.status !== 201);
    log(`sent ${sent.length} keys: ${acked.length} acknowledged (201), ${inflight.length} in flight at the kill, ${refused.length} refused`);

    // 3. restart on the same data
    server = await startServer(tmp, o.db, dataDir, url, log);
    const target = server.target;

    // (a) every acknowledged request exists
    let missing = 0;
    for (const s of acked) {
      const r = await api<{ id: number }>(target, res.residents[s.caller]!, 'GET', `/api/me/requests/${s.id}`);
      if (r.status !== 200 || r.json.id !== s.id) {
        missing++;
        problems.push(`(a) acknowledged ${s.key} → ${s.id} is gone: GET answered ${r.status}`);
      }
    }
    log(`(a) ${acked.length - missing} / ${acked.length} acknowledged requests found after the restart`);

    // (b) replaying acknowledged keys returns the same id
    let same = 0;
    for (const s of acked) {
      const r = await post(target, res.residents[s.caller]!, raiseBody(res, s.caller * 100_000 + s.i), s.key);
      if (r.status === 201 && r.id === s.id) same++;
      else problems.push(`(b) replay of ${s.key} answered ${r.status} id ${r.id}, expected ${s.id}`);
    }
    log(`(b) ${same} / ${acked.length} replays of acknowledged keys returned the same id`);

    // Requests that committed but whose 201 never arrived: each resident's list holds ids that were not acknowledged.
    const ackedIds = new Set(acked.map((s) => s.id!));
    const unacked = new Set<number>();
    let listed = true;
    for (const me of res.residents) {
      const r = await api<{ items: { id: number }[]; total: number }>(target, me, 'GET', '/api/me/requests');
      if (r.status !== 200 || r.json.total >= 100) listed = false; // the list stops at 100
      else for (const it of r.json.items) if (!ackedIds.has(it.id)) unacked.add(it.id);
    }
    if (listed) log(`after the restart the residents' lists hold ${unacked.size} request(s) committed before the kill but never acknowledged`);

    // (c) replaying in-flight keys: one id each (twice, to see the second call return the first's id)
    const inflightIds = new Map<string, number>();
    for (const s of inflight) {
      const body = raiseBody(res, s.caller * 100_000 + s.i);
      const r1 = await post(target, res.residents[s.caller]!, body, s.key);
      const r2 = await post(target, res.residents[s.caller]!, body, s.key);
      if (r1.status !== 201 || r2.status !== 201 || r1.id !== r2.id) problems.push(`(c) in-flight ${s.key}: ${r1.status}/${r1.id} then ${r2.status}/${r2.id}`);
      else inflightIds.set(s.key, r1.id!);
    }
    const recovered = [...inflightIds.values()].filter((id) => unacked.has(id)).length;
    log(`(c) ${inflightIds.size} / ${inflight.length} in-flight keys replayed twice to one id each` + (listed ? ` (${recovered} of them answered with the request committed before the kill, ${inflightIds.size - recovered} created now)` : ''));
    if (listed && recovered !== unacked.size) problems.push(`(c) ${unacked.size - recovered} committed-but-unacknowledged request(s) were not claimed by any in-flight key`);

    // (e) redemptions: acknowledged keys replay to the same voucher, in-flight keys to one voucher each
    const voucherOf = new Map<string, number>();
    if (store) {
      const rAcked = redeemed.filter((s) => s.status === 201 && s.id !== undefined);
      const rInflight = redeemed.filter((s) => s.status === undefined);
      let rSame = 0;
      for (const s of rAcked) {
        const r = await redeem(target, s.caller, s.key);
        if (r.status === 201 && r.id === s.id) rSame++;
        else problems.push(`(e) replay of redemption ${s.key} answered ${r.status} voucher ${r.id}, expected ${s.id}`);
        voucherOf.set(s.key, s.id!);
      }
      for (const s of rInflight) {
        const r1 = await redeem(target, s.caller, s.key);
        const r2 = await redeem(target, s.caller, s.key);
        if (r1.status !== 201 || r2.status !== 201 || r1.id !== r2.id) problems.push(`(e) in-flight redemption ${s.key}: ${r1.status}/${r1.id} then ${r2.status}/${r2.id}`);
        else voucherOf.set(s.key, r1.id!);
      }
      log(`(e) redemptions: ${rAcked.length} acknowledged (${rSame} replayed to the same voucher), ${rInflight.length} in flight replayed twice to one voucher each`);
      const ledger = await ledgerSummary(target);
      if (!ledger.balanced || ledger.mismatched > 0) problems.push(`(e) the points ledger does not reconcile: ${JSON.stringify(ledger)}`);
      log(`(e) points ledger: ${ledger.accounts} accounts, ${ledger.mismatched} mismatched, balanced ${ledger.balanced}`);
    }

    // (d) directly in the database
    await server.proc.stop();
    server = null;
    const db = await open();
    try {
      const rows = (await db.query<{ raised_by: number; idempotency_key: string; n: number; ids: number[] }>(
        `select raised_by, idempotency_key, count(*)::int as n, array_agg(id order by id) as ids from requests where idempotency_key like $1 group by 1, 2`,
        [`kr-${tag}-%`],
      )).rows;
      const dup = rows.filter((r) => r.n > 1);
      for (const d of dup) problems.push(`(d) key ${d.idempotency_key} of person ${d.raised_by} has ${d.n} rows: ${d.ids.join(', ')}`);
      const expected = new Map<string, number>([...acked.map((s) => [s.key, s.id!] as const), ...inflightIds]);
      const stray = rows.filter((r) => !expected.has(r.idempotency_key));
      for (const s of stray) problems.push(`(d) row(s) ${s.ids.join(', ')} for key ${s.idempotency_key} that was never acknowledged nor replayed`);
      const wrong = rows.filter((r) => expected.has(r.idempotency_key) && !r.ids.map(Number).includes(expected.get(r.idempotency_key)!));
      for (const w of wrong) problems.push(`(d) key ${w.idempotency_key} maps to ${w.ids.join(', ')}, the API said ${expected.get(w.idempotency_key)}`);
      const total = rows.reduce((a, r) => a + r.n, 0);
      log(`(d) ${rows.length} keys in the database with ${total} rows (expected ${expected.size}); ${dup.length} keys with two rows`);
      if (total !== expected.size) problems.push(`(d) ${total} rows for this run's keys, expected ${expected.size}`);
      if (store) {
        const vouchers = (await db.query<{ id: number }>(`select id from store_vouchers where listing_id = $1`, [store.listingId])).rows.map((r) => Number(r.id));
        const known = new Set(voucherOf.values());
        const strayVouchers = vouchers.filter((v) => !known.has(v));
        if (strayVouchers.length > 0) problems.push(`(d) voucher(s) ${strayVouchers.join(', ')} that no redemption key answered (a half-applied redemption)`);
        if (vouchers.length !== known.size) problems.push(`(d) ${vouchers.length} vouchers for ${known.size} redemption keys`);
        log(`(d) ${vouchers.length} vouchers in the database for ${known.size} redemption keys`);
      }
    } finally {
      await db.close();
    }
  } finally {
    await server?.proc.stop();
    privatePg?.stop();
    if (!o.keep) fs.rmSync(tmp, { recursive: true, force: true });
    else log(`kept ${tmp}`);
  }
  if (problems.length === 0) {
    console.log(`kill-restart --db ${o.db}: nothing lost`);
    return 0;
  }
  console.log(`kill-restart --db ${o.db}: ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return 1;
}
