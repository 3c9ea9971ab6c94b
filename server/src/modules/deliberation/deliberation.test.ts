import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, buildTestApp, signIn, type Session, type TestApp } from '../../../test/helpers.ts';
import { createPerson, createTree, PASSWORD } from '../../../test/factories.ts';

/**
 * Topics and open deliberation days through the API: a topic from a resident, one sent on from a tri-party
 * consultation (the `request.to_deliberation` event), seconds, a day with agenda, facilitator and participants,
 * sign-in, minutes per topic, follow-ups tracked to done, and minutes published to residents.
 */
const DAY = 86_400_000;
let t: TestApp;
let tree: Awaited<ReturnType<typeof createTree>>;
let s: Record<'resident' | 'neighbour' | 'residentB' | 'commissioner' | 'commissionerB' | 'facilitator', Session>;
let facilitatorId: number;

beforeAll(async () => {
  t = await buildTestApp();
  tree = await createTree(t.deps);
  const p = tree.places;
  const people = {
    resident: await createPerson(t.deps, tree.districtId, '居民张', [{ role: 'resident', place: p['A-h1']! }]),
    neighbour: await createPerson(t.deps, tree.districtId, '居民李', [{ role: 'owner', place: p['A-h2']! }]),
    residentB: await createPerson(t.deps, tree.districtId, '居民钱', [{ role: 'resident', place: p['B-h1']! }]),
    commissioner: await createPerson(t.deps, tree.districtId, '专员王', [{ role: 'commissioner', place: p.A! }]),
    commissionerB: await createPerson(t.deps, tree.districtId, '专员吴', [{ role: 'commissioner', place: p.B! }]),
    facilitator: await createPerson(t.deps, tree.districtId, '促动师周', [{ role: 'facilitator', place: p.C1! }]),
  };
  facilitatorId = people.facilitator.id;
  s = Object.fromEntries(await Promise.all(Object.entries(people).map(async ([k, v]) => [k, await signIn(t.app, v.phone, PASSWORD)]))) as typeof s;
});
afterAll(() => t.close());

let residentTopic: number;
let requestTopic: number;

