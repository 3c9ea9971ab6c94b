import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson, createTree, PASSWORD } from '../../../test/factories.ts';
import { as, buildTestApp, signIn, type Session, type TestApp } from '../../../test/helpers.ts';

let t: TestApp;
let tree: Awaited<ReturnType<typeof createTree>>;
let resident: Session;
let worker: Session;
let outsider: Session;
let categories: { id: number; code: string; name: string }[];

beforeAll(async () => {
  t = await buildTestApp();
  tree = await createTree(t.deps);
  const p = tree.places;
  const mk = async (name: string, roles: Parameters<typeof createPerson>[3]) => signIn(t.app, (await createPerson(t.deps, tree.districtId, name, roles)).phone, PASSWORD);
  resident = await mk('居民王', [{ role: 'resident', place: p['A-h1']! }]);
  worker = await mk('社工陈', [{ role: 'community_worker', place: p.C1! }]);
  outsider = await mk('社工外', [{ role: 'community_worker', place: p.C3! }]);
  categories = (await as(t.app, worker).get('/api/request-categories')).json();
});
afterAll(() => t.close());

async function raise(categoryId: number, n: number) {
  for (let i = 0; i < n; i++) {
    const r = await as(t.app, resident).post('/api/me/requests', { compoundId: tree.places.A!.id, categoryId, type: 'help', description: `楼道灯又坏了 第${i + 1}次` });
    expect(r.statusCode).toBe(201);
  }
}

describe('the demand list (需求清单)', () => {
  it('derives needs from repeated request categories, with counts and a link, and deduplicates on a second refresh', async () => {
    const [often, once] = categories;
    await raise(often!.id, 4);
    await raise(once!.id, 1);
    const refresh = await as(t.app, worker).post('/api/demands/refresh', { placeId: tree.places.C1!.id, minCount: 3 });
    expect(refresh.json()).toEqual({ found: 1, created: 1, updated: 0 });
    const list = (await as(t.app, worker).get('/api/demands')).json();
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({
      source: 'requests', occurrences: 4, status: 'new', place: { id: tree.places.A!.id },
      link: `/requests?compoundId=${tree.places.A!.id}&categoryId=${often!.id}`,
    });
    expect(list.items[0].title).toContain(often!.name);

    await raise(often!.id, 1);
    const again = await as(t.app, worker).post('/api/demands/refresh', { placeId: tree.places.C1!.id, minCount: 3 });
    expect(again.json()).toEqual({ found: 1, created: 0, updated: 1 });
    const after = (await as(t.app, worker).get('/api/demands')).json();
    expect(after.total).toBe(1);
    expect(after.items[0].occurrences).toBe(5);
    const events = await t.deps.db.selectFrom('domain_events').select('type').where('type', '=', 'demand.created').execute();
    expect(events).toHaveLength(1);
  });

  it('records a need from a visit once per source, assesses it and turns it into an activity with a kept link and an event', async () => {
    const body = { placeId: tree.places.B!.id, source: 'visit', sourceRef: 'visit-2026-11-20-b', title: '老人想要一个午间食堂', description: '走访中 6 户提到' };
    const first = await as(t.app, worker).post('/api/demands', body);
    expect(first.statusCode).toBe(201);
    const second = await as(t.app, worker).post('/api/demands', body);
    expect(second.json()).toMatchObject({ id: first.json().id, occurrences: 2 });

    const bad = await as(t.app, worker).post(`/api/demands/${first.json().id}/assess`, { urgency: 9, peopleAffected: -1 });
    expect(bad.statusCode).toBe(400);
    const assessed = await as(t.app, worker).post(`/api/demands/${first.json().id}/assess`, { urgency: 4, peopleAffected: 30, note: '周边老人多' });
    expect(assessed.json()).toMatchObject({ status: 'assessed', urgency: 4, peopleAffected: 30 });

    const converted = await as(t.app, worker).post(`/api/demands/${first.json().id}/convert`, { kind: 'activity' });
    expect(converted.json()).toMatchObject({ status: 'converted', converted: { kind: 'activity', ref: 'activity:pending' } });
    const event = await t.deps.db.selectFrom('domain_events').select('payload').where('type', '=', 'demand.converted').executeTakeFirstOrThrow();
    expect(event.payload).toMatchObject({ demandId: first.json().id, kind: 'activity', placeId: tree.places.B!.id });
    const twice = await as(t.app, worker).post(`/api/demands/${first.json().id}/convert`, { kind: 'project' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('DEMAND_CLOSED');
  });

  it('keeps each place to its own staff', async () => {
    expect((await as(t.app, outsider).post('/api/demands/refresh', { placeId: tree.places.C1!.id })).statusCode).toBe(404);
    expect((await as(t.app, outsider).get('/api/demands')).json().total).toBe(0);
    expect((await as(t.app, resident).get('/api/demands')).statusCode).toBe(403);
  });
});
