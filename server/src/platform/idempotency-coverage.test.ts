import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, buildTestApp, signIn, type Session, type TestApp } from '../../test/helpers.ts';
import { createPerson, createTree, PASSWORD } from '../../test/factories.ts';

/**
 * Issue 10: every covered write, sent twice with one Idempotency-Key and the same body, answers the same and is
 * applied once; the same key with another body is refused with 422 IDEMPOTENCY_KEY_REUSED.
 */
let t: TestApp;
let tree: Awaited<ReturnType<typeof createTree>>;
const who: Record<string, Session> = {};
let repairs: number;
let elderId: number;

beforeAll(async () => {
  t = await buildTestApp();
  tree = await createTree(t.deps);
  const p = tree.places;
  const mk = async (name: string, roles: Parameters<typeof createPerson>[3]) => signIn(t.app, (await createPerson(t.deps, tree.districtId, name, roles)).phone, PASSWORD);
  who.resident = await mk('居民张', [{ role: 'resident', place: p['A-h1']! }]);
  who.commissioner = await mk('专员王', [{ role: 'commissioner', place: p.A! }]);
  who.property = await mk('物业刘', [{ role: 'property_staff', place: p.A! }]);
  who.worker = await mk('社工陈', [{ role: 'community_worker', place: p.C1! }]);
  who.party = await mk('党员赵', [{ role: 'party_member', place: p.C1! }]);
  const elder = await createPerson(t.deps, tree.districtId, '独居老人孙', [{ role: 'resident', place: p['A-h2']! }], { flags: { elderlyAlone: true, disability: false, lowIncome: false } });
  elderId = elder.id;
  repairs = (await as(t.app, who.resident).get('/api/request-categories')).json().find((c: { code: string }) => c.code === 'repairs').id;
});
afterAll(() => t.close());

const send = (s: Session, method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload: unknown, key?: string) =>
  t.app.inject({ method, url, payload: payload as object, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...(key ? { 'idempotency-key': key } : {}) } });

async function raise(): Promise<number> {
  const r = await send(who.resident!, 'POST', '/api/me/requests', { compoundId: tree.places.A!.id, categoryId: repairs, type: 'help', description: '3幢楼道灯坏了' });
  expect(r.statusCode).toBe(201);
  return r.json().id;
}

const timelineLength = async (id: number) => (await as(t.app, who.commissioner!).get(`/api/requests/${id}`)).json().timeline.length as number;

const CHECKLIST = [{ item: '身份证复印件', kind: 'document' }, { item: '户口簿', kind: 'document' }];

type Step = { name: string; by: string; method: 'POST' | 'PUT' | 'PATCH' | 'DELETE'; url: (id: number) => string; body: unknown; otherBody: unknown; status: number };

/** One request walked through its whole life; each step is a covered route. */
const lifecycle: Step[] = [
  { name: 'accept', by: 'commissioner', method: 'POST', url: (id) => `/api/requests/${id}/accept`, body: { note: '收到' }, otherBody: { note: '另一条' }, status: 200 },
  { name: 'assign', by: 'commissioner', method: 'POST', url: (id) => `/api/requests/${id}/assign`, body: {}, otherBody: { note: '改派' }, status: 200 },
  { name: 'start', by: 'property', method: 'POST', url: (id) => `/api/requests/${id}/start`, body: {}, otherBody: { note: 'x' }, status: 200 },
  { name: 'resolve', by: 'property', method: 'POST', url: (id) => `/api/requests/${id}/resolve`, body: { note: '已更换灯泡' }, otherBody: { note: '另一说明' }, status: 200 },
  { name: 'confirm', by: 'resident', method: 'POST', url: (id) => `/api/me/requests/${id}/confirm`, body: { rating: 5 }, otherBody: { rating: 1 }, status: 200 },
];

