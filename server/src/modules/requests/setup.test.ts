import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, buildTestApp, signIn, type Session, type TestApp } from '../../../test/helpers.ts';
import { createPerson, createTree, PASSWORD } from '../../../test/factories.ts';

/** District configuration: request categories and the working-time calendar (holiday table). */
let t: TestApp;
let tree: Awaited<ReturnType<typeof createTree>>;
let admin: Session;
let commissioner: Session;
let resident: Session;
let phones: Record<string, string>;

beforeAll(async () => {
  t = await buildTestApp();
  tree = await createTree(t.deps);
  const p = tree.places;
  const mk = async (name: string, roles: Parameters<typeof createPerson>[3]) => (await createPerson(t.deps, tree.districtId, name, roles)).phone;
  phones = {
    admin: await mk('区管理员', [{ role: 'district_admin', place: p.D! }]),
    commissioner: await mk('专员王', [{ role: 'commissioner', place: p.A! }]),
    resident: await mk('居民张', [{ role: 'resident', place: p['A-h1']! }]),
  };
  await signInAll();
});

/** Moving the clock hours ahead ends idle sessions (as it should): sign in again. */
async function signInAll() {
  admin = await signIn(t.app, phones.admin!, PASSWORD);
  commissioner = await signIn(t.app, phones.commissioner!, PASSWORD);
  resident = await signIn(t.app, phones.resident!, PASSWORD);
}
afterAll(() => t.close());

type Category = { id: number; code: string; name: string; nameZh: string; responseMinutes: number; resolutionMinutes: number; workingTime: boolean; active: boolean; defaultParty: string };
const categories = async (s: Session): Promise<Category[]> => (await as(t.app, s).get('/api/request-categories')).json();
const auditOf = (action: string) => t.deps.db.selectFrom('audit_log').selectAll().where('action', '=', action).execute();

describe('request categories', () => {
  it('the district admin changes a limit; the change is audited with the old value', async () => {
    const repairs = (await categories(admin)).find((c) => c.code === 'repairs')!;
    const res = await as(t.app, admin).patch(`/api/request-categories/${repairs.id}`, { responseMinutes: 45, nameZh: '报修' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: repairs.id, responseMinutes: 45, name: '报修', nameZh: '报修' });
    expect((await categories(resident)).find((c) => c.id === repairs.id)!.responseMinutes).toBe(45);
    const audit = await auditOf('request_category.update');
    expect(audit.at(-1)).toMatchObject({ target_id: String(repairs.id), result: 'ok' });
    expect(JSON.stringify(audit.at(-1)!.detail)).toContain('"responseMinutes":30');
  });

  it('refuses a response limit longer than the resolution limit, and nonsense limits', async () => {
    const repairs = (await categories(admin)).find((c) => c.code === 'repairs')!;
    const late = await as(t.app, admin).patch(`/api/request-categories/${repairs.id}`, { responseMinutes: repairs.resolutionMinutes + 1 });
    expect(late.statusCode).toBe(422);
    expect(late.json()).toMatchObject({ code: 'LIMITS_OUT_OF_ORDER', message: expect.stringContaining('响应时限') });
    expect((await as(t.app, admin).patch(`/api/request-categories/${repairs.id}`, { responseMinutes: 0 })).statusCode).toBe(400);
    expect((await as(t.app, admin).patch(`/api/request-categories/${repairs.id}`, { responseMinutes: 'soon' })).statusCode).toBe(400);
    // Nothing to change: refused with a reason, never a 500 (an empty update once reached the SQL).
    expect((await as(t.app, admin).patch(`/api/request-categories/${repairs.id}`, {})).statusCode).toBe(400);
    expect((await categories(admin)).find((c) => c.id === repairs.id)!.responseMinutes).toBe(45);
  });

  it('only the district admin may change or create categories (403 for a commissioner)', async () => {
    const repairs = (await categories(admin)).find((c) => c.code === 'repairs')!;
    expect((await as(t.app, commissioner).patch(`/api/request-categories/${repairs.id}`, { responseMinutes: 10 })).statusCode).toBe(403);
    const created = await as(t.app, commissioner).post('/api/request-categories', { code: 'graffiti', nameZh: '乱涂乱画', nameEn: 'Graffiti', defaultParty: 'property', responseMinutes: 60, resolutionMinutes: 1440, workingTime: false });
    expect(created.statusCode).toBe(403);
    expect((await categories(admin)).some((c) => c.code === 'graffiti')).toBe(false);
  });

  it('the district admin adds a category; its code must be new and well formed', async () => {
    const body = { code: 'graffiti', nameZh: '乱涂乱画', nameEn: 'Graffiti', defaultParty: 'department', responseMinutes: 60, resolutionMinutes: 900, workingTime: true };
    const res = await as(t.app, admin).post('/api/request-categories', body);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ code: 'graffiti', name: '乱涂乱画', defaultParty: 'department', workingTime: true, active: true });
    const list = await categories(admin);
    expect(list.at(-1)!.code).toBe('graffiti'); // sorted after the defaults
    const again = await t.app.inject({ method: 'POST', url: '/api/request-categories', payload: body, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'accept-language': 'en-US' } });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'CATEGORY_CODE_TAKEN', message: expect.stringContaining('graffiti') });
    expect((await as(t.app, admin).post('/api/request-categories', { ...body, code: 'Bad Code' })).statusCode).toBe(400);
    expect((await as(t.app, admin).post('/api/request-categories', { ...body, code: 'other2', responseMinutes: 1000 })).json().code).toBe('LIMITS_OUT_OF_ORDER');
    expect((await auditOf('request_category.create'))).toHaveLength(1);
  });
});

