import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, buildTestApp, signIn, type TestApp } from '../../../test/helpers.ts';
import { createPerson, createTree, PASSWORD } from '../../../test/factories.ts';
import { raiseAlerts } from './alerts.ts';
import { runRollups } from './rollup-job.ts';
import { approvedProject, call, fundedPoolAndStreet, ok, projectWorld } from '../projects/projects-fixture.ts';

let t: TestApp;
let tree: Awaited<ReturnType<typeof createTree>>;
const phones: Record<string, string> = {};
const DAY = 24 * 3600_000;
const s = (k: string) => signIn(t.app, phones[k]!, PASSWORD);

beforeAll(async () => {
  t = await buildTestApp();
  t.clock.set(new Date('2026-11-02T01:00:00Z'));
  tree = await createTree(t.deps);
  const p = tree.places;
  const mk = async (k: string, name: string, roles: Parameters<typeof createPerson>[3]) => (phones[k] = (await createPerson(t.deps, tree.districtId, name, roles)).phone);
  await mk('commissioner', '专员王', [{ role: 'commissioner', place: p.A! }]);
  await mk('worker', '社工陈', [{ role: 'community_worker', place: p.C1! }]);
  await mk('resident', '居民张', [{ role: 'resident', place: p['A-h1']! }]);
  await mk('residentB', '居民李', [{ role: 'resident', place: p['B-h1']! }]);
});
afterAll(() => t.close());

describe('社区眼 alerts', () => {
  it('flags a compound whose requests jump against its own baseline, once, and tells its commissioner', async () => {
    const resident = await s('resident');
    const categories = (await as(t.app, resident).get('/api/request-categories')).json();
    // B has a steady one a day; A is quiet, then six in one day.
    for (let d = 0; d < 5; d++) {
      t.clock.set(new Date(Date.parse('2026-11-02T01:00:00Z') + d * DAY));
      const rb = await s('residentB');
      expect((await as(t.app, rb).post('/api/me/requests', { compoundId: tree.places.B!.id, categoryId: categories[0].id, type: 'help', description: '日常报修一件' })).statusCode).toBe(201);
    }
    const r = await s('resident');
    for (let i = 0; i < 6; i++) {
      expect((await as(t.app, r).post('/api/me/requests', { compoundId: tree.places.A!.id, categoryId: categories[0].id, type: 'complaint', description: `污水外溢第${i + 1}处` })).statusCode).toBe(201);
    }
    await runRollups(t.deps.db, t.clock);
    expect(await raiseAlerts(t.deps.db, t.clock)).toBe(1);
    expect(await raiseAlerts(t.deps.db, t.clock)).toBe(0);
    const commissioner = await s('commissioner');
    const notes = (await as(t.app, commissioner).get('/api/notifications')).json();
    expect(JSON.stringify(notes)).toContain('今日诉求 6 件');
    const worker = await s('worker');
    const list = (await as(t.app, worker).get('/api/cockpit/alerts')).json();
    expect(list.items).toEqual([expect.objectContaining({ kind: 'volume_spike', placeName: 'A小区', value: 6, baseline: 0, day: '2026-11-06' })]);
  });

  it('flags an overdue spike, and wishes nobody has claimed for a week', async () => {
    // The six requests in A are never accepted: three days on, their resolution deadlines have passed.
    t.clock.advance(3 * DAY);
    await t.timers.runDue();
    const commissioner = await s('commissioner');
    const wish = await as(t.app, commissioner).post('/api/wishes', {
      compoundId: tree.places.A!.id, recipientId: (await signIn(t.app, phones.resident!, PASSWORD)).personId, category: 'daily_goods', title: '助行器一副', description: '腿脚不便想要助行器', valueFen: 8000,
      deadline: new Date(t.clock.now().getTime() + 30 * DAY).toISOString(),
    });
    expect(wish.statusCode, wish.body).toBe(201);
    expect((await as(t.app, await s('worker')).post(`/api/wishes/${wish.json().id}/review`, { decision: 'approve' })).statusCode).toBe(200);
    await runRollups(t.deps.db, t.clock);
    await raiseAlerts(t.deps.db, t.clock);
    t.clock.advance(8 * DAY);
    await runRollups(t.deps.db, t.clock);
    await raiseAlerts(t.deps.db, t.clock);
    const list = (await as(t.app, await s('worker')).get('/api/cockpit/alerts?days=30')).json();
    const kinds = list.items.map((a: { kind: string; placeName: string }) => `${a.kind}@${a.placeName}`).sort();
    expect(kinds).toContain('overdue_spike@A小区');
    expect(kinds).toContain('overdue_spike@甲社区');
    expect(kinds).toContain('wishes_unclaimed@A小区');
    expect(kinds).toContain('volume_spike@A小区');
    // B's volume is never flagged: one a day is its normal.
    expect(kinds).not.toContain('volume_spike@B小区');
  });

  it('flags a place whose funds hold less than a fifth of what they received, and tells its administrator', async () => {
    const w = await projectWorld(t);
    const D = w.tree.places.D!.id;
    const funds = await fundedPoolAndStreet(t, w, 1_000_000, 500_000);
    const pid = await approvedProject(t, w, '楼道微更新', 900_000);
    await ok(call(t, w.worker.session, 'POST', `/api/projects/${pid}/allocations`, { mode: 'single', fundId: funds.pool, amount: 850_000 }));
    // 150,000 of 1,000,000 left (15 %): low. The street's match is untouched.
    expect(await raiseAlerts(t.deps.db, t.clock)).toBeGreaterThanOrEqual(1);
    const before = await raiseAlerts(t.deps.db, t.clock);
    expect(before).toBe(0);
    const list = await ok<{ items: { kind: string; placeId: number; value: number; baseline: number }[] }>(call(t, w.district.session, 'GET', `/api/cockpit/alerts?placeId=${D}`));
    const low = list.items.filter((a) => a.kind === 'fund_low');
    expect(low).toEqual([expect.objectContaining({ placeId: D, value: 150_000, baseline: 1_000_000 })]);
    const notes = await ok(call(t, w.district.session, 'GET', '/api/notifications'));
    expect(JSON.stringify(notes)).toContain('资金余额仅剩 1500.00 元');
    const streetNotes = await ok(call(t, w.street.session, 'GET', '/api/notifications'));
    expect(JSON.stringify(streetNotes)).not.toContain('资金余额');
  });
});