describe('Idempotency-Key on request state changes', () => {
  it('replays every step of a request’s life instead of applying it twice', async () => {
    const id = await raise();
    for (const step of lifecycle) {
      const key = `coverage-${step.name}-${id}`;
      const first = await send(who[step.by]!, step.method, step.url(id), step.body, key);
      expect(first.statusCode, step.name).toBe(step.status);
      const events = await timelineLength(id);
      const again = await send(who[step.by]!, step.method, step.url(id), step.body, key);
      expect(again.statusCode, step.name).toBe(step.status);
      expect(again.json(), step.name).toEqual(first.json());
      expect(again.headers['idempotent-replay'], step.name).toBe('true');
      expect(await timelineLength(id), `${step.name} applied once`).toBe(events);
      const other = await send(who[step.by]!, step.method, step.url(id), step.otherBody, key);
      expect(other.statusCode, step.name).toBe(422);
      expect(other.json().code, step.name).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(await timelineLength(id), `${step.name} after reuse`).toBe(events);
    }
    expect((await as(t.app, who.resident!).get(`/api/me/requests/${id}`)).json().status).toBe('closed');
  });

  it('a key used on one request cannot be replayed on another (params are part of the body)', async () => {
    const a = await raise();
    const b = await raise();
    expect((await send(who.commissioner!, 'POST', `/api/requests/${a}/accept`, {}, 'coverage-cross-1')).statusCode).toBe(200);
    const other = await send(who.commissioner!, 'POST', `/api/requests/${b}/accept`, {}, 'coverage-cross-1');
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await as(t.app, who.commissioner!).get(`/api/requests/${b}`)).json().status).toBe('submitted');
  });

  it('a refused write keeps no key, so it can be retried with the same key once it can succeed', async () => {
    const id = await raise();
    const early = await send(who.property!, 'POST', `/api/requests/${id}/start`, {}, 'coverage-retry-1');
    expect(early.statusCode).toBeGreaterThanOrEqual(400);
    expect((await send(who.commissioner!, 'POST', `/api/requests/${id}/accept`, {})).statusCode).toBe(200);
    expect((await send(who.commissioner!, 'POST', `/api/requests/${id}/assign`, {})).statusCode).toBe(200);
    const started = await send(who.property!, 'POST', `/api/requests/${id}/start`, {}, 'coverage-retry-1');
    expect(started.statusCode).toBe(200);
    expect(started.json().status).toBe('in_progress');
    expect(started.headers['idempotent-replay']).toBeUndefined();
  });

  it('without a key the routes work as before', async () => {
    const id = await raise();
    expect((await send(who.commissioner!, 'POST', `/api/requests/${id}/accept`, {})).json().status).toBe('accepted');
  });
});

/** Sends a covered write with one key: twice with the same body, then with another; `measure` must not move. */
async function replayed(by: Session, method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body: unknown, otherBody: unknown, key: string, measure: () => Promise<unknown>) {
  const first = await send(by, method, url, body, key);
  expect(first.statusCode, `${method} ${url}: ${first.body}`).toBeLessThan(300);
  const after = await measure();
  const again = await send(by, method, url, body, key);
  expect(again.statusCode, url).toBe(first.statusCode);
  expect(again.json(), url).toEqual(first.json());
  expect(again.headers['idempotent-replay'], url).toBe('true');
  expect(await measure(), `${url} applied once`).toEqual(after);
  const other = await send(by, method, url, otherBody, key);
  expect(other.statusCode, url).toBe(422);
  expect(other.json().code, url).toBe('IDEMPOTENCY_KEY_REUSED');
  expect(await measure(), `${url} untouched by the reused key`).toEqual(after);
  return first.json();
}

