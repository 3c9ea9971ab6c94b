import type { Target } from '../../lib/http-load.ts';
import { sleep } from '../../lib/processes.ts';
import type { SqlClient } from '../../lib/sql-client.ts';
import { api, COMMISSIONER, raiseBody, signIn, type Residents, type Session } from '../requests.ts';
import { alive, closeEnv, faultEnv, ledgerSummary, spawnServer, storeFixture, tagOf, tally, verdict, writeWithRetry, type Attempt, type FaultEnv, type Log, type Server } from './common.ts';

/**
 * `two-instances`: two server processes on one PostgreSQL, both polling the durable timers, both taking writes on
 * one points ledger and one owners' vote. Loopback only, bounded (a fixed number of writes; timers waited for at
 * most 120 s a step). Both run with --test-clock, moved by the same amounts at the same moment.
 *   1. 16 bench owners (their households' earlier owners' roles ended, so they are on the owners' register), each
 *      with 20 points; a 1-point listing with stock 250; 40 requests raised, half through each instance
 *   2. ledger: each owner sends 30 redemptions, two at a time, one to each instance (distinct keys), and every
 *      third round the same key to both at once → per owner at most 20 vouchers, never a balance or stock below
 *      zero, a key sent to both answers one voucher, the ledger reconciles
 *   3. vote: an owners' vote on the owners' building, announced and opened (GONGZHI_NOTICE_DAYS=0); each owner
 *      casts a ballot on both instances at once, twice → exactly one ballot per owner, the tally counts 16
 *   4. timers: both clocks jump past every response deadline, then past every resolution deadline; both
 *      instances fire the due timers (the demo district's too) → every request escalated at most once per level,
 *      one return visit per request, no notification twice to the same person for the same request
 */
const OWNERS = 16;
const POINTS = 20;
const STOCK = 250;
const ROUNDS = 15;
const MIN = 60_000;

