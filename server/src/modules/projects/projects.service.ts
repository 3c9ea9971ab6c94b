import { auditAction } from '../../platform/audit.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { assertInScope, hasPermission, scopeFor } from '../../platform/scope.ts';
import { convertDemandInTransaction, demandForConversion } from '../demands/index.ts';
import { allocate, findFund, findFundAccount, findOwnedAccount, insertAllocation, lockFundRow, poolUsed, projectAccount, ratioLabel, releaseLeftover, ruleInForce, splitMatched, type MatchingRule } from '../funds/index.ts';
import { organisationsOf } from '../organisations/index.ts';
import { idempotent } from '../points/index.ts';
import { callerCanApprove, projectDto, projectSummary } from './project-dto.ts';
import { managed, readable, wrongStatus } from './project-access.ts';
import * as repo from './projects.repository.ts';
import { approvalLevelFor, budgetTotal } from './rules.ts';
import { PROJECT_QUEUES, type AllocateInput, type CreateProjectInput, type ProjectDto, type ProjectsQuery } from './projects.schemas.ts';

/**
 * 微项目: need → proposal → 立项 → procurement → contract → delivery → evaluation → payment → closed (Tianyuan's
 * 政府立项、政府采购、合同管理、民间运作、评估兑现). This file holds the proposal, approval, money and closing;
 * procurement.service.ts and delivery.service.ts the steps between.
 */

/** 提出项目: from a need on the demand list or directly; the need is marked converted in the same transaction. */
export async function proposeProject(deps: Deps, caller: Caller, input: CreateProjectInput): Promise<ProjectDto> {
  const scope = scopeFor(caller.roles, 'projects.manage');
  const place = await repo.findPlace(deps.db, input.placeId);
  assertInScope(scope, place?.path);
  if (!['community', 'compound'].includes(place!.kind)) throw new AppError('PLACE_KIND_MISMATCH', { expected: 'community / compound' });
  const total = budgetTotal(input.budgetLines);
  if (input.demandId !== null) await demandForConversion(deps, caller, input.demandId);
  const now = deps.clock.now();
  const id = await deps.db.transaction().execute(async (trx) => {
    const newId = await repo.insertProject(trx, {
      district_id: caller.districtId, place_id: place!.id, place_path: place!.path, demand_id: input.demandId, title: input.title, category: input.category,
      goals: input.goals, beneficiaries: input.beneficiaries, status: 'proposed', budget_total: total, approval_level: approvalLevelFor(total), brand: input.brand,
      created_by: caller.personId, created_at: now, updated_at: now,
    });
    await repo.insertBudgetLines(trx, input.budgetLines.map((l) => ({ district_id: caller.districtId, project_id: newId, item: l.item, amount: l.amount })));
    if (input.demandId !== null) await convertDemandInTransaction(trx, caller, input.demandId, 'project', newId, now);
    await auditAction(trx, caller, 'project.propose', { type: 'project', id: newId }, { budget: total, demandId: input.demandId });
    return newId;
  });
  return projectDto(deps, caller, (await repo.findProject(deps.db, id))!);
}

/** 立项: approved or rejected by someone at the level the amount requires (rules.ts). */
export async function decideProject(deps: Deps, caller: Caller, id: number, input: { decision: 'approve' | 'reject'; note?: string }): Promise<ProjectDto> {
  const p = await managed(deps, caller, id);
  scopeFor(caller.roles, 'projects.approve');
  if (!callerCanApprove(caller, p)) throw new AppError('APPROVAL_LEVEL_TOO_LOW', { level: { community: '社区', street: '街道', district: '区' }[p.approval_level] });
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const locked = (await repo.lockProject(trx, id))!;
    if (locked.status !== 'proposed') wrongStatus(locked.status);
    await repo.updateProject(trx, id, { status: input.decision === 'approve' ? 'approved' : 'rejected', decided_by: caller.personId, decided_at: now, decision_note: input.note ?? null, updated_at: now });
    await auditAction(trx, caller, `project.${input.decision}`, { type: 'project', id }, { level: p.approval_level });
  });
  return projectDto(deps, caller, (await repo.findProject(deps.db, id))!);
}

export async function getProject(deps: Deps, caller: Caller, id: number): Promise<ProjectDto> {
  return projectDto(deps, caller, await readable(deps, caller, id));
}

export async function listProjects(deps: Deps, caller: Caller, q: ProjectsQuery) {
  const statuses = q.status ? [q.status] : q.queue ? [...PROJECT_QUEUES[q.queue]] : undefined;
  let placePath: string | undefined;
  if (q.placeId !== undefined) {
    const place = await repo.findPlace(deps.db, q.placeId);
    if (!place || place.district_id !== caller.districtId) throw new AppError('NOT_FOUND');
    placePath = place.path;
  }
  const filters = { districtId: caller.districtId, statuses, placePath, page: q.page, pageSize: q.pageSize };
  let page;
  if (hasPermission(caller.roles, 'projects.manage') && !q.mine) page = await repo.listProjects(deps.db, { ...filters, scope: scopeFor(caller.roles, 'projects.manage') });
  else if (hasPermission(caller.roles, 'projects.deliver')) {
    const mine = await organisationsOf(deps, caller.personId);
    page = await repo.listProjects(deps.db, { ...filters, scope: null, organisationIds: mine.map((o) => o.id) });
  } else page = await repo.listProjects(deps.db, { ...filters, scope: scopeFor(caller.roles, 'projects.score') });
  return { total: page.total, items: page.items.map(projectSummary) };
}

