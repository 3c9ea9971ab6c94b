import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, buildTestApp, signIn, type Session, type TestApp } from '../../../test/helpers.ts';
import { createPerson, createTree, PASSWORD } from '../../../test/factories.ts';
import { base32Decode, totp } from '../../platform/totp.ts';

/** 双因素认证 end to end through the API: enrolment, the second step of a sign-in, recovery codes, and enforcement. */
const STEP = 30_000;

describe('TOTP second factor (enrolled staff are asked for a code)', () => {
  let t: TestApp;
  let phone: string;
  let session: Session;
  let secret: Buffer;
  let recovery: string[];

  beforeAll(async () => {
    t = await buildTestApp();
    const tree = await createTree(t.deps);
    const p = await createPerson(t.deps, tree.districtId, '街道管理员', [{ role: 'street_admin', place: tree.places.S1! }]);
    phone = p.phone;
    session = await signIn(t.app, phone, PASSWORD);
  });
  afterAll(() => t.close());

  const login = () => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { phone, password: PASSWORD } });
  const second = (challenge: string, code: string) => t.app.inject({ method: 'POST', url: '/api/auth/totp', payload: { challenge, code } });
  const now = () => totp(secret, t.clock.now());

  it('enrols: a secret to scan, a wrong code refused, the right one turns it on and returns ten recovery codes once', async () => {
    expect((await as(t.app, session).get('/api/me/totp')).json()).toMatchObject({ enabled: false, required: true, enforced: false });
    expect((await as(t.app, session).post('/api/me/totp/confirm', { code: '123456' })).json().code).toBe('TOTP_NOT_STARTED');
    const start = (await as(t.app, session).post('/api/me/totp')).json();
    expect(start.otpauthUrl).toMatch(/^otpauth:\/\/totp\/.+secret=[A-Z2-7]+/);
    expect(start.otpauthUrl).not.toContain(phone); // the label shows the masked phone
    secret = base32Decode(start.secret);
    const wrong = await as(t.app, session).post('/api/me/totp/confirm', { code: String((Number(now()) + 1) % 1_000_000).padStart(6, '0') });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('INVALID_TOTP_CODE');
    const ok = await as(t.app, session).post('/api/me/totp/confirm', { code: now() });
    expect(ok.statusCode).toBe(200);
    recovery = ok.json().recoveryCodes;
    expect(recovery).toHaveLength(10);
    expect((await as(t.app, session).get('/api/me/totp')).json()).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });
    expect((await as(t.app, session).post('/api/me/totp')).json().code).toBe('TOTP_ALREADY_ENABLED');
    const stored = await t.deps.db.selectFrom('totp_credentials').selectAll().executeTakeFirstOrThrow();
    expect(stored.secret_cipher).not.toContain(start.secret); // encrypted at rest
    expect(JSON.stringify(stored.recovery_hashes)).not.toContain(recovery[0]!.replace('-', ''));
  });

  it('asks for the code after the password: no session until it matches; a used code does not work twice', async () => {
    const first = await login();
    expect(first.statusCode).toBe(401);
    expect(first.json()).toMatchObject({ code: 'TOTP_REQUIRED', challenge: expect.any(String) });
    expect(first.cookies.find((c) => c.name === 'gz_session')).toBeUndefined();
    // The code of the step the enrolment used is spent already.
    const replay = await second(first.json().challenge, now());
    expect(replay.json().code).toBe('INVALID_TOTP_CODE');
    t.clock.advance(STEP);
    const ok = await second(first.json().challenge, now());
    expect(ok.statusCode).toBe(200);
    expect(ok.cookies.find((c) => c.name === 'gz_session')).toBeDefined();
    expect((await second(first.json().challenge, now())).json().code).toBe('TOTP_CHALLENGE_EXPIRED'); // one session per challenge
    const again = await login();
    expect((await second(again.json().challenge, now())).json().code).toBe('INVALID_TOTP_CODE'); // same step: replay refused
  });

  it('takes a recovery code once, and ends a challenge after five wrong codes', async () => {
    const a = (await login()).json().challenge;
    expect((await second(a, recovery[0]!)).statusCode).toBe(200);
    const b = (await login()).json().challenge;
    expect((await second(b, recovery[0]!)).json().code).toBe('INVALID_TOTP_CODE');
    for (let i = 0; i < 4; i++) await second(b, '000000');
    t.clock.advance(STEP);
    expect((await second(b, now())).json().code).toBe('TOTP_CHALLENGE_EXPIRED');
    const audit = await t.deps.db.selectFrom('audit_log').select(['action', 'result']).where('action', 'like', 'auth.%totp%').execute();
    expect(audit.map((r) => r.action)).toEqual(expect.arrayContaining(['auth.totp_enrol_start', 'auth.totp_enabled']));
  });

  it('turns off only with a current code', async () => {
    t.clock.advance(STEP);
    const c = (await login()).json().challenge;
    const s = await second(c, now());
    const cookie = `gz_session=${s.cookies.find((x) => x.name === 'gz_session')!.value}`;
    const fresh: Session = { cookie, csrf: s.json().csrfToken, personId: session.personId };
    expect((await as(t.app, fresh).post('/api/me/totp/disable', { code: '000000' })).json().code).toBe('INVALID_TOTP_CODE');
    t.clock.advance(STEP);
    expect((await as(t.app, fresh).post('/api/me/totp/disable', { code: now() })).statusCode).toBe(204);
    expect((await login()).statusCode).toBe(200);
  });
});

describe('TOTP enforced (GONGZHI_TOTP_REQUIRED=true)', () => {
  let t: TestApp;
  let street: Session;
  let resident: Session;

  beforeAll(async () => {
    t = await buildTestApp({ config: { totpRequired: true } });
    const tree = await createTree(t.deps);
    const s = await createPerson(t.deps, tree.districtId, '街道管理员', [{ role: 'street_admin', place: tree.places.S1! }]);
    const r = await createPerson(t.deps, tree.districtId, '居民', [{ role: 'resident', place: tree.places['A-h1']! }]);
    street = await signIn(t.app, s.phone, PASSWORD);
    resident = await signIn(t.app, r.phone, PASSWORD);
  });
  afterAll(() => t.close());

  it('lets street staff without a second factor do nothing but enrol; the enrolling session then works', async () => {
    const blocked = await as(t.app, street).get('/api/people');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('TOTP_ENROLMENT_REQUIRED');
    expect((await as(t.app, street).get('/api/auth/me')).statusCode).toBe(200);
    expect((await as(t.app, street).get('/api/me/totp')).json()).toMatchObject({ enabled: false, enforced: true });
    const secret = base32Decode((await as(t.app, street).post('/api/me/totp')).json().secret);
    expect((await as(t.app, street).post('/api/me/totp/confirm', { code: totp(secret, t.clock.now()) })).statusCode).toBe(200);
    expect((await as(t.app, street).get('/api/people')).statusCode).toBe(200);
    t.clock.advance(STEP);
    expect((await as(t.app, street).post('/api/me/totp/disable', { code: totp(secret, t.clock.now()) })).json().code).toBe('TOTP_ENFORCED');
  });

  it('leaves residents alone', async () => {
    expect((await as(t.app, resident).get('/api/me/requests')).statusCode).toBe(200);
  });
});
