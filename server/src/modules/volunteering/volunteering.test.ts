import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, buildTestApp, signIn, type Session, type TestApp } from '../../../test/helpers.ts';
import { createPerson, createTree, PASSWORD } from '../../../test/factories.ts';
import { balanceOf } from '../points/index.ts';
import { EXPORT_COLUMNS } from './records.service.ts';

let t: TestApp;
let tree: Awaited<ReturnType<typeof createTree>>;
type Who = 'ann' | 'bo' | 'cy' | 'dee' | 'worker' | 'workerC3' | 'resident';
let s: Record<Who, Session>;
let phones: Record<Who, string>;

/** Moves the clock; sessions idle for 30 minutes end, so everyone signs in again after a jump. */
async function jump(to: number | Date) {
  if (to instanceof Date) t.clock.set(to);
  else t.clock.advance(to);
  s = Object.fromEntries(await Promise.all(Object.entries(phones).map(async ([k, v]) => [k, await signIn(t.app, v, PASSWORD)]))) as typeof s;
}

const HOUR = 3600_000;
const ID_NUMBER = '11010519491231002X';

function qs(pathWithQuery: string) {
  const u = new URL(pathWithQuery, 'http://x');
  return { a: Number(u.searchParams.get('a')), op: u.searchParams.get('op'), exp: Number(u.searchParams.get('exp')), sig: u.searchParams.get('sig') };
}

beforeAll(async () => {
  t = await buildTestApp();
  tree = await createTree(t.deps);
  const p = tree.places;
  const mk = (name: string, roles: Parameters<typeof createPerson>[3]) => createPerson(t.deps, tree.districtId, name, roles);
  const people = {
    ann: await mk('志愿者安', [{ role: 'resident', place: p['A-h1']! }]),
    bo: await mk('志愿者博', [{ role: 'resident', place: p['A-h2']! }]),
    cy: await mk('志愿者晨', [{ role: 'resident', place: p['B-h1']! }]),
    dee: await mk('志愿者迪', [{ role: 'resident', place: p['B-h2']! }]),
    worker: await mk('社工陈', [{ role: 'community_worker', place: p.C1! }]),
    workerC3: await mk('社工丙', [{ role: 'community_worker', place: p.C3! }]),
    resident: await mk('居民未登记', [{ role: 'resident', place: p['A-h2']! }]),
  };
  phones = Object.fromEntries(Object.entries(people).map(([k, v]) => [k, v.phone])) as typeof phones;
  await jump(0);
});
afterAll(() => t.close());

const register = (who: Session, body: Record<string, unknown>) =>
  as(t.app, who).post('/api/me/volunteer', { sex: 'female', birthDate: '1990-05-01', homePlaceId: tree.places.A!.id, skills: ['急救'], serviceCategories: ['社区服务'], consent: true, ...body });

const publish = (body: Record<string, unknown> = {}) =>
  as(t.app, s.worker).post('/api/volunteering/activities', {
    title: '楼道清洁', content: '清理楼道杂物，张贴消防提示', placeId: tree.places.A!.id, address: 'A小区1幢', slots: 1, skillsWanted: ['急救'],
    startsAt: new Date(t.clock.now().getTime() + HOUR).toISOString(), endsAt: new Date(t.clock.now().getTime() + 4 * HOUR).toISOString(), ...body,
  });

const attend = async (who: Session, activityId: number, op: 'in' | 'out', tamper?: (q: ReturnType<typeof qs>) => ReturnType<typeof qs>) => {
  const qr = await as(t.app, s.worker).get(`/api/volunteering/activities/${activityId}/qr?op=${op}`);
  expect(qr.statusCode).toBe(200);
  const q = qs(qr.json().path);
  return as(t.app, who).post('/api/me/volunteering/attendance', tamper ? tamper(q) : q);
};

