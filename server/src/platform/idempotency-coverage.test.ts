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

beforeAll(async () => {
  t = await buildTestApp();
  tree = await createTree(t.deps);
  const p = tree.places;
  const mk = async (name: string, roles: Parameters<typeof createPerson>[3]) => signIn(t.app, (await createPerson(t.deps, tree.districtId, name, roles)).phone, PASSWORD);
  who.resident = await mk('居民张', [{ role: 'resident', place: p['A-h1']! }]);
  who.commissioner = await mk('专员王', [{ role: 'commissioner', place: p.A! }]);
  who.property = await mk('物业刘', [{ role: 'property_staff', place: p.A! }]);
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
