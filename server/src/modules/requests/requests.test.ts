import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, buildTestApp, signIn, type Session, type TestApp } from '../../../test/helpers.ts';
import { createPerson, createTree, PASSWORD, type TreePlace } from '../../../test/factories.ts';
import { insertMany, reservePlaceIds } from '../../seed/demo.repository.ts';

let t: TestApp;
let tree: Awaited<ReturnType<typeof createTree>>;
let resident: Session;
let residentB: Session;
let commissioner: Session;
let property: Session;
let communityWorker: Session;
let street: Session;
let cityManagement: Session;
let housing: Session;
let depts: Record<'city' | 'housing', TreePlace>;
let repairs: number;
const MIN = 60_000;
let phones: Record<string, string>;

/** Moving the clock hours ahead ends idle sessions (as it should): sign everybody in again. */
async function signInAll() {
  const s = (k: string) => signIn(t.app, phones[k]!, PASSWORD);
  resident = await s('resident');
  residentB = await s('residentB');
  commissioner = await s('commissioner');
  property = await s('property');
  communityWorker = await s('communityWorker');
  street = await s('street');
  cityManagement = await s('cityManagement');
  housing = await s('housing');
}

beforeAll(async () => {
  t = await buildTestApp();
  tree = await createTree(t.deps);
  const p = tree.places;
  const [cityId, housingId] = await reservePlaceIds(t.deps.db, 2);
  depts = {
    city: { id: cityId!, name: '城管局', path: `${p.D!.path}${cityId}/` },
    housing: { id: housingId!, name: '住建局', path: `${p.D!.path}${housingId}/` },
  };
  await insertMany(t.deps.db, 'places', Object.values(depts).map((d) => ({ id: d.id, district_id: tree.districtId, parent_id: p.D!.id, kind: 'department' as const, name: d.name, code: null, path: d.path, depth: 2 })));
  const mk = async (name: string, roles: Parameters<typeof createPerson>[3]) => (await createPerson(t.deps, tree.districtId, name, roles)).phone;
  phones = {
    resident: await mk('居民张', [{ role: 'resident', place: p['A-h1']! }]),
    residentB: await mk('居民李', [{ role: 'resident', place: p['B-h1']! }]),
    commissioner: await mk('专员王', [{ role: 'commissioner', place: p.A! }]),
    property: await mk('物业刘', [{ role: 'property_staff', place: p.A! }]),
    communityWorker: await mk('社工陈', [{ role: 'community_worker', place: p.C1! }]),
    street: await mk('街道赵', [{ role: 'street_admin', place: p.S1! }]),
    cityManagement: await mk('城管孙', [{ role: 'department_staff', place: depts.city }]),
    housing: await mk('住建周', [{ role: 'department_staff', place: depts.housing }]),
  };
  await signInAll();
  const categories = (await as(t.app, resident).get('/api/request-categories')).json();
  repairs = categories.find((c: { code: string }) => c.code === 'repairs').id;
});
afterAll(() => t.close());

const raise = (s: Session, body: Record<string, unknown>, key?: string) =>
  t.app.inject({
    method: 'POST', url: '/api/me/requests', payload: { compoundId: tree.places.A!.id, categoryId: repairs, type: 'help', description: '3幢楼道灯坏了', ...body },
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...(key ? { 'idempotency-key': key } : {}) },
  });