describe('volunteers register with consent', () => {
  it('refuses without consent, keeps the ID number encrypted and shows it masked', async () => {
    const refused = await register(s.ann, { consent: false, idNumber: ID_NUMBER });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('VOLUNTEER_CONSENT_REQUIRED');
    const res = await register(s.ann, { idNumber: ID_NUMBER, skills: ['急救', '电工'] });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name: '志愿者安', idNumberMasked: '1101**********002X', recordingOrg: '甲社区居民委员会', skills: ['急救', '电工'] });
    const row = await t.deps.db.selectFrom('volunteers').select(['id_number_cipher']).where('person_id', '=', s.ann.personId).executeTakeFirstOrThrow();
    expect(row.id_number_cipher).not.toContain('1101');
    expect(t.deps.cipher.decrypt(row.id_number_cipher!)).toBe(ID_NUMBER);
    expect((await register(s.ann, {})).json().code).toBe('VOLUNTEER_ALREADY_REGISTERED');
    expect((await register(s.bo, { homePlaceId: tree.places.A!.id, skills: ['急救'] })).statusCode).toBe(201);
    expect((await register(s.cy, { homePlaceId: tree.places.B!.id, skills: ['急救'] })).statusCode).toBe(201);
    expect((await register(s.dee, { homePlaceId: tree.places.E!.id, skills: ['急救'] })).statusCode).toBe(201);
  });
});

describe('sign-up, waitlist and cancellation', () => {
  let activityId: number;
  it('fills the slots, puts the rest on the waitlist, and promotes the longest-waiting on a cancellation', async () => {
    const a = await publish({ slots: 1 });
    expect(a.statusCode).toBe(201);
    activityId = a.json().id;
    const first = await t.app.inject({ method: 'POST', url: `/api/me/volunteering/activities/${activityId}/signup`, headers: { cookie: s.ann.cookie, 'x-csrf-token': s.ann.csrf, 'idempotency-key': 'ann-signup-0001' } });
    expect(first.json().mySignup.status).toBe('confirmed');
    const replay = await t.app.inject({ method: 'POST', url: `/api/me/volunteering/activities/${activityId}/signup`, headers: { cookie: s.ann.cookie, 'x-csrf-token': s.ann.csrf, 'idempotency-key': 'ann-signup-0001' } });
    expect(replay.statusCode).toBe(200);
    expect(replay.json().confirmed).toBe(1);
    expect((await as(t.app, s.ann).post(`/api/me/volunteering/activities/${activityId}/signup`)).json().code).toBe('ALREADY_SIGNED_UP');
    t.clock.advance(1000);
    expect((await as(t.app, s.bo).post(`/api/me/volunteering/activities/${activityId}/signup`)).json().mySignup.status).toBe('waitlisted');
    t.clock.advance(1000);
    expect((await as(t.app, s.cy).post(`/api/me/volunteering/activities/${activityId}/signup`)).json().mySignup.status).toBe('waitlisted');
    const unregistered = await as(t.app, s.resident).post(`/api/me/volunteering/activities/${activityId}/signup`);
    expect(unregistered.statusCode).toBe(409);
    expect(unregistered.json().code).toBe('VOLUNTEER_NOT_REGISTERED');

    const cancelled = await as(t.app, s.ann).post(`/api/me/volunteering/activities/${activityId}/cancel`);
    expect(cancelled.json().mySignup.status).toBe('cancelled');
    const bo = (await as(t.app, s.bo).get(`/api/me/volunteering/activities/${activityId}`)).json();
    expect(bo.mySignup.status).toBe('confirmed');
    expect(bo).toMatchObject({ confirmed: 1, waitlisted: 1 });
    expect((await as(t.app, s.cy).get(`/api/me/volunteering/activities/${activityId}`)).json().mySignup.status).toBe('waitlisted');
    const note = await t.deps.db.selectFrom('notifications').select('title').where('person_id', '=', s.bo.personId).where('kind', '=', 'volunteer.promoted').executeTakeFirst();
    expect(note?.title).toContain('候补转正');
  });

  it('suggests volunteers with the skills wanted, nearest on the place tree first', async () => {
    const res = await as(t.app, s.worker).get(`/api/volunteering/activities/${activityId}/matches`);
    expect(res.statusCode).toBe(200);
    // Ann (A, cancelled) is the nearest candidate not signed up, then Dee in another street; Bo and Cy are signed up.
    expect(res.json().items.map((m: { volunteer: { name: string } }) => m.volunteer.name)).toEqual(['志愿者安', '志愿者迪']);
    expect(res.json().items[0].treeDistance).toBeLessThan(res.json().items[1].treeDistance);
  });

  it('keeps activities out of reach of another community', async () => {
    expect((await as(t.app, s.workerC3).get(`/api/volunteering/activities/${activityId}`)).statusCode).toBe(404);
  });
});

