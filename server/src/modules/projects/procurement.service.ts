import { auditAction } from '../../platform/audit.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { assertInScope, scopeFor } from '../../platform/scope.ts';
import { inDirectory, organisationName } from '../organisations/index.ts';
import { projectDto } from './project-dto.ts';
import { actsFor, managed, readable, wrongStatus } from './project-access.ts';
import * as repo from './projects.repository.ts';
import { unansweredCount } from './objections.repository.ts';
import { NOTICE_DAYS, scoreAgainstRubric } from './rules.ts';
import type { ProjectDto } from './projects.schemas.ts';

/**
 * 政府采购: an approved project is bought either directly from an organisation in the purchase directory (名录库)
 * for its category, or through a venture-philanthropy round (公益创投): call → applications → expert scoring
 * against the rubric → public notice (公示) → award to the best average score.
 */

const reload = async (deps: Deps, caller: Caller, id: number) => projectDto(deps, caller, (await repo.findProject(deps.db, id))!);

export async function awardDirect(deps: Deps, caller: Caller, id: number, organisationId: number): Promise<ProjectDto> {
  const p = await managed(deps, caller, id);
  const org = await organisationName(deps, organisationId);
  if (!org || org.district_id !== caller.districtId) throw new AppError('NOT_FOUND');
  if (!(await inDirectory(deps, organisationId, p.category))) throw new AppError('NOT_IN_DIRECTORY', { category: p.category });
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const locked = (await repo.lockProject(trx, id))!;
    if (locked.status !== 'approved') wrongStatus(locked.status);
    await repo.updateProject(trx, id, { status: 'awarded', procurement: 'direct', organisation_id: organisationId, updated_at: now });
    await auditAction(trx, caller, 'project.award_direct', { type: 'project', id }, { organisationId });
  });
  return reload(deps, caller, id);
}

export async function openRound(deps: Deps, caller: Caller, id: number, input: { call: string; rubric: { key: string; label: string; max: number }[] }): Promise<ProjectDto> {
  await managed(deps, caller, id);
  if (new Set(input.rubric.map((r) => r.key)).size !== input.rubric.length) throw new AppError('VALIDATION_FAILED');
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const locked = (await repo.lockProject(trx, id))!;
    if (locked.status !== 'approved') wrongStatus(locked.status);
    const roundId = await repo.insertRound(trx, { district_id: caller.districtId, project_id: id, call_text: input.call, rubric: JSON.stringify(input.rubric), status: 'open', created_at: now });
    await repo.updateProject(trx, id, { status: 'procuring', procurement: 'round', updated_at: now });
    await auditAction(trx, caller, 'project.round_open', { type: 'project', id }, { roundId });
  });
  return reload(deps, caller, id);
}

async function roundOfProject(deps: Deps, id: number) {
  const round = await repo.roundOf(deps.db, id);
  if (!round) throw new AppError('NOT_FOUND');
  return round;
}

/** 申报: an organisation (through its staff, or a manager on its behalf) applies once to an open round. */
export async function apply(deps: Deps, caller: Caller, id: number, input: { organisationId: number; proposal: string; amount: number }): Promise<ProjectDto> {
  const p = await repo.findProject(deps.db, id);
  if (!p || p.district_id !== caller.districtId) throw new AppError('NOT_FOUND');
  const org = await organisationName(deps, input.organisationId);
  if (!org || org.district_id !== caller.districtId) throw new AppError('NOT_FOUND');
  await actsFor(deps, caller, input.organisationId, p.place_path);
  const round = await roundOfProject(deps, id);
  if (input.amount > Number(p.budget_total)) throw new AppError('CONTRACT_OVER_BUDGET', { amount: input.amount, budget: Number(p.budget_total) });
  await deps.db.transaction().execute(async (trx) => {
    const locked = (await repo.lockRound(trx, round.id))!;
    if (locked.status !== 'open') throw new AppError('ROUND_WRONG_STATUS', { status: locked.status });
    const appId = await repo.insertApplication(trx, { district_id: caller.districtId, round_id: round.id, organisation_id: input.organisationId, proposal: input.proposal, amount: input.amount, created_at: deps.clock.now() });
    if (appId === undefined) throw new AppError('CONFLICT');
    await auditAction(trx, caller, 'project.round_apply', { type: 'project', id }, { applicationId: appId, organisationId: input.organisationId });
  });
  return projectDto(deps, caller, await readable(deps, caller, id));
}

