import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers.ts';
import { usePostgres } from '../../../test/template.ts';
import { approvedProject, call, fundedPoolAndStreet, ok, projectWorld, type World } from '../projects/projects-fixture.ts';
import { reconcileFunds } from './index.ts';

/**
 * No fund goes negative under concurrent allocations, and a matched allocation takes both halves or neither.
 * Runs on PGlite in the default suite and on PostgreSQL with `npm run test:pg` (real concurrent transactions
 * there: a pool of 10 connections).
 */
let t: TestApp;
let w: World;
let funds: { pool: number; street: number };
let projects: number[];
beforeAll(async () => {
  t = await buildTestApp();
  w = await projectWorld(t);
  // The street has 1,000,000 fen and the pool 3,000,001: the street runs out first.
  funds = await fundedPoolAndStreet(t, w, 3_000_001, 1_000_000);
  projects = [];
  for (let i = 0; i < 8; i++) projects.push(await approvedProject(t, w, `并发项目${i}`, 2_000_000));
}, 600_000);
afterAll(() => t.close());

describe(`concurrent allocations (${usePostgres() ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('lets exactly what the funds hold through, leaves nothing negative, and keeps 1:1', async () => {
    // 40 matched allocations of 60,000 (30,000 from each fund) at once: the street covers 33 of them.
    const results = await Promise.all(Array.from({ length: 40 }, (_, n) =>
      call(t, w.worker.session, 'POST', `/api/projects/${projects[n % 8]}/allocations`, { mode: 'matched', amount: 60_000 }, `storm-key-${n}`)));
    const okCount = results.filter((r) => r.statusCode === 200).length;
    const refused = results.filter((r) => r.statusCode !== 200).map((r) => [r.statusCode, r.json().code]);
    expect(okCount).toBe(33);
    for (const r of refused) expect(r).toEqual([409, 'FUND_INSUFFICIENT']);
    // 40 single allocations of 100,000 from the pool at once: it holds 3,000,001 − 990,000 = 2,010,001 → 20 fit.
    const single = await Promise.all(Array.from({ length: 40 }, (_, n) =>
      call(t, w.worker.session, 'POST', `/api/projects/${projects[n % 8]}/allocations`, { mode: 'single', fundId: funds.pool, amount: 100_000 }, `single-key-${n}`)));
    expect(single.filter((r) => r.statusCode === 200)).toHaveLength(20);
    const list = await ok<{ id: number; balance: number; allocated: number }[]>(call(t, w.district.session, 'GET', '/api/funds'));
    expect(list.find((f) => f.id === funds.street)).toMatchObject({ balance: 10_000, allocated: 990_000 });
    expect(list.find((f) => f.id === funds.pool)).toMatchObject({ balance: 10_001, allocated: 2_990_000 });
    const r = await reconcileFunds(t.deps, w.tree.districtId);
    expect(r.mismatched).toEqual([]);
    expect(r.balanced).toBe(true);
    const negative = await t.deps.db.selectFrom('fund_accounts').select('id').where('balance', '<', 0).execute();
    expect(negative).toEqual([]);
  });
});
