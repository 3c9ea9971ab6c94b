import type { Caller, Deps } from '../../platform/context.ts';
import { hasPermission } from '../../platform/scope.ts';
import { objectionsOf, type ObjectionRow } from './objections.repository.ts';
import { activitiesOfReports, photosOfReports } from './report-media.repository.ts';
import type { ServiceCategory } from '../organisations/index.ts';
import * as repo from './projects.repository.ts';
import { allocationsOf, ratioLabel } from '../funds/index.ts';
import { canApproveAt, type ApprovalLevel } from './rules.ts';
import type { ProjectDto } from './projects.schemas.ts';

/** 公示异议 as shown: who objected and who answered only to project staff. */
export function objectionDto(o: ObjectionRow, showNames: boolean) {
  return {
    id: o.id, reason: o.reason, raisedAt: o.raised_at.toISOString(), raisedBy: showNames ? o.raised_by_name : null,
    answer: o.answer, answeredAt: o.answered_at?.toISOString() ?? null, answeredBy: showNames ? o.answered_by_name : null,
  };
}

export function projectSummary(p: repo.ProjectRow) {
  return {
    id: p.id, title: p.title, category: p.category as ServiceCategory, place: { id: p.place_id, name: p.place_name }, status: p.status,
    budgetTotal: Number(p.budget_total), allocated: Number(p.allocated), paid: Number(p.paid), balance: Number(p.balance),
    approvalLevel: p.approval_level, organisation: p.organisation_id ? { id: p.organisation_id, name: p.organisation_name ?? '' } : null,
    procurement: p.procurement, brand: p.brand, demandId: p.demand_id, createdAt: p.created_at.toISOString(),
  };
}

export function callerCanApprove(caller: Caller, p: { place_path: string; approval_level: ApprovalLevel }): boolean {
  if (!hasPermission(caller.roles, 'projects.approve')) return false;
  return caller.roles.some((r) => ['district_admin', 'street_admin', 'community_worker'].includes(r.role) && canApproveAt(r.placePath, p.place_path, p.approval_level));
}

export async function projectDto(deps: Deps, caller: Caller | null, p: repo.ProjectRow): Promise<ProjectDto> {
  const db = deps.db;
  const [residents, allocations, lines, round, contract, tranches, reports, evaluations, rating] = await Promise.all([
    repo.residentsComponent(db, p.id), allocationsOf(db, p.id), repo.budgetLines(db, p.id), repo.roundOf(db, p.id), repo.contractOf(db, p.id), repo.tranchesOf(db, p.id), repo.reportsOf(db, p.id),
    repo.evaluationsOf(db, p.id), repo.ratingSummary(db, p.id, caller?.personId ?? null),
  ]);
  const reportIds = reports.map((r) => r.id);
  const [photos, activities] = await Promise.all([photosOfReports(db, reportIds), activitiesOfReports(db, reportIds)]);
  let roundDto: ProjectDto['round'] = null;
  if (round) {
    const apps = await repo.applicationsOf(db, round.id);
    const objections = await objectionsOf(db, round.id);
    const staff = caller !== null && hasPermission(caller.roles, 'projects.manage');
    const mine = caller ? new Set((await repo.scoresBy(db, round.id, caller.personId)).map((s) => s.application_id)) : new Set<number>();
    roundDto = {
      id: round.id, call: round.call_text, rubric: round.rubric, status: round.status, noticeEndsAt: round.notice_ends_at?.toISOString() ?? null,
      leadingApplicationId: round.leading_application_id,
      objections: objections.map((o) => objectionDto(o, staff)),
      applications: apps.map((a) => ({
        id: a.id, organisation: { id: a.organisation_id, name: a.organisation_name }, proposal: a.proposal, amount: Number(a.amount),
        average: a.average === null ? null : Number(a.average), scorers: Number(a.scorers), scoredByMe: mine.has(a.id),
      })),
    };
  }
  return {
    ...projectSummary(p),
    goals: p.goals, beneficiaries: p.beneficiaries,
    budgetLines: lines.map((l) => ({ item: l.item, amount: Number(l.amount) })),
    decidedAt: p.decided_at?.toISOString() ?? null, decisionNote: p.decision_note,
    round: roundDto,
    contract: contract ? { startsOn: contract.starts_on, endsOn: contract.ends_on, termReason: contract.term_reason, amount: Number(contract.amount), signedAt: contract.signed_at.toISOString() } : null,
    tranches: tranches.map((t) => ({ seq: t.seq, title: t.title, amount: Number(t.amount), dueOn: t.due_on, afterEvaluation: t.after_evaluation, paidAt: t.paid_at?.toISOString() ?? null })),
    reports: reports.map((r) => ({
      id: r.id, body: r.body, participants: r.participants, activityRef: r.activity_ref, author: r.author, at: r.created_at.toISOString(),
      photos: photos.filter((ph) => ph.report_id === r.id).map((ph) => ({ id: ph.id, url: `/api/project-photos/${ph.id}` })),
      activities: activities.filter((a) => a.report_id === r.id).map((a) => ({ id: a.id, title: a.title, startsAt: a.starts_at.toISOString() })),
    })),
    residentsComponent: residents,
    evaluations: evaluations.map((e) => ({ id: e.id, residentsRatings: e.residents_ratings, residentsScore: e.residents_score, communityScore: e.community_score, expertScore: e.expert_score, score: e.score, passed: e.passed, note: e.note, at: e.created_at.toISOString() })),
    rating,
    allocations: allocations.map((a) => ({
      id: a.id, mode: a.mode, amount: Number(a.amount), poolAmount: Number(a.pool_amount), streetAmount: Number(a.street_amount),
      fund: a.fund_id ? { id: a.fund_id, name: a.fund_name ?? '' } : null,
      rule: a.street_per_mille === null ? null : {
        id: a.rule_id, streetPerMille: a.street_per_mille, ratio: ratioLabel(a.street_per_mille),
        capPerProject: a.cap_per_project === null ? null : Number(a.cap_per_project), capPerStreetYear: a.cap_per_street_year === null ? null : Number(a.cap_per_street_year),
      },
      at: a.created_at.toISOString(),
    })),
    canApprove: caller ? p.status === 'proposed' && callerCanApprove(caller, p) : false,
  };
}
