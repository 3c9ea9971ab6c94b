import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, buildTestApp, signIn, type Session, type TestApp } from '../../../test/helpers.ts';
import { createPerson, createTree, PASSWORD } from '../../../test/factories.ts';
import { base32Decode, totp } from '../../platform/totp.ts';

/** 重置双因素认证: only the security administrator, never their own, with a reason; the person enrols again. */
describe('security administrator resets a lost authenticator', () => {
  let t: TestApp;
  let staff: { id: number; phone: string };
  let staffSession: Session;
  let security: Session;
  let securityId: number;
  let system: Session;
  let audit: Session;
  let otherDistrictStaff: { id: number; phone: string };

  /** Links an authenticator for a signed-in person through the API, as the workbench does. */
  async function enrol(s: Session) {
    const start = (await as(t.app, s).post('/api/me/totp')).json();
    const code = totp(base32Decode(start.secret), t.clock.now());
    expect((await as(t.app, s).post('/api/me/totp/confirm', { code })).statusCode).toBe(200);
  }

  beforeAll(async () => {
    t = await buildTestApp();
    const tree = await createTree(t.deps);
    const D = tree.places.D!;
    staff = await createPerson(t.deps, tree.districtId, '街道管理员甲', [{ role: 'street_admin', place: tree.places.S1! }]);
    const sec = await createPerson(t.deps, tree.districtId, '安全管理员', [{ role: 'security_admin', place: D }]);
    securityId = sec.id;
    const sys = await createPerson(t.deps, tree.districtId, '系统管理员', [{ role: 'system_admin', place: D }]);
    const aud = await createPerson(t.deps, tree.districtId, '审计管理员', [{ role: 'audit_admin', place: D }]);
    staffSession = await signIn(t.app, staff.phone, PASSWORD);
    security = await signIn(t.app, sec.phone, PASSWORD);
    system = await signIn(t.app, sys.phone, PASSWORD);
    audit = await signIn(t.app, aud.phone, PASSWORD);
    await enrol(staffSession);
    await enrol(security);
    const other = await createTree(t.deps);
    otherDistrictStaff = await createPerson(t.deps, other.districtId, '外区街道管理员', [{ role: 'street_admin', place: other.places.S1! }]);
    await enrol(await signIn(t.app, otherDistrictStaff.phone, PASSWORD));
  });
  afterAll(() => t.close());

  const reset = (s: Session, personId: number, reason = '手机丢失，恢复码也未保存，本人到场核验身份') =>
    as(t.app, s).post('/api/security/totp-resets', { personId, reason });

  it('lists who has an authenticator in the district, phones masked, only to the security administrator', async () => {
    const list = await as(t.app, security).get('/api/security/totp-enrolments');
    expect(list.statusCode).toBe(200);
    const items = list.json().items as { personId: number; phoneMasked: string; enabled: boolean; roles: string[] }[];
    expect(items.map((i) => i.personId).sort()).toEqual([staff.id, securityId].sort());
    const row = items.find((i) => i.personId === staff.id)!;
    expect(row).toMatchObject({ enabled: true, roles: ['street_admin'] });
    expect(row.phoneMasked).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(JSON.stringify(items)).not.toContain(staff.phone);
    for (const s of [system, audit, staffSession]) expect((await as(t.app, s).get('/api/security/totp-enrolments')).statusCode).toBe(403);
  });

  it('refuses the system and audit administrators, the person themselves, and the security administrator for their own', async () => {
    for (const s of [system, audit, staffSession]) {
      const r = await reset(s, staff.id);
      expect(r.statusCode).toBe(403);
      expect(r.json().code).toBe('FORBIDDEN');
    }
    const own = await reset(security, securityId);
    expect(own.statusCode).toBe(403);
    expect(own.json().code).toBe('TOTP_RESET_OWN');
    const en = await t.app.inject({ method: 'POST', url: '/api/security/totp-resets', headers: { cookie: security.cookie, 'x-csrf-token': security.csrf, 'accept-language': 'en-US' }, payload: { personId: securityId, reason: 'lost my phone' } });
    expect(en.json().message).toMatch(/cannot reset your own/);
    expect(await t.deps.db.selectFrom('totp_credentials').select('person_id').where('person_id', 'in', [staff.id, securityId]).execute()).toHaveLength(2);
  });

  it('wants a reason, and answers a person of another district as not found', async () => {
    const noReason = await reset(security, staff.id, '  ');
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().code).toBe('VALIDATION_FAILED');
    const other = await reset(security, otherDistrictStaff.id);
    expect(other.statusCode).toBe(404);
    expect(await t.deps.db.selectFrom('totp_credentials').select('person_id').where('person_id', '=', otherDistrictStaff.id).execute()).toHaveLength(1);
  });

  it('resets: the credential goes, the person is signed out, signs in with the password alone and must enrol again; audited with the reason', async () => {
    const r = await reset(security, staff.id);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ personId: staff.id, sessionsEnded: 1 });
    expect(await t.deps.db.selectFrom('totp_credentials').select('person_id').where('person_id', '=', staff.id).execute()).toHaveLength(0);
    // The old session is over.
    expect((await as(t.app, staffSession).get('/api/me/totp')).statusCode).toBe(401);
    // Next sign-in: no second step is asked (nothing to ask with); the status says it is required and not enabled.
    const again = await signIn(t.app, staff.phone, PASSWORD);
    expect((await as(t.app, again).get('/api/me/totp')).json()).toMatchObject({ enabled: false, required: true });
    const entry = await t.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'auth.totp_reset').executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ actor_id: securityId, target_id: String(staff.id), result: 'ok' });
    expect(JSON.stringify(entry.detail)).toContain('手机丢失');
    // Nothing left to reset.
    const twice = await reset(security, staff.id);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('TOTP_RESET_NOTHING');
  });

  it('with the second factor enforced, the reset person is sent to enrolment after signing in', async () => {
    const enforced = await buildTestApp({ config: { totpRequired: true } });
    try {
      const tree = await createTree(enforced.deps);
      const p = await createPerson(enforced.deps, tree.districtId, '街道管理员乙', [{ role: 'street_admin', place: tree.places.S1! }]);
      const sec = await createPerson(enforced.deps, tree.districtId, '安全管理员乙', [{ role: 'security_admin', place: tree.places.D! }]);
      // Both enrol first (enforcement lets a fresh session reach enrolment only).
      for (const who of [p, sec]) {
        const s = await signIn(enforced.app, who.phone, PASSWORD);
        const start = (await as(enforced.app, s).post('/api/me/totp')).json();
        expect((await as(enforced.app, s).post('/api/me/totp/confirm', { code: totp(base32Decode(start.secret), enforced.clock.now()) })).statusCode).toBe(200);
        if (who === sec) {
          const r = await as(enforced.app, s).post('/api/security/totp-resets', { personId: p.id, reason: '更换手机，旧手机已丢失' });
          expect(r.statusCode).toBe(200);
        }
      }
      const after = await signIn(enforced.app, p.phone, PASSWORD);
      const blocked = await as(enforced.app, after).get('/api/requests');
      expect(blocked.statusCode).toBe(403);
      expect(blocked.json().code).toBe('TOTP_ENROLMENT_REQUIRED');
      expect((await as(enforced.app, after).post('/api/me/totp')).statusCode).toBe(200);
    } finally {
      await enforced.close();
    }
  });
});