describe('check-in and check-out through the signed URL, then hours', () => {
  let activityId: number;
  let signupId: number;
  beforeAll(async () => {
    activityId = (await publish({ slots: 5, title: '助老陪伴' })).json().id;
    await as(t.app, s.ann).post(`/api/me/volunteering/activities/${activityId}/signup`);
  });

  it('refuses a forged or altered signature with 403 and an expired one with 410', async () => {
    const forged = await attend(s.ann, activityId, 'in', (q) => ({ ...q, sig: `${q.sig!.slice(0, -2)}xx` }));
    expect(forged.statusCode).toBe(403);
    expect(forged.json().code).toBe('QR_SIGNATURE_INVALID');
    const longer = await attend(s.ann, activityId, 'in', (q) => ({ ...q, exp: q.exp + 3600 }));
    expect(longer.json().code).toBe('QR_SIGNATURE_INVALID');
    const qr = qs((await as(t.app, s.worker).get(`/api/volunteering/activities/${activityId}/qr?op=in`)).json().path);
    t.clock.advance(61_000);
    const expired = await as(t.app, s.ann).post('/api/me/volunteering/attendance', qr);
    expect(expired.statusCode).toBe(410);
    expect(expired.json().code).toBe('QR_EXPIRED');
    expect(expired.json().message).toContain('过期');
    const notStarted = await attend(s.ann, activityId, 'out');
    expect(notStarted.statusCode).toBe(409);
    expect(notStarted.json().code).toBe('CHECK_OUT_NOT_OPEN');
    const notSignedUp = await attend(s.cy, activityId, 'in');
    expect(notSignedUp.json().code).toBe('NOT_SIGNED_UP');
  });

  it('counts a scan only inside the activity: check-in from an hour before the start, check-out until two hours after the end', async () => {
    const later = (await publish({ slots: 2, title: '晚间巡逻', startsAt: new Date(t.clock.now().getTime() + 3 * HOUR).toISOString(), endsAt: new Date(t.clock.now().getTime() + 5 * HOUR).toISOString() })).json().id;
    await as(t.app, s.bo).post(`/api/me/volunteering/activities/${later}/signup`);
    const early = await attend(s.bo, later, 'in');
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'CHECK_IN_NOT_OPEN' });
    expect(early.json().message).toMatch(/签到时间为 .+ 至 .+/);
    const detail = (await as(t.app, s.worker).get(`/api/volunteering/activities/${later}`)).json();
    expect(detail.attendance[0]).toMatchObject({ checkedInAt: null });
    await as(t.app, s.worker).post(`/api/volunteering/activities/${later}/cancel`);
  });

  it('measures the time between check-in and check-out', async () => {
    const inn = await attend(s.ann, activityId, 'in');
    expect(inn.statusCode).toBe(200);
    await jump(2.5 * HOUR);
    const out = await attend(s.ann, activityId, 'out');
    expect(out.json()).toMatchObject({ op: 'out', measuredMinutes: 150 });
    expect((await attend(s.ann, activityId, 'out')).json().code).toBe('ALREADY_CHECKED_OUT');
    const detail = (await as(t.app, s.worker).get(`/api/volunteering/activities/${activityId}`)).json();
    const row = detail.attendance.find((x: { volunteer: { name: string } }) => x.volunteer.name === '志愿者安');
    expect(row.measuredMinutes).toBe(150);
    signupId = row.signupId;
    const mine = (await as(t.app, s.ann).get('/api/me/volunteering/hours')).json();
    expect(mine).toMatchObject({ totalMinutes: 0, pendingMinutes: 150 });
  });

  it('confirms, then corrects with a reason as a new record; the old record stays', async () => {
    const base = `/api/volunteering/activities/${activityId}/signups/${signupId}`;
    expect((await as(t.app, s.worker).post(`${base}/correct`, { minutes: 120, reason: '提前离开' })).json().code).toBe('HOURS_NOT_CONFIRMED');
    const noReason = await as(t.app, s.worker).post(`${base}/confirm`, { minutes: 100 });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().code).toBe('HOURS_REASON_REQUIRED');
    // The district rewards a confirmed hour with 10 points (the points module's rule); points go to that ledger.
    await t.deps.db.insertInto('points_rules').values({ district_id: tree.districtId, rule: 'volunteer_hour', points_per_unit: 10 }).execute();
    const confirmed = await as(t.app, s.worker).post(`${base}/confirm`, {});
    expect(confirmed.statusCode).toBe(200);
    expect((await as(t.app, s.worker).post(`${base}/confirm`, {})).json().code).toBe('HOURS_ALREADY_CONFIRMED');
    expect((await as(t.app, s.ann).get('/api/me/volunteering/hours')).json()).toMatchObject({ totalMinutes: 150, pendingMinutes: 0 });
    expect(await balanceOf(t.deps.db, tree.districtId, s.ann.personId)).toBe(25); // 2.5 h × 10

    const corrected = await as(t.app, s.worker).post(`${base}/correct`, { minutes: 120, reason: '中途离开半小时' });
    expect(corrected.statusCode).toBe(200);
    const hours = corrected.json().attendance.find((x: { signupId: number }) => x.signupId === signupId).hours;
    expect(hours.map((h: { minutes: number; kind: string }) => [h.minutes, h.kind])).toEqual([[120, 'corrected'], [150, 'confirmed']]);
    expect(hours[0].reason).toBe('中途离开半小时');
    const rows = await t.deps.db.selectFrom('volunteer_hours').select(['id', 'minutes', 'supersedes_id']).where('signup_id', '=', signupId).orderBy('id').execute();
    expect(rows).toHaveLength(2);
    expect(rows[1]!.supersedes_id).toBe(rows[0]!.id);
    // The record is append-only: the database itself refuses an overwrite.
    await expect(sql`update volunteer_hours set minutes = 999 where id = ${rows[0]!.id}`.execute(t.deps.db)).rejects.toThrow(/append-only/);
    expect((await as(t.app, s.ann).get('/api/me/volunteering/hours')).json()).toMatchObject({ totalMinutes: 120 });
    // 冲正: 150 → 120 minutes keeps 120/150 of the 25 points (20); 5 go back to the issuance source as a new entry.
    expect(await balanceOf(t.deps.db, tree.districtId, s.ann.personId)).toBe(20);
    const reversal = await t.deps.db.selectFrom('points_entries').select(['kind', 'amount', 'source_id']).where('kind', '=', 'reverse').where('district_id', '=', tree.districtId).execute();
    expect(reversal).toEqual([{ kind: 'reverse', amount: 5, source_id: String(rows[1]!.id) }]);
    // Upwards again: the extra hour earns at the rate (10), and a correction to zero takes back all that is left.
    await as(t.app, s.worker).post(`${base}/correct`, { minutes: 180, reason: '补记后半场' });
    expect(await balanceOf(t.deps.db, tree.districtId, s.ann.personId)).toBe(30);
    await as(t.app, s.worker).post(`${base}/correct`, { minutes: 0, reason: '未实际参加服务' });
    expect(await balanceOf(t.deps.db, tree.districtId, s.ann.personId)).toBe(0);
    const open = await sql<{ n: string }>`select coalesce(sum(remaining), 0) as n from points_lots l join points_accounts a on a.id = l.account_id where a.owner_id = ${s.ann.personId} and a.kind = 'person'`.execute(t.deps.db);
    expect(Number(open.rows[0]!.n)).toBe(0); // the lots follow the balance
    await as(t.app, s.worker).post(`${base}/correct`, { minutes: 120, reason: '核实后恢复' });
    expect(await balanceOf(t.deps.db, tree.districtId, s.ann.personId)).toBe(20);
    expect((await as(t.app, s.workerC3).post(`${base}/correct`, { minutes: 1, reason: '越权测试' })).statusCode).toBe(404);
  });

  it('closes the record after 10 working days from the activity', async () => {
    const other = (await publish({ slots: 3, title: '垃圾分类督导' })).json().id;
    await as(t.app, s.bo).post(`/api/me/volunteering/activities/${other}/signup`);
    await attend(s.bo, other, 'in');
    await jump(HOUR);
    await attend(s.bo, other, 'out');
    const detail = (await as(t.app, s.worker).get(`/api/volunteering/activities/${other}`)).json();
    const deadline = new Date(detail.recordingDeadline);
    const sid = detail.attendance[0].signupId;
    await jump(new Date(deadline.getTime() - 60_000));
    const inTime = await as(t.app, s.worker).post(`/api/volunteering/activities/${other}/signups/${sid}/confirm`, {});
    expect(inTime.statusCode).toBe(200);
    await jump(new Date(deadline.getTime() + 1000));
    const late = await as(t.app, s.worker).post(`/api/volunteering/activities/${other}/signups/${sid}/correct`, { minutes: 30, reason: '补记' });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('HOURS_WINDOW_CLOSED');
    // Monday 23 Nov 2026 → the 10th working day after is Monday 7 Dec; the window closes at its end, Beijing time.
    expect(detail.recordingDeadline).toBe('2026-12-07T16:00:00.000Z');
  });
});

