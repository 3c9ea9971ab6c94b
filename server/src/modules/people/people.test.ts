import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idNumberCheckChar } from '../../platform/identity.ts';
import { as, buildTestApp, signIn, type Session, type TestApp } from '../../../test/helpers.ts';
import { createPerson, createTree, nextPhone, PASSWORD } from '../../../test/factories.ts';

let t: TestApp;
let tree: Awaited<ReturnType<typeof createTree>>;
let commissionerA: Session;
let streetAdmin1: Session;
let systemAdmin: Session;
let residentA: Session;
let personB: { id: number; name: string };
let personA: { id: number; name: string; phone: string };
const ID_A = '33010519800101123' + idNumberCheckChar('33010519800101123');

beforeAll(async () => {
  t = await buildTestApp();
  tree = await createTree(t.deps);
  const p = tree.places;
  personA = await createPerson(t.deps, tree.districtId, '居民甲', [{ role: 'owner', place: p['A-h1']! }, { role: 'resident', place: p['A-h1']! }], {
    idNumber: ID_A,
    flags: { elderlyAlone: true, disability: false, lowIncome: false },
  });
  personB = await createPerson(t.deps, tree.districtId, '居民乙', [{ role: 'owner', place: p['B-h1']! }]);
  const c = await createPerson(t.deps, tree.districtId, '专员A', [{ role: 'commissioner', place: p.A! }]);
  await createPerson(t.deps, tree.districtId, '专员B', [{ role: 'commissioner', place: p.B! }]);
  const s = await createPerson(t.deps, tree.districtId, '街道管理员', [{ role: 'street_admin', place: p.S1! }]);
  const sys = await createPerson(t.deps, tree.districtId, '系统管理员', [{ role: 'system_admin', place: p.D! }]);
  commissionerA = await signIn(t.app, c.phone, PASSWORD);
  streetAdmin1 = await signIn(t.app, s.phone, PASSWORD);
  systemAdmin = await signIn(t.app, sys.phone, PASSWORD);
  residentA = await signIn(t.app, personA.phone, PASSWORD);
});
afterAll(() => t.close());

describe('people are scoped by the tree', () => {
  it('a commissioner of A lists only people placed under A, and gets 404 on a person of B', async () => {
    const api = as(t.app, commissionerA);
    const list = (await api.get('/api/people?pageSize=100')).json();
    const names = list.items.map((i: { name: string }) => i.name);
    expect(names).toContain('居民甲');
    expect(names).toContain('专员A');
    expect(names).not.toContain('居民乙');
    expect(names).not.toContain('专员B');
    expect(list.total).toBe(list.items.length);
    expect((await api.get(`/api/people/${personB.id}`)).statusCode).toBe(404);
    expect((await api.post(`/api/people/${personB.id}/reveal`, { fields: ['phone'], reason: '上门走访' })).statusCode).toBe(404);
    expect((await api.get(`/api/people?placeId=${tree.places.B!.id}`)).statusCode).toBe(404);
    // Searching B's person by exact phone finds nothing either.
    expect((await api.get(`/api/people?q=${personA.phone}`)).json().items).toHaveLength(1);
  });

  it('a street admin sees both compounds, filters by place and role, and pages', async () => {
    const api = as(t.app, streetAdmin1);
    const owners = (await api.get('/api/people?role=owner')).json();
    expect(owners.items.map((i: { name: string }) => i.name).sort()).toEqual(['居民乙', '居民甲']);
    const inB = (await api.get(`/api/people?placeId=${tree.places.B!.id}`)).json();
    expect(inB.items.map((i: { name: string }) => i.name).sort()).toEqual(['专员B', '居民乙']);
    const page1 = (await api.get('/api/people?pageSize=2&page=1')).json();
    const page2 = (await api.get('/api/people?pageSize=2&page=2')).json();
    expect(page1.items).toHaveLength(2);
    expect(page1.items.map((i: { id: number }) => i.id)).not.toContain(page2.items[0].id);
    expect(page1.total).toBeGreaterThanOrEqual(5);
  });
});

