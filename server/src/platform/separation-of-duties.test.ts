import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, buildTestApp, signIn, type Session, type TestApp } from '../../test/helpers.ts';
import { createPerson, createTree, PASSWORD } from '../../test/factories.ts';
import { separatedRoleClash } from './separation-of-duties.ts';

let t: TestApp;
let tree: Awaited<ReturnType<typeof createTree>>;
let sys: Session;
let sec: Session;
let aud: Session;
const D = () => tree.places.D!;

beforeAll(async () => {
  t = await buildTestApp();
  tree = await createTree(t.deps);
  const mk = async (name: string, role: 'system_admin' | 'security_admin' | 'audit_admin') => {
    const p = await createPerson(t.deps, tree.districtId, name, [{ role, place: D() }]);
    return signIn(t.app, p.phone, PASSWORD);
  };
  sys = await mk('系统管理员', 'system_admin');
  sec = await mk('安全管理员', 'security_admin');
  aud = await mk('审计管理员', 'audit_admin');
});
afterAll(() => t.close());

const grant = (personId: number, role: string, lang = 'zh-CN') =>
  t.app.inject({ method: 'POST', url: '/api/role-assignments', headers: { cookie: sys.cookie, 'x-csrf-token': sys.csrf, 'accept-language': lang }, payload: { personId, role, placeId: D().id } });

describe('三权分立: the three administrator roles kept apart', () => {
  it('refuses a second of the three to one person, in both languages', async () => {
    const x = await createPerson(t.deps, tree.districtId, '候选人', [{ role: 'audit_admin', place: D() }]);
    const zh = await grant(x.id, 'security_admin');
    expect(zh.statusCode).toBe(409);
    expect(zh.json()).toMatchObject({ code: 'ADMIN_ROLES_SEPARATED', heldRole: 'audit_admin', message: expect.stringContaining('三权分立') });
    expect((await grant(x.id, 'system_admin', 'en-US')).json().message).toContain('Separation of duties');
    // The same role again (another term, another place) is not a clash.
    expect((await grant(x.id, 'audit_admin')).statusCode).toBe(201);
    const roles = await t.deps.db.selectFrom('role_assignments').select('role').where('person_id', '=', x.id).execute();
    expect(roles.map((r) => r.role).sort()).toEqual(['audit_admin', 'audit_admin']);
  });

  it('refuses the system administrator granting themselves security or audit', async () => {
    for (const role of ['security_admin', 'audit_admin']) expect((await grant(sys.personId, role)).json().code).toBe('ADMIN_ROLES_SEPARATED');
  });

  it('lets one of the three follow another once it has ended', async () => {
    const y = await createPerson(t.deps, tree.districtId, '轮岗', [{ role: 'resident', place: tree.places['A-h2']! }]);
    const first = await grant(y.id, 'security_admin');
    expect(first.statusCode).toBe(201);
    expect((await grant(y.id, 'audit_admin')).statusCode).toBe(409);
    expect((await as(t.app, sys).delete(`/api/role-assignments/${first.json().id}`)).statusCode).toBe(204);
    t.clock.advance(1000);
    expect((await grant(y.id, 'audit_admin')).statusCode).toBe(201);
  });

  it('lets only one of two concurrent grants to one person through', async () => {
    const z = await createPerson(t.deps, tree.districtId, '并发', [{ role: 'resident', place: tree.places['B-h1']! }]);
    const results = await Promise.all([grant(z.id, 'security_admin'), grant(z.id, 'audit_admin'), grant(z.id, 'system_admin')]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
  });

  it('shows each only its own area', async () => {
    // Audit: the audit administrator alone.
    expect((await as(t.app, aud).get('/api/audit')).statusCode).toBe(200);
    for (const s of [sys, sec]) expect([403, 404]).toContain((await as(t.app, s).get('/api/audit')).statusCode);
    // People and roles: the system administrator, never the auditor or the security administrator.
    expect((await as(t.app, sys).get('/api/people')).statusCode).toBe(200);
    for (const s of [aud, sec]) {
      expect([403, 404]).toContain((await as(t.app, s).get('/api/people')).statusCode);
      expect([403, 404]).toContain((await as(t.app, s).post('/api/role-assignments', { personId: s.personId, role: 'resident', placeId: tree.places['A-h1']!.id })).statusCode);
    }
    // Nobody of the three reads residents' sensitive data in the clear.
    const resident = await createPerson(t.deps, tree.districtId, '居民', [{ role: 'resident', place: tree.places['A-h1']! }]);
    for (const s of [sys, sec, aud]) {
      expect([403, 404]).toContain((await as(t.app, s).post(`/api/people/${resident.id}/reveal`, { fields: ['phone'], reason: '测试越权' })).statusCode);
    }
  });

  it('names the clash (unit)', () => {
    expect(separatedRoleClash(['commissioner', 'system_admin'], 'audit_admin')).toBe('system_admin');
    expect(separatedRoleClash(['system_admin'], 'system_admin')).toBeNull();
    expect(separatedRoleClash(['audit_admin'], 'district_admin')).toBeNull();
  });
});