/** 截止申报: the call closes and scoring starts; a round with no application cannot close. */
export async function closeCall(deps: Deps, caller: Caller, id: number): Promise<ProjectDto> {
  await managed(deps, caller, id);
  const round = await roundOfProject(deps, id);
  await deps.db.transaction().execute(async (trx) => {
    const locked = (await repo.lockRound(trx, round.id))!;
    if (locked.status !== 'open') throw new AppError('ROUND_WRONG_STATUS', { status: locked.status });
    const apps = await repo.applicationsOf(trx, round.id);
    if (apps.length === 0) throw new AppError('ROUND_TOO_FEW_SCORED', { scored: 0, total: 0 });
    await repo.updateRound(trx, round.id, { status: 'scoring' });
    await auditAction(trx, caller, 'project.round_close_call', { type: 'project', id }, { applications: apps.length });
  });
  return reload(deps, caller, id);
}

/** 专家评分: each expert scores each application once, criterion by criterion, within the rubric. */
export async function scoreApplication(deps: Deps, caller: Caller, id: number, applicationId: number, scores: Record<string, number>): Promise<ProjectDto> {
  const p = await repo.findProject(deps.db, id);
  if (!p || p.district_id !== caller.districtId) throw new AppError('NOT_FOUND');
  assertInScope(scopeFor(caller.roles, 'projects.score'), p.place_path);
  const round = await roundOfProject(deps, id);
  const app = await repo.findApplication(deps.db, applicationId);
  if (!app || app.round_id !== round.id) throw new AppError('NOT_FOUND');
  const total = scoreAgainstRubric(round.rubric, scores);
  await deps.db.transaction().execute(async (trx) => {
    const locked = (await repo.lockRound(trx, round.id))!;
    if (locked.status !== 'scoring') throw new AppError('ROUND_WRONG_STATUS', { status: locked.status });
    const ok = await repo.insertScore(trx, { district_id: caller.districtId, application_id: applicationId, expert_id: caller.personId, scores: JSON.stringify(scores), total, created_at: deps.clock.now() });
    if (!ok) throw new AppError('ALREADY_SCORED');
    await auditAction(trx, caller, 'project.round_score', { type: 'project', id }, { applicationId, total });
  });
  return projectDto(deps, caller, p);
}

/** 公示: every application scored; the best average leads; the notice runs the configured days (5 by default). */
export async function startNotice(deps: Deps, caller: Caller, id: number): Promise<ProjectDto> {
  await managed(deps, caller, id);
  const round = await roundOfProject(deps, id);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const locked = (await repo.lockRound(trx, round.id))!;
    if (locked.status !== 'scoring') throw new AppError('ROUND_WRONG_STATUS', { status: locked.status });
    const apps = await repo.applicationsOf(trx, round.id);
    const scored = apps.filter((a) => Number(a.scorers) > 0);
    if (scored.length < apps.length || apps.length === 0) throw new AppError('ROUND_TOO_FEW_SCORED', { scored: scored.length, total: apps.length });
    // Best average; a tie goes to the earlier application.
    const leader = [...scored].sort((a, b) => Number(b.average) - Number(a.average) || a.id - b.id)[0]!;
    await repo.updateRound(trx, round.id, { status: 'notice', leading_application_id: leader.id, notice_ends_at: new Date(now.getTime() + (deps.config.noticeDays ?? NOTICE_DAYS) * 86_400_000) });
    await auditAction(trx, caller, 'project.round_notice', { type: 'project', id }, { leader: leader.id, average: Number(leader.average) });
  });
  return reload(deps, caller, id);
}

/** 确定承接方: after the notice period, with every objection raised during it answered, the leading application wins the project. */
export async function awardRound(deps: Deps, caller: Caller, id: number): Promise<ProjectDto> {
  const p = await managed(deps, caller, id);
  const round = await roundOfProject(deps, id);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const locked = (await repo.lockRound(trx, round.id))!;
    if (locked.status !== 'notice') throw new AppError('ROUND_WRONG_STATUS', { status: locked.status });
    if (locked.notice_ends_at! > now) throw new AppError('NOTICE_NOT_OVER', { until: locked.notice_ends_at!.toISOString().slice(0, 16).replace('T', ' ') + ' UTC' });
    const unanswered = await unansweredCount(trx, round.id);
    if (unanswered > 0) throw new AppError('OBJECTIONS_UNANSWERED', { count: unanswered });
    const app = (await repo.findApplication(trx, locked.leading_application_id!))!;
    const project = (await repo.lockProject(trx, id))!;
    if (project.status !== 'procuring') wrongStatus(project.status);
    await repo.updateRound(trx, round.id, { status: 'awarded' });
    await repo.updateProject(trx, id, { status: 'awarded', organisation_id: app.organisation_id, updated_at: now });
    await auditAction(trx, caller, 'project.round_award', { type: 'project', id }, { applicationId: app.id, organisationId: app.organisation_id });
  });
  return reload(deps, caller, p.id);
}
