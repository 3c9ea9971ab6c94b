import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson, createTree, PASSWORD } from '../../../test/factories.ts';
import { balanceOf } from '../points/index.ts';
import { as, buildTestApp, signIn, type Session, type TestApp } from '../../../test/helpers.ts';

let t: TestApp;
let tree: Awaited<ReturnType<typeof createTree>>;
let resident: Session;
let worker: Session;
let party: Session;
let volunteer: Session;
let outsider: Session;
let neighbour: Session;
const DAY = 24 * 60 * 60 * 1000;
let jpeg: Buffer;
const phones = new Map<Session, string>();
/** Sessions end after 30 idle minutes: after the clock jumps days, sign in again. */
async function again(s: Session): Promise<Session> {
  const phone = phones.get(s)!;
  const fresh = await signIn(t.app, phone, PASSWORD);
  phones.set(fresh, phone);
  return fresh;
}

beforeAll(async () => {
  t = await buildTestApp();
  tree = await createTree(t.deps);
  const p = tree.places;
  const mk = async (name: string, roles: Parameters<typeof createPerson>[3]) => {
    const person = await createPerson(t.deps, tree.districtId, name, roles);
    const session = await signIn(t.app, person.phone, PASSWORD);
    phones.set(session, person.phone);
    return session;
  };
  resident = await mk('王秀英', [{ role: 'resident', place: p['A-h1']! }]);
  neighbour = await mk('李邻居', [{ role: 'resident', place: p['B-h1']! }]);
  worker = await mk('社工陈', [{ role: 'community_worker', place: p.C1! }]);
  party = await mk('党员赵', [{ role: 'party_member', place: p.C1! }]);
  volunteer = await mk('志愿者孙', [{ role: 'volunteer', place: p.B! }]);
  outsider = await mk('党员外', [{ role: 'party_member', place: p.C3! }]);
  jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a6' } }).jpeg().toBuffer();
});
afterAll(() => t.close());