async function advance(servers: Server[], ms: number): Promise<void> {
  await Promise.all(servers.map(async (s) => {
    const r = await fetch(`http://${s.target.host}:${s.target.port}/api/test-clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceMs: Math.round(ms) }) });
    if (!r.ok) throw new Error(`test clock of ${s.name}: ${r.status} ${await r.text()}`);
  }));
}

/** 16 people on 16 households of the commissioner's first building, as owners; the households' earlier owners' roles end. */
async function benchOwners(target: Target, db: SqlClient, tag: string): Promise<{ owners: Session[]; phones: string[]; buildingId: number; compoundId: number }> {
  const commissioner = await signIn(target, COMMISSIONER);
  const compoundId = commissioner.roles.find((r) => r.role === 'commissioner')!.placeId;
  const children = async (id: number) => (await api<{ id: number; kind: string }[]>(target, commissioner, 'GET', `/api/places/${id}/children`)).json;
  const households: number[] = [];
  let buildingId = 0;
  for (const b of (await children(compoundId)).filter((x) => x.kind === 'building')) {
    for (const u of (await children(b.id)).filter((x) => x.kind === 'unit')) households.push(...(await children(u.id)).filter((x) => x.kind === 'household').map((x) => x.id));
    if (households.length >= OWNERS) {
      buildingId = b.id;
      break;
    }
    households.length = 0;
  }
  if (!buildingId) throw new Error(`no building with ${OWNERS} households under compound ${compoundId}`);
  const mine = households.slice(0, OWNERS);
  await db.query(`update households set exclusive_area = coalesce(exclusive_area, 88.5) where place_id = any($1::bigint[])`, [mine]);
  await db.query(`update role_assignments set valid_to = now() - interval '1 day' where role = 'owner' and place_id = any($1::bigint[]) and valid_to is null`, [mine]);
  await db.query(`update role_assignments set valid_from = now() - interval '2 days' where role = 'owner' and place_id = any($1::bigint[]) and valid_from > now() - interval '1 day'`, [mine]);
  const stem = Number.parseInt(tag.slice(0, 6), 16) % 100_000;
  const owners: Session[] = [];
  const phones: string[] = [];
  for (let i = 0; i < OWNERS; i++) {
    const phone = `171${String(stem).padStart(5, '0')}${String(i).padStart(3, '0')}`;
    const r = await api(target, commissioner, 'POST', '/api/people', { name: `故障业主${i + 1}`, phone, password: 'Bench#2026pw', role: 'owner', placeId: mine[i]! });
    if (r.status !== 201) throw new Error(`owner ${phone}: ${r.status} ${JSON.stringify(r.json)}`);
    owners.push(await signIn(target, { phone, password: 'Bench#2026pw' }));
    phones.push(phone);
  }
  // Their roles start now by the real clock; the servers' clocks are at or after it.
  return { owners, phones, buildingId, compoundId };
}

export async function runTwoInstances(o: { keep: boolean }, log: Log): Promise<number> {
  let env: FaultEnv | null = null;
  const servers: Server[] = [];
  const problems: string[] = [];
  const checked: string[] = [];
  let db: SqlClient | null = null;
  try {
    env = await faultEnv('two-instances', log);
    db = env.open();
    const vars = { GONGZHI_NOTICE_DAYS: '0' };
    servers.push(await spawnServer(env, 'a', log, { args: ['--test-clock'], vars }));
    servers.push(await spawnServer(env, 'b', log, { args: ['--test-clock'], vars }));
    const [a, b] = servers as [Server, Server];
    const tag = tagOf();
    const startedAt = (await db.query<{ now: Date }>('select now()')).rows[0]!.now;
    const { owners, phones, buildingId, compoundId } = await benchOwners(a.target, db, tag);
    // After a clock jump the sessions have expired (30 minutes idle): sign in again.
    const signInAgain = async () => {
      for (const [i, phone] of phones.entries()) owners[i] = await signIn(a.target, { phone, password: 'Bench#2026pw' });
    };
    const { listingId } = await storeFixture(a.target, env.url, owners, { points: POINTS, stock: STOCK, tag });
    log(`${OWNERS} owners in building ${buildingId}, ${POINTS} points each; listing ${listingId} (stock ${STOCK})`);

    // 2. ledger: redemptions on both instances at once.
    const deadline = () => Date.now() + 60_000;
    const attempts: Attempt[] = [];
    const perOwner = await Promise.all(owners.map(async (me, i) => {
      const vouchers = new Set<number>();
      let sameKeyPairs = 0;
      for (let r = 0; r < ROUNDS; r++) {
        const k1 = `ti-${tag}-${i}-${r}-a`;
        const k2 = `ti-${tag}-${i}-${r}-b`;
        const p = `/api/store/listings/${listingId}/redeem`;
        const shots = [writeWithRetry<{ id: number }>(a.target, me, 'POST', p, {}, k1, deadline()), writeWithRetry<{ id: number }>(b.target, me, 'POST', p, {}, k2, deadline())];
        if (r % 3 === 0) shots.push(writeWithRetry<{ id: number }>(b.target, me, 'POST', p, {}, k1, deadline()));
        const out = await Promise.all(shots);
        for (const w of out) attempts.push(...w.attempts);
        if (r % 3 === 0) {
          sameKeyPairs++;
          const [x, , y] = out;
          if (x!.status === 201 && y!.status === 201 && x!.json!.id !== y!.json!.id) problems.push(`owner ${i}: key ${k1} sent to both instances made two vouchers ${x!.json!.id} and ${y!.json!.id}`);
          if ((x!.status === 201) !== (y!.status === 201)) problems.push(`owner ${i}: key ${k1} answered ${x!.status} on a and ${y!.status} on b`);
        }
        for (const w of out) if (w.status === 201) vouchers.add(w.json!.id);
        for (const w of out) if (w.status !== 201 && w.attempts.at(-1)?.code !== 'INSUFFICIENT_POINTS' && w.attempts.at(-1)?.code !== 'OUT_OF_STOCK') problems.push(`owner ${i}: ${w.key} ended ${w.status} ${w.attempts.at(-1)?.code}`);
      }
      const pts = await api<{ balance: number }>(a.target, me, 'GET', '/api/me/points');
      return { vouchers: vouchers.size, balance: pts.json.balance, sameKeyPairs };
    }));
    const totalVouchers = perOwner.reduce((n, x) => n + x.vouchers, 0);
    for (const [i, x] of perOwner.entries()) {
      if (x.vouchers > POINTS) problems.push(`owner ${i}: ${x.vouchers} vouchers for ${POINTS} points`);
      if (x.balance < 0) problems.push(`owner ${i}: balance ${x.balance}`);
      if (x.balance !== POINTS - x.vouchers) problems.push(`owner ${i}: balance ${x.balance}, expected ${POINTS} − ${x.vouchers}`);
    }
    const stock = (await db.query<{ stock: number; n: number }>(`select l.stock, (select count(*)::int from store_vouchers v where v.listing_id = l.id) as n from store_listings l where l.id = $1`, [listingId])).rows[0]!;
    if (stock.stock < 0) problems.push(`listing stock ${stock.stock}`);
    if (stock.n !== totalVouchers) problems.push(`${stock.n} vouchers in the database, ${totalVouchers} acknowledged`);
    if (stock.stock !== STOCK - stock.n) problems.push(`stock ${stock.stock}, expected ${STOCK} − ${stock.n}`);
    const summary = await ledgerSummary(b.target);
    if (summary.mismatched !== 0 || !summary.balanced) problems.push(`ledger: ${summary.mismatched} mismatched account(s), journal ${summary.balanced ? 'balanced' : 'NOT balanced'}`);
    checked.push(`ledger: ${OWNERS} owners × ${ROUNDS * 2} redemptions (+${perOwner[0]!.sameKeyPairs} keys each sent to both instances at once), ${tally(attempts)}; ${totalVouchers} vouchers acknowledged = ${stock.n} in the database; stock ${STOCK} → ${stock.stock}; balances ${Math.min(...perOwner.map((x) => x.balance))}–${Math.max(...perOwner.map((x) => x.balance))} (each ${POINTS} − its vouchers); journal ${summary.balanced ? 'balanced' : 'NOT balanced'}, ${summary.mismatched} mismatched accounts`);

    // 3. vote: ballots from the same owners on both instances at once.
    let commissioner = await signIn(a.target, COMMISSIONER);
    const created = await api<{ id: number }>(a.target, commissioner, 'POST', '/api/votes', { scopePlaceId: buildingId, item: 7, title: `故障测试表决 ${tag}`, description: '两个实例同时收票', windowDays: 5 });
    if (created.status !== 201) throw new Error(`vote: ${created.status} ${JSON.stringify(created.json)}`);
    const voteId = created.json.id;
    for (const step of ['announce', 'open']) {
      // The district's notice period (公告期, 15 days by default) lies between the two: both clocks jump past it.
      if (step === 'open') {
        await advance(servers, 16 * 86_400_000);
        commissioner = await signIn(a.target, COMMISSIONER);
        await signInAgain();
      }
      const r = await api(b.target, commissioner, 'POST', `/api/votes/${voteId}/${step}`);
      if (r.status !== 200) throw new Error(`vote ${step}: ${r.status} ${JSON.stringify(r.json)}`);
    }
    let moved = 16 * 86_400_000;
    const ballotStatuses: string[] = [];
    await Promise.all(owners.map(async (me, i) => {
      const choice = i % 4 === 0 ? 'against' : 'for';
      const r = await Promise.all([a, b, a, b].map((s) => api<{ code?: string }>(s.target, me, 'POST', `/api/me/votes/${voteId}/ballot`, { choice })));
      const won = r.filter((x) => x.status === 201).length;
      ballotStatuses.push(...r.map((x) => `${x.status}${x.json?.code ? ` ${x.json.code}` : ''}`));
      if (won !== 1) problems.push(`owner ${i}: ${won} of 4 simultaneous ballots accepted (${r.map((x) => x.status).join(', ')})`);
    }));
    const ballots = (await db.query<{ cast_by: number; n: number }>(`select cast_by, count(*)::int as n from owner_vote_participation where vote_id = $1 group by 1`, [voteId])).rows;
    const doubled = ballots.filter((x) => x.n > 1);
    for (const d of doubled) problems.push(`owner ${d.cast_by} has ${d.n} participation rows in vote ${voteId}`);
    if (ballots.length !== OWNERS) problems.push(`${ballots.length} owners with a ballot, expected ${OWNERS}`);
    const ballotRows = (await db.query<{ n: number }>(`select count(*)::int as n from owner_vote_ballots where vote_id = $1`, [voteId])).rows[0]!.n;
    if (ballotRows !== OWNERS) problems.push(`${ballotRows} ballots in vote ${voteId}, expected ${OWNERS}`);
    const tallyStatuses = new Map<string, number>();
    for (const s of ballotStatuses) tallyStatuses.set(s, (tallyStatuses.get(s) ?? 0) + 1);
    checked.push(`vote ${voteId}: ${OWNERS} owners × 4 simultaneous ballots (2 per instance): ${[...tallyStatuses].map(([k, v]) => `${k}×${v}`).join(', ')}; ${ballots.length} owners with a ballot in the database (${ballotRows} ballot rows), ${doubled.length} with more than one`);

    // 4. timers: raise 40 requests (half per instance), then jump both clocks past the deadlines.
    const res: Residents = { compound: { id: compoundId, path: '' }, residents: owners, categories: (await api<{ id: number; active: boolean }[]>(a.target, owners[0]!, 'GET', '/api/request-categories')).json.filter((c) => c.active).map((c) => c.id) };
    const ids: number[] = [];
    for (let i = 0; i < 40; i++) {
      const s = i % 2 ? b : a;
      const r = await writeWithRetry<{ id: number }>(s.target, owners[i % OWNERS]!, 'POST', '/api/me/requests', raiseBody(res, i), `ti-${tag}-req-${i}`, deadline());
      if (r.status !== 201) throw new Error(`raise ${i}: ${r.status} ${JSON.stringify(r.json)}`);
      ids.push(r.json!.id);
    }
    const dues = (await db.query<{ resp: Date; resol: Date; now: Date }>(`select max(response_due_at) as resp, max(resolution_due_at) as resol, now() as now from requests where id = any($1::bigint[])`, [ids])).rows[0]!;
    const pendingTimers = async () => (await db!.query<{ n: number }>(`select count(*)::int as n from timers where fired_at is null and due_at <= $1`, [new Date(Date.now() + moved)])).rows[0]!.n;
    for (const [label, until] of [['response', dues.resp], ['resolution', dues.resol]] as const) {
      const jump = new Date(until).getTime() - (Date.now() + moved) + 5 * MIN;
      if (jump > 0) {
        await advance(servers, jump);
        moved += jump;
      }
      const t0 = Date.now();
      const due = await pendingTimers();
      let left = due;
      while (left > 0 && Date.now() - t0 < 120_000) {
        await sleep(1000);
        left = await pendingTimers();
      }
      if (left > 0) problems.push(`${label}: ${left} of ${due} due timers still unfired after 120 s`);
      checked.push(`clocks +${(moved / 86_400_000).toFixed(1)} days (past every ${label} deadline): ${due} due timers fired by the two instances in ${((Date.now() - t0) / 1000).toFixed(1)} s, ${left} left`);
    }
    await sleep(6000); // one more poll each: nothing should fire again
    const twice = (await db.query<{ request_id: number; to: string; n: number }>(
      `select request_id, data->>'to' as to, count(*)::int as n from request_events where kind = 'escalated' and at >= $1 group by 1, 2 having count(*) > 1`, [startedAt])).rows;
    for (const t of twice) problems.push(`request ${t.request_id} escalated to ${t.to} ${t.n} times`);
    const escalations = (await db.query<{ to: string; n: number }>(`select data->>'to' as to, count(*)::int as n from request_events where kind = 'escalated' and at >= $1 group by 1`, [startedAt])).rows;
    const mine = (await db.query<{ to: string; n: number; reqs: number }>(`select data->>'to' as to, count(*)::int as n, count(distinct request_id)::int as reqs from request_events where kind = 'escalated' and request_id = any($1::bigint[]) group by 1`, [ids])).rows;
    for (const level of ['community', 'street']) {
      const m = mine.find((x) => x.to === level);
      if (!m || m.n !== ids.length || m.reqs !== ids.length) problems.push(`the ${ids.length} bench requests: ${m?.n ?? 0} escalations to ${level} over ${m?.reqs ?? 0} requests, expected one each`);
    }
    const visits = (await db.query<{ request_id: number; n: number }>(`select request_id, count(*)::int as n from return_visits where request_id = any($1::bigint[]) group by 1`, [ids])).rows;
    if (visits.length !== ids.length || visits.some((v) => v.n !== 1)) problems.push(`return visits: ${visits.length} requests with one, ${visits.filter((v) => v.n > 1).length} with more (expected ${ids.length} with exactly one)`);
    const dupNotes = (await db.query<{ person_id: number; link: string; kind: string; n: number }>(
      `select person_id, link, kind, count(*)::int as n from notifications where created_at >= $1 and kind in ('request.escalated', 'request.return_visit') group by 1, 2, 3 having count(*) > 1`, [startedAt])).rows;
    for (const d of dupNotes.slice(0, 20)) problems.push(`person ${d.person_id} got ${d.kind} for ${d.link} ${d.n} times`);
    if (dupNotes.length > 20) problems.push(`… ${dupNotes.length - 20} more duplicated notifications`);
    const notes = (await db.query<{ n: number }>(`select count(*)::int as n from notifications where created_at >= $1 and kind in ('request.escalated', 'request.return_visit')`, [startedAt])).rows[0]!.n;
    checked.push(`timers: escalations since the start ${escalations.map((e) => `${e.n} to ${e.to}`).join(', ') || 'none'}, ${twice.length} request-level pairs escalated twice; the 40 bench requests: ${mine.map((m) => `${m.n} to ${m.to}`).join(', ')}, ${visits.length} with a return visit; ${notes} escalation / return-visit notifications, ${dupNotes.length} (person, request, kind) sent twice`);
    for (const s of servers) if (!alive(s)) problems.push(`server ${s.name} died`);
  } finally {
    await db?.close();
    for (const s of servers) await s.proc.stop();
    closeEnv(env, o.keep, log);
  }
  return verdict('two-instances', checked, problems);
}
