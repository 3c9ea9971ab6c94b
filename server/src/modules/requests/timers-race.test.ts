import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson, createTree } from '../../../test/factories.ts';
import { buildInstances, type Instance } from '../../../test/second-instance.ts';
import { scheduleTimer } from '../../platform/timers.ts';
import * as repo from './requests.repository.ts';
import { TIMER } from './requests.service.ts';
import { ensureDistrictSetup } from './setup.service.ts';

/**
 * "Clocks run exactly once across several server instances" (DESIGN.md): two app instances on one database (on
 * PostgreSQL two pg pools, on PGlite two TimerRunners on the one connection) race for 1,000 deadlines at once.
 */
let env: Awaited<ReturnType<typeof buildInstances>>;
let a: Instance;
let b: Instance;
let tree: Awaited<ReturnType<typeof createTree>>;
let categoryId: number;
let raiserId: number;
const MIN = 60_000;
const N = 1000;

/** Inserts `n` requests whose response deadline is 30 minutes from now, as the raise service writes them, in one transaction. */
async function insertRequests(n: number): Promise<number[]> {
  const now = env.clock.now();
  const responseDueAt = new Date(now.getTime() + 30 * MIN);
  const resolutionDueAt = new Date(now.getTime() + 30 * 24 * 60 * MIN);
  const compound = tree.places.A!;
  return a.deps.db.transaction().execute(async (trx) => {
    const ids: number[] = [];
    for (let i = 0; i < n; i++) {
      const id = await repo.insertRequest(trx, {
        district_id: tree.districtId, compound_id: compound.id, compound_path: compound.path, category_id: categoryId, type: 'help',
        description: `楼道灯不亮 #${i}`, urgency: 'normal', status: 'submitted', resident_id: raiserId, raised_by: raiserId, channel: 'h5',
        response_due_at: responseDueAt, resolution_due_at: resolutionDueAt, created_at: now, updated_at: now,
      });
      await repo.insertEvent(trx, { district_id: tree.districtId, request_id: id, at: now, actor_id: raiserId, kind: 'raised', to_status: 'submitted' });
      await scheduleTimer(trx, { districtId: tree.districtId, kind: TIMER.responseDue, subjectId: id, dueAt: responseDueAt });
      await scheduleTimer(trx, { districtId: tree.districtId, kind: TIMER.resolutionDue, subjectId: id, dueAt: resolutionDueAt });
      ids.push(id);
    }
    return ids;
  });
}

/** For each request: how many 'escalated' events it has, whether its response timer fired, and its escalation level. */
async function outcome(ids: number[]) {
  const db = a.deps.db;
  const events = await db.selectFrom('request_events').select(['request_id', (eb) => eb.fn.countAll<number>().as('n')]).where('kind', '=', 'escalated').where('request_id', 'in', ids).groupBy('request_id').execute();
  const timers = await db.selectFrom('timers').select(['subject_id', 'fired_at']).where('kind', '=', TIMER.responseDue).where('subject_id', 'in', ids).execute();
  const levels = await db.selectFrom('requests').select(['escalation_level', (eb) => eb.fn.countAll<number>().as('n')]).where('id', 'in', ids).groupBy('escalation_level').execute();
  return {
    requestsWithOneEvent: events.filter((e) => Number(e.n) === 1).length,
    requestsWithMoreEvents: events.filter((e) => Number(e.n) > 1).length,
    timersFired: timers.filter((t) => t.fired_at !== null).length,
    firedAt: new Map(timers.map((t) => [t.subject_id, t.fired_at?.getTime()])),
    levels: Object.fromEntries(levels.map((l) => [l.escalation_level, Number(l.n)])),
  };
}

let batch: number[];

/** Fired timers by kind. */
async function firedTimers(): Promise<Record<string, number>> {
  const rows = await a.deps.db.selectFrom('timers').select(['kind', (eb) => eb.fn.countAll<number>().as('n')]).where('fired_at', 'is not', null).groupBy('kind').execute();
  return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
}

beforeAll(async () => {
  env = await buildInstances(2);
  [a, b] = env.instances as [Instance, Instance];
  tree = await createTree(a.deps);
  await ensureDistrictSetup(a.deps.db, tree.districtId);
  categoryId = (await repo.listCategories(a.deps.db, tree.districtId)).find((c) => c.code === 'repairs')!.id;
  raiserId = (await createPerson(a.deps, tree.districtId, '居民张', [{ role: 'resident', place: tree.places['A-h1']! }])).id;
  await createPerson(a.deps, tree.districtId, '社工陈', [{ role: 'community_worker', place: tree.places.C1! }]);
  const started = Date.now();
  batch = await insertRequests(N);
  console.info(`[timers-race ${a.deps.dbKind}] inserted ${N} requests in ${Date.now() - started} ms`);
});
afterAll(() => env.close());