describe('sensitive personal data', () => {
  it('is masked by default and revealed only with a reason, with every reveal in the access log', async () => {
    const api = as(t.app, commissionerA);
    const detail = (await api.get(`/api/people/${personA.id}`)).json();
    expect(detail.idNumberMasked).toBe(`${ID_A.slice(0, 4)}**********${ID_A.slice(14)}`);
    expect(JSON.stringify(detail)).not.toContain(ID_A);
    expect(JSON.stringify(detail)).not.toContain(personA.phone);
    expect(detail.hasSensitiveFlags).toBe(true);

    expect((await api.post(`/api/people/${personA.id}/reveal`, { fields: ['idNumber'], reason: '' })).statusCode).toBe(400);
    const revealed = (await api.post(`/api/people/${personA.id}/reveal`, { fields: ['idNumber', 'phone', 'flags'], reason: '代办社保业务' })).json();
    expect(revealed).toEqual({ idNumber: ID_A, phone: personA.phone, flags: { elderlyAlone: true, disability: false, lowIncome: false } });
    const log = await t.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'personal_data.read').execute();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ actor_id: commissionerA.personId, target_id: String(personA.id), result: 'ok', detail: { fields: ['idNumber', 'phone', 'flags'], reason: '代办社保业务' } });
  });

  it('is not revealed to a system administrator, who may still see the masked record', async () => {
    const api = as(t.app, systemAdmin);
    expect((await api.get(`/api/people/${personA.id}`)).statusCode).toBe(200);
    const res = await api.post(`/api/people/${personA.id}/reveal`, { fields: ['idNumber'], reason: '检查' });
    expect(res.statusCode).toBe(403);
  });
});

describe('creating people and assigning roles', () => {
  it('validates the ID number and requires separate consent for sensitive fields', async () => {
    const api = as(t.app, commissionerA);
    const base = { name: '新居民', phone: nextPhone(), role: 'resident', placeId: tree.places['A-h2']!.id };
    const badId = await api.post('/api/people', { ...base, idNumber: ID_A.slice(0, 17) + (ID_A[17] === '1' ? '2' : '1'), sensitiveConsent: true });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().code).toBe('INVALID_ID_NUMBER');
    const noConsent = await api.post('/api/people', { ...base, idNumber: ID_A });
    expect(noConsent.statusCode).toBe(400);
    const created = await api.post('/api/people', { ...base, idNumber: '110105194912310021'.slice(0, 17) + idNumberCheckChar('11010519491231002'), sensitiveConsent: true });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name: '新居民', consents: [expect.objectContaining({ purpose: 'sensitive_profile' })] });
    expect((await api.post('/api/people', { ...base })).json().code).toBe('PHONE_TAKEN');
    // Nobody can place a person outside their own scope.
    expect((await api.post('/api/people', { ...base, phone: nextPhone(), placeId: tree.places['B-h2']!.id })).statusCode).toBe(404);
  });

  it('assigns a commissioner and ends the assignment; administrator roles are for system admins to grant', async () => {
    const api = as(t.app, streetAdmin1);
    const res = await api.post('/api/role-assignments', { personId: personB.id, role: 'commissioner', placeId: tree.places.B!.id, local: true });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ role: 'commissioner', placeName: 'B小区', local: true });
    expect((await api.post('/api/role-assignments', { personId: personB.id, role: 'audit_admin', placeId: tree.places.S1!.id })).statusCode).toBe(403);
    expect((await api.delete(`/api/role-assignments/${res.json().id}`)).statusCode).toBe(204);
    const after = (await api.get(`/api/people/${personB.id}`)).json();
    expect(after.roles.map((r: { role: string }) => r.role)).toEqual(['owner']);
    // A commissioner may not hand out roles at all.
    expect((await as(t.app, commissionerA).post('/api/role-assignments', { personId: personA.id, role: 'volunteer', placeId: tree.places.A!.id })).statusCode).toBe(403);
  });
});

describe('my home (H5)', () => {
  it('shows the resident compound, community, commissioner number and service point', async () => {
    const body = (await as(t.app, residentA).get('/api/me/home')).json();
    expect(body.homes).toEqual([
      expect.objectContaining({
        householdName: '1幢1单元101室',
        relation: 'owner',
        compound: { id: tree.places.A!.id, name: 'A小区', servicePoint: { address: 'A小区服务点', hours: '8:30-17:30' } },
        community: { id: tree.places.C1!.id, name: '甲社区' },
        commissioners: [expect.objectContaining({ name: '专员A', phone: expect.stringMatching(/^1\d{10}$/) })],
      }),
    ]);
    expect((await as(t.app, commissionerA).get('/api/me/home')).statusCode).toBe(403);
  });
});
