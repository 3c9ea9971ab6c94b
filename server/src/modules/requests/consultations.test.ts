import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, buildTestApp, signIn, type Session, type TestApp } from '../../../test/helpers.ts';
import { createPerson, createTree, PASSWORD } from '../../../test/factories.ts';

let t: TestApp;
let tree: Awaited<ReturnType<typeof createTree>>;
let s: Record<'resident' | 'residentC' | 'commissioner' | 'commissionerB' | 'commissionerC' | 'residentsCommittee' | 'ownersCommittee' | 'property' | 'propertyB', Session>;
let ids: Record<string, number>;
let repairs: number;
const DAY = 24 * 60 * 60_000;

beforeAll(async () => {
  t = await buildTestApp();
  tree = await createTree(t.deps);
  const p = tree.places;
  const people = {
    resident: await createPerson(t.deps, tree.districtId, '居民张', [{ role: 'resident', place: p['A-h1']! }]),
    residentC: await createPerson(t.deps, tree.districtId, '居民钱', [{ role: 'resident', place: p.C! }]),
    commissioner: await createPerson(t.deps, tree.districtId, '专员王', [{ role: 'commissioner', place: p.A! }]),
    commissionerB: await createPerson(t.deps, tree.districtId, '专员吴', [{ role: 'commissioner', place: p.B! }]),
    commissionerC: await createPerson(t.deps, tree.districtId, '专员郑', [{ role: 'commissioner', place: p.C! }]),
    residentsCommittee: await createPerson(t.deps, tree.districtId, '居委冯', [{ role: 'residents_committee', place: p.C1! }]),
    ownersCommittee: await createPerson(t.deps, tree.districtId, '业委陈', [{ role: 'owners_committee', place: p.A! }]),
    property: await createPerson(t.deps, tree.districtId, '物业刘', [{ role: 'property_staff', place: p.A! }]),
    propertyB: await createPerson(t.deps, tree.districtId, '物业褚', [{ role: 'property_staff', place: p.B! }]),
  };
  ids = Object.fromEntries(Object.entries(people).map(([k, v]) => [k, v.id]));
  s = Object.fromEntries(await Promise.all(Object.entries(people).map(async ([k, v]) => [k, await signIn(t.app, v.phone, PASSWORD)]))) as typeof s;
  const categories = (await as(t.app, s.resident).get('/api/request-categories')).json();
  repairs = categories.find((c: { code: string }) => c.code === 'repairs').id;
});
afterAll(() => t.close());

