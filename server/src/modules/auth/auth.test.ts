import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, buildTestApp, signIn, type TestApp } from '../../../test/helpers.ts';
import { createPerson, createTree, PASSWORD } from '../../../test/factories.ts';

let t: TestApp;
let tree: Awaited<ReturnType<typeof createTree>>;

beforeAll(async () => {
  t = await buildTestApp();
  tree = await createTree(t.deps);
});
afterAll(() => t.close());

const login = (phone: string, password: string, lang = 'zh-CN') =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { phone, password }, headers: { 'accept-language': lang } });

describe('sign-in', () => {
  it('signs in with phone and password and returns the roles and a CSRF token', async () => {
    const p = await createPerson(t.deps, tree.districtId, '专员甲', [{ role: 'commissioner', place: tree.places.A! }]);
    const res = await login(p.phone, PASSWORD);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.person.phoneMasked).toBe(`${p.phone.slice(0, 3)}****${p.phone.slice(7)}`);
    expect(body.roles).toEqual([expect.objectContaining({ role: 'commissioner', placeId: tree.places.A!.id, placeKind: 'compound' })]);
    expect(body.csrfToken).toMatch(/^[\w-]{40,}$/);
    const cookie = res.cookies.find((c) => c.name === 'gz_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
  });

  it('answers bad input with a code and a message in the caller language', async () => {
    const zh = await login('12345', 'x');
    expect(zh.statusCode).toBe(400);
    expect(zh.json()).toMatchObject({ code: 'INVALID_PHONE', message: expect.stringContaining('手机号') });
    const en = await login('12345', 'x', 'en-US,en;q=0.9');
    expect(en.json()).toMatchObject({ code: 'INVALID_PHONE', message: expect.stringContaining('mobile number') });
    const malformed = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"phone":' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe('BAD_REQUEST');
  });

  it('locks the account after five failures: the sixth attempt is refused even with the right password, and the audit log shows it', async () => {
    const p = await createPerson(t.deps, tree.districtId, '专员乙', [{ role: 'commissioner', place: tree.places.B! }]);
    for (let i = 1; i <= 4; i++) expect((await login(p.phone, 'Wrong@pass1')).json().code).toBe('INVALID_CREDENTIALS');
    const fifth = await login(p.phone, 'Wrong@pass1');
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().code).toBe('ACCOUNT_LOCKED');
    const sixth = await login(p.phone, PASSWORD);
    expect(sixth.statusCode).toBe(423);
    expect(sixth.json()).toMatchObject({ code: 'ACCOUNT_LOCKED', message: expect.stringContaining('锁定') });

    const audit = await t.deps.db.selectFrom('audit_log').select(['action', 'result', 'detail']).where('actor_id', '=', p.id).orderBy('id').execute();
    expect(audit.map((a) => a.result)).toEqual(['failed', 'failed', 'failed', 'failed', 'failed', 'denied']);
    expect(audit[5]!.detail).toEqual({ reason: 'locked' });

    // Thirty minutes later the right password works again.
    t.clock.advance(30 * 60 * 1000 + 1000);
    expect((await login(p.phone, PASSWORD)).statusCode).toBe(200);
  });

  it('does not tell an unknown phone from a wrong password', async () => {
    const res = await login('13999999999', PASSWORD);
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('INVALID_CREDENTIALS');
  });
});

describe('sessions', () => {
  it('refuses a cookie-authenticated write without the CSRF token', async () => {
    const p = await createPerson(t.deps, tree.districtId, '社工丙', [{ role: 'community_worker', place: tree.places.C1! }]);
    const s = await signIn(t.app, p.phone, PASSWORD);
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie } });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('CSRF_FAILED');
    const forged = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie, 'x-csrf-token': 'x'.repeat(43) } });
    expect(forged.statusCode).toBe(403);
    expect((await as(t.app, s).post('/api/auth/logout')).statusCode).toBe(204);
    expect((await as(t.app, s).get('/api/auth/me')).statusCode).toBe(401);
  });

  it('ends a session after 30 idle minutes, but not while it is used', async () => {
    const p = await createPerson(t.deps, tree.districtId, '社工丁', [{ role: 'community_worker', place: tree.places.C1! }]);
    const s = await signIn(t.app, p.phone, PASSWORD);
    t.clock.advance(29 * 60 * 1000);
    expect((await as(t.app, s).get('/api/auth/me')).statusCode).toBe(200);
    t.clock.advance(29 * 60 * 1000);
    expect((await as(t.app, s).get('/api/auth/me')).statusCode).toBe(200);
    t.clock.advance(31 * 60 * 1000);
    const expired = await as(t.app, s).get('/api/auth/me');
    expect(expired.statusCode).toBe(401);
    expect(expired.json().code).toBe('SESSION_EXPIRED');
  });

  it('signs out everywhere', async () => {
    const p = await createPerson(t.deps, tree.districtId, '社工戊', [{ role: 'community_worker', place: tree.places.C1! }]);
    const phone = await signIn(t.app, p.phone, PASSWORD);
    const laptop = await signIn(t.app, p.phone, PASSWORD);
    expect((await as(t.app, phone).post('/api/auth/logout-all')).statusCode).toBe(204);
    expect((await as(t.app, laptop).get('/api/auth/me')).statusCode).toBe(401);
  });

  it('signs in with an SMS code sent through the SmsSender, once per code', async () => {
    const p = await createPerson(t.deps, tree.districtId, '居民己', [{ role: 'resident', place: tree.places['A-h1']! }]);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/sms/request', payload: { phone: p.phone } })).statusCode).toBe(204);
    const again = await t.app.inject({ method: 'POST', url: '/api/auth/sms/request', payload: { phone: p.phone } });
    expect(again.json().code).toBe('TOO_MANY_REQUESTS');
    const code = t.sms.lastCodeFor(p.phone)!;
    const wrong = code === '000000' ? '111111' : '000000';
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/sms/login', payload: { phone: p.phone, code: wrong } })).json().code).toBe('INVALID_SMS_CODE');
    const ok = await t.app.inject({ method: 'POST', url: '/api/auth/sms/login', payload: { phone: p.phone, code } });
    expect(ok.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/sms/login', payload: { phone: p.phone, code } })).statusCode).toBe(401);
    // An unknown phone gets the same answer and no text.
    const before = t.sms.sent.length;
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/sms/request', payload: { phone: '13999999998' } })).statusCode).toBe(204);
    expect(t.sms.sent.length).toBe(before);
  });

  it('changes a password only to a strong one', async () => {
    const p = await createPerson(t.deps, tree.districtId, '社工庚', [{ role: 'community_worker', place: tree.places.C1! }]);
    const s = await signIn(t.app, p.phone, PASSWORD);
    const weak = await as(t.app, s).post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'password' });
    expect(weak.json().code).toBe('WEAK_PASSWORD');
    expect((await as(t.app, s).post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'New@pass2026' })).statusCode).toBe(204);
    expect((await login(p.phone, 'New@pass2026')).statusCode).toBe(200);
  });
});
