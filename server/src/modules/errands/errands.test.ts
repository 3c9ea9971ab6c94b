import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, buildTestApp, signIn, type Session, type TestApp } from '../../../test/helpers.ts';
import { createPerson, createTree, PASSWORD } from '../../../test/factories.ts';

let t: TestApp;
let tree: Awaited<ReturnType<typeof createTree>>;
type Who = 'elder' | 'plain' | 'noGroup' | 'residentB' | 'commissioner' | 'commissionerB' | 'communityWorker' | 'street' | 'property';
let s: Record<Who, Session>;
let ids: Record<Who, number>;

const checklist = [
  { item: '身份证复印件', kind: 'document' },
  { item: '户口簿', kind: 'document' },
  { item: '街道社保窗口递交申请', kind: 'step' },
];

beforeAll(async () => {
  t = await buildTestApp();
  tree = await createTree(t.deps);
  const p = tree.places;
  const mk = (name: string, roles: Parameters<typeof createPerson>[3], extra: Parameters<typeof createPerson>[4] = {}) => createPerson(t.deps, tree.districtId, name, roles, extra);
  const people: Record<Who, { id: number; phone: string }> = {
    elder: await mk('独居老人孙', [{ role: 'resident', place: p['A-h1']! }], { flags: { elderlyAlone: true, disability: false, lowIncome: false } }),
    plain: await mk('居民周', [{ role: 'resident', place: p['A-h2']! }]),
    noGroup: await mk('居民吴', [{ role: 'owner', place: p['A-h2']! }], { flags: { elderlyAlone: false, disability: false, lowIncome: false } }),
    residentB: await mk('低保户郑', [{ role: 'resident', place: p['B-h1']! }], { flags: { elderlyAlone: false, disability: false, lowIncome: true } }),
    commissioner: await mk('专员王', [{ role: 'commissioner', place: p.A! }]),
    commissionerB: await mk('专员冯', [{ role: 'commissioner', place: p.B! }]),
    communityWorker: await mk('社工陈', [{ role: 'community_worker', place: p.C1! }]),
    street: await mk('街道赵', [{ role: 'street_admin', place: p.S1! }]),
    property: await mk('物业刘', [{ role: 'property_staff', place: p.A! }]),
  };
  ids = Object.fromEntries(Object.entries(people).map(([k, v]) => [k, v.id])) as typeof ids;
  s = Object.fromEntries(await Promise.all(Object.entries(people).map(async ([k, v]) => [k, await signIn(t.app, v.phone, PASSWORD)]))) as typeof s;
});
afterAll(() => t.close());

const create = (who: Session, body: Record<string, unknown>) =>
  as(t.app, who).post('/api/errands', { compoundId: tree.places.A!.id, residentId: ids.elder, title: '高龄津贴申领', checklist, ...body });