describe('Idempotency-Key on wishes and errands', () => {
  it('review, claim, fulfil and confirm of a wish are each applied once', async () => {
    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a6' } }).jpeg().toBuffer();
    const boundary = '----gongzhi-idem-boundary';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`;
    const posted = await send(who.resident!, 'POST', '/api/me/wishes', {
      compoundId: tree.places.A!.id, category: 'daily_goods', title: '一台助听器', description: '耳朵不好，想要一台助听器方便和家人说话',
      valueFen: 48_000, deadline: new Date(t.clock.now().getTime() + 30 * 86_400_000).toISOString(), addressText: '1幢1单元101室',
    });
    expect(posted.statusCode).toBe(201);
    const id = posted.json().id as number;
    const state = async () => (await as(t.app, who.worker!).get(`/api/wishes/${id}`)).json().status;
    await replayed(who.worker!, 'POST', `/api/wishes/${id}/review`, { decision: 'approve' }, { decision: 'reject', note: '重复的心愿' }, `wish-review-${id}`, state);
    await replayed(who.party!, 'POST', `/api/wish-wall/${id}/claim`, { as: 'party_member' }, { as: 'volunteer' }, `wish-claim-${id}`, state);
    const proof = await t.app.inject({
      method: 'POST', url: '/api/wish-photos?purpose=proof', payload: Buffer.concat([Buffer.from(head), jpeg, Buffer.from(`\r\n--${boundary}--\r\n`)]),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: who.party!.cookie, 'x-csrf-token': who.party!.csrf },
    });
    await replayed(who.party!, 'POST', `/api/wish-wall/${id}/fulfil`, { photoIds: [proof.json().id] }, { photoIds: [proof.json().id], note: '另' }, `wish-fulfil-${id}`, state);
    await replayed(who.resident!, 'POST', `/api/wishes/${id}/confirm`, { thanks: '谢谢' }, { thanks: '另一句' }, `wish-confirm-${id}`, state);
    expect(await state()).toBe('confirmed');
  });

  it('creating an errand and counting a resident trip happen once per key', async () => {
    const count = async () => Number((await t.deps.db.selectFrom('errands').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const body = { compoundId: tree.places.A!.id, residentId: elderId, title: '高龄津贴申领', checklist: CHECKLIST };
    const errand = await replayed(who.commissioner!, 'POST', '/api/errands', body, { ...body, title: '另一件事' }, 'errand-create-1', count);
    const trips = async () => (await as(t.app, who.commissioner!).get(`/api/errands/${errand.id}`)).json().residentTrips;
    await replayed(who.commissioner!, 'PATCH', `/api/errands/${errand.id}`, { residentTripsDelta: 1 }, { checklist: [{ index: 0, done: true }] }, 'errand-trip-1', trips);
    expect(await trips()).toBe(1);
  });
});

describe('Idempotency-Key on residents’ polls', () => {
  it('an answer sent twice with one key is counted once', async () => {
    const poll = await send(who.commissioner!, 'POST', '/api/polls', { placeId: tree.places.A!.id, question: '充电棚建在东侧还是北侧？', options: ['东侧', '北侧'], per: 'resident', days: 7 }, 'poll-create-1');
    expect(poll.statusCode).toBe(201);
    const answered = async () => (await as(t.app, who.commissioner!).get(`/api/polls/${poll.json().id}`)).json().outcome;
    await replayed(who.resident!, 'POST', `/api/me/polls/${poll.json().id}/answer`, { option: 0 }, { option: 1 }, 'poll-answer-1', answered);
    expect((await answered()).counts).toEqual([1, 0]);
  });
});

describe('Idempotency-Key on money writes', () => {
  it('a fund is opened once per key', async () => {
    const count = async () => Number((await t.deps.db.selectFrom('fund_accounts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const body = { kind: 'community', placeId: tree.places.C1!.id, name: '甲社区基金' };
    const fund = await replayed(who.worker!, 'POST', '/api/funds', body, { ...body, name: '乙社区基金' }, 'fund-create-1', count);
    expect(fund).toMatchObject({ name: '甲社区基金' });
    expect(await count()).toBe(1);
  });
});

describe('one key sent twice at once', () => {
  it('applies the write once: the other answers the same or IDEMPOTENCY_KEY_IN_FLIGHT', async () => {
    const id = await raise();
    const [a, b] = await Promise.all([
      send(who.commissioner!, 'POST', `/api/requests/${id}/accept`, {}, 'coverage-race-1'),
      send(who.commissioner!, 'POST', `/api/requests/${id}/accept`, {}, 'coverage-race-1'),
    ]);
    const answers = [a, b].map((r) => (r.statusCode === 200 ? 'ok' : r.json().code)).sort();
    expect([['IDEMPOTENCY_KEY_IN_FLIGHT', 'ok'], ['ok', 'ok']]).toContainEqual(answers);
    const kinds = (await as(t.app, who.commissioner!).get(`/api/requests/${id}`)).json().timeline.map((e: { kind: string }) => e.kind);
    expect(kinds.filter((k: string) => k === 'accepted')).toHaveLength(1);
  });
});
