import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson, createTree, PASSWORD } from '../../../test/factories.ts';
import { as, buildTestApp, signIn, type Session, type TestApp } from '../../../test/helpers.ts';

let t: TestApp;
let tree: Awaited<ReturnType<typeof createTree>>;
let worker: Session; // community worker of 甲社区 (C1)
let otherWorker: Session; // community worker of 丙社区 (C3)
let street: Session; // street admin of 一街道 (S1)
let district: Session;
let commissioner: Session;
let member: Session; // a resident of A小区 (C1), in-service party member
let member2: Session; // a resident of B小区 (C1)
let recipient: Session;
let leader: Session; // a district leader without any managing role in C1
let jpeg: Buffer;
const DAY = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  t = await buildTestApp();
  tree = await createTree(t.deps);
  const p = tree.places;
  const mk = async (name: string, roles: Parameters<typeof createPerson>[3]) => signIn(t.app, (await createPerson(t.deps, tree.districtId, name, roles)).phone, PASSWORD);
  worker = await mk('社工陈', [{ role: 'community_worker', place: p.C1! }]);
  otherWorker = await mk('社工丙', [{ role: 'community_worker', place: p.C3! }]);
  street = await mk('街道王', [{ role: 'street_admin', place: p.S1! }]);
  district = await mk('区管理员', [{ role: 'district_admin', place: p.D! }]);
  commissioner = await mk('专员李', [{ role: 'commissioner', place: p.A! }]);
  member = await mk('党员赵', [{ role: 'resident', place: p['A-h1']! }]);
  member2 = await mk('党员钱', [{ role: 'owner', place: p['B-h1']! }]);
  recipient = await mk('居民孙', [{ role: 'resident', place: p['A-h2']! }]);
  leader = await mk('区领导周', [{ role: 'facilitator', place: p.S2! }]);
  jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c33' } }).jpeg().toBuffer();
});
afterAll(() => t.close());

