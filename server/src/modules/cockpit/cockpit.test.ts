import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, buildTestApp, signIn, type Session, type TestApp } from '../../../test/helpers.ts';
import { createPerson, createTree, PASSWORD } from '../../../test/factories.ts';
import { runRollups } from './rollup-job.ts';

let t: TestApp;
let tree: Awaited<ReturnType<typeof createTree>>;
let district: Session;
let commissioner: Session;
let resident: Session;
let residentB: Session;
let property: Session;
const HOUR = 3600_000;

beforeAll(async () => {
  t = await buildTestApp();
  t.clock.set(new Date('2026-11-02T01:00:00Z'));
  tree = await createTree(t.deps);
  const p = tree.places;
  const phones: string[] = [];
  const mk = async (name: string, roles: Parameters<typeof createPerson>[3]) => {
    const { phone } = await createPerson(t.deps, tree.districtId, name, roles);
    phones.push(phone);
    return signIn(t.app, phone, PASSWORD);
  };
  district = await mk('区管理员', [{ role: 'district_admin', place: p.D! }]);
  commissioner = await mk('专员王', [{ role: 'commissioner', place: p.A!, local: true }]);
  resident = await mk('居民张', [{ role: 'resident', place: p['A-h1']! }]);
  residentB = await mk('居民李', [{ role: 'resident', place: p['B-h1']! }]);
  property = await mk('物业刘', [{ role: 'property_staff', place: p.A! }]);
  const categories = (await as(t.app, resident).get('/api/request-categories')).json();
  const repairs = categories.find((c: { code: string }) => c.code === 'repairs').id;
  // Three requests in A (one resolved on time and rated 5, one left to go overdue), one in B.
  const raise = async (s: Session, compound: 'A' | 'B') =>
    (await as(t.app, s).post('/api/me/requests', { compoundId: tree.places[compound]!.id, categoryId: repairs, type: 'help', description: '电梯异响' })).json().id as number;
  const a1 = await raise(resident, 'A');
  await raise(resident, 'A');
  await raise(resident, 'A');
  await raise(residentB, 'B');
  const c = as(t.app, commissioner);
  await c.post(`/api/requests/${a1}/accept`, {});
  await c.post(`/api/requests/${a1}/assign`, {});
  await as(t.app, property).post(`/api/requests/${a1}/resolve`, { note: '已修好' });
  await as(t.app, resident).post(`/api/me/requests/${a1}/confirm`, { rating: 5 });
  t.clock.advance(72 * HOUR);
  await t.timers.runDue();
  await runRollups(t.deps.db, t.clock);
  // Three days on, the sessions have idled out: sign in again.
  district = await signIn(t.app, phones[0]!, PASSWORD);
  commissioner = await signIn(t.app, phones[1]!, PASSWORD);
  resident = await signIn(t.app, phones[2]!, PASSWORD);
});
afterAll(() => t.close());

const url = (q: string) => `/api/cockpit/summary?${q}`;

describe('cockpit summary', () => {
  it('shows the district its numbers from the rollups, with a breakdown by street', async () => {
    const res = await as(t.app, district).get(url('from=2026-11-01&to=2026-11-05'));
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    expect(s.place).toMatchObject({ id: tree.places.D!.id, kind: 'district' });
    expect(s.headline).toMatchObject({ requests: 4, open: 3, satisfactionRate: 1, responseRate: 1, compounds: 4, coveredCompounds: 1, commissioners: 1, localCommissionerShare: 1 });
    expect(s.headline.overdue).toBe(3);
    expect(s.headline.resolutionRate).toBe(0.25);
    expect(s.series).toHaveLength(5);
    expect(s.series.reduce((n: number, d: { raised: number }) => n + d.raised, 0)).toBe(4);
    expect(s.children.map((c: { name: string }) => c.name).sort()).toEqual(['一街道', '二街道']);
    const s1 = s.children.find((c: { name: string }) => c.name === '一街道');
    expect(s1.headline.requests).toBe(4);
    expect(s.previous.requests).toBe(0);
  });

  it('drills down to a compound, and the children add up to their parent', async () => {
    const community = (await as(t.app, district).get(url(`placeId=${tree.places.C1!.id}&from=2026-11-01&to=2026-11-05`))).json();
    expect(community.trail.map((p: { kind: string }) => p.kind)).toEqual(['district', 'street', 'community']);
    const byName = Object.fromEntries(community.children.map((c: { name: string; headline: { requests: number } }) => [c.name, c.headline.requests]));
    expect(byName).toEqual({ A小区: 3, B小区: 1 });
    const compound = (await as(t.app, district).get(url(`placeId=${tree.places.A!.id}&from=2026-11-01&to=2026-11-05`))).json();
    expect(compound.headline).toMatchObject({ requests: 3, open: 2, overdue: 2 });
    expect(compound.children).toEqual([]);
  });

  it('keeps a commissioner to their compound (elsewhere answers 404), and says what is wrong with a bad period', async () => {
    const own = await as(t.app, commissioner).get(url('from=2026-11-01&to=2026-11-05'));
    expect(own.json().place.id).toBe(tree.places.A!.id);
    expect((await as(t.app, commissioner).get(url(`placeId=${tree.places.B!.id}`))).statusCode).toBe(404);
    expect((await as(t.app, commissioner).get(url(`placeId=${tree.places.D!.id}`))).statusCode).toBe(404);
    expect((await as(t.app, resident).get(url(''))).statusCode).toBe(403);
    const bad = await as(t.app, district).get(url('from=2026-11-05&to=2026-11-01'));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
    expect((await as(t.app, district).get(url('from=2025-01-01&to=2026-11-05'))).statusCode).toBe(400);
  });

  it('draws a map of the children, one polygon each, named as the places are', async () => {
    const res = await as(t.app, district).get(`/api/cockpit/map?placeId=${tree.places.S1!.id}`);
    expect(res.statusCode).toBe(200);
    const geo = res.json();
    expect(geo.features.map((f: { properties: { name: string } }) => f.properties.name).sort()).toEqual(['乙社区', '甲社区']);
    for (const f of geo.features) expect(f.geometry.coordinates[0]).toHaveLength(5);
  });
});

describe('cockpit live ticker', () => {
  it('streams new requests under the place as server-sent events: category and compound, no resident or text', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.app.server.address() as { port: number }).port;
    const ctrl = new AbortController();
    const res = await fetch(`http://127.0.0.1:${port}/api/cockpit/live?placeId=${tree.places.C1!.id}`, { headers: { cookie: district.cookie }, signal: ctrl.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    let text = '';
    const until = async (pred: (s: string) => boolean) => {
      const deadline = Date.now() + 15_000;
      while (!pred(text) && Date.now() < deadline) {
        const { value } = await reader.read();
        text += new TextDecoder().decode(value);
      }
    };
    await until((s) => s.includes('event: request'));
    // The latest ones first; then a new one in the community arrives live.
    const categories = (await as(t.app, resident).get('/api/request-categories')).json();
    const raised = await as(t.app, resident).post('/api/me/requests', { compoundId: tree.places.A!.id, categoryId: categories[0].id, type: 'help', description: '私密描述：三楼张阿姨家漏水' });
    expect(raised.statusCode).toBe(201);
    await until((s) => s.includes(`"requestId":${raised.json().id}`));
    ctrl.abort();
    expect(text).toContain(`"requestId":${raised.json().id}`);
    expect(text).toContain('A小区');
    expect(text).not.toContain('私密描述');
    expect(text).not.toContain('居民张');
  });
});