const FUNDABLE = ['approved', 'procuring', 'awarded', 'contracted', 'evaluated'];

/** The start of the budget year `at` falls in, in Beijing time. */
function beijingYearStart(at: Date): Date {
  const year = new Date(at.getTime() + 8 * 3_600_000).getUTCFullYear();
  return new Date(Date.UTC(year, 0, 1) - 8 * 3_600_000);
}

/**
 * 拨付: money from funds into the project's account, never beyond its budget. `matched` applies the district's
 * matching rule (配套规则, 1:1 unless the district set another): the pool's and the street's shares of the amount,
 * within the rule's caps — both or neither, in one transaction. The allocation records the rule it used, so a
 * later change of the rule leaves it as it was. The same Idempotency-Key never allocates twice.
 */
export async function allocateToProject(deps: Deps, caller: Caller, id: number, input: AllocateInput, key: string | undefined): Promise<ProjectDto> {
  const p = await managed(deps, caller, id);
  const segments = p.place_path.split('/').filter(Boolean).map(Number);
  let matched: { poolId: number; streetId: number; streetPlaceId: number } | null = null;
  let single: number | null = null;
  if (input.mode === 'matched') {
    const pool = await findFund(deps.db, caller.districtId, 'district_pool', segments[0]!);
    if (!pool) throw new AppError('MATCH_FUND_MISSING', { which: '区级资金池' });
    const street = await findFund(deps.db, caller.districtId, 'street_match', segments[1]!);
    if (!street) throw new AppError('MATCH_FUND_MISSING', { which: '街道配套资金' });
    matched = { poolId: pool.id, streetId: street.id, streetPlaceId: segments[1]! };
  } else {
    if (input.fundId === undefined) throw new AppError('VALIDATION_FAILED');
    const fund = await findFundAccount(deps.db, input.fundId);
    // A fund serves projects under its own place (a community fund its community, the pool the whole district).
    if (!fund || fund.kind !== 'fund' || fund.district_id !== caller.districtId || !p.place_path.startsWith(fund.place_path ?? '#')) throw new AppError('NOT_FOUND');
    single = fund.id;
  }
  const now = deps.clock.now();
  await idempotent(deps, caller, `project.allocate:${id}`, key, input, async (trx) => {
    const locked = (await repo.lockProject(trx, id))!;
    if (!FUNDABLE.includes(locked.status)) wrongStatus(locked.status);
    const account = await projectAccount(trx, caller.districtId, id, locked.title, now);
    const current = await repo.allocatedTo(trx, account.id);
    if (current + input.amount > Number(locked.budget_total)) throw new AppError('ALLOCATION_OVER_BUDGET', { budget: Number(locked.budget_total), allocated: current, amount: input.amount });
    let draws: { fundId: number; amount: number }[];
    let rule: MatchingRule | null = null;
    let split = { pool: 0, street: 0 };
    if (matched) {
      await lockFundRow(trx, matched.streetId);
      rule = await ruleInForce(trx, caller.districtId);
      split = splitMatched(input.amount, rule, await poolUsed(trx, id, caller.districtId, matched.streetPlaceId, beijingYearStart(now)));
      draws = [{ fundId: matched.poolId, amount: split.pool }, { fundId: matched.streetId, amount: split.street }].filter((d) => d.amount > 0);
    } else draws = [{ fundId: single!, amount: input.amount }];
    const entries: number[] = [];
    for (const d of draws) {
      const fund = (await findFundAccount(trx, d.fundId))!;
      const memo = rule ? `${ratioLabel(rule.streetPerMille)} 配套拨付：${locked.title}` : `拨付：${locked.title}`;
      const moved = await allocate(trx, { districtId: caller.districtId, at: now, createdBy: caller.personId }, fund, account, d.amount, memo);
      entries.push(moved!.entryId);
    }
    await insertAllocation(trx, {
      district_id: caller.districtId, project_id: id, mode: input.mode, amount: input.amount, fund_id: single, pool_amount: split.pool, street_amount: split.street,
      street_place_id: matched?.streetPlaceId ?? null, rule_id: rule?.id ?? null, street_per_mille: rule?.streetPerMille ?? null,
      cap_per_project: rule?.capPerProject ?? null, cap_per_street_year: rule?.capPerStreetYear ?? null, entry_ids: entries, created_by: caller.personId, created_at: now,
    });
    await auditAction(trx, caller, 'project.allocate', { type: 'project', id }, { mode: input.mode, amount: input.amount, entries, ruleId: rule?.id ?? null });
    return { entries };
  });
  return projectDto(deps, caller, (await repo.findProject(deps.db, id))!);
}

