import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers.ts';
import { reconcileFunds } from '../funds/index.ts';
import { approvedProject, budget, call, fundedPoolAndStreet, ok, projectWorld, signInAgain, twoOrganisations, type World } from './projects-fixture.ts';

/**
 * Issue 6 end to end through the API: a need becomes a project, is approved at its level, funded 1:1, bought
 * through a venture-philanthropy round with two scored applicants, contracted with two tranches, reported on,
 * evaluated, paid (the final tranche refused before a passing evaluation), closed, shown publicly and rated.
 */
let t: TestApp;
let w: World;
let orgs: { a: number; b: number };
let funds: { pool: number; street: number };

beforeAll(async () => {
  t = await buildTestApp();
  w = await projectWorld(t);
  orgs = await twoOrganisations(t, w);
  funds = await fundedPoolAndStreet(t, w, 20_000_000, 10_000_000);
});
afterAll(() => t.close());

const count = async (table: 'projects' | 'fund_entries' | 'project_contracts' | 'project_budget_lines') =>
  Number((await t.deps.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe('project from a need to a closed, paid project', () => {
  let id: number;

  it('refuses a negative budget line with the line named, writing nothing', async () => {
    const before = await count('projects');
    const res = await call(t, w.worker.session, 'POST', '/api/projects', {
      placeId: w.tree.places.A!.id, title: '银龄探访', category: 'elderly', goals: '探访', beneficiaries: '老人', budgetLines: budget([['服务费', 100_000], ['物料', -500]]),
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'BUDGET_LINE_INVALID' });
    expect(res.json().message).toContain('第 2 行');
    expect(await count('projects')).toBe(before);
  });

  it('turns a need into a proposal and marks the need converted', async () => {
    const need = await ok<{ id: number }>(call(t, w.worker.session, 'POST', '/api/demands', { placeId: w.tree.places.A!.id, source: 'visit', title: '独居老人缺少陪伴' }, null), 201);
    const p = await ok<{ id: number; status: string; budgetTotal: number; approvalLevel: string; demandId: number }>(call(t, w.worker.session, 'POST', '/api/projects', {
      placeId: w.tree.places.A!.id, demandId: need.id, title: '银龄探访', category: 'elderly', goals: '每周上门探访独居老人', beneficiaries: 'A小区独居老人 20 人',
      budgetLines: budget([['社工服务费', 3_000_000], ['活动物料', 1_000_000]]), brand: true,
    }), 201);
    expect(p).toMatchObject({ status: 'proposed', budgetTotal: 4_000_000, approvalLevel: 'community', demandId: need.id });
    id = p.id;
    const demands = await ok<{ items: { id: number; status: string; converted: { kind: string; ref: string } }[] }>(call(t, w.worker.session, 'GET', '/api/demands'));
    expect(demands.items.find((d) => d.id === need.id)).toMatchObject({ status: 'converted', converted: { kind: 'project', ref: `project:${id}` } });
    // The same need cannot become a second project.
    const again = await call(t, w.worker.session, 'POST', '/api/projects', { placeId: w.tree.places.A!.id, demandId: need.id, title: '重复', category: 'elderly', goals: 'x', beneficiaries: 'y', budgetLines: budget([['a', 1]]) });
    expect(again.json()).toMatchObject({ code: 'DEMAND_CLOSED' });
  });

  it('asks the level the amount requires to approve (立项)', async () => {
    const big = await ok<{ id: number; approvalLevel: string }>(call(t, w.worker.session, 'POST', '/api/projects', {
      placeId: w.tree.places.A!.id, title: '加装电梯前期协商', category: 'governance', goals: '协商', beneficiaries: '全体业主', budgetLines: budget([['服务费', 6_000_000]]),
    }), 201);
    expect(big.approvalLevel).toBe('street');
    const refused = await call(t, w.worker.session, 'POST', `/api/projects/${big.id}/decision`, { decision: 'approve' });
    expect([refused.statusCode, refused.json().code]).toEqual([403, 'APPROVAL_LEVEL_TOO_LOW']);
    await ok(call(t, w.street.session, 'POST', `/api/projects/${big.id}/decision`, { decision: 'approve' }));
    const mine = await ok<{ status: string }>(call(t, w.worker.session, 'POST', `/api/projects/${id}/decision`, { decision: 'approve', note: '符合社区需求' }));
    expect(mine.status).toBe('approved');
  });

  it('draws a street-matched allocation equally from the district pool and the street fund, never beyond the budget', async () => {
    const odd = await call(t, w.worker.session, 'POST', `/api/projects/${id}/allocations`, { mode: 'matched', amount: 1_000_001 });
    expect(odd.json()).toMatchObject({ code: 'MATCH_AMOUNT_ODD' });
    const p = await ok<{ allocated: number; balance: number }>(call(t, w.worker.session, 'POST', `/api/projects/${id}/allocations`, { mode: 'matched', amount: 4_000_000 }));
    expect(p).toMatchObject({ allocated: 4_000_000, balance: 4_000_000 });
    const list = await ok<{ id: number; balance: number; allocated: number }[]>(call(t, w.district.session, 'GET', '/api/funds'));
    expect(list.find((f) => f.id === funds.pool)).toMatchObject({ balance: 18_000_000, allocated: 2_000_000 });
    expect(list.find((f) => f.id === funds.street)).toMatchObject({ balance: 8_000_000, allocated: 2_000_000 });
    const entries = await count('fund_entries');
    const over = await call(t, w.worker.session, 'POST', `/api/projects/${id}/allocations`, { mode: 'matched', amount: 2 });
    expect([over.statusCode, over.json().code]).toEqual([422, 'ALLOCATION_OVER_BUDGET']);
    expect(await count('fund_entries')).toBe(entries);
  });

  it('runs a round: call, two applications, expert scores, public notice, award after the notice', async () => {
    const rubric = [{ key: 'need', label: '需求契合度', max: 40 }, { key: 'plan', label: '方案可行性', max: 40 }, { key: 'team', label: '团队能力', max: 20 }];
    await ok(call(t, w.worker.session, 'POST', `/api/projects/${id}/round`, { call: '征集独居老人探访服务方案', rubric }));
    const open = await ok<{ projectId: number }[]>(call(t, w.orgStaffA.session, 'GET', '/api/projects/rounds/open'));
    expect(open.map((r) => r.projectId)).toContain(id);
    // The call is public to organisations: they read the project before applying.
    await ok(call(t, w.orgStaffA.session, 'GET', `/api/projects/${id}`));
    // Org staff act only for their own organisation.
    const notMine = await call(t, w.orgStaffA.session, 'POST', `/api/projects/${id}/round/applications`, { organisationId: orgs.b, proposal: '冒名申报', amount: 3_800_000 });
    expect([notMine.statusCode, notMine.json().code]).toEqual([403, 'NOT_ORGANISATION_MEMBER']);
    await ok(call(t, w.orgStaffA.session, 'POST', `/api/projects/${id}/round/applications`, { organisationId: orgs.a, proposal: '每周两次上门探访，建立结对档案', amount: 4_000_000 }));
    await ok(call(t, w.orgStaffB.session, 'POST', `/api/projects/${id}/round/applications`, { organisationId: orgs.b, proposal: '每月一次集中活动', amount: 3_500_000 }));
    const early = await call(t, w.worker.session, 'POST', `/api/projects/${id}/round/notice`);
    expect(early.json()).toMatchObject({ code: 'ROUND_WRONG_STATUS' });
    const scoring = await ok<{ round: { status: string; applications: { id: number; organisation: { id: number } }[] } }>(call(t, w.worker.session, 'POST', `/api/projects/${id}/round/close-call`));
    expect(scoring.round.status).toBe('scoring');
    const appA = scoring.round.applications.find((a) => a.organisation.id === orgs.a)!.id;
    const appB = scoring.round.applications.find((a) => a.organisation.id === orgs.b)!.id;
    const bad = await call(t, w.expert.session, 'POST', `/api/projects/${id}/round/applications/${appA}/scores`, { scores: { need: 45, plan: 30, team: 15 } });
    expect([bad.statusCode, bad.json().code]).toEqual([422, 'SCORE_OUT_OF_RUBRIC']);
    await ok(call(t, w.expert.session, 'POST', `/api/projects/${id}/round/applications/${appA}/scores`, { scores: { need: 36, plan: 34, team: 16 } }));
    await ok(call(t, w.expert.session, 'POST', `/api/projects/${id}/round/applications/${appB}/scores`, { scores: { need: 28, plan: 25, team: 15 } }));
    const twice = await call(t, w.expert.session, 'POST', `/api/projects/${id}/round/applications/${appB}/scores`, { scores: { need: 40, plan: 40, team: 20 } });
    expect(twice.json()).toMatchObject({ code: 'ALREADY_SCORED' });
    await ok(call(t, w.street.session, 'POST', `/api/projects/${id}/round/applications/${appB}/scores`, { scores: { need: 30, plan: 27, team: 15 } }));
    const notice = await ok<{ round: { status: string; leadingApplicationId: number; applications: { id: number; average: number; scorers: number }[] } }>(call(t, w.worker.session, 'POST', `/api/projects/${id}/round/notice`));
    expect(notice.round).toMatchObject({ status: 'notice', leadingApplicationId: appA });
    expect(notice.round.applications.find((a) => a.id === appB)).toMatchObject({ average: 70, scorers: 2 });
    const tooSoon = await call(t, w.worker.session, 'POST', `/api/projects/${id}/round/award`);
    expect([tooSoon.statusCode, tooSoon.json().code]).toEqual([409, 'NOTICE_NOT_OVER']);
    t.clock.advance(5 * 86_400_000 + 1000);
    await signInAgain(t, w);
    const awarded = await ok<{ status: string; organisation: { id: number } }>(call(t, w.worker.session, 'POST', `/api/projects/${id}/round/award`));
    expect(awarded).toMatchObject({ status: 'awarded', organisation: { id: orgs.a } });
  });

  it('refuses a contract over a year without a reason, and one over three years at all, writing nothing', async () => {
    const tranches = [{ title: '首期', amount: 2_400_000, dueOn: '2026-12-15', afterEvaluation: false }, { title: '尾款', amount: 1_600_000, dueOn: '2027-11-30', afterEvaluation: true }];
    const noReason = await call(t, w.worker.session, 'POST', `/api/projects/${id}/contract`, { startsOn: '2026-12-01', endsOn: '2028-06-30', amount: 4_000_000, tranches });
    expect([noReason.statusCode, noReason.json().code]).toEqual([422, 'CONTRACT_REASON_REQUIRED']);
    const tooLong = await call(t, w.worker.session, 'POST', `/api/projects/${id}/contract`, { startsOn: '2026-12-01', endsOn: '2030-01-01', termReason: '服务长期稳定，资金有保障', amount: 4_000_000, tranches });
    expect(tooLong.json()).toMatchObject({ code: 'CONTRACT_TERM_TOO_LONG' });
    expect(await count('project_contracts')).toBe(0);
    const signed = await ok<{ status: string; tranches: unknown[] }>(call(t, w.worker.session, 'POST', `/api/projects/${id}/contract`, { startsOn: '2026-12-01', endsOn: '2027-11-30', amount: 4_000_000, tranches }));
    expect(signed.status).toBe('contracted');
    expect(signed.tranches).toHaveLength(2);
  });

  it('pays the first tranche, takes progress reports, refuses the final tranche until an evaluation passes, then pays it', async () => {
    await ok(call(t, w.worker.session, 'POST', `/api/projects/${id}/tranches/1/pay`));
    const report = await ok<{ reports: { body: string; participants: number }[] }>(call(t, w.orgStaffA.session, 'POST', `/api/projects/${id}/reports`, { body: '本月探访 20 户，建立档案 20 份', participants: 26 }));
    expect(report.reports[0]).toMatchObject({ participants: 26 });
    const stranger = await call(t, w.orgStaffB.session, 'POST', `/api/projects/${id}/reports`, { body: '不是我们的项目', participants: 1 });
    // The losing applicant still reads the project it applied to, but does not report on it.
    expect([stranger.statusCode, stranger.json().code]).toEqual([403, 'NOT_ORGANISATION_MEMBER']);
    const entries = await count('fund_entries');
    const early = await call(t, w.worker.session, 'POST', `/api/projects/${id}/tranches/2/pay`);
    expect([early.statusCode, early.json().code]).toEqual([409, 'EVALUATION_NOT_PASSED']);
    const failing = await ok<{ status: string; evaluations: { score: number; passed: boolean }[] }>(call(t, w.worker.session, 'POST', `/api/projects/${id}/evaluations`, { residentsScore: 50, communityScore: 55, expertScore: 58 }));
    expect(failing.evaluations.at(-1)).toMatchObject({ score: 55, passed: false });
    expect(failing.status).toBe('contracted');
    const stillEarly = await call(t, w.worker.session, 'POST', `/api/projects/${id}/tranches/2/pay`);
    expect(stillEarly.json()).toMatchObject({ code: 'EVALUATION_NOT_PASSED' });
    expect(await count('fund_entries')).toBe(entries);
    const passing = await ok<{ status: string }>(call(t, w.worker.session, 'POST', `/api/projects/${id}/evaluations`, { residentsScore: 88, communityScore: 85, expertScore: 80, note: '服务到位' }));
    expect(passing.status).toBe('evaluated');
    const paid = await ok<{ paid: number; balance: number; tranches: { paidAt: string | null }[] }>(call(t, w.worker.session, 'POST', `/api/projects/${id}/tranches/2/pay`, undefined, 'pay-final-once'));
    expect(paid).toMatchObject({ paid: 4_000_000, balance: 0 });
    // A retry with the same key pays nothing more.
    const retry = await call(t, w.worker.session, 'POST', `/api/projects/${id}/tranches/2/pay`, undefined, 'pay-final-once');
    expect(retry.statusCode).toBe(200);
    expect(await count('fund_entries')).toBe(entries + 1);
  });

  it('closes, shows a public page, and lets residents of the compound rate it once', async () => {
    const closed = await ok<{ status: string }>(call(t, w.worker.session, 'POST', `/api/projects/${id}/close`));
    expect(closed.status).toBe('closed');
    const pub = await ok<{ title: string; brand: boolean; paid: number; evaluation: { score: number; passed: boolean }; organisation: { name: string } }>(t.app.inject({ method: 'GET', url: `/api/public/projects/${id}` }));
    expect(pub).toMatchObject({ title: '银龄探访', brand: true, paid: 4_000_000, evaluation: { score: 84, passed: true }, organisation: { name: '甲社区银龄互助社' } });
    const mine = await ok<{ id: number; progress: { tranchesPaid: number; reports: number } }[]>(call(t, w.resident.session, 'GET', '/api/h5/projects'));
    expect(mine.find((p) => p.id === id)?.progress).toMatchObject({ tranchesPaid: 2, reports: 1 });
    expect(await ok(call(t, w.resident.session, 'POST', `/api/projects/${id}/ratings`, { stars: 5, comment: '老人们很满意' }), 201)).toMatchObject({ average: 5, count: 1, mine: 5 });
    expect((await call(t, w.resident.session, 'POST', `/api/projects/${id}/ratings`, { stars: 1 })).json()).toMatchObject({ code: 'ALREADY_RATED' });
    expect((await call(t, w.outsider.session, 'POST', `/api/projects/${id}/ratings`, { stars: 1 })).statusCode).toBe(404);
    expect((await call(t, w.outsider.session, 'GET', '/api/h5/projects')).json()).toEqual([]);
  });

  it('refuses a payment over what the project still holds, writing nothing', async () => {
    const pid = await approvedProject(t, w, '楼道微更新', 3_000_000);
    await ok(call(t, w.worker.session, 'POST', `/api/projects/${pid}/allocations`, { mode: 'single', fundId: funds.pool, amount: 1_000_000 }));
    await ok(call(t, w.worker.session, 'POST', `/api/projects/${pid}/award-direct`, { organisationId: orgs.a }));
    await ok(call(t, w.worker.session, 'POST', `/api/projects/${pid}/contract`, {
      startsOn: '2026-12-01', endsOn: '2027-06-30', amount: 3_000_000,
      tranches: [{ title: '首期', amount: 1_500_000, dueOn: '2026-12-10', afterEvaluation: false }, { title: '尾款', amount: 1_500_000, dueOn: '2027-06-30', afterEvaluation: true }],
    }));
    const entries = await count('fund_entries');
    const res = await call(t, w.worker.session, 'POST', `/api/projects/${pid}/tranches/1/pay`);
    expect([res.statusCode, res.json().code]).toEqual([409, 'PROJECT_FUNDS_SHORT']);
    expect(res.json().message).toContain('1500000');
    expect(await count('fund_entries')).toBe(entries);
    const after = await ok<{ paid: number; balance: number; tranches: { paidAt: string | null }[] }>(call(t, w.worker.session, 'GET', `/api/projects/${pid}`));
    expect(after).toMatchObject({ paid: 0, balance: 1_000_000 });
    expect(after.tranches[0]!.paidAt).toBeNull();
  });

  it('refuses direct award to an organisation outside the purchase directory', async () => {
    const pid = await approvedProject(t, w, '助老餐桌', 800_000);
    const res = await call(t, w.worker.session, 'POST', `/api/projects/${pid}/award-direct`, { organisationId: orgs.b });
    expect([res.statusCode, res.json().code]).toEqual([422, 'NOT_IN_DIRECTORY']);
  });

  it('puts open needs beside the organisations serving their place (项目对接会)', async () => {
    await ok(call(t, w.worker.session, 'POST', '/api/demands', { placeId: w.tree.places.B!.id, source: 'visit', title: '儿童放学后无人看护' }, null), 201);
    const m = await ok<{ items: { need: { title: string }; organisations: { id: number }[] }[] }>(call(t, w.worker.session, 'GET', '/api/projects/matchmaking'));
    const row = m.items.find((i) => i.need.title === '儿童放学后无人看护')!;
    expect(row.organisations.map((o) => o.id).sort()).toEqual([orgs.a, orgs.b].sort());
    // The converted need is no longer open.
    expect(m.items.some((i) => i.need.title === '独居老人缺少陪伴')).toBe(false);
    const none = await ok<{ items: { need: { title: string }; organisations: unknown[] }[] }>(call(t, w.worker.session, 'GET', '/api/projects/matchmaking?category=safety'));
    expect(none.items.find((i) => i.need.title === '儿童放学后无人看护')!.organisations).toEqual([]);
  });

  it('keeps the fund ledger balanced', async () => {
    const r = await reconcileFunds(t.deps, w.tree.districtId);
    expect(r.mismatched).toEqual([]);
    expect(r.balanced).toBe(true);
    expect(r.totals).toMatchObject({ appropriated: 30_000_000, paid: 4_000_000 });
  });
});