const count = async (table: 'party_members' | 'party_units' | 'party_task_claims') =>
  Number((await t.deps.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

function upload(s: Session) {
  const boundary = '----gongzhi-party-boundary';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`;
  return t.app.inject({
    method: 'POST', url: '/api/wish-photos?purpose=proof',
    payload: Buffer.concat([Buffer.from(head), jpeg, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: s.cookie, 'x-csrf-token': s.csrf },
  });
}

let taxUnit: number;
let schoolUnit: number;
let memberId: number;

describe('the big party committee (大党委)', () => {
  it('takes units of the four kinds into a community, once each, by its managers only', async () => {
    const tax = await as(t.app, worker).post('/api/party/units', { communityId: tree.places.C1!.id, name: '区税务局', kind: 'government', contactName: '刘书记' });
    expect(tax.statusCode).toBe(201);
    expect(tax.json()).toMatchObject({ name: '区税务局', kind: 'government', community: { id: tree.places.C1!.id, name: '甲社区' }, members: 0 });
    taxUnit = tax.json().id;
    schoolUnit = (await as(t.app, worker).post('/api/party/units', { communityId: tree.places.C1!.id, name: '实验小学', kind: 'institution' })).json().id;
    const before = await count('party_units');
    const again = await as(t.app, worker).post('/api/party/units', { communityId: tree.places.C1!.id, name: '区税务局', kind: 'enterprise' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'PARTY_UNIT_TAKEN' });
    expect(again.json().message).toContain('区税务局');
    const en = await t.app.inject({ method: 'POST', url: '/api/party/units', headers: { cookie: worker.cookie, 'x-csrf-token': worker.csrf, 'accept-language': 'en-US' }, payload: { communityId: tree.places.C1!.id, name: '区税务局', kind: 'enterprise' } });
    expect(en.json().message).toMatch(/already a member/);
    expect((await as(t.app, worker).post('/api/party/units', { communityId: tree.places.C1!.id, name: '某', kind: 'club' })).statusCode).toBe(400);
    expect((await as(t.app, worker).post('/api/party/units', { communityId: tree.places.A!.id, name: '一家企业', kind: 'enterprise' })).json().code).toBe('PLACE_KIND_MISMATCH');
    expect((await as(t.app, otherWorker).post('/api/party/units', { communityId: tree.places.C1!.id, name: '一家企业', kind: 'enterprise' })).statusCode).toBe(404);
    expect((await as(t.app, commissioner).post('/api/party/units', { communityId: tree.places.C1!.id, name: '一家企业', kind: 'enterprise' })).statusCode).toBe(403);
    expect(await count('party_units')).toBe(before);
    expect((await as(t.app, worker).get('/api/party/communities')).json().items).toEqual([{ id: tree.places.C1!.id, name: '甲社区' }]);
    expect((await as(t.app, street).get('/api/party/communities')).json().items.map((c: { name: string }) => c.name)).toEqual(['甲社区', '乙社区']);
    expect((await as(t.app, commissioner).get('/api/party/communities')).statusCode).toBe(403);
    const list = (await as(t.app, street).get('/api/party/units')).json();
    expect(list.items.map((u: { name: string }) => u.name)).toEqual(['区税务局', '实验小学']);
    expect((await as(t.app, otherWorker).get('/api/party/units')).json().items).toEqual([]);
  });
});

describe('双报到: an in-service member registers at home', () => {
  it('needs separate consent and a home in that community, and writes nothing otherwise', async () => {
    const before = await count('party_members');
    const noConsent = await as(t.app, member).post('/api/me/party', { communityId: tree.places.C1!.id, unitId: taxUnit, unitName: '区税务局', consent: false });
    expect(noConsent.statusCode).toBe(422);
    expect(noConsent.json().code).toBe('PARTY_CONSENT_REQUIRED');
    const notHome = await as(t.app, member).post('/api/me/party', { communityId: tree.places.C2!.id, unitName: '区税务局', consent: true });
    expect(notHome.json().code).toBe('PARTY_NOT_HOME');
    const badUnit = await as(t.app, member).post('/api/me/party', { communityId: tree.places.C1!.id, unitId: 999_999, unitName: '区税务局', consent: true });
    expect(badUnit.statusCode).toBe(404);
    expect((await as(t.app, member).post('/api/me/party', { communityId: tree.places.C1!.id, unitName: 'x', consent: true })).statusCode).toBe(400);
    expect((await as(t.app, worker).post('/api/me/party', { communityId: tree.places.C1!.id, unitName: '区税务局', consent: true })).statusCode).toBe(403);
    expect(await count('party_members')).toBe(before);
  });

  it('goes register → approve, which makes the member a party member of the community who may claim its wishes', async () => {
    const mine = (await as(t.app, member).get('/api/me/party')).json();
    expect(mine.homes).toEqual([{ id: tree.places.C1!.id, name: '甲社区', units: [{ id: taxUnit, name: '区税务局' }, { id: schoolUnit, name: '实验小学' }] }]);
    expect(mine.registration).toBeNull();
    const reg = await as(t.app, member).post('/api/me/party', { communityId: tree.places.C1!.id, unitId: taxUnit, unitName: '区税务局', branch: '区税务局第一党支部', consent: true });
    expect(reg.statusCode).toBe(201);
    expect(reg.json()).toMatchObject({ status: 'pending', unit: { id: taxUnit, name: '区税务局' }, community: { name: '甲社区' } });
    memberId = reg.json().id;
    const twice = await as(t.app, member).post('/api/me/party', { communityId: tree.places.C1!.id, unitName: '区税务局', consent: true });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('PARTY_ALREADY_REGISTERED');
    // The worker was told, without a name.
    const notice = await t.deps.db.selectFrom('notifications').select(['title']).where('kind', '=', 'party.registered').where('person_id', '=', worker.personId).executeTakeFirstOrThrow();
    expect(notice.title).not.toContain('党员赵');

    // Who may see it: the community's managers (audited), not the commissioner, not another community.
    const queue = await as(t.app, worker).get('/api/party/members?status=pending');
    expect(queue.json().items.map((m: { person: { name: string } }) => m.person.name)).toEqual(['党员赵']);
    const audit = await t.deps.db.selectFrom('audit_log').select(['action', 'detail']).where('action', '=', 'party.members.read').where('actor_id', '=', worker.personId).execute();
    expect(audit).toHaveLength(1);
    expect((await as(t.app, commissioner).get('/api/party/members')).statusCode).toBe(403);
    expect((await as(t.app, otherWorker).get('/api/party/members')).json().items).toEqual([]);
    expect((await as(t.app, otherWorker).post(`/api/party/members/${memberId}/review`, { decision: 'approve' })).statusCode).toBe(404);

    // A wish on the wall of A小区, which the member cannot claim as a party member before approval.
    const wish = await as(t.app, worker).post('/api/wishes', {
      compoundId: tree.places.A!.id, recipientId: recipient.personId, category: 'daily_goods', title: '一床冬被', description: '家里被子太薄，冬天冷',
      valueFen: 26_000, deadline: new Date(t.clock.now().getTime() + 30 * DAY).toISOString(),
    });
    const wishId = wish.json().id;
    await as(t.app, worker).post(`/api/wishes/${wishId}/review`, { decision: 'approve' });
    expect((await as(t.app, member).post(`/api/wish-wall/${wishId}/claim`, { as: 'party_member' })).json().code).toBe('FORBIDDEN');

    expect((await as(t.app, worker).post(`/api/party/members/${memberId}/review`, { decision: 'reject' })).statusCode).toBe(400);
    const approved = await as(t.app, worker).post(`/api/party/members/${memberId}/review`, { decision: 'approve' });
    expect(approved.json()).toMatchObject({ status: 'approved' });
    expect((await as(t.app, worker).post(`/api/party/members/${memberId}/review`, { decision: 'approve' })).json().code).toBe('PARTY_WRONG_STATUS');
    const role = await t.deps.db.selectFrom('role_assignments').select(['role', 'place_id']).where('person_id', '=', member.personId).where('role', '=', 'party_member').execute();
    expect(role).toEqual([{ role: 'party_member', place_id: tree.places.C1!.id }]);

    // Now the wishes module lets the member claim and fulfil; the party record counts it.
    expect((await as(t.app, member).post(`/api/wish-wall/${wishId}/claim`, { as: 'party_member' })).statusCode).toBe(200);
    const proof = (await upload(member)).json();
    expect((await as(t.app, member).post(`/api/wish-wall/${wishId}/fulfil`, { photoIds: [proof.id] })).statusCode).toBe(200);
    const record = (await as(t.app, member).get('/api/me/party')).json();
    expect(record.registration).toMatchObject({ status: 'approved', branch: '区税务局第一党支部' });
    expect(record.record).toMatchObject({ wishesClaimed: 1, wishesFulfilled: 1 });

    // A second member, of a unit that has not joined this committee, is rejected with a reason the member sees.
    const r2 = (await as(t.app, member2).post('/api/me/party', { communityId: tree.places.C1!.id, unitName: '某某科技公司', consent: true })).json();
    const rejected = await as(t.app, worker).post(`/api/party/members/${r2.id}/review`, { decision: 'reject', note: '请补充单位党组织证明' });
    expect(rejected.json()).toMatchObject({ status: 'rejected', reviewNote: '请补充单位党组织证明' });
    expect((await as(t.app, member2).get('/api/me/party')).json().registration).toMatchObject({ status: 'rejected', reviewNote: '请补充单位党组织证明' });
    // …and may register again, then is approved.
    const r3 = (await as(t.app, member2).post('/api/me/party', { communityId: tree.places.C1!.id, unitName: '某某科技公司', consent: true })).json();
    expect((await as(t.app, worker).post(`/api/party/members/${r3.id}/review`, { decision: 'approve' })).statusCode).toBe(200);
  });
});

describe('tasks, service and reports', () => {
  it('lets approved members claim tasks up to the slots, records the minutes served, and reports per unit and community with counts only', async () => {
    const startsAt = new Date(t.clock.now().getTime() + 2 * DAY).toISOString();
    const task = await as(t.app, worker).post('/api/party/tasks', { communityId: tree.places.C1!.id, title: '周末社区服务站值班', slots: 1, startsAt });
    expect(task.statusCode).toBe(201);
    const taskId = task.json().id;
    // Not for someone who is not an approved member.
    expect((await as(t.app, recipient).post(`/api/me/party/tasks/${taskId}/claim`)).json().code).toBe('PARTY_NOT_MEMBER');
    const claimed = await as(t.app, member).post(`/api/me/party/tasks/${taskId}/claim`);
    expect(claimed.json()).toMatchObject({ taken: 1, claimedByMe: true, claims: [] });
    expect((await as(t.app, member).post(`/api/me/party/tasks/${taskId}/claim`)).json().code).toBe('PARTY_TASK_ALREADY_CLAIMED');
    const full = await as(t.app, member2).post(`/api/me/party/tasks/${taskId}/claim`);
    expect(full.statusCode).toBe(409);
    expect(full.json()).toMatchObject({ code: 'PARTY_TASK_FULL' });
    expect(full.json().message).toContain('1');

    const before = await count('party_task_claims');
    for (const minutes of [0, -30, 1441, 12.5]) {
      expect((await as(t.app, worker).post(`/api/party/tasks/${taskId}/service`, { memberId, minutes })).statusCode).toBe(400);
    }
    const recorded = await as(t.app, worker).post(`/api/party/tasks/${taskId}/service`, { memberId, minutes: 180, note: '接待居民 12 人次' });
    expect(recorded.json().claims).toEqual([{ memberId, name: '党员赵', status: 'done', minutes: 180 }]);
    expect((await as(t.app, worker).post(`/api/party/tasks/${taskId}/service`, { memberId, minutes: 60 })).json().code).toBe('PARTY_WRONG_STATUS');
    expect(await count('party_task_claims')).toBe(before);

    const mine = (await as(t.app, member).get('/api/me/party')).json();
    expect(mine.record).toMatchObject({ tasksClaimed: 1, tasksDone: 1, serviceMinutes: 180, services: [{ title: '周末社区服务站值班', minutes: 180, status: 'done' }] });

    // Per unit (the community's report): the tax bureau's member claimed and fulfilled a wish and served 180 minutes.
    const byUnit = await as(t.app, worker).get(`/api/party/report?placeId=${tree.places.C1!.id}`);
    expect(byUnit.statusCode).toBe(200);
    const report = byUnit.json();
    expect(report.total).toMatchObject({ units: 2, members: 2, pending: 0, wishesClaimed: 1, wishesFulfilled: 1, wishesFulfilledValueFen: 26_000, tasksDone: 1, serviceMinutes: 180 });
    expect(report.rows).toEqual([
      { kind: 'unit', id: taxUnit, name: '区税务局', units: 1, members: 1, pending: 0, wishesClaimed: 1, wishesFulfilled: 1, wishesFulfilledValueFen: 26_000, tasksDone: 1, serviceMinutes: 180 },
      { kind: 'unit', id: schoolUnit, name: '实验小学', units: 1, members: 0, pending: 0, wishesClaimed: 0, wishesFulfilled: 0, wishesFulfilledValueFen: 0, tasksDone: 0, serviceMinutes: 0 },
      { kind: 'unaffiliated', id: null, name: '', units: 0, members: 1, pending: 0, wishesClaimed: 0, wishesFulfilled: 0, wishesFulfilledValueFen: 0, tasksDone: 0, serviceMinutes: 0 },
    ]);
    expect(byUnit.body).not.toContain('党员赵');
    // Per community (the street's report).
    const byCommunity = (await as(t.app, street).get(`/api/party/report?placeId=${tree.places.S1!.id}`)).json();
    expect(byCommunity.rows).toEqual([expect.objectContaining({ kind: 'community', id: tree.places.C1!.id, name: '甲社区', units: 2, members: 2, serviceMinutes: 180 })]);
    expect((await as(t.app, otherWorker).get(`/api/party/report?placeId=${tree.places.C1!.id}`)).statusCode).toBe(404);
  });

  it('links a district leader to a demonstration community (联点), who then follows its report but not its members', async () => {
    expect((await as(t.app, leader).get(`/api/party/report?placeId=${tree.places.C1!.id}`)).statusCode).toBe(404);
    expect((await as(t.app, worker).post('/api/party/liaisons', { personId: leader.personId, communityId: tree.places.C1!.id, post: '区委副书记' })).statusCode).toBe(403);
    const link = await as(t.app, district).post('/api/party/liaisons', { personId: leader.personId, communityId: tree.places.C1!.id, post: '区委副书记' });
    expect(link.statusCode).toBe(201);
    expect(link.json()).toMatchObject({ person: { name: '区领导周' }, community: { name: '甲社区' }, post: '区委副书记' });
    expect((await as(t.app, district).post('/api/party/liaisons', { personId: leader.personId, communityId: tree.places.C1!.id, post: '区委副书记' })).json().code).toBe('PARTY_LIAISON_EXISTS');
    expect((await as(t.app, worker).get('/api/party/liaisons')).json().items).toHaveLength(1);

    const follows = (await as(t.app, leader).get('/api/me/party-liaisons')).json();
    expect(follows.items).toHaveLength(1);
    expect(follows.items[0].report.total).toMatchObject({ members: 2, serviceMinutes: 180 });
    expect(JSON.stringify(follows)).not.toContain('党员赵');
    expect((await as(t.app, leader).get(`/api/party/report?placeId=${tree.places.C1!.id}`)).statusCode).toBe(200);
    expect((await as(t.app, leader).get(`/api/party/report?placeId=${tree.places.C2!.id}`)).statusCode).toBe(404);
    expect((await as(t.app, leader).get('/api/party/members')).statusCode).toBe(403);

    await as(t.app, district).delete(`/api/party/liaisons/${link.json().id}`);
    expect((await as(t.app, leader).get('/api/me/party-liaisons')).json().items).toEqual([]);
  });

  it('ends the party_member role when the member withdraws', async () => {
    const w = await as(t.app, member2).post('/api/me/party/withdraw');
    expect(w.json().status).toBe('withdrawn');
    const live = await t.deps.db.selectFrom('role_assignments').select('id').where('person_id', '=', member2.personId).where('role', '=', 'party_member').where('valid_to', 'is', null).execute();
    expect(live).toEqual([]);
    expect((await as(t.app, member2).post('/api/me/party/withdraw')).statusCode).toBe(404);
  });
});