/** 结项: every tranche paid; what the project did not spend goes back to its funds. */
export async function closeProject(deps: Deps, caller: Caller, id: number, key: string | undefined): Promise<ProjectDto> {
  await managed(deps, caller, id);
  const now = deps.clock.now();
  await idempotent(deps, caller, `project.close:${id}`, key, {}, async (trx) => {
    const locked = (await repo.lockProject(trx, id))!;
    if (locked.status !== 'evaluated') wrongStatus(locked.status);
    const unpaid = (await repo.tranchesOf(trx, id)).filter((t) => t.paid_at === null).length;
    if (unpaid > 0) throw new AppError('TRANCHES_UNPAID', { count: unpaid });
    const account = await findOwnedAccount(trx, 'project', id);
    const released = account ? await releaseLeftover(trx, { districtId: caller.districtId, at: now, createdBy: caller.personId }, account) : 0;
    await repo.updateProject(trx, id, { status: 'closed', closed_at: now, updated_at: now });
    await auditAction(trx, caller, 'project.close', { type: 'project', id }, { released });
    return { released };
  });
  return projectDto(deps, caller, (await repo.findProject(deps.db, id))!);
}

/** Open calls for proposals (公益创投征集), for organisations to apply to. */
export async function openRounds(deps: Deps, caller: Caller) {
  if (!hasPermission(caller.roles, 'projects.deliver')) scopeFor(caller.roles, 'projects.manage');
  const rows = await repo.openRounds(deps.db, caller.districtId);
  return rows.map((r) => ({ id: r.id, projectId: r.project_id, title: r.title, category: r.category, place: r.place_name, call: r.call_text, budgetTotal: Number(r.budget_total) }));
}

/** 公开页: a project the public may see (approved onwards), with its progress and evaluation. */
export async function publicProject(deps: Deps, id: number) {
  const p = await repo.findProject(deps.db, id);
  if (!p || ['proposed', 'rejected'].includes(p.status)) throw new AppError('NOT_FOUND');
  const d = await projectDto(deps, null, p);
  const last = d.evaluations.at(-1);
  return {
    id: d.id, title: d.title, category: d.category, place: d.place, status: d.status, budgetTotal: d.budgetTotal, paid: d.paid, organisation: d.organisation,
    brand: d.brand, goals: d.goals, beneficiaries: d.beneficiaries, rating: { ...d.rating, mine: null },
    reports: d.reports.map((r) => ({ body: r.body, participants: r.participants, at: r.at, photos: r.photos, activities: r.activities })),
    evaluation: last ? { score: last.score, passed: last.passed } : null,
    notice: d.round?.noticeEndsAt ? {
      endsAt: d.round.noticeEndsAt, open: d.round.status === 'notice' && new Date(d.round.noticeEndsAt) > deps.clock.now(), leading: d.round.applications.find((a) => a.id === d.round!.leadingApplicationId)?.organisation.name ?? null, objections: d.round.objections,
    } : null,
  };
}

/** H5: the projects at my compound, my community and my street, with progress and my rating. */
export async function myCompoundProjects(deps: Deps, caller: Caller) {
  scopeFor(caller.roles, 'projects.rate');
  const homes = await repo.residentPlaces(deps.db, caller.personId, deps.clock.now());
  const ancestors = [...new Set(homes.flatMap((h) => h.place_path.split('/').filter(Boolean).map(Number)))];
  const rows = await repo.projectsAbove(deps.db, caller.districtId, ancestors, ['contracted', 'evaluated', 'closed']);
  return Promise.all(rows.map(async (p) => {
    const [tranches, reports, rating] = await Promise.all([repo.tranchesOf(deps.db, p.id), repo.reportsOf(deps.db, p.id), repo.ratingSummary(deps.db, p.id, caller.personId)]);
    return {
      ...projectSummary(p), goals: p.goals,
      progress: { tranchesPaid: tranches.filter((t) => t.paid_at).length, tranches: tranches.length, reports: reports.length, latestReport: reports[0]?.body ?? null, participants: reports.reduce((n, r) => n + r.participants, 0) },
      rating,
    };
  }));
}

/** 评价: a resident of a place the project serves rates it once (1–5 stars). */
export async function rateProject(deps: Deps, caller: Caller, id: number, input: { stars: number; comment?: string }) {
  scopeFor(caller.roles, 'projects.rate');
  const p = await repo.findProject(deps.db, id);
  const homes = await repo.residentPlaces(deps.db, caller.personId, deps.clock.now());
  if (!p || p.district_id !== caller.districtId || !homes.some((h) => h.place_path.startsWith(p.place_path))) throw new AppError('NOT_FOUND');
  if (!['contracted', 'evaluated', 'closed'].includes(p.status)) wrongStatus(p.status);
  await deps.db.transaction().execute(async (trx) => {
    const ok = await repo.insertRating(trx, { district_id: caller.districtId, project_id: id, person_id: caller.personId, stars: input.stars, comment: input.comment ?? null, created_at: deps.clock.now() });
    if (!ok) throw new AppError('ALREADY_RATED');
    await auditAction(trx, caller, 'project.rate', { type: 'project', id }, { stars: input.stars });
  });
  return repo.ratingSummary(deps.db, id, caller.personId);
}