describe('topics (议题)', () => {
  it('a resident raises a topic for their compound, not for another; a neighbour seconds it once', async () => {
    const res = await as(t.app, s.resident).post('/api/topics', { placeId: tree.places.A!.id, title: '1幢加装电梯', body: '老人上下楼困难，希望加装电梯。' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ raisedAs: 'resident', raisedBy: null, status: 'open', seconds: 0 });
    residentTopic = res.json().id;
    expect((await as(t.app, s.resident).post('/api/topics', { placeId: tree.places.B!.id, title: '别人的小区', body: '—' })).statusCode).toBe(404);
    expect((await as(t.app, s.resident).post(`/api/topics/${residentTopic}/second`)).statusCode).toBe(409); // one's own topic
    const second = await as(t.app, s.neighbour).post(`/api/topics/${residentTopic}/second`);
    expect(second.json()).toMatchObject({ seconds: 1, secondedByMe: true });
    const again = await as(t.app, s.neighbour).post(`/api/topics/${residentTopic}/second`);
    expect([again.statusCode, again.json().code]).toEqual([409, 'TOPIC_ALREADY_SECONDED']);
    expect((await as(t.app, s.residentB).post(`/api/topics/${residentTopic}/second`)).statusCode).toBe(404);
    expect((await as(t.app, s.commissionerB).get(`/api/topics/${residentTopic}`)).statusCode).toBe(404);
  });

  it('with an Idempotency-Key a retried topic is the first one; the same key with another body is refused', async () => {
    const raise = (body: object) => t.app.inject({ method: 'POST', url: '/api/topics', headers: { cookie: s.neighbour.cookie, 'x-csrf-token': s.neighbour.csrf, 'idempotency-key': 'topic-retry-0001' }, payload: body });
    const body = { placeId: tree.places.A!.id, title: '楼道照明', body: '3 单元楼道灯常坏。' };
    const first = await raise(body);
    expect(first.statusCode).toBe(201);
    const again = await raise(body);
    expect(again.json().id).toBe(first.json().id);
    const count = await t.deps.db.selectFrom('deliberation_topics').select((eb) => eb.fn.countAll<number>().as('n')).where('title', '=', '楼道照明').executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
    const other = await raise({ ...body, title: '另一件事' });
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('a consultation sent on to deliberation becomes a topic, once', async () => {
    const categories = (await as(t.app, s.resident).get('/api/request-categories')).json();
    const repairs = categories.find((c: { code: string }) => c.code === 'repairs').id;
    const req = await as(t.app, s.resident).post('/api/me/requests', { compoundId: tree.places.A!.id, categoryId: repairs, type: 'help', description: '地下车库长期积水，三方需共同商量处理' });
    expect(req.statusCode, req.body).toBe(201);
    const c = (await as(t.app, s.commissioner).post(`/api/requests/${req.json().id}/consultations`, { scheduledAt: new Date(t.clock.now().getTime() + DAY).toISOString(), parties: ['residents_committee', 'property'] })).json();
    const closed = await as(t.app, s.commissioner).patch(`/api/consultations/${c.id}`, { attended: ['property'], outcome: '提交公开议事日讨论车库排水改造', toDeliberation: true });
    expect(closed.statusCode, closed.body).toBe(200);
    const list = (await as(t.app, s.commissioner).get('/api/topics')).json().items;
    const fromRequest = list.filter((x: { raisedAs: string }) => x.raisedAs === 'request');
    expect(fromRequest).toHaveLength(1);
    expect(fromRequest[0]).toMatchObject({ sourceRequestId: req.json().id, body: '提交公开议事日讨论车库排水改造', place: { id: tree.places.A!.id } });
    requestTopic = fromRequest[0].id;
    // Reading again creates nothing twice.
    expect((await as(t.app, s.resident).get('/api/topics')).json().items.filter((x: { raisedAs: string }) => x.raisedAs === 'request')).toHaveLength(1);
  });
});

describe('an open deliberation day (公开议事日)', () => {
  let dayId: number;
  it('is scheduled with an agenda, a facilitator and participants; topics of another compound are refused', async () => {
    const body = {
      placeId: tree.places.A!.id, title: 'A小区十一月公开议事日', startsAt: new Date(t.clock.now().getTime() + 2 * DAY).toISOString(), location: 'A小区议事厅', facilitatorId,
      topicIds: [residentTopic, requestTopic],
      participants: [{ name: '居委冯', party: 'residents_committee', showName: true }, { name: '物业刘', party: 'property_company', showName: true }, { name: '居民张', party: 'resident' }],
    };
    expect((await as(t.app, s.commissioner).get(`/api/deliberation-facilitators?placeId=${tree.places.A!.id}`)).json().items).toEqual([{ id: facilitatorId, name: '促动师周' }]);
    const notFacilitator = await as(t.app, s.commissioner).post('/api/deliberation-days', { ...body, facilitatorId: 999_999 });
    expect(notFacilitator.statusCode).toBe(400);
    const wrong = await as(t.app, s.commissionerB).post('/api/deliberation-days', body);
    expect(wrong.statusCode).toBe(404);
    const res = await as(t.app, s.commissioner).post('/api/deliberation-days', body);
    expect(res.statusCode, res.body).toBe(201);
    dayId = res.json().id;
    expect(res.json()).toMatchObject({ facilitator: '促动师周', status: 'scheduled', invited: 3, signedIn: 0 });
    expect(res.json().agenda.map((a: { title: string }) => a.title)).toEqual(['1幢加装电梯', expect.stringContaining('地下车库')]);
    expect((await as(t.app, s.resident).get(`/api/topics/${residentTopic}`)).json().status).toBe('on_agenda');
  });

  it('signs people in, records minutes per topic and follow-ups; publishes only when every topic has a resolution', async () => {
    const day = (await as(t.app, s.facilitator).get(`/api/deliberation-days/${dayId}`)).json();
    for (const p of day.participants.slice(0, 2)) await as(t.app, s.facilitator).post(`/api/deliberation-days/${dayId}/participants/${p.id}/sign-in`);
    const [lift, garage] = day.agenda;
    const m = await as(t.app, s.facilitator).patch(`/api/deliberation-days/${dayId}/agenda/${lift.id}/minutes`, { discussion: '多数居民支持；一楼住户担心采光。', resolution: '提请1幢业主表决加装电梯（第278条第七项）。' });
    expect(m.json()).toMatchObject({ status: 'held', signedIn: 2 });
    const early = await as(t.app, s.commissioner).post(`/api/deliberation-days/${dayId}/publish`);
    expect(early.statusCode).toBe(400);
    expect(early.json().issues[0].message).toContain('地下车库');
    await as(t.app, s.facilitator).patch(`/api/deliberation-days/${dayId}/agenda/${garage.id}/minutes`, { discussion: '物业已测绘。', resolution: '物业在两周内提交排水改造方案。' });
    const f = await as(t.app, s.commissioner).post(`/api/deliberation-days/${dayId}/agenda/${garage.id}/followups`, { task: '提交排水改造方案', ownerName: '物业刘', dueOn: '2026-12-08' });
    expect(f.statusCode, f.body).toBe(201);
    // Before publication a resident sees the agenda but not the minutes.
    const before = (await as(t.app, s.resident).get(`/api/deliberation-days/${dayId}`)).json();
    expect(before.agenda[0].resolution).toBeNull();
    const pub = await as(t.app, s.commissioner).post(`/api/deliberation-days/${dayId}/publish`);
    expect(pub.json().status).toBe('published');
    const after = (await as(t.app, s.resident).get(`/api/deliberation-days/${dayId}`)).json();
    expect(after.agenda[0].resolution).toContain('加装电梯');
    // Only participants who agreed to be named are shown to residents.
    expect(after.participants.map((p: { name: string }) => p.name)).toEqual(['居委冯', '物业刘']);
    const followup = after.agenda[1].followups[0];
    expect(followup).toMatchObject({ task: '提交排水改造方案', dueOn: '2026-12-08', doneAt: null, overdue: false });
    t.clock.advance(20 * DAY);
    expect((await as(t.app, await signIn(t.app, (await createPerson(t.deps, tree.districtId, '专员二', [{ role: 'commissioner', place: tree.places.A! }])).phone, PASSWORD)).get(`/api/deliberation-days/${dayId}`)).json().agenda[1].followups[0].overdue).toBe(true);
  });

  it('tracks a follow-up to done, once', async () => {
    const s2 = await signIn(t.app, (await createPerson(t.deps, tree.districtId, '专员三', [{ role: 'commissioner', place: tree.places.A! }])).phone, PASSWORD);
    const day = (await as(t.app, s2).get(`/api/deliberation-days/${dayId}`)).json();
    const fid = day.agenda[1].followups[0].id;
    const done = await as(t.app, s2).post(`/api/deliberation-followups/${fid}/done`, { note: '方案已提交并公示' });
    expect(done.json().agenda[1].followups[0]).toMatchObject({ doneNote: '方案已提交并公示', overdue: false });
    expect((await as(t.app, s2).post(`/api/deliberation-followups/${fid}/done`, { note: '再次' })).statusCode).toBe(409);
  });
});
