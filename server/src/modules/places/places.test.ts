import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, buildTestApp, signIn, type Session, type TestApp } from '../../../test/helpers.ts';
import { createPerson, createTree, PASSWORD } from '../../../test/factories.ts';

let t: TestApp;
let tree: Awaited<ReturnType<typeof createTree>>;
let commissionerA: Session;
let streetAdmin1: Session;
let districtAdmin: Session;
let resident: Session;

beforeAll(async () => {
  t = await buildTestApp();
  tree = await createTree(t.deps);
  const p = tree.places;
  const c = await createPerson(t.deps, tree.districtId, '专员A', [{ role: 'commissioner', place: p.A!, local: true }]);
  await createPerson(t.deps, tree.districtId, '专员C', [{ role: 'commissioner', place: p.C! }]);
  const s = await createPerson(t.deps, tree.districtId, '街道一管理员', [{ role: 'street_admin', place: p.S1! }]);
  const d = await createPerson(t.deps, tree.districtId, '区管理员', [{ role: 'district_admin', place: p.D! }]);
  const r = await createPerson(t.deps, tree.districtId, '居民', [{ role: 'resident', place: p['A-h1']! }]);
  commissionerA = await signIn(t.app, c.phone, PASSWORD);
  streetAdmin1 = await signIn(t.app, s.phone, PASSWORD);
  districtAdmin = await signIn(t.app, d.phone, PASSWORD);
  resident = await signIn(t.app, r.phone, PASSWORD);
});
afterAll(() => t.close());

describe('scope: a role reaches its place and everything under it, nothing else', () => {
  it('a commissioner of compound A sees A and its subtree, and gets 404 on compound B', async () => {
    const api = as(t.app, commissionerA);
    expect((await api.get('/api/places/roots')).json().map((n: { id: number }) => n.id)).toEqual([tree.places.A!.id]);
    expect((await api.get(`/api/places/${tree.places.A!.id}`)).statusCode).toBe(200);
    expect((await api.get(`/api/places/${tree.places['A-b1']!.id}/children`)).statusCode).toBe(200);
    for (const url of [`/api/places/${tree.places.B!.id}`, `/api/places/${tree.places.B!.id}/children`, `/api/places/${tree.places.C1!.id}`]) {
      const res = await api.get(url);
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('NOT_FOUND');
    }
    const edit = await api.patch(`/api/places/${tree.places.B!.id}/compound`, { propertyCompany: 'X' });
    expect(edit.statusCode).toBe(404);
    const search = (await api.get(`/api/places/search?q=${encodeURIComponent('小区')}`)).json();
    expect(search.items.map((i: { name: string }) => i.name)).toEqual(['A小区']);
  });

  it('a street admin sees its street only', async () => {
    const api = as(t.app, streetAdmin1);
    const search = (await api.get(`/api/places/search?q=${encodeURIComponent('小区')}&kind=compound`)).json();
    expect(search.items.map((i: { name: string }) => i.name).sort()).toEqual(['A小区', 'B小区', 'C小区']);
    expect(search.items[0].pathNames[0]).toBe('测试区');
    expect((await api.get(`/api/places/${tree.places.E!.id}`)).statusCode).toBe(404);
    expect((await api.get(`/api/places/${tree.places.S2!.id}/children`)).statusCode).toBe(404);
  });

  it('a resident has no place-reading role at all', async () => {
    const res = await as(t.app, resident).get('/api/places/roots');
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
  });
});

describe('compound and community profiles', () => {
  it('shows the profile with ancestors and masked commissioners', async () => {
    const body = (await as(t.app, commissionerA).get(`/api/places/${tree.places.A!.id}`)).json();
    expect(body.ancestors.map((a: { name: string }) => a.name)).toEqual(['测试区', '一街道', '甲社区']);
    expect(body.compound).toMatchObject({ compoundKind: 'commercial', committeeType: 'owners_committee', servicePoint: { address: 'A小区服务点' } });
    expect(body.compound.commissioners).toEqual([expect.objectContaining({ name: '专员A', local: true, phoneMasked: expect.stringMatching(/^\d{3}\*{4}\d{4}$/) })]);
  });

  it('shows a household with its exclusive area (owners\' votes count it)', async () => {
    const body = (await as(t.app, commissionerA).get(`/api/places/${tree.places['A-h1']!.id}`)).json();
    expect(body).toMatchObject({ kind: 'household', household: { exclusiveArea: 88.5, areaSource: 'register' }, compound: null });
  });

  it('validates and saves an edit, and audits it', async () => {
    const api = as(t.app, commissionerA);
    const bad = await api.patch(`/api/places/${tree.places.A!.id}/compound`, { buildYear: 1800, compoundKind: 'castle' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
    expect(bad.json().issues.map((i: { path: string[] }) => i.path[0]).sort()).toEqual(['buildYear', 'compoundKind']);
    const ok = await api.patch(`/api/places/${tree.places.A!.id}/compound`, {
      buildYear: 2005, propertyCompany: '和美物业', followMajority: true, servicePoint: { hours: '全天' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().compound).toMatchObject({ buildYear: 2005, propertyCompany: '和美物业', followMajority: true, servicePoint: { address: 'A小区服务点', hours: '全天' } });
    const audit = await t.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'compound.update').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: commissionerA.personId, target_id: String(tree.places.A!.id), result: 'ok' });
  });

  it('refuses a compound edit on a community, and a community edit by a commissioner', async () => {
    const res = await as(t.app, streetAdmin1).patch(`/api/places/${tree.places.C1!.id}/compound`, { buildYear: 2000 });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('PLACE_KIND_MISMATCH');
    expect((await as(t.app, commissionerA).patch(`/api/places/${tree.places.C1!.id}/community`, { tags: ['x'] })).statusCode).toBe(403);
    const ok = await as(t.app, streetAdmin1).patch(`/api/places/${tree.places.C1!.id}/community`, { communityClass: 'old', tags: ['加装电梯', '加装电梯'] });
    expect(ok.json().community).toMatchObject({ communityClass: 'old', tags: ['加装电梯'] });
  });
});

describe('coverage and the cockpit counts', () => {
  it('counts compounds without a commissioner per street, and the local share', async () => {
    const body = (await as(t.app, districtAdmin).get('/api/coverage')).json();
    const s1 = body.streets.find((s: { name: string }) => s.name === '一街道');
    expect(s1).toMatchObject({ compounds: 3, uncovered: 1, commissioners: 2, localShare: 0.5 });
    const s2 = body.streets.find((s: { name: string }) => s.name === '二街道');
    expect(s2).toMatchObject({ compounds: 1, uncovered: 1, commissioners: 0 });
    expect(body.uncovered.map((u: { name: string }) => u.name).sort()).toEqual(['B小区', 'E小区']);
    // A street admin's coverage stops at its street.
    const street = (await as(t.app, streetAdmin1).get('/api/coverage')).json();
    expect(street.streets.map((s: { name: string }) => s.name)).toEqual(['一街道']);
    expect((await as(t.app, commissionerA).get('/api/coverage')).statusCode).toBe(403);
  });

  it('counts compounds per kind under each child place', async () => {
    const body = (await as(t.app, districtAdmin).get('/api/cockpit/compound-kinds')).json();
    expect(body.place.name).toBe('测试区');
    expect(body.totals).toMatchObject({ commercial: 2, old: 2, mixed: 0 });
    expect(body.rows.find((r: { name: string }) => r.name === '一街道').counts).toMatchObject({ commercial: 2, old: 1 });
  });
});