async function raise(session: Session, compoundId: number, description = '地下车库长期积水，三方需共同商量处理') {
  const res = await as(t.app, session).post('/api/me/requests', { compoundId, categoryId: repairs, type: 'help', description });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as number;
}
const inDays = (n: number) => new Date(t.clock.now().getTime() + n * DAY).toISOString();
const count = async (table: 'consultations' | 'domain_events') =>
  Number((await t.deps.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const invitations = async () =>
  Number((await t.deps.db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'consultation.invited').executeTakeFirstOrThrow()).n);

describe('tri-party consultation (小区协商铃)', () => {
  it('convenes the parties: invitations to each party’s role holders, an entry on the timeline, a list', async () => {
    const id = await raise(s.resident, tree.places.A!.id);
    const res = await as(t.app, s.commissioner).post(`/api/requests/${id}/consultations`, {
      scheduledAt: inDays(2), parties: ['residents_committee', 'owners_committee', 'property'], note: '地点：A小区物业服务中心会议室',
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({
      requestId: id, status: 'scheduled', parties: ['residents_committee', 'owners_committee', 'property'], note: '地点：A小区物业服务中心会议室',
      convenedBy: { name: '专员王' }, attended: null, outcome: null, toDeliberation: false, closedAt: null,
      invited: [{ party: 'residents_committee', people: 1 }, { party: 'owners_committee', people: 1 }, { party: 'property', people: 1 }],
    });

    // Residents' committee members sit at the community, the others at the compound; B's property company is not asked.
    const invites = await t.deps.db.selectFrom('notifications').select(['person_id', 'title', 'link']).where('kind', '=', 'consultation.invited').execute();
    expect(invites.map((n) => n.person_id).sort()).toEqual([ids.residentsCommittee, ids.ownersCommittee, ids.property].sort());
    expect(invites[0]).toMatchObject({ link: `/requests/${id}`, title: expect.stringContaining('A小区') });

    const detail = (await as(t.app, s.commissioner).get(`/api/requests/${id}`)).json();
    expect(detail.timeline.at(-1)).toMatchObject({
      kind: 'consultation_convened', actorName: '专员王', note: '地点：A小区物业服务中心会议室',
      data: { consultationId: c.id, parties: ['residents_committee', 'owners_committee', 'property'] },
    });
    const list = (await as(t.app, s.commissioner).get(`/api/requests/${id}/consultations`)).json();
    expect(list.items).toEqual([c]);
  });

  it('lets an invited party read the request it was asked to consult on, and no other party', async () => {
    const id = await raise(s.resident, tree.places.A!.id);
    // Not yet routed to anyone: the property company and the owners' committee see nothing of it.
    expect((await as(t.app, s.property).get(`/api/requests/${id}`)).statusCode).toBe(404);
    expect((await as(t.app, s.ownersCommittee).get(`/api/requests/${id}`)).statusCode).toBe(404);
    const res = await as(t.app, s.commissioner).post(`/api/requests/${id}/consultations`, { scheduledAt: inDays(1), parties: ['property'] });
    expect(res.statusCode, res.body).toBe(201);
    const seen = await as(t.app, s.property).get(`/api/requests/${id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ id });
    expect((await as(t.app, s.property).get(`/api/requests/${id}/consultations`)).statusCode).toBe(200);
    // Not invited: still nothing; another compound's property company neither.
    expect((await as(t.app, s.ownersCommittee).get(`/api/requests/${id}`)).statusCode).toBe(404);
    expect((await as(t.app, s.propertyB).get(`/api/requests/${id}`)).statusCode).toBe(404);
  });

  it('refuses a committee the compound does not have, bad input and callers without authority, writing nothing', async () => {
    const id = await raise(s.resident, tree.places.A!.id);
    const before = { consultations: await count('consultations'), invitations: await invitations() };
    const post = (session: Session, body: Record<string, unknown>, request = id) =>
      as(t.app, session).post(`/api/requests/${request}/consultations`, { scheduledAt: inDays(1), parties: ['property'], ...body });

    // Compound A has an owners' committee, not a self-management committee.
    const wrong = await post(s.commissioner, { parties: ['self_management_committee', 'property'] });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json()).toMatchObject({ code: 'NO_SUCH_PARTY', message: expect.stringContaining('自管会') });

    // A compound with neither committee: any committee is refused.
    expect((await as(t.app, s.commissionerC).patch(`/api/places/${tree.places.C!.id}/compound`, { committeeType: 'none' })).statusCode).toBe(200);
    const idC = await raise(s.residentC, tree.places.C!.id);
    for (const party of ['owners_committee', 'self_management_committee']) {
      const none = await post(s.commissionerC, { parties: [party] }, idC);
      expect(none.statusCode).toBe(422);
      expect(none.json().code).toBe('NO_SUCH_PARTY');
    }
    const en = await t.app.inject({
      method: 'POST', url: `/api/requests/${idC}/consultations`, payload: { scheduledAt: inDays(1), parties: ['owners_committee'] },
      headers: { cookie: s.commissionerC.cookie, 'x-csrf-token': s.commissionerC.csrf, 'accept-language': 'en-US' },
    });
    expect(en.json().message).toMatch(/This compound has no/);

    for (const body of [{ parties: [] }, { parties: ['property', 'property'] }, { parties: ['department'] }, { scheduledAt: 'tomorrow' }, { extra: 1 }]) {
      const bad = await post(s.commissioner, body);
      expect(bad.statusCode, JSON.stringify(body)).toBe(400);
      expect(bad.json().code).toBe('VALIDATION_FAILED');
    }
    const past = await post(s.commissioner, { scheduledAt: inDays(-1) });
    expect(past.statusCode).toBe(400);
    expect(past.json().issues).toEqual([{ path: ['scheduledAt'], message: 'must not be in the past' }]);

    expect((await post(s.commissionerB, {})).statusCode).toBe(404); // another compound's commissioner: not found
    expect((await post(s.property, {})).statusCode).toBe(403); // a party may not convene
    expect((await post(s.resident, {})).statusCode).toBe(403);
    expect((await post(s.commissioner, {}, 999_999)).statusCode).toBe(404);

    expect({ consultations: await count('consultations'), invitations: await invitations() }).toEqual(before);
  });

  it('closes with who came and the outcome; to deliberation emits request.to_deliberation in the same step; closes once', async () => {
    const id = await raise(s.resident, tree.places.A!.id, '小区加装电梯意见分歧');
    const c = (await as(t.app, s.commissioner).post(`/api/requests/${id}/consultations`, { scheduledAt: inDays(1), parties: ['residents_committee', 'owners_committee', 'property'] })).json();
    const eventsBefore = await count('domain_events');

    const notInvited = await as(t.app, s.commissioner).patch(`/api/consultations/${c.id}`, { attended: ['self_management_committee'], outcome: '—', toDeliberation: false });
    expect(notInvited.statusCode).toBe(400);
    expect(notInvited.json().issues[0].path).toEqual(['attended']);
    expect((await as(t.app, s.commissionerB).patch(`/api/consultations/${c.id}`, { attended: [], outcome: '—', toDeliberation: false })).statusCode).toBe(404);
    expect((await as(t.app, s.property).patch(`/api/consultations/${c.id}`, { attended: [], outcome: '—', toDeliberation: false })).statusCode).toBe(403);

    t.clock.advance(20 * 60_000);
    const outcome = '三方同意提交公开议事日讨论加装电梯方案，物业先行测绘';
    const res = await as(t.app, s.commissioner).patch(`/api/consultations/${c.id}`, { attended: ['residents_committee', 'property'], outcome, toDeliberation: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'closed', attended: ['residents_committee', 'property'], outcome, toDeliberation: true, closedAt: t.clock.now().toISOString(), invited: [{ party: 'residents_committee', people: 1 }, { party: 'owners_committee', people: 1 }, { party: 'property', people: 1 }] });

    const events = await t.deps.db.selectFrom('domain_events').select(['type', 'payload']).where('type', '=', 'request.to_deliberation').execute();
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toEqual({ requestId: id, consultationId: c.id, compoundId: tree.places.A!.id, title: expect.stringContaining('小区加装电梯意见分歧'), summary: outcome });
    expect(await count('domain_events')).toBe(eventsBefore + 1);

    const timeline = (await as(t.app, s.commissioner).get(`/api/requests/${id}`)).json().timeline;
    expect(timeline.at(-1)).toMatchObject({ kind: 'consultation_closed', note: outcome, data: { consultationId: c.id, attended: ['residents_committee', 'property'], absent: ['owners_committee'], toDeliberation: true } });

    const again = await as(t.app, s.commissioner).patch(`/api/consultations/${c.id}`, { attended: [], outcome: '再次', toDeliberation: true });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('CONSULTATION_CLOSED');
    expect(await count('domain_events')).toBe(eventsBefore + 1);
  });

  it('closes without deliberation: no event for the deliberation module', async () => {
    const id = await raise(s.resident, tree.places.A!.id);
    const c = (await as(t.app, s.commissioner).post(`/api/requests/${id}/consultations`, { scheduledAt: inDays(0.1), parties: ['property'] })).json();
    const res = await as(t.app, s.commissioner).patch(`/api/consultations/${c.id}`, { attended: ['property'], outcome: '物业承诺两周内修复', toDeliberation: false });
    expect(res.statusCode, res.body).toBe(200);
    const events = await t.deps.db.selectFrom('domain_events').select('payload').where('type', '=', 'request.to_deliberation').execute();
    expect(events.filter((e) => (e.payload as { consultationId: number }).consultationId === c.id)).toHaveLength(0);
  });

  it('convenes nothing on a cancelled request', async () => {
    const id = await raise(s.resident, tree.places.A!.id);
    await as(t.app, s.resident).post(`/api/me/requests/${id}/cancel`, {});
    const res = await as(t.app, s.commissioner).post(`/api/requests/${id}/consultations`, { scheduledAt: inDays(1), parties: ['property'] });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('INVALID_TRANSITION');
  });
});
