import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers.ts';
import { approvedProject, call, fundedPoolAndStreet, ok, projectWorld, type World } from '../projects/projects-fixture.ts';
import { reconcileFunds } from './index.ts';

/** The district's matching rule (配套规则): set by the district, applied by allocations, recorded on each one. */
let t: TestApp;
let w: World;
let funds: { pool: number; street: number };
beforeAll(async () => {
  t = await buildTestApp();
  w = await projectWorld(t);
  funds = await fundedPoolAndStreet(t, w, 20_000_000, 20_000_000);
});
afterAll(() => t.close());

type Allocation = { mode: string; amount: number; poolAmount: number; streetAmount: number; rule: { ratio: string; streetPerMille: number; capPerProject: number | null } | null };
type Project = { allocated: number; allocations: Allocation[] };
const balance = async (id: number) => (await t.deps.db.selectFrom('fund_accounts').select('balance').where('id', '=', id).executeTakeFirstOrThrow()).balance;

describe('the matching rule', () => {
  it('is 1:1 without caps until the district sets one; only the district may set it', async () => {
    const r = await ok<{ current: { id: number | null; ratio: string; unit: number } }>(call(t, w.worker.session, 'GET', '/api/funds/matching-rule'));
    expect(r.current).toMatchObject({ id: null, ratio: '1:1', unit: 2 });
    const street = await call(t, w.street.session, 'PUT', '/api/funds/matching-rule', { streetPerMille: 500, capPerProject: null, capPerStreetYear: null });
    expect(street.statusCode).toBe(403);
    const bad = await call(t, w.district.session, 'PUT', '/api/funds/matching-rule', { streetPerMille: -1, capPerProject: null, capPerStreetYear: null });
    expect(bad.statusCode).toBe(400);
    expect((await t.deps.db.selectFrom('fund_matching_rules').select('id').execute()).length).toBe(0);
  });

  it('splits by the rule in force, caps the pool share, and leaves past allocations as they were', async () => {
    const id = await approvedProject(t, w, '楼道微更新', 4_500_000);
    const first = await ok<Project>(call(t, w.worker.session, 'POST', `/api/projects/${id}/allocations`, { mode: 'matched', amount: 1_000_000 }));
    expect(first.allocations[0]).toMatchObject({ poolAmount: 500_000, streetAmount: 500_000, rule: { ratio: '1:1', streetPerMille: 1000 } });

    const set = await ok<{ current: { ratio: string; unit: number; capPerProject: number } ; history: unknown[] }>(call(t, w.district.session, 'PUT', '/api/funds/matching-rule', {
      streetPerMille: 500, capPerProject: 1_500_000, capPerStreetYear: null, note: '区财政〔2027〕1号',
    }));
    expect(set.current).toMatchObject({ ratio: '1:0.5', unit: 3, capPerProject: 1_500_000 });

    // 1:0.5: the amount must split into thirds exactly.
    const uneven = await call(t, w.worker.session, 'POST', `/api/projects/${id}/allocations`, { mode: 'matched', amount: 1_000_000 });
    expect(uneven.statusCode).toBe(422);
    expect(uneven.json()).toMatchObject({ code: 'MATCH_AMOUNT_UNEVEN' });
    const second = await ok<Project>(call(t, w.worker.session, 'POST', `/api/projects/${id}/allocations`, { mode: 'matched', amount: 1_500_000 }));
    expect(second.allocations.map((a) => [a.poolAmount, a.streetAmount, a.rule?.ratio])).toEqual([[500_000, 500_000, '1:1'], [1_000_000, 500_000, '1:0.5']]);
    expect(await balance(funds.pool)).toBe(20_000_000 - 1_500_000);
    expect(await balance(funds.street)).toBe(20_000_000 - 1_000_000);

    // The pool gave this project 1,500,000 already: its cap is reached, nothing is written.
    const capped = await call(t, w.worker.session, 'POST', `/api/projects/${id}/allocations`, { mode: 'matched', amount: 3 });
    expect(capped.json()).toMatchObject({ code: 'MATCH_CAP_PROJECT' });
    expect(capped.json().message).toContain('1500000');
    expect(await balance(funds.pool)).toBe(18_500_000);
    const p = await ok<Project>(call(t, w.worker.session, 'GET', `/api/projects/${id}`));
    expect(p.allocations).toHaveLength(2);
    expect(p.allocated).toBe(2_500_000);

    // Changing the rule again does not touch what was allocated.
    await ok(call(t, w.district.session, 'PUT', '/api/funds/matching-rule', { streetPerMille: 1000, capPerProject: null, capPerStreetYear: 2_000_000 }));
    const again = await ok<Project>(call(t, w.worker.session, 'GET', `/api/projects/${id}`));
    expect(again.allocations.map((a) => a.rule?.ratio)).toEqual(['1:1', '1:0.5']);
  });

  it('caps what the pool gives a street in a year', async () => {
    // The pool gave street S1 1,500,000 this year; the cap is 2,000,000.
    const id = await approvedProject(t, w, '睦邻食堂', 2_000_000);
    const over = await call(t, w.worker.session, 'POST', `/api/projects/${id}/allocations`, { mode: 'matched', amount: 1_200_000 });
    expect(over.json()).toMatchObject({ code: 'MATCH_CAP_STREET_YEAR' });
    await ok(call(t, w.worker.session, 'POST', `/api/projects/${id}/allocations`, { mode: 'matched', amount: 1_000_000 }));
    // Next budget year (Beijing time) the street's count starts again.
    t.clock.set(new Date('2027-01-01T00:00:00Z'));
    const { signIn } = await import('../../../test/helpers.ts');
    const { PASSWORD } = await import('../../../test/factories.ts');
    w.worker.session = await signIn(t.app, w.worker.phone, PASSWORD);
    const next = await approvedProject(t, w, '口袋公园', 2_000_000);
    await ok(call(t, w.worker.session, 'POST', `/api/projects/${next}/allocations`, { mode: 'matched', amount: 2_000_000 }));
    const r = await reconcileFunds(t.deps, w.tree.districtId);
    expect(r.balanced).toBe(true);
  });
});