describe('durable timers across two instances', () => {
  it(`escalates each of ${N} overdue requests exactly once when both instances run their timers at once`, async () => {
    // PostgreSQL: two pools, as two server processes would have; PGlite: one connection, two runners.
    if (a.deps.dbKind === 'postgres') expect(b.deps.db).not.toBe(a.deps.db);
    const firedBefore = await firedTimers();
    env.clock.advance(31 * MIN);
    const started = Date.now();
    // Two concurrent loops per instance, four claimants in all, racing over the same rows.
    const fired = await Promise.all([a.timers.runDue(), b.timers.runDue(), a.timers.runDue(), b.timers.runDue()]);
    const ms = Date.now() - started;
    const perInstance = { a: fired[0]! + fired[2]!, b: fired[1]! + fired[3]! };
    const firedAfter = await firedTimers();
    console.info(`[timers-race ${a.deps.dbKind}] fired ${perInstance.a + perInstance.b} timers (${JSON.stringify(firedAfter)}) in ${ms} ms; instance A ${perInstance.a}, instance B ${perInstance.b}`);
    // Every firing the runners counted is one timer row marked fired, once: the 1,000 deadlines, plus whatever
    // timers their effects schedule for the same moment (outbound delivery of the escalation notices, where enabled).
    const newlyFired = Object.entries(firedAfter).reduce((n, [kind, count]) => n + count - (firedBefore[kind] ?? 0), 0);
    expect(perInstance.a + perInstance.b).toBe(newlyFired);
    expect((firedAfter[TIMER.responseDue] ?? 0) - (firedBefore[TIMER.responseDue] ?? 0)).toBe(N);

    const o = await outcome(batch);
    expect(o.requestsWithOneEvent).toBe(N);
    expect(o.requestsWithMoreEvents).toBe(0);
    expect(o.timersFired).toBe(N);
    expect(o.levels).toEqual({ community: N });
    const notices = await a.deps.db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'request.escalated').executeTakeFirstOrThrow();
    expect(Number(notices.n)).toBe(N);
    const emitted = await a.deps.db.selectFrom('domain_events').select((eb) => eb.fn.countAll<number>().as('n')).where('type', '=', 'request.escalated').executeTakeFirstOrThrow();
    expect(Number(emitted.n)).toBe(N);

    // Nothing is left to fire, on either instance.
    expect(await Promise.all([a.timers.runDue(), b.timers.runDue()])).toEqual([0, 0]);
  });

  it('does not fire again when the clock jumps backwards and forwards again', async () => {
    const before = await outcome(batch);
    env.clock.advance(-2 * 60 * MIN); // before the deadlines
    expect(await Promise.all([a.timers.runDue(), b.timers.runDue()])).toEqual([0, 0]);
    env.clock.advance(2 * 60 * MIN);
    expect(await Promise.all([a.timers.runDue(), b.timers.runDue()])).toEqual([0, 0]);
    const after = await outcome(batch);
    expect(after.requestsWithOneEvent).toBe(N);
    expect(after.requestsWithMoreEvents).toBe(0);
    expect(after.firedAt).toEqual(before.firedAt);
  });

  it('catches up on overdue timers after a restart: a new instance fires what came due while none was running', async () => {
    const late = await insertRequests(50);
    await b.close(); // instance B stops; A is not polling either
    env.clock.advance(3 * 60 * MIN); // the deadlines pass while nobody runs timers
    const c = await env.add(); // "restart": a new instance with a new TimerRunner
    c.timers.start(60 * MIN); // start() fires what is due at once …
    await c.timers.stop(); // … and stop() waits for that first run to finish
    const o = await outcome(late);
    expect(o.requestsWithOneEvent).toBe(50);
    expect(o.requestsWithMoreEvents).toBe(0);
    expect(o.timersFired).toBe(50);
    expect(await Promise.all([a.timers.runDue(), c.timers.runDue()])).toEqual([0, 0]);
    expect((await outcome(batch)).requestsWithOneEvent).toBe(N);
  });
});
