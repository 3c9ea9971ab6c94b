import { sleep } from '../../lib/processes.ts';
import type { SqlClient } from '../../lib/sql-client.ts';
import { benchResidents, raiseBody, type Residents } from '../requests.ts';
import { alive, closeEnv, faultEnv, spawnServer, tagOf, verdict, writeWithRetry, type FaultEnv, type Log, type Server } from './common.ts';

/**
 * `clock-jump`: the server's clock jumps under the SLA timers. The server reads time only through its injected
 * clock (deps.clock); `serve --test-clock` makes that clock movable from this machine (POST
 * /api/test-clock/advance and /rewind), which is how the jump is made — the machine's own clock is not touched.
 * Loopback only, bounded (each wait for the timers at most 180 s).
 *   1. 30 requests raised; the clock jumps forward past all their response deadlines → each escalated to the
 *      community exactly once
 *   2. the clock jumps back as far → two polls later nothing has fired again; 10 more requests are raised
 *   3. the clock jumps forward the same distance again → the first 30 are not escalated a second time, the 10 new
 *      ones once each
 *   4. forward past every resolution deadline → each of the 40 escalated to the street once, one return visit
 *   5. back to the real time → two polls later nothing new; over the whole run (the demo district's own timers
 *      included) no request was escalated twice to the same level
 */
const MIN = 60_000;

