import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson, createTree } from '../../../test/factories.ts';
import { buildInstances, type Instance } from '../../../test/second-instance.ts';
import { scheduleTimer } from '../../platform/timers.ts';
import * as repo from './wishes.repository.ts';
import { TIMER } from './wishes.service.ts';

/**
 * A claim past its due time returns the wish to the wall exactly once, also with two server instances (on PostgreSQL
 * two pg pools, on PGlite two TimerRunners on the one connection) racing for the same 300 lapses.
 */
let env: Awaited<ReturnType<typeof buildInstances>>;
let a: Instance;
let b: Instance;
const DAY = 24 * 60 * 60 * 1000;
const N = 300;
let ids: number[];
let claimerId: number;

beforeAll(async () => {
  env = await buildInstances(2);
  [a, b] = env.instances as [Instance, Instance];
  const tree = await createTree(a.deps);
  const recipient = await createPerson(a.deps, tree.districtId, '居民王', [{ role: 'resident', place: tree.places['A-h1']! }]);
  claimerId = (await createPerson(a.deps, tree.districtId, '党员赵', [{ role: 'party_member', place: tree.places.C1! }])).id;
  const now = env.clock.now();
  const dueAt = new Date(now.getTime() + 7 * DAY);
  // N claimed wishes, written as the claim service writes them: the row and its lapse timer together.
  ids = await a.deps.db.transaction().execute(async (trx) => {
    const out: number[] = [];
    for (let i = 0; i < N; i++) {
      const id = await repo.insertWish(trx, {
        district_id: tree.districtId, place_id: tree.places.A!.id, place_path: tree.places.A!.path, recipient_id: recipient.id, posted_by: recipient.id,
        category: 'daily_goods', title: `心愿 #${i}`, description: '一件冬衣，谢谢', value_fen: 10_000, deadline: new Date(now.getTime() + 30 * DAY),
        status: 'claimed', claimer_id: claimerId, claimer_kind: 'party_member', claimed_at: now, claim_due_at: dueAt, created_at: now, updated_at: now,
      });
      await scheduleTimer(trx, { districtId: tree.districtId, kind: TIMER.claimDue, subjectId: id, dueAt });
      out.push(id);
    }
    return out;
  });
});
afterAll(() => env.close());

async function outcome() {
  const db = a.deps.db;
  const events = await db.selectFrom('wish_events').select(['wish_id', (eb) => eb.fn.countAll<number>().as('n')]).where('kind', '=', 'claim_lapsed').where('wish_id', 'in', ids).groupBy('wish_id').execute();
  const rows = await db.selectFrom('wishes').select(['status', 'lapses', (eb) => eb.fn.countAll<number>().as('n')]).where('id', 'in', ids).groupBy(['status', 'lapses']).execute();
  const emitted = await db.selectFrom('domain_events').select((eb) => eb.fn.countAll<number>().as('n')).where('type', '=', 'wish.claim_lapsed').executeTakeFirstOrThrow();
  const notices = await db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'wish.claim_lapsed').where('person_id', '=', claimerId).executeTakeFirstOrThrow();
  return {
    once: events.filter((e) => Number(e.n) === 1).length,
    more: events.filter((e) => Number(e.n) > 1).length,
    rows: rows.map((r) => ({ status: r.status, lapses: r.lapses, n: Number(r.n) })),
    emitted: Number(emitted.n),
    notices: Number(notices.n),
  };
}

describe('claim lapse across two instances', () => {
  it(`returns each of ${N} overdue claims to the wall exactly once when both instances run their timers at once`, async () => {
    if (a.deps.dbKind === 'postgres') expect(b.deps.db).not.toBe(a.deps.db);
    env.clock.advance(6 * DAY);
    expect(await Promise.all([a.timers.runDue(), b.timers.runDue()])).toEqual([0, 0]);
    env.clock.advance(DAY + 1);
    const started = Date.now();
    const fired = await Promise.all([a.timers.runDue(), b.timers.runDue(), a.timers.runDue(), b.timers.runDue()]);
    console.info(`[wish timers-race ${a.deps.dbKind}] ${N} lapses in ${Date.now() - started} ms; instance A ${fired[0]! + fired[2]!}, instance B ${fired[1]! + fired[3]!}`);
    const o = await outcome();
    expect(o.once).toBe(N);
    expect(o.more).toBe(0);
    expect(o.rows).toEqual([{ status: 'open', lapses: 1, n: N }]);
    expect(o.emitted).toBe(N);
    expect(o.notices).toBe(N);
    expect(await Promise.all([a.timers.runDue(), b.timers.runDue()])).toEqual([0, 0]);
  });

  it('does not lapse again when the clock jumps back and forth, nor after a restart', async () => {
    env.clock.advance(-3 * DAY);
    expect(await Promise.all([a.timers.runDue(), b.timers.runDue()])).toEqual([0, 0]);
    env.clock.advance(6 * DAY);
    await b.close();
    const c = await env.add();
    c.timers.start(60 * 60 * 1000);
    await c.timers.stop();
    const o = await outcome();
    expect(o.once).toBe(N);
    expect(o.more).toBe(0);
    expect(o.rows).toEqual([{ status: 'open', lapses: 1, n: N }]);
  });
});