function upload(s: Session, file: Buffer, purpose: 'wish' | 'proof') {
  const boundary = '----gongzhi-wish-boundary';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`;
  return t.app.inject({
    method: 'POST',
    url: `/api/wish-photos?purpose=${purpose}`,
    payload: Buffer.concat([Buffer.from(head), file, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: s.cookie, 'x-csrf-token': s.csrf },
  });
}

const deadline = (days = 30) => new Date(t.clock.now().getTime() + days * DAY).toISOString();
const body = (extra: Record<string, unknown> = {}) => ({
  compoundId: tree.places.A!.id, category: 'daily_goods', title: '一台助听器', description: '耳朵不好，想要一台助听器方便和家人说话',
  valueFen: 48_000, deadline: deadline(), addressText: '1幢1单元101室', ...extra,
});
const count = async () => Number((await t.deps.db.selectFrom('wishes').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

async function approved(extra: Record<string, unknown> = {}) {
  const posted = await as(t.app, resident).post('/api/me/wishes', body(extra));
  expect(posted.statusCode).toBe(201);
  const id = posted.json().id as number;
  expect((await as(t.app, worker).post(`/api/wishes/${id}/review`, { decision: 'approve' })).statusCode).toBe(200);
  return id;
}

describe('micro-wishes (微心愿)', () => {
  it('goes post → review → claim → fulfil with photo proof → confirm with thanks, and the wall never shows the name without consent', async () => {
    const photo = (await upload(resident, jpeg, 'wish')).json();
    const posted = await as(t.app, resident).post('/api/me/wishes', body({ photoIds: [photo.id] }));
    expect(posted.statusCode).toBe(201);
    const wish = posted.json();
    expect(wish).toMatchObject({ status: 'pending_review', recipient: { name: '王秀英' }, consent: { showName: false, showAddress: false }, valueFen: 48_000 });

    // Not on the wall before review.
    const before = (await as(t.app, party).get(`/api/wish-wall?placeId=${tree.places.C1!.id}`)).json();
    expect(before.items.map((w: { id: number }) => w.id)).not.toContain(wish.id);

    const queue = (await as(t.app, worker).get('/api/wishes?status=pending_review')).json();
    expect(queue.items.map((w: { id: number }) => w.id)).toContain(wish.id);
    const review = await as(t.app, worker).post(`/api/wishes/${wish.id}/review`, { decision: 'approve' });
    expect(review.json().status).toBe('open');

    // The wall: neither name nor address, in the whole response body.
    const wallRes = await as(t.app, party).get(`/api/wish-wall?placeId=${tree.places.C1!.id}`);
    expect(wallRes.statusCode).toBe(200);
    expect(wallRes.body).not.toContain('王秀英');
    expect(wallRes.body).not.toContain('101室');
    const onWall = wallRes.json().items.find((w: { id: number }) => w.id === wish.id);
    expect(onWall).toMatchObject({ recipientName: null, address: null, status: 'open', photos: [photo.url] });
    // A neighbour of another compound of the same community sees it too, also without the name; the photo loads.
    const neighbourWall = await as(t.app, neighbour).get('/api/wish-wall');
    expect(neighbourWall.json().place).toEqual({ id: tree.places.C1!.id, name: '甲社区' });
    expect(neighbourWall.body).not.toContain('王秀英');
    expect((await as(t.app, neighbour).get(photo.url)).statusCode).toBe(200);
    // The full record is not for them.
    expect((await as(t.app, party).get(`/api/wishes/${wish.id}`)).statusCode).toBe(404);
    // Another community's party member does not reach it.
    expect((await as(t.app, outsider).get(`/api/wish-wall?placeId=${tree.places.C1!.id}`)).statusCode).toBe(404);
    expect((await as(t.app, outsider).post(`/api/wish-wall/${wish.id}/claim`, { as: 'party_member' })).statusCode).toBe(404);

    const claim = await as(t.app, party).post(`/api/wish-wall/${wish.id}/claim`, { as: 'party_member' });
    expect(claim.statusCode).toBe(200);
    expect(claim.body).not.toContain('王秀英');
    expect(claim.json()).toMatchObject({ status: 'claimed', claim: { kind: 'party_member', mine: true } });
    const claims = (await as(t.app, party).get('/api/me/wish-claims')).json();
    expect(claims.items.map((w: { id: number }) => w.id)).toContain(wish.id);
    expect(JSON.stringify(claims)).not.toContain('王秀英');

    // Fulfilment needs photo proof.
    const noProof = await as(t.app, party).post(`/api/wish-wall/${wish.id}/fulfil`, { photoIds: [] });
    expect(noProof.statusCode).toBe(422);
    expect(noProof.json().code).toBe('WISH_PROOF_REQUIRED');
    const proof = (await upload(party, jpeg, 'proof')).json();
    const fulfilled = await as(t.app, party).post(`/api/wish-wall/${wish.id}/fulfil`, { photoIds: [proof.id], note: '已送到社区服务站' });
    expect(fulfilled.json()).toMatchObject({ status: 'fulfilled', proofPhotos: [proof.url] });

    // The district rewards a fulfilled wish with 20 points (积分规则); confirming credits the claimer once.
    await t.deps.db.insertInto('points_rules').values({ district_id: tree.districtId, rule: 'wish_fulfilled', points_per_unit: 20 }).execute();
    // Only the recipient (or whoever posted for them) confirms.
    expect((await as(t.app, party).post(`/api/wishes/${wish.id}/confirm`, {})).statusCode).toBe(404);
    const confirmed = await as(t.app, resident).post(`/api/wishes/${wish.id}/confirm`, { thanks: '谢谢党员同志！' });
    expect(confirmed.json()).toMatchObject({ status: 'confirmed', thanks: '谢谢党员同志！' });
    expect(await balanceOf(t.deps.db, tree.districtId, party.personId)).toBe(20);
    expect((await as(t.app, resident).post(`/api/wishes/${wish.id}/confirm`, {})).json().code).toBe('WISH_WRONG_STATUS');
    expect(await balanceOf(t.deps.db, tree.districtId, party.personId)).toBe(20);
    expect(confirmed.json().timeline.map((e: { kind: string }) => e.kind)).toEqual(['posted', 'approved', 'claimed', 'fulfilled', 'confirmed']);
    const events = await t.deps.db.selectFrom('domain_events').select('type').where('type', 'like', 'wish.%').execute();
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['wish.posted', 'wish.approved', 'wish.claimed', 'wish.fulfilled', 'wish.confirmed']));

    // Per-place statistics.
    const stats = (await as(t.app, worker).get(`/api/wishes/stats?placeId=${tree.places.C1!.id}`)).json();
    expect(stats.places.find((r: { place: { id: number } }) => r.place.id === tree.places.A!.id)).toMatchObject({ confirmed: 1, fulfilled: 1, fulfilledValueFen: 48_000 });
  });

  it('shows the name and address on the wall only with the separate consent for each', async () => {
    const nameOnly = await approved({ title: '一套字帖', consent: { showName: true, showAddress: false } });
    const w = (await as(t.app, neighbour).get(`/api/wish-wall/${nameOnly}`)).json();
    expect(w).toMatchObject({ recipientName: '王秀英', address: null });
  });

  it('refuses a negative or absurd value, a bad deadline and a wrong place, and writes nothing', async () => {
    const before = await count();
    for (const valueFen of [-100, 0, 200_001, 1e12, 12.5]) {
      const res = await as(t.app, resident).post('/api/me/wishes', body({ valueFen }));
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', issues: [expect.objectContaining({ path: ['valueFen'] })] });
    }
    const past = await as(t.app, resident).post('/api/me/wishes', body({ deadline: deadline(-1) }));
    expect(past.statusCode).toBe(422);
    expect(past.json().code).toBe('WISH_DEADLINE_INVALID');
    const tooFar = await as(t.app, resident).post('/api/me/wishes', body({ deadline: deadline(400) }));
    expect(tooFar.json().code).toBe('WISH_DEADLINE_INVALID');
    const notHome = await as(t.app, resident).post('/api/me/wishes', body({ compoundId: tree.places.B!.id }));
    expect(notHome.json().code).toBe('NOT_A_RESIDENT');
    const foreignPhoto = (await upload(neighbour, jpeg, 'wish')).json();
    const stolen = await as(t.app, resident).post('/api/me/wishes', body({ photoIds: [foreignPhoto.id] }));
    expect(stolen.json().code).toBe('PHOTO_NOT_FOUND');
    expect(await count()).toBe(before);
  });

  it('refuses an oversize photo with 413 and stores nothing', async () => {
    const before = Number((await t.deps.db.selectFrom('wish_photos').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const big = Buffer.concat([jpeg, Buffer.alloc(11 * 1024 * 1024, 1)]);
    const res = await upload(resident, big, 'wish');
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('FILE_TOO_LARGE');
    const after = Number((await t.deps.db.selectFrom('wish_photos').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(after).toBe(before);
  });

  it('lets one claimer have a wish: a second claim gets 409 and changes nothing', async () => {
    const id = await approved({ title: '一个书包' });
    const [first, second] = await Promise.all([
      as(t.app, party).post(`/api/wish-wall/${id}/claim`, { as: 'party_member' }),
      as(t.app, volunteer).post(`/api/wish-wall/${id}/claim`, { as: 'volunteer' }),
    ]);
    expect([first.statusCode, second.statusCode].sort()).toEqual([200, 409]);
    const loser = first.statusCode === 409 ? first : second;
    expect(loser.json().code).toBe('WISH_ALREADY_CLAIMED');
    const row = await t.deps.db.selectFrom('wishes').select(['claimer_id', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
    const winner = first.statusCode === 200 ? party : volunteer;
    expect(row).toEqual({ claimer_id: winner.personId, status: 'claimed' });
    const again = await as(t.app, winner === party ? volunteer : party).post(`/api/wish-wall/${id}/claim`, { as: winner === party ? 'volunteer' : 'party_member' });
    expect(again.statusCode).toBe(409);
    expect(await t.deps.db.selectFrom('wish_events').select('kind').where('wish_id', '=', id).where('kind', '=', 'claimed').execute()).toHaveLength(1);
    // A party member may not claim as a merchant; a unit claim needs the unit's name.
    const other = await approved({ title: '一盏台灯' });
    expect((await as(t.app, party).post(`/api/wish-wall/${other}/claim`, { as: 'merchant' })).json().code).toBe('WISH_CLAIM_ROLE');
    expect((await as(t.app, party).post(`/api/wish-wall/${other}/claim`, { as: 'unit' })).json().code).toBe('WISH_UNIT_REQUIRED');
  });

  it('cannot claim a wish that is still waiting for review or was rejected', async () => {
    const posted = (await as(t.app, resident).post('/api/me/wishes', body({ title: '一辆轮椅' }))).json();
    expect((await as(t.app, party).post(`/api/wish-wall/${posted.id}/claim`, { as: 'party_member' })).statusCode).toBe(404);
    const noReason = await as(t.app, worker).post(`/api/wishes/${posted.id}/review`, { decision: 'reject' });
    expect(noReason.statusCode).toBe(400);
    const rejected = await as(t.app, worker).post(`/api/wishes/${posted.id}/review`, { decision: 'reject', note: '价值较大，建议转为微项目' });
    expect(rejected.json()).toMatchObject({ status: 'rejected', reviewNote: '价值较大，建议转为微项目' });
    expect((await as(t.app, worker).post(`/api/wishes/${posted.id}/review`, { decision: 'approve' })).json().code).toBe('WISH_WRONG_STATUS');
  });

  it('lets a worker post for a resident and confirm for them; the resident sees it in 我的心愿', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/wishes',
      headers: { cookie: worker.cookie, 'x-csrf-token': worker.csrf, 'idempotency-key': 'wish-for-wang-0001' },
      payload: { ...body({ title: '冬天的棉被' }), recipientId: resident.personId },
    });
    expect(res.statusCode).toBe(201);
    const again = await t.app.inject({
      method: 'POST', url: '/api/wishes',
      headers: { cookie: worker.cookie, 'x-csrf-token': worker.csrf, 'idempotency-key': 'wish-for-wang-0001' },
      payload: { ...body({ title: '冬天的棉被' }), recipientId: resident.personId },
    });
    expect(again.json().id).toBe(res.json().id);
    const mine = (await as(t.app, resident).get('/api/me/wishes')).json();
    expect(mine.items.find((w: { id: number }) => w.id === res.json().id)).toMatchObject({ postedBy: { name: '社工陈' } });
    // Not for someone who does not live in the compound.
    const stranger = await t.app.inject({ method: 'POST', url: '/api/wishes', headers: { cookie: worker.cookie, 'x-csrf-token': worker.csrf }, payload: { ...body(), recipientId: neighbour.personId } });
    expect(stranger.json().code).toBe('NOT_A_RESIDENT');
  });

  it('returns a claim not fulfilled by its due time to the wall, once', async () => {
    const id = await approved({ title: '一副老花镜', deadline: deadline(60) });
    const claimed = (await as(t.app, volunteer).post(`/api/wish-wall/${id}/claim`, { as: 'volunteer' })).json();
    expect(new Date(claimed.claim.dueAt).getTime() - t.clock.now().getTime()).toBe(7 * DAY);
    t.clock.advance(6 * DAY);
    await t.timers.runDue();
    [volunteer, party, neighbour] = await Promise.all([again(volunteer), again(party), again(neighbour)]);
    expect((await as(t.app, volunteer).get(`/api/wish-wall/${id}`)).json().status).toBe('claimed');
    t.clock.advance(1 * DAY + 1000);
    expect(await t.timers.runDue()).toBeGreaterThanOrEqual(1);
    expect(await t.timers.runDue()).toBe(0);
    [volunteer, party, neighbour] = await Promise.all([again(volunteer), again(party), again(neighbour)]);
    const back = (await as(t.app, neighbour).get(`/api/wish-wall/${id}`)).json();
    expect(back).toMatchObject({ status: 'open', claim: null });
    const lapsed = await t.deps.db.selectFrom('wish_events').select('kind').where('wish_id', '=', id).where('kind', '=', 'claim_lapsed').execute();
    expect(lapsed).toHaveLength(1);
    // Late proof from the lapsed claimer is refused; the wish can be claimed again.
    const proof = (await upload(volunteer, jpeg, 'proof')).json();
    expect((await as(t.app, volunteer).post(`/api/wish-wall/${id}/fulfil`, { photoIds: [proof.id] })).statusCode).toBe(409);
    expect((await as(t.app, party).post(`/api/wish-wall/${id}/claim`, { as: 'party_member' })).statusCode).toBe(200);
    // (The volunteer may also have won the race for 一个书包 earlier, whose claim lapses too: count this wish's notice.)
    const notice = await t.deps.db.selectFrom('notifications').select('kind').where('person_id', '=', volunteer.personId).where('kind', '=', 'wish.claim_lapsed').where('title', 'like', '%一副老花镜%').execute();
    expect(notice).toHaveLength(1);
  });

});