describe('call and response, end to end', () => {
  it('seeds the district categories with their limits', async () => {
    const categories = (await as(t.app, resident).get('/api/request-categories')).json();
    expect(categories.length).toBeGreaterThanOrEqual(12);
    expect(categories.find((c: { code: string }) => c.code === 'repairs')).toMatchObject({ defaultParty: 'property', responseMinutes: 30, workingTime: false });
  });

  it('raise → accept → assign to the property company → resolve → the resident rates it', async () => {
    const raised = await raise(resident, { urgency: 'normal', locationPlaceId: tree.places['A-b1']!.id }, 'key-happy-path-1');
    expect(raised.statusCode).toBe(201);
    const r = raised.json();
    expect(r).toMatchObject({ status: 'submitted', channel: 'h5', escalationLevel: 'compound', allowedActions: ['cancel'], locationPlace: { name: '1幢' } });
    expect(new Date(r.responseDueAt).getTime() - t.clock.now().getTime()).toBe(30 * MIN);

    // The commissioner sees it first (first receiver) and was notified.
    const queue = (await as(t.app, commissioner).get('/api/requests?status=open')).json();
    expect(queue.items.map((i: { id: number }) => i.id)).toContain(r.id);
    const notes = await t.deps.db.selectFrom('notifications').selectAll().where('kind', '=', 'request.raised').execute();
    expect(notes).toHaveLength(1);
    // The property company sees nothing until it is routed to them.
    expect((await as(t.app, property).get(`/api/requests/${r.id}`)).statusCode).toBe(404);

    const c = as(t.app, commissioner);
    expect((await c.get(`/api/requests/${r.id}`)).json().allowedActions).toEqual(['accept', 'assign', 'merge']);
    expect((await c.post(`/api/requests/${r.id}/accept`)).json().status).toBe('accepted');
    const assigned = (await c.post(`/api/requests/${r.id}/assign`, {})).json();
    expect(assigned).toMatchObject({ status: 'assigned', assigneeParty: 'property' });

    const p = as(t.app, property);
    expect((await p.get('/api/requests')).json().items.map((i: { id: number }) => i.id)).toEqual([r.id]);
    expect((await p.post(`/api/requests/${r.id}/start`)).json().status).toBe('in_progress');
    const bad = await p.post(`/api/requests/${r.id}/resolve`, {});
    expect(bad.statusCode).toBe(400);
    expect((await p.post(`/api/requests/${r.id}/resolve`, { note: '已更换灯泡' })).json().status).toBe('resolved');

    const mine = as(t.app, resident);
    expect((await mine.get(`/api/me/requests/${r.id}`)).json().allowedActions).toEqual(['confirm', 'reopen']);
    const rated = (await mine.post(`/api/me/requests/${r.id}/confirm`, { rating: 5, comment: '很及时' })).json();
    expect(rated).toMatchObject({ status: 'closed', rating: 5 });
    expect(rated.timeline.map((e: { kind: string }) => e.kind)).toEqual(['raised', 'accepted', 'assigned', 'started', 'resolved', 'rated']);
    expect(rated.timeline[2]).toMatchObject({ actorName: '专员王', fromStatus: 'accepted', toStatus: 'assigned', data: { party: 'property' } });
  });

  it('never creates two requests for one Idempotency-Key, even at once', async () => {
    const [a, b] = await Promise.all([raise(resident, {}, 'key-double-1'), raise(resident, {}, 'key-double-1')]);
    expect(a.json().id).toBe(b.json().id);
    const again = await raise(resident, {}, 'key-double-1');
    expect(again.json().id).toBe(a.json().id);
    const n = await t.deps.db.selectFrom('requests').select((eb) => eb.fn.countAll<number>().as('n')).where('idempotency_key', '=', 'key-double-1').executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
  });

  it('refuses bad input and strangers with clear codes, writing nothing', async () => {
    const before = await t.deps.db.selectFrom('requests').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect((await raise(resident, { description: '' })).statusCode).toBe(400);
    expect((await raise(resident, { type: 'praise' })).statusCode).toBe(400);
    expect((await raise(resident, { photoIds: ['no-such-photo-123'] })).json().code).toBe('PHOTO_NOT_FOUND');
    const stranger = await raise(residentB, {});
    expect(stranger.statusCode).toBe(422);
    expect(stranger.json().code).toBe('NOT_A_RESIDENT');
    const after = await t.deps.db.selectFrom('requests').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('lets the resident cancel before acceptance only, and the assignee dispute the routing', async () => {
    const a = (await raise(resident, {})).json();
    expect((await as(t.app, resident).post(`/api/me/requests/${a.id}/cancel`, {})).json().status).toBe('cancelled');
    const b = (await raise(resident, {})).json();
    await as(t.app, commissioner).post(`/api/requests/${b.id}/assign`, {});
    const late = await as(t.app, resident).post(`/api/me/requests/${b.id}/cancel`, {});
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('INVALID_TRANSITION');
    const disputed = (await as(t.app, property).post(`/api/requests/${b.id}/dispute`, { reason: '属于公共设施，应由业委会负责' })).json();
    expect(disputed.status).toBe('accepted');
    expect(disputed.assigneeParty).toBeNull();
    // Routed to the committee: compound A has an owners' committee.
    expect((await as(t.app, commissioner).post(`/api/requests/${b.id}/assign`, { party: 'owners_committee' })).json().assigneeParty).toBe('owners_committee');
  });

  it('merges a duplicate into the original', async () => {
    const a = (await raise(resident, { description: '电梯异响' })).json();
    const b = (await raise(resident, { description: '电梯有异响' })).json();
    const merged = (await as(t.app, commissioner).post(`/api/requests/${b.id}/merge`, { intoId: a.id })).json();
    expect(merged).toMatchObject({ status: 'merged', mergedInto: a.id });
    const original = (await as(t.app, commissioner).get(`/api/requests/${a.id}`)).json();
    expect(original.timeline.map((e: { kind: string }) => e.kind)).toContain('duplicate_merged');
  });
});

describe('clocks and escalation (街道吹哨、部门报到)', () => {
  it('climbs to the community, then the street; the street whistles two departments; one reports in time and one misses', async () => {
    const r = (await raise(resident, { description: '小区门口道路塌陷', urgency: 'urgent' })).json();
    // Urgent: calendar time at half the limits (response 15 min).
    t.clock.advance(16 * MIN);
    expect(await t.timers.runDue()).toBeGreaterThanOrEqual(1);
    const first = await as(t.app, communityWorker).get(`/api/requests/${r.id}`);
    expect(first.statusCode, first.body).toBe(200);
    let d = first.json();
    expect(d.escalationLevel).toBe('community');
    expect(d.overdue).toBe(true);
    expect(d.timeline.at(-1)).toMatchObject({ kind: 'escalated', data: { to: 'community' } });
    expect((await as(t.app, communityWorker).get('/api/requests?overdue=true')).json().items.map((i: { id: number }) => i.id)).toContain(r.id);
    // Running the timers again fires nothing twice.
    expect(await t.timers.runDue()).toBe(0);

    await as(t.app, commissioner).post(`/api/requests/${r.id}/assign`, {});
    t.clock.advance(24 * 60 * MIN); // past the urgent resolution limit (repairs: 2 days, halved)
    await t.timers.runDue();
    await signInAll();
    const second = await as(t.app, street).get(`/api/requests/${r.id}`);
    expect(second.statusCode, second.body).toBe(200);
    d = second.json();
    expect(d.escalationLevel).toBe('street');
    expect(d.returnVisit).toMatchObject({ doneAt: null });

    const whistled = await as(t.app, street).post(`/api/requests/${r.id}/whistle`, { departmentIds: [depts.city.id, depts.housing.id], reason: '道路塌陷需城管、住建联合处置' });
    expect(whistled.statusCode).toBe(200);
    const reports = whistled.json().departmentReports as { id: number; departmentName: string; ackDueAt: string }[];
    expect(reports).toHaveLength(2);
    expect(new Date(reports[0]!.ackDueAt).getTime() - t.clock.now().getTime()).toBe(30 * MIN); // urgent: 30 minutes
    const cityReport = reports.find((x) => x.departmentName === '城管局')!;
    const housingReport = reports.find((x) => x.departmentName === '住建局')!;

    // City management reports within 10 minutes and acts; housing never does.
    t.clock.advance(10 * MIN);
    expect((await as(t.app, cityManagement).post(`/api/department-reports/${cityReport.id}/ack`)).statusCode).toBe(200);
    expect((await as(t.app, housing).post(`/api/department-reports/${cityReport.id}/ack`)).statusCode).toBe(404); // not theirs
    expect((await as(t.app, cityManagement).get(`/api/requests/${r.id}`)).statusCode).toBe(200);
    await as(t.app, cityManagement).post(`/api/department-reports/${cityReport.id}/action`, { note: '已设置围挡并修复路面' });
    t.clock.advance(25 * 60 * MIN);
    await t.timers.runDue();
    await signInAll();
    d = (await as(t.app, street).get(`/api/requests/${r.id}`)).json();
    const byName = Object.fromEntries(d.departmentReports.map((x: { departmentName: string }) => [x.departmentName, x]));
    expect(byName['城管局']).toMatchObject({ ackMissed: false, actionMissed: false, actionNote: '已设置围挡并修复路面' });
    expect(byName['住建局']).toMatchObject({ ackMissed: true, actionMissed: true, acknowledgedAt: null });
    expect(d.timeline.filter((e: { kind: string }) => e.kind === 'report_missed')).toHaveLength(2);
    // A late acknowledgement still counts as missed.
    await as(t.app, housing).post(`/api/department-reports/${housingReport.id}/ack`);
    const late = (await as(t.app, street).get(`/api/requests/${r.id}`)).json().departmentReports.find((x: { departmentName: string }) => x.departmentName === '住建局');
    expect(late).toMatchObject({ ackMissed: true });

    // The commissioner records the return visit.
    const visited = (await as(t.app, commissioner).post(`/api/requests/${r.id}/return-visit`, { reached: true, satisfied: false, note: '居民反映仍有积水' })).json();
    expect(visited.returnVisit).toMatchObject({ reached: true, satisfied: false });

    // The measures reflect it.
    const m = (await as(t.app, street).get(`/api/measures?placeId=${tree.places.S1!.id}&from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z`)).json();
    expect(m.requests).toBeGreaterThanOrEqual(2);
    expect(m.satisfactionRate).toBe(1);
    const deptRows = Object.fromEntries(m.departments.map((x: { name: string }) => [x.name, x]));
    expect(deptRows['城管局']).toMatchObject({ reports: 1, ackOnTime: 1, actionOnTime: 1, ackMissed: 0 });
    expect(deptRows['住建局']).toMatchObject({ reports: 1, ackOnTime: 0, ackMissed: 1, actionMissed: 1 });
    expect(m.responseRate).toBeLessThan(1);
    expect(m.score).toBeGreaterThan(0);
  });

  it('reopens within 7 days of resolution, not after', async () => {
    await signInAll();
    const r = (await raise(resident, {})).json();
    await as(t.app, commissioner).post(`/api/requests/${r.id}/assign`, {});
    await as(t.app, property).post(`/api/requests/${r.id}/resolve`, { note: '已修' });
    t.clock.advance(24 * 60 * MIN);
    await signInAll();
    const reopenRes = await as(t.app, resident).post(`/api/me/requests/${r.id}/reopen`, { reason: '又坏了' });
    expect(reopenRes.statusCode, reopenRes.body).toBe(200);
    const reopened = reopenRes.json();
    expect(reopened).toMatchObject({ status: 'assigned' });
    await as(t.app, property).post(`/api/requests/${r.id}/resolve`, { note: '已彻底修复' });
    t.clock.advance(8 * 24 * 60 * MIN);
    await t.timers.runDue();
    await signInAll();
    const closed = (await as(t.app, resident).get(`/api/me/requests/${r.id}`)).json();
    expect(closed.status).toBe('closed');
    expect(closed.timeline.at(-1).kind).toBe('auto_closed');
    expect((await as(t.app, resident).post(`/api/me/requests/${r.id}/reopen`, { reason: '还是坏' })).json().code).toBe('REOPEN_WINDOW_CLOSED');
  });
});
