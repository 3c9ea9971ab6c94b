import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers.ts';
import { call, ok, projectWorld, type World } from '../projects/projects-fixture.ts';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await buildTestApp();
  w = await projectWorld(t);
});
afterAll(() => t.close());

type Org = { id: number; status: string; hub: { id: number } | null; annualReportDue: string[]; directoryCategories: string[]; incubations: { id: number; mode: string; graduatedOn: string | null }[]; placesServed: { name: string }[] };

describe('social organisation registry (社会组织)', () => {
  let hub: Org;
  let group: Org;
  const base = (name: string, extra: Record<string, unknown> = {}) => ({
    name, status: 'registered', personInCharge: '赵负责人', charter: '章程', categories: ['elderly', 'culture'], placeId: w.tree.places.S1!.id, placesServed: [w.tree.places.C1!.id], ...extra,
  });

  it('registers a hub and a community-guided group it incubates, with annual-report deadlines for registered groups', async () => {
    hub = await ok<Org>(call(t, w.street.session, 'POST', '/api/organisations', base('一街道社会组织服务中心', { isHub: true, memberCount: 40 })), 201);
    // 2026-11-23 today: the next deadlines are 2027-03-31 (sponsor) and 2027-05-31 (registrar).
    expect(hub.annualReportDue).toEqual(['2027-03-31', '2027-05-31']);
    group = await ok<Org>(call(t, w.worker.session, 'POST', '/api/organisations', base('甲社区书画社', { status: 'community_guided', placeId: w.tree.places.C1!.id, placesServed: [w.tree.places.A!.id], hubId: hub.id })), 201);
    expect(group).toMatchObject({ status: 'community_guided', hub: { id: hub.id }, annualReportDue: [], placesServed: [{ name: 'A小区' }] });
  });

  it('refuses a duplicate name, a hub that is not one, and a place out of reach', async () => {
    const dup = await call(t, w.worker.session, 'POST', '/api/organisations', base('甲社区书画社', { placeId: w.tree.places.C1!.id }));
    expect([dup.statusCode, dup.json().code]).toEqual([409, 'ORGANISATION_NAME_TAKEN']);
    const notHub = await call(t, w.worker.session, 'POST', '/api/organisations', base('乙团队', { placeId: w.tree.places.C1!.id, hubId: group.id }));
    expect(notHub.json()).toMatchObject({ code: 'HUB_NOT_A_HUB' });
    const far = await call(t, w.worker.session, 'POST', '/api/organisations', base('丙团队', { placeId: w.tree.places.C3!.id }));
    expect(far.statusCode).toBe(404);
    const resident = await call(t, w.resident.session, 'POST', '/api/organisations', base('居民团队', { placeId: w.tree.places.C1!.id }));
    expect(resident.statusCode).toBe(403);
  });

  it('records incubation and graduation, and lists the purchase directory by category', async () => {
    const inc = await ok<Org>(call(t, w.worker.session, 'POST', `/api/organisations/${group.id}/incubations`, { mode: 'in_station', startedOn: '2026-03-01', mentorNote: '协助制定简易章程' }), 201);
    expect(inc.incubations).toHaveLength(1);
    const grad = await ok<Org>(call(t, w.worker.session, 'POST', `/api/organisations/${group.id}/incubations/${inc.incubations[0]!.id}/graduate`, { graduatedOn: '2026-10-01' }));
    expect(grad.incubations[0]!.graduatedOn).toBe('2026-10-01');
    await ok(call(t, w.worker.session, 'POST', `/api/organisations/${group.id}/directory`, { category: 'culture', listedOn: '2026-10-02' }));
    const dir = await ok<{ category: string; organisation: { id: number } }[]>(call(t, w.orgStaffA.session, 'GET', '/api/organisations/directory?category=culture'));
    expect(dir.map((d) => d.organisation.id)).toEqual([group.id]);
    const hubDetail = await ok<{ incubated: { id: number }[] }>(call(t, w.worker.session, 'GET', `/api/organisations/${hub.id}`));
    expect(hubDetail.incubated.map((o) => o.id)).toEqual([group.id]);
  });

  it('filters the registry by category and by the place served, and shows a public page without sign-in', async () => {
    const serving = await ok<{ items: { id: number }[] }>(call(t, w.worker.session, 'GET', `/api/organisations?servesPlaceId=${w.tree.places['A-h1']!.id}`));
    expect(serving.items.map((o) => o.id).sort()).toEqual([hub.id, group.id].sort());
    const cat = await ok<{ total: number }>(call(t, w.worker.session, 'GET', '/api/organisations?category=safety'));
    expect(cat.total).toBe(0);
    const pub = await t.app.inject({ method: 'GET', url: `/api/public/organisations/${group.id}` });
    expect(pub.statusCode).toBe(200);
    expect(pub.json()).toMatchObject({ name: '甲社区书画社', status: 'community_guided', hub: { name: '一街道社会组织服务中心' } });
  });
});