describe('certificates and the public verification', () => {
  let code: string;
  it('issues a certificate of confirmed hours and verifies its code without sign-in, showing no personal data', async () => {
    expect((await as(t.app, s.cy).post('/api/me/volunteering/certificates')).json().code).toBe('NO_CONFIRMED_HOURS');
    const issued = await as(t.app, s.ann).post('/api/me/volunteering/certificates');
    expect(issued.statusCode).toBe(201);
    code = issued.json().code;
    expect(issued.json()).toMatchObject({ totalMinutes: 120, activityCount: 1, recordingOrg: '甲社区居民委员会' });
    const pub = await t.app.inject({ method: 'GET', url: `/api/public/volunteer-certificates/${code}` });
    expect(pub.statusCode).toBe(200);
    expect(pub.json()).toEqual({
      valid: true, code, volunteerName: '志***', totalHours: 2, activityCount: 1, content: '助老陪伴', recordingOrg: '甲社区居民委员会', issuedAt: issued.json().issuedAt,
    });
    expect(pub.body).not.toContain('1101');
    const unknown = await t.app.inject({ method: 'GET', url: '/api/public/volunteer-certificates/ABCDEFGHJKLM' });
    expect(unknown.statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/public/volunteer-certificates/bad' })).statusCode).toBe(400);
  });

  it('renders the PDF with Chinese text that extracts again', async () => {
    const pdf = await as(t.app, s.ann).get(`/api/me/volunteering/certificates/${code}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await as(t.app, s.bo).get(`/api/me/volunteering/certificates/${code}/pdf`)).statusCode).toBe(404);
    let pdftotext = true;
    try { execFileSync('pdftotext', ['-v'], { stdio: 'ignore' }); } catch { pdftotext = false; }
    if (!pdftotext) return; // poppler-utils missing: the byte check above still ran
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gz-cert-')), 'c.pdf');
    fs.writeFileSync(file, pdf.rawPayload);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString('utf8');
    expect(text).toContain('志愿服务证明');
    expect(text).toContain('志愿者安');
    expect(text).toContain('2.0 小时');
    expect(text).toContain('甲社区居民委员会');
    expect(text).toContain(code);
  });
});

describe('export for the national volunteer system', () => {
  it('writes the art. 5 profile and art. 7 record columns with a BOM, and audits the export', async () => {
    const res = await as(t.app, s.worker).get(`/api/volunteering/export.csv?placeId=${tree.places.C1!.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.body.charCodeAt(0)).toBe(0xfeff);
    const lines = res.body.slice(1).trim().split('\r\n');
    const cells = (l: string) => l.slice(1, -1).split('","');
    expect(cells(lines[0]!)).toEqual([...EXPORT_COLUMNS]);
    const ann = lines.map(cells).find((c) => c[0] === '志愿者安')!;
    expect(ann.slice(0, 5)).toEqual(['志愿者安', '居民身份证', ID_NUMBER, '女', '1990-05-01']);
    expect(ann[8]).toBe('助老陪伴');
    expect(ann[14]).toBe('2.0');
    expect(ann[15]).toBe('甲社区居民委员会');
    expect(ann[16]).toBe('社工陈');
    expect(lines).toHaveLength(3); // header, Ann's corrected record, Bo's confirmed one
    const audit = await t.deps.db.selectFrom('audit_log').select(['detail']).where('action', '=', 'personal_data.export').where('actor_id', '=', s.worker.personId).executeTakeFirst();
    expect(audit?.detail).toMatchObject({ rows: 2 });
    expect((await as(t.app, s.ann).get('/api/volunteering/export.csv')).statusCode).toBe(403);
  });
});

describe('emergency mobilisation', () => {
  it('notifies every volunteer registered under the place and keeps a duty roster', async () => {
    const res = await as(t.app, s.worker).post('/api/volunteering/emergencies', {
      title: '暴雨防汛', content: '转移地下车库车辆，巡查积水', placeId: tree.places.C1!.id, address: '甲社区服务中心', slots: 10,
      startsAt: new Date(t.clock.now().getTime() + 600_000).toISOString(), endsAt: new Date(t.clock.now().getTime() + 6 * HOUR).toISOString(),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'emergency', notified: 3 }); // Ann, Bo (A) and Cy (B); Dee lives in E
    const id = res.json().id;
    const told = await t.deps.db.selectFrom('notifications').select('person_id').where('kind', '=', 'volunteer.call_out').execute();
    expect(told.map((n) => n.person_id).sort()).toEqual([s.ann.personId, s.bo.personId, s.cy.personId].sort());
    await as(t.app, s.cy).post(`/api/me/volunteering/activities/${id}/signup`);
    const cyId = (await t.deps.db.selectFrom('volunteers').select('id').where('person_id', '=', s.cy.personId).executeTakeFirstOrThrow()).id;
    const start = new Date(t.clock.now().getTime() + 600_000);
    const duty = await as(t.app, s.worker).post(`/api/volunteering/activities/${id}/duties`, {
      volunteerId: cyId, post: '车库入口引导', shiftStart: start.toISOString(), shiftEnd: new Date(start.getTime() + 2 * HOUR).toISOString(),
    });
    expect(duty.statusCode).toBe(200);
    expect(duty.json().duties).toMatchObject([{ volunteer: { name: '志愿者晨' }, post: '车库入口引导' }]);
    const notAnswered = await as(t.app, s.worker).post(`/api/volunteering/activities/${id}/duties`, {
      volunteerId: cyId + 1, post: '巡查', shiftStart: start.toISOString(), shiftEnd: new Date(start.getTime() + HOUR).toISOString(),
    });
    expect(notAnswered.json().code).toBe('NOT_SIGNED_UP');
  });
});
