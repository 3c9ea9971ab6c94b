import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, buildTestApp, signIn, type TestApp } from '../../../test/helpers.ts';
import { createPerson, createTree, PASSWORD } from '../../../test/factories.ts';
import { insertMany, reservePlaceIds } from '../../seed/demo.repository.ts';

let t: TestApp;
let tree: Awaited<ReturnType<typeof createTree>>;
let depts: { id: number; name: string }[];

beforeAll(async () => {
  t = await buildTestApp();
  tree = await createTree(t.deps);
  const p = tree.places;
  const ids = await reservePlaceIds(t.deps.db, 2);
  depts = [{ id: ids[0]!, name: '城管局' }, { id: ids[1]!, name: '住建局' }];
  await insertMany(t.deps.db, 'places', depts.map((d) => ({ id: d.id, district_id: tree.districtId, parent_id: p.D!.id, kind: 'department' as const, name: d.name, code: null, path: `${p.D!.path}${d.id}/`, depth: 2 })));
});
afterAll(() => t.close());

const sessionOf = async (name: string, roles: Parameters<typeof createPerson>[3]) =>
  signIn(t.app, (await createPerson(t.deps, tree.districtId, name, roles)).phone, PASSWORD);

describe('GET /api/departments', () => {
  it('lists the district departments to a commissioner (派单) and a street admin (吹哨), though both sit outside their subtree', async () => {
    const p = tree.places;
    for (const session of [await sessionOf('专员王', [{ role: 'commissioner', place: p.A! }]), await sessionOf('街道赵', [{ role: 'street_admin', place: p.S1! }])]) {
      const res = await as(t.app, session).get('/api/departments');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().items).toEqual(depts);
      // The place tree itself stays closed to them: the district node is out of scope.
      expect((await as(t.app, session).get(`/api/places/${p.D!.id}/children`)).statusCode).toBe(404);
    }
  });

  it('refuses people who neither route nor whistle', async () => {
    const resident = await sessionOf('居民张', [{ role: 'resident', place: tree.places['A-h1']! }]);
    const res = await as(t.app, resident).get('/api/departments');
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
  });
});