const errandCount = async () => Number((await t.deps.db.selectFrom('errands').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe('proxy errands (代办, 最多跑一次)', () => {
  it('registers an errand for a resident in a special group, checking eligibility without returning the flags, and audits the use', async () => {
    const res = await create(s.commissioner, {});
    expect(res.statusCode, res.body).toBe(201);
    const e = res.json();
    expect(e).toMatchObject({
      compound: { id: tree.places.A!.id, name: 'A小区' }, resident: { id: ids.elder, name: '独居老人孙' }, handledBy: { id: ids.commissioner, name: '专员王' },
      title: '高龄津贴申领', status: 'open', residentTrips: 0, checklistDone: 0, doneAt: null,
      checklist: [
        { index: 0, item: '身份证复印件', kind: 'document', done: false, doneAt: null },
        { index: 1, item: '户口簿', kind: 'document', done: false, doneAt: null },
        { index: 2, item: '街道社保窗口递交申请', kind: 'step', done: false, doneAt: null },
      ],
    });
    expect(res.body).not.toMatch(/elderlyAlone|disability|lowIncome|flags/);

    const uses = await t.deps.db.selectFrom('audit_log').select(['actor_id', 'target_id', 'detail', 'result']).where('action', '=', 'personal_data.use').execute();
    expect(uses).toEqual([{ actor_id: ids.commissioner, target_id: String(ids.elder), result: 'ok', detail: { fields: ['flags'], purpose: 'errand_eligibility', eligible: true } }]);
    const note = await t.deps.db.selectFrom('notifications').select(['person_id', 'title']).where('kind', '=', 'errand.created').execute();
    expect(note).toEqual([{ person_id: ids.elder, title: '已为您登记代办：高龄津贴申领' }]);

    // The resident sees it in the H5.
    const mine = (await as(t.app, s.elder).get('/api/me/errands')).json();
    expect(mine.items.map((x: { id: number }) => x.id)).toEqual([e.id]);
    expect((await as(t.app, s.plain).get('/api/me/errands')).json().items).toEqual([]);
  });

  it('refuses residents outside the special groups with a clear code, still auditing the check, and writes no errand', async () => {
    const before = await errandCount();
    for (const residentId of [ids.plain, ids.noGroup]) {
      const res = await create(s.commissioner, { residentId });
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'NOT_ELIGIBLE_FOR_ERRAND', message: expect.stringContaining('代办服务对象') });
      expect(res.body).not.toMatch(/elderlyAlone|disability|lowIncome/);
    }
    const en = await t.app.inject({
      method: 'POST', url: '/api/errands', payload: { compoundId: tree.places.A!.id, residentId: ids.plain, title: '代缴水费', checklist },
      headers: { cookie: s.commissioner.cookie, 'x-csrf-token': s.commissioner.csrf, 'accept-language': 'en-US' },
    });
    expect(en.json().message).toMatch(/not in a group served by proxy errands/);
    const refusedUses = await t.deps.db.selectFrom('audit_log').select('detail').where('action', '=', 'personal_data.use').where('target_id', 'in', [String(ids.plain), String(ids.noGroup)]).execute();
    expect(refusedUses.map((u) => (u.detail as { eligible: boolean }).eligible)).toEqual([false, false, false]);

    // A resident of another compound, another compound's commissioner, a role without errands, bad input.
    expect((await create(s.commissioner, { residentId: ids.residentB })).json().code).toBe('NOT_A_RESIDENT');
    expect((await create(s.commissionerB, {})).statusCode).toBe(404);
    expect((await create(s.property, {})).statusCode).toBe(403);
    expect((await create(s.commissioner, { compoundId: tree.places.C1!.id })).statusCode).toBe(404); // outside A's reach
    expect((await create(s.communityWorker, { compoundId: tree.places['A-b1']!.id })).json().code).toBe('PLACE_KIND_MISMATCH');
    for (const body of [{ checklist: [] }, { checklist: [{ item: '证明', kind: 'photo' }] }, { title: '' }, { flags: true }]) {
      expect((await create(s.commissioner, body)).statusCode, JSON.stringify(body)).toBe(400);
    }
    expect(await errandCount()).toBe(before);
  });

  it('keeps errands inside the tree: compound B’s commissioner cannot see or change A’s errand', async () => {
    const e = (await create(s.commissioner, { title: '残疾人证换领' })).json();
    expect((await as(t.app, s.commissionerB).get(`/api/errands/${e.id}`)).statusCode).toBe(404);
    const patch = await as(t.app, s.commissionerB).patch(`/api/errands/${e.id}`, { residentTripsDelta: 1 });
    expect(patch.statusCode).toBe(404);
    expect(patch.json().code).toBe('NOT_FOUND');
    expect((await as(t.app, s.commissionerB).get('/api/errands')).json()).toEqual({ items: [], total: 0 });
    expect((await as(t.app, s.commissionerB).get(`/api/errands?placeId=${tree.places.A!.id}`)).statusCode).toBe(404);
    expect((await as(t.app, s.communityWorker).get(`/api/errands/${e.id}`)).json().title).toBe('残疾人证换领');
    expect((await as(t.app, s.property).get(`/api/errands/${e.id}`)).statusCode).toBe(403);
    expect((await as(t.app, s.elder).get(`/api/errands/${e.id}`)).statusCode).toBe(403);
  });

  it('ticks the checklist, counts trips, refuses to finish early, finishes once', async () => {
    const e = (await create(s.commissioner, { title: '医保报销' })).json();
    const c = as(t.app, s.commissioner);
    const ticked = await c.patch(`/api/errands/${e.id}`, { checklist: [{ index: 0, done: true }, { index: 1, done: true }], residentTripsDelta: 1 });
    expect(ticked.statusCode, ticked.body).toBe(200);
    expect(ticked.json()).toMatchObject({ checklistDone: 2, residentTrips: 1, status: 'open', checklist: [{ done: true, doneAt: t.clock.now().toISOString() }, { done: true }, { done: false, doneAt: null }] });

    const early = await c.patch(`/api/errands/${e.id}`, { status: 'done' });
    expect(early.statusCode).toBe(422);
    expect(early.json()).toMatchObject({ code: 'ERRAND_INCOMPLETE', message: expect.stringContaining('1 项未完成') });
    const badIndex = await c.patch(`/api/errands/${e.id}`, { checklist: [{ index: 3, done: true }] });
    expect(badIndex.statusCode).toBe(400);
    expect(badIndex.json().issues[0].path).toEqual(['checklist', 0, 'index']);
    for (const body of [{}, { residentTripsDelta: 2 }, { residentTripsDelta: -1 }, { status: 'closed' }]) {
      expect((await c.patch(`/api/errands/${e.id}`, body)).statusCode, JSON.stringify(body)).toBe(400);
    }

    t.clock.advance(10 * 60_000);
    const done = await c.patch(`/api/errands/${e.id}`, { checklist: [{ index: 2, done: true }], status: 'done' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'done', checklistDone: 3, residentTrips: 1, doneAt: t.clock.now().toISOString() });
    const again = await c.patch(`/api/errands/${e.id}`, { residentTripsDelta: 1 });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('ERRAND_CLOSED');
    expect((await t.deps.db.selectFrom('notifications').select('person_id').where('kind', '=', 'errand.done').execute())).toEqual([{ person_id: ids.elder }]);

    const cancelled = (await create(s.commissioner, { title: '代领药品' })).json();
    expect((await c.patch(`/api/errands/${cancelled.id}`, { status: 'cancelled' })).json()).toMatchObject({ status: 'cancelled', doneAt: null });
    expect((await c.patch(`/api/errands/${cancelled.id}`, { status: 'open' })).json().code).toBe('ERRAND_CLOSED');
  });

  it('lists errands by place and status, paged', async () => {
    const cw = as(t.app, s.communityWorker);
    const b = await cw.post('/api/errands', { compoundId: tree.places.B!.id, residentId: ids.residentB, title: '低保年审', checklist });
    expect(b.statusCode, b.body).toBe(201);
    const all = (await cw.get('/api/errands?pageSize=2')).json();
    expect(all.total).toBeGreaterThanOrEqual(5);
    expect(all.items).toHaveLength(2);
    expect(all.items[0].title).toBe('低保年审'); // newest first
    const onlyB = (await cw.get(`/api/errands?placeId=${tree.places.B!.id}`)).json();
    expect(onlyB.items.map((x: { title: string }) => x.title)).toEqual(['低保年审']);
    const done = (await cw.get('/api/errands?status=done')).json();
    expect(done.items.map((x: { title: string }) => x.title)).toEqual(['医保报销']);
    expect((await cw.get('/api/errands?status=lost')).statusCode).toBe(400);
  });

  it('reports trips per errand and the share done with at most one trip (最多跑一次), per place', async () => {
    const cw = as(t.app, s.communityWorker);
    // A: one more done errand that took the resident two trips. B: the open one finished with no trip at all.
    const two = (await create(s.commissioner, { title: '房屋维修基金申领', checklist: [{ item: '申请表', kind: 'document' }] })).json();
    await as(t.app, s.commissioner).patch(`/api/errands/${two.id}`, { residentTripsDelta: 1 });
    await as(t.app, s.commissioner).patch(`/api/errands/${two.id}`, { residentTripsDelta: 1, checklist: [{ index: 0, done: true }], status: 'done' });
    const b = (await cw.get(`/api/errands?placeId=${tree.places.B!.id}`)).json().items[0];
    await cw.patch(`/api/errands/${b.id}`, { checklist: [0, 1, 2].map((index) => ({ index, done: true })), status: 'done' });

    const stats = await cw.get(`/api/errands/stats?placeId=${tree.places.C1!.id}`);
    expect(stats.statusCode, stats.body).toBe(200);
    const body = stats.json();
    expect(body.place).toEqual({ id: tree.places.C1!.id, name: '甲社区' });
    const byName = Object.fromEntries(body.places.map((r: { place: { name: string } }) => [r.place.name, r]));
    expect(byName['A小区']).toMatchObject({ done: 2, cancelled: 1, residentTrips: 3, tripsPerDoneErrand: 1.5, doneWithinOneTrip: 1, oneTripShare: 0.5 });
    expect(byName['B小区']).toMatchObject({ errands: 1, open: 0, done: 1, residentTrips: 0, tripsPerDoneErrand: 0, doneWithinOneTrip: 1, oneTripShare: 1 });
    expect(body.total).toMatchObject({ done: 3, doneWithinOneTrip: 2, oneTripShare: 0.667, tripsPerDoneErrand: 1 });
    expect(body.total.errands).toBe(byName['A小区'].errands + 1);

    // The street reads it through the cockpit permission; a compound's commissioner sees their compound only.
    expect((await as(t.app, s.street).get(`/api/errands/stats?placeId=${tree.places.S1!.id}`)).json().places).toEqual([{ ...body.total, place: { id: tree.places.C1!.id, name: '甲社区' } }]);
    const own = (await as(t.app, s.commissioner).get('/api/errands/stats')).json();
    expect(own.place.name).toBe('A小区');
    expect(own.places).toEqual([{ ...byName['A小区'] }]);
    expect((await as(t.app, s.commissioner).get(`/api/errands/stats?placeId=${tree.places.C1!.id}`)).statusCode).toBe(404);
    expect((await as(t.app, s.property).get('/api/errands/stats')).statusCode).toBe(403);
  });
});