export async function runClockJump(o: { keep: boolean }, log: Log): Promise<number> {
  let env: FaultEnv | null = null;
  let server: Server | null = null;
  let db: SqlClient | null = null;
  const problems: string[] = [];
  const checked: string[] = [];
  try {
    env = await faultEnv('clock-jump', log);
    db = env.open();
    server = await spawnServer(env, 'a', log, { args: ['--test-clock'] });
    const s = server;
    const q = db;
    const startedAt = (await q.query<{ now: Date }>('select now()')).rows[0]!.now;
    const tag = tagOf();
    const res: Residents = await benchResidents(s.target, 16, tag);
    let offset = 0;
    const move = async (ms: number) => {
      const route = ms >= 0 ? 'advance' : 'rewind';
      const r = await fetch(`http://127.0.0.1:${s.target.port}/api/test-clock/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ms >= 0 ? { advanceMs: Math.round(ms) } : { rewindMs: Math.round(-ms) }) });
      if (!r.ok) throw new Error(`test clock ${route}: ${r.status} ${await r.text()}`);
      offset += Math.round(ms);
      log(`clock ${ms >= 0 ? '+' : '−'}${(Math.abs(ms) / 86_400_000).toFixed(2)} days → server time ${(await r.json() as { now: string }).now}`);
    };
    const raise = async (n: number, from: number) => {
      const ids: number[] = [];
      for (let i = from; i < from + n; i++) {
        const r = await writeWithRetry<{ id: number }>(s.target, res.residents[i % 16]!, 'POST', '/api/me/requests', raiseBody(res, i), `cj-${tag}-${i}`, Date.now() + 60_000);
        if (r.status !== 201) throw new Error(`raise ${i}: ${r.status} ${JSON.stringify(r.json)}`);
        ids.push(r.json!.id);
      }
      return ids;
    };
    const pending = async () => (await q.query<{ n: number }>(`select count(*)::int as n from timers where fired_at is null and due_at <= $1`, [new Date(Date.now() + offset)])).rows[0]!.n;
    const drain = async (label: string) => {
      const t0 = Date.now();
      const due = await pending();
      let left = due;
      while (left > 0 && Date.now() - t0 < 180_000) {
        await sleep(1000);
        left = await pending();
      }
      if (left > 0) problems.push(`${label}: ${left} of ${due} due timers unfired after 180 s`);
      return `${due} due timers fired in ${((Date.now() - t0) / 1000).toFixed(1)} s${left ? `, ${left} LEFT` : ''}`;
    };
    const escalations = async (ids: number[], to: string) => {
      const rows = (await q.query<{ request_id: number; n: number }>(`select request_id, count(*)::int as n from request_events where kind = 'escalated' and data->>'to' = $2 and request_id = any($1::bigint[]) group by 1`, [ids, to])).rows;
      return { once: rows.filter((r) => r.n === 1).length, more: rows.filter((r) => r.n > 1).length, none: ids.length - rows.length };
    };
    const eventCount = async (ids: number[]) => (await q.query<{ n: number }>(`select count(*)::int as n from request_events where request_id = any($1::bigint[])`, [ids])).rows[0]!.n;
    const expectOnce = (label: string, e: { once: number; more: number; none: number }, n: number) => {
      if (e.once !== n) problems.push(`${label}: ${e.once} of ${n} escalated exactly once (${e.more} more than once, ${e.none} never)`);
      return `${e.once} / ${n} once, ${e.more} twice or more, ${e.none} never`;
    };

    // 1. forward past every response deadline
    const first = await raise(30, 0);
    const d1 = (await q.query<{ resp: Date; resol: Date }>(`select max(response_due_at) as resp, max(resolution_due_at) as resol from requests where id = any($1::bigint[])`, [first])).rows[0]!;
    const jump = new Date(d1.resp).getTime() - Date.now() + 5 * MIN;
    await move(jump);
    const f1 = await drain('forward 1');
    checked.push(`1. +${(jump / 86_400_000).toFixed(2)} days (past the 30 requests' response deadlines): ${f1}; escalated to the community: ${expectOnce('after the first jump', await escalations(first, 'community'), 30)}`);

    // 2. back as far; nothing fires again
    const before = await eventCount(first);
    await move(-jump);
    await sleep(11_000); // two polls (every 5 s)
    const after = await eventCount(first);
    if (after !== before) problems.push(`after the backward jump the first 30 requests gained ${after - before} event(s)`);
    const second = await raise(10, 30);
    checked.push(`2. −${(jump / 86_400_000).toFixed(2)} days, two polls: the first 30 requests' timeline ${before} → ${after} events; 10 more requests raised at the rewound time`);

    // 3. forward the same distance again
    await move(jump);
    const f3 = await drain('forward 2');
    const again = await escalations(first, 'community');
    checked.push(`3. +${(jump / 86_400_000).toFixed(2)} days again: ${f3}; the first 30 escalated to the community ${expectOnce('after the second jump (first 30)', again, 30)}; the 10 new ${expectOnce('after the second jump (new 10)', await escalations(second, 'community'), 10)}`);

    // 4. forward past every resolution deadline
    const all = [...first, ...second];
    const d4 = (await q.query<{ resol: Date }>(`select max(resolution_due_at) as resol from requests where id = any($1::bigint[])`, [all])).rows[0]!;
    const jump2 = new Date(d4.resol).getTime() - (Date.now() + offset) + 5 * MIN;
    if (jump2 > 0) await move(jump2);
    const f4 = await drain('resolution');
    const visits = (await q.query<{ n: number; reqs: number }>(`select count(*)::int as n, count(distinct request_id)::int as reqs from return_visits where request_id = any($1::bigint[])`, [all])).rows[0]!;
    if (visits.n !== all.length || visits.reqs !== all.length) problems.push(`return visits: ${visits.n} over ${visits.reqs} requests, expected one each for ${all.length}`);
    checked.push(`4. +${(Math.max(jump2, 0) / 86_400_000).toFixed(1)} days (past every resolution deadline): ${f4}; escalated to the street: ${expectOnce('resolution', await escalations(all, 'street'), all.length)}; return visits ${visits.n} over ${visits.reqs} requests`);

    // 5. back to the real time
    const before5 = await eventCount(all);
    await move(-offset);
    await sleep(11_000);
    const after5 = await eventCount(all);
    if (after5 !== before5) problems.push(`after the return to the real time the 40 requests gained ${after5 - before5} event(s)`);
    const twice = (await q.query<{ n: number }>(`select count(*)::int as n from (select request_id, data->>'to' from request_events where kind = 'escalated' and at >= $1 group by 1, 2 having count(*) > 1) t`, [startedAt])).rows[0]!.n;
    const total = (await q.query<{ n: number }>(`select count(*)::int as n from request_events where kind = 'escalated' and at >= $1`, [startedAt])).rows[0]!.n;
    if (twice > 0) problems.push(`${twice} (request, level) pairs escalated more than once`);
    checked.push(`5. back to the real time, two polls: the 40 requests' timeline ${before5} → ${after5} events; whole run: ${total} escalations (the demo district's included), ${twice} (request, level) pairs escalated twice`);
    if (!alive(s)) problems.push('the server died');
  } finally {
    await db?.close();
    await server?.proc.stop();
    closeEnv(env, o.keep, log);
  }
  return verdict('clock-jump', checked, problems);
}
