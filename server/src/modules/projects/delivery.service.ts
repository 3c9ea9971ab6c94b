import { auditAction } from '../../platform/audit.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { findOwnedAccount, pay } from '../funds/index.ts';
import { idempotent } from '../points/index.ts';
import { projectDto } from './project-dto.ts';
import { attachMedia } from './report-media.service.ts';
import { actsFor, managed, readable, wrongStatus } from './project-access.ts';
import * as repo from './projects.repository.ts';
import { checkContractTerm, checkTranches, evaluationScore } from './rules.ts';
import type { ContractInput, ProjectDto } from './projects.schemas.ts';

/** 合同管理、民间运作、评估兑现: the contract with its tranches, progress reports, evaluation and payment. */

const reload = async (deps: Deps, caller: Caller, id: number) => projectDto(deps, caller, (await repo.findProject(deps.db, id))!);

/** 签订合同: term ≤ 1 year (≤ 3 with a reason), amount within the budget, tranches adding up with the final one after evaluation. */
export async function signContract(deps: Deps, caller: Caller, id: number, input: ContractInput): Promise<ProjectDto> {
  const p = await managed(deps, caller, id);
  checkContractTerm(input.startsOn, input.endsOn, input.termReason);
  if (input.amount > Number(p.budget_total)) throw new AppError('CONTRACT_OVER_BUDGET', { amount: input.amount, budget: Number(p.budget_total) });
  checkTranches(input.amount, input.tranches);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const locked = (await repo.lockProject(trx, id))!;
    if (locked.status !== 'awarded') wrongStatus(locked.status);
    await repo.insertContract(trx, {
      district_id: caller.districtId, project_id: id, organisation_id: locked.organisation_id!, starts_on: input.startsOn, ends_on: input.endsOn,
      term_reason: input.termReason ?? null, amount: input.amount, signed_by: caller.personId, signed_at: now,
    });
    await repo.insertTranches(trx, input.tranches.map((t, i) => ({
      district_id: caller.districtId, project_id: id, seq: i + 1, title: t.title, amount: t.amount, due_on: t.dueOn, after_evaluation: t.afterEvaluation,
    })));
    await repo.updateProject(trx, id, { status: 'contracted', updated_at: now });
    await auditAction(trx, caller, 'project.contract', { type: 'project', id }, { amount: input.amount, tranches: input.tranches.length });
  });
  return reload(deps, caller, id);
}

/** 进展报告: by the organisation that holds the contract (or a manager for it). */
export async function reportProgress(deps: Deps, caller: Caller, id: number, input: { body: string; participants: number; activityRef?: string; photoIds?: string[]; activityIds?: number[] }): Promise<ProjectDto> {
  const p = await readable(deps, caller, id);
  if (!p.organisation_id) wrongStatus(p.status);
  await actsFor(deps, caller, p.organisation_id, p.place_path);
  await deps.db.transaction().execute(async (trx) => {
    const locked = (await repo.lockProject(trx, id))!;
    if (!['contracted', 'evaluated'].includes(locked.status)) wrongStatus(locked.status);
    const rid = await repo.insertReport(trx, { district_id: caller.districtId, project_id: id, body: input.body, participants: input.participants, activity_ref: input.activityRef ?? null, created_by: caller.personId, created_at: deps.clock.now() });
    // Photos and linked activities go in with the report or not at all.
    await attachMedia(trx, caller, { id, organisation_id: p.organisation_id!, organisation_name: p.organisation_name ?? '' }, rid, input.photoIds ?? [], input.activityIds ?? []);
    await auditAction(trx, caller, 'project.report', { type: 'project', id }, { reportId: rid, photos: input.photoIds?.length ?? 0, activities: input.activityIds?.length ?? 0 });
  });
  return projectDto(deps, caller, (await repo.findProject(deps.db, id))!);
}

/**
 * 评估: residents, community and experts each score; 30/30/40 weighted; a pass opens the final tranche. When
 * residents of the places served have rated the project, the residents' component is computed from their ratings
 * (average stars × 20) and a score typed in is not used; with no rating yet it must be entered.
 */
export async function evaluate(deps: Deps, caller: Caller, id: number, input: { residentsScore?: number; communityScore: number; expertScore: number; note?: string }): Promise<ProjectDto> {
  await managed(deps, caller, id);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const locked = (await repo.lockProject(trx, id))!;
    if (locked.status !== 'contracted') wrongStatus(locked.status);
    const fromRatings = await repo.residentsComponent(trx, id);
    const residentsScore = fromRatings.score ?? input.residentsScore;
    if (residentsScore === undefined) throw new AppError('RESIDENTS_SCORE_REQUIRED');
    const { score, passed } = evaluationScore({ residentsScore, communityScore: input.communityScore, expertScore: input.expertScore });
    await repo.insertEvaluation(trx, {
      district_id: caller.districtId, project_id: id, residents_score: residentsScore, community_score: input.communityScore, expert_score: input.expertScore,
      score, passed, note: input.note ?? null, created_by: caller.personId, created_at: now, residents_ratings: fromRatings.count > 0 ? fromRatings.count : null,
    });
    if (passed) await repo.updateProject(trx, id, { status: 'evaluated', updated_at: now });
    await auditAction(trx, caller, 'project.evaluate', { type: 'project', id }, { score, passed, residentsRatings: fromRatings.count });
  });
  return reload(deps, caller, id);
}

/**
 * 支付: a tranche from the project's account to the organisation. The final tranche (after_evaluation) is refused
 * until a passing evaluation exists; a tranche larger than what the project still holds is refused by the ledger
 * (PROJECT_FUNDS_SHORT). Either way nothing is written. The same Idempotency-Key never pays twice.
 */
export async function payTranche(deps: Deps, caller: Caller, id: number, seq: number, key: string | undefined): Promise<ProjectDto> {
  const p = await managed(deps, caller, id);
  const now = deps.clock.now();
  await idempotent(deps, caller, `project.pay:${id}:${seq}`, key, { seq }, async (trx) => {
    const locked = (await repo.lockProject(trx, id))!;
    if (!['contracted', 'evaluated'].includes(locked.status)) wrongStatus(locked.status);
    const tranche = await repo.lockTranche(trx, id, seq);
    if (!tranche) throw new AppError('NOT_FOUND');
    if (tranche.paid_at) throw new AppError('TRANCHE_PAID');
    if (tranche.after_evaluation && !(await repo.hasPassingEvaluation(trx, id))) throw new AppError('EVALUATION_NOT_PASSED');
    const account = await findOwnedAccount(trx, 'project', id);
    if (!account) throw new AppError('PROJECT_FUNDS_SHORT', { needed: Number(tranche.amount), balance: 0 });
    const org = { id: p.organisation_id!, name: p.organisation_name ?? '' };
    const moved = await pay(trx, { districtId: caller.districtId, at: now, createdBy: caller.personId }, account, org, Number(tranche.amount), `${id}:${seq}`, `${p.title} 第${seq}期：${tranche.title}`);
    await repo.markTranchePaid(trx, tranche.id, now, moved!.entryId);
    await auditAction(trx, caller, 'project.pay', { type: 'project', id }, { seq, amount: Number(tranche.amount), entryId: moved!.entryId });
    return { entryId: moved!.entryId };
  });
  return reload(deps, caller, id);
}