describe('holiday table', () => {
  it('lists a year of the State Council schedule', async () => {
    const res = await as(t.app, admin).get('/api/holidays?year=2026');
    expect(res.statusCode).toBe(200);
    const days = res.json() as { day: string; kind: string; name: string }[];
    expect(days).toContainEqual({ day: '2026-10-01', kind: 'holiday', name: '国庆节' });
    expect(days.every((d) => d.day.startsWith('2026-'))).toBe(true);
    expect(days.map((d) => d.day)).toEqual([...days.map((d) => d.day)].sort());
    expect(days.some((d) => d.kind === 'workday')).toBe(true);
    expect((await as(t.app, admin).get('/api/holidays?year=abc')).statusCode).toBe(400);
    expect((await as(t.app, resident).get('/api/holidays?year=2026')).statusCode).toBe(403);
  });

  it('a day is one kind only; a make-up workday falls on a weekend; bad dates are refused; non-admins get 403', async () => {
    const a = as(t.app, admin);
    expect((await a.post('/api/holidays', { day: '2026-12-28', kind: 'holiday', name: '区庆' })).statusCode).toBe(201);
    const twice = await a.post('/api/holidays', { day: '2026-12-28', kind: 'holiday', name: '又一个' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'DAY_ALREADY_SET', message: expect.stringContaining('区庆') });
    const weekday = await a.post('/api/holidays', { day: '2026-12-29', kind: 'workday', name: '调休' });
    expect(weekday.statusCode).toBe(422);
    expect(weekday.json()).toMatchObject({ code: 'WORKDAY_ON_WEEKDAY', message: expect.stringContaining('2026-12-29') });
    // Saturday 26 December: a make-up workday, and then it cannot also be a holiday.
    expect((await a.post('/api/holidays', { day: '2026-12-26', kind: 'workday', name: '调休上班' })).statusCode).toBe(201);
    const otherKind = await a.post('/api/holidays', { day: '2026-12-26', kind: 'holiday', name: '休息' });
    expect(otherKind.statusCode).toBe(409);
    expect(otherKind.json().message).toContain('调休工作日');
    expect((await a.post('/api/holidays', { day: '2026-02-30', kind: 'holiday', name: 'x' })).statusCode).toBe(400);
    expect((await a.post('/api/holidays', { day: '2026-12-30', kind: 'vacation', name: 'x' })).statusCode).toBe(400);
    expect((await a.post('/api/holidays', { day: '2026-12-30', kind: 'holiday', name: '' })).statusCode).toBe(400);
    expect((await as(t.app, commissioner).post('/api/holidays', { day: '2026-12-30', kind: 'holiday', name: '假' })).statusCode).toBe(403);
    expect((await as(t.app, commissioner).delete('/api/holidays/2026-12-28')).statusCode).toBe(403);

    const year = (await a.get('/api/holidays?year=2026')).json() as { day: string; kind: string }[];
    expect(year.filter((d) => d.day >= '2026-12-26')).toEqual([
      { day: '2026-12-26', kind: 'workday', name: '调休上班' },
      { day: '2026-12-28', kind: 'holiday', name: '区庆' },
    ]);
    const del = await a.delete('/api/holidays/2026-12-26');
    expect(del.statusCode).toBe(200);
    expect((await a.delete('/api/holidays/2026-12-26')).statusCode).toBe(404);
    expect((await auditOf('holiday.create')).map((r) => r.target_id)).toEqual(['2026-12-28', '2026-12-26']);
    expect((await auditOf('holiday.delete')).map((r) => r.target_id)).toEqual(['2026-12-26']);
  });

  it('a deadline computed after adding a holiday skips it', async () => {
    // Monday 23 November 2026, 10:00 in Beijing. 'other' counts 240 working minutes to respond.
    t.clock.set(new Date('2026-11-23T02:00:00Z'));
    const other = (await categories(admin)).find((c) => c.code === 'other')!;
    expect(other).toMatchObject({ workingTime: true, responseMinutes: 240 });
    const raise = async () => {
      const res = await as(t.app, resident).post('/api/me/requests', { compoundId: tree.places.A!.id, categoryId: other.id, type: 'help', description: '楼下路灯不亮' });
      expect(res.statusCode).toBe(201);
      return res.json() as { responseDueAt: string };
    };
    // 10:00–12:00 and 13:30–15:30 the same day.
    expect((await raise()).responseDueAt).toBe('2026-11-23T07:30:00.000Z');
    // Tuesday becomes a holiday: a request raised at 16:00 on Monday goes on on Wednesday, not Tuesday.
    expect((await as(t.app, admin).post('/api/holidays', { day: '2026-11-24', kind: 'holiday', name: '临时休息日' })).statusCode).toBe(201);
    t.clock.set(new Date('2026-11-23T08:00:00Z'));
    await signInAll();
    // 16:00–17:30 Monday (90) + 08:30–11:00 Wednesday (150).
    expect((await raise()).responseDueAt).toBe('2026-11-25T03:00:00.000Z');
  });

  it('a changed limit applies to the next request at once (the per-process setup cache is dropped)', async () => {
    const other = (await categories(admin)).find((c) => c.code === 'other')!;
    // Warm the cache with the old limit: Monday 23 November 10:00 in Beijing, 240 working minutes.
    t.clock.set(new Date('2026-11-23T02:00:00Z'));
    await signInAll();
    const raise = async () =>
      (await as(t.app, resident).post('/api/me/requests', { compoundId: tree.places.A!.id, categoryId: other.id, type: 'help', description: '单元门禁坏了' })).json() as { responseDueAt: string };
    expect((await raise()).responseDueAt).toBe('2026-11-23T07:30:00.000Z');
    expect((await as(t.app, admin).patch(`/api/request-categories/${other.id}`, { responseMinutes: 60 })).statusCode).toBe(200);
    expect((await raise()).responseDueAt).toBe('2026-11-23T03:00:00.000Z');
    // Deleting the holiday again: Tuesday counts once more.
    expect((await as(t.app, admin).delete('/api/holidays/2026-11-24')).statusCode).toBe(200);
    t.clock.set(new Date('2026-11-23T09:00:00Z')); // 17:00 Monday: 30 minutes today, 30 on Tuesday
    await signInAll();
    expect((await raise()).responseDueAt).toBe('2026-11-24T01:00:00.000Z');
  });
});
