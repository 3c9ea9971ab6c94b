import { auditAction } from '../../platform/audit.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import type { Locale } from '../../platform/messages.ts';
import { notifyRoleHolders } from '../../platform/notifications.ts';
import { pathInScope, scopeFor } from '../../platform/scope.ts';
import { scheduleTimer, type TimerRunner } from '../../platform/timers.ts';
import { OPEN_STATUSES, type RequestStatus } from './lifecycle.ts';
import * as repo from './requests.repository.ts';
import { detail, TIMER } from './requests.service.ts';

/**
 * The clocks (DESIGN.md "SLA and escalation"): not accepted in time → the community; not resolved in time → the
 * street, and a return visit (回访) is due. A whistled department that does not acknowledge or act by its deadline
 * is marked against. Each handler runs in the transaction that marks its timer fired.
 */
export function registerRequestTimers(runner: TimerRunner): void {
  runner.on(TIMER.responseDue, async (trx, timer, now) => {
    const r = await repo.lockRequest(trx, timer.subjectId);
    if (r?.status !== 'submitted') return;
    const full = (await repo.findRequest(trx, r.id))!;
    const compound = (await repo.findPlaceBrief(trx, full.compound_id))!;
    await repo.updateRequest(trx, r.id, { escalation_level: 'community', updated_at: now });
    await repo.insertEvent(trx, { district_id: full.district_id, request_id: r.id, at: now, actor_id: null, kind: 'escalated', note: null, data: JSON.stringify({ to: 'community', reason: 'not_accepted_in_time' }) });
    await notifyRoleHolders(trx, full.district_id, 'community_worker', [compound.parent_id!], { kind: 'request.escalated', title: '诉求超时未受理，已升级到社区', body: full.description.slice(0, 80), link: `/requests/${r.id}` }, now);
    await emitEvent(trx, full.district_id, 'request.escalated', { requestId: r.id, to: 'community' });
  });

  runner.on(TIMER.resolutionDue, async (trx, timer, now) => {
    const r = await repo.lockRequest(trx, timer.subjectId);
    if (!r || r.status === 'cancelled' || r.status === 'merged') return;
    const full = (await repo.findRequest(trx, r.id))!;
    // 回访: when the deadline comes, the commissioner calls the resident back, whatever the state.
    await repo.insertReturnVisit(trx, { district_id: full.district_id, request_id: r.id, due_at: now });
    await notifyRoleHolders(trx, full.district_id, 'commissioner', [full.compound_id], { kind: 'request.return_visit', title: '诉求到期，请回访居民', link: `/requests/${r.id}` }, now);
    if (!OPEN_STATUSES.includes(r.status as RequestStatus)) return;
    const compound = (await repo.findPlaceBrief(trx, full.compound_id))!;
    const community = (await repo.findPlaceBrief(trx, compound.parent_id!))!;
    await repo.updateRequest(trx, r.id, { escalation_level: 'street', updated_at: now });
    await repo.insertEvent(trx, { district_id: full.district_id, request_id: r.id, at: now, actor_id: null, kind: 'escalated', note: null, data: JSON.stringify({ to: 'street', reason: 'not_resolved_in_time' }) });
    await notifyRoleHolders(trx, full.district_id, 'street_admin', [community.parent_id!], { kind: 'request.escalated', title: '诉求超时未办结，已升级到街道', body: full.description.slice(0, 80), link: `/requests/${r.id}` }, now);
    await emitEvent(trx, full.district_id, 'request.escalated', { requestId: r.id, to: 'street' });
  });

  runner.on(TIMER.autoClose, async (trx, timer, now) => {
    const r = await repo.lockRequest(trx, timer.subjectId);
    if (r?.status !== 'resolved') return;
    const full = (await repo.findRequest(trx, r.id))!;
    await repo.updateRequest(trx, r.id, { status: 'closed', closed_at: now, updated_at: now });
    await repo.insertEvent(trx, { district_id: full.district_id, request_id: r.id, at: now, actor_id: null, kind: 'auto_closed', from_status: 'resolved', to_status: 'closed', note: null });
  });

  for (const [kind, what] of [[TIMER.ackDue, 'ack'], [TIMER.actionDue, 'action']] as const) {
    runner.on(kind, async (trx, timer, now) => {
      const report = await repo.lockDepartmentReport(trx, timer.subjectId);
      if (!report) return;
      const done = what === 'ack' ? report.acknowledged_at : report.acted_at;
      if (done) return;
      await repo.updateDepartmentReport(trx, report.id, what === 'ack' ? { ack_missed: true } : { action_missed: true });
      await repo.insertEvent(trx, { district_id: report.district_id, request_id: report.request_id, at: now, actor_id: null, kind: 'report_missed', note: null, data: JSON.stringify({ departmentId: report.department_id, what }) });
      await emitEvent(trx, report.district_id, 'department.report_missed', { reportId: report.id, departmentId: report.department_id, what });
    });
  }
}

/** 街道吹哨: the street names departments, each of which must acknowledge (报到) and act by its deadline. */
export async function blowWhistle(
  deps: Deps,
  caller: Caller,
  id: number,
  input: { departmentIds: number[]; reason: string; ackMinutes?: number; actionMinutes?: number },
  locale: Locale,
) {
  const scope = scopeFor(caller.roles, 'requests.whistle');
  const r = await repo.findRequest(deps.db, id);
  if (!r || !pathInScope(scope, r.compound_path)) throw new AppError('NOT_FOUND');
  const departments = await repo.findDepartments(deps.db, r.district_id, [...new Set(input.departmentIds)]);
  if (departments.length !== new Set(input.departmentIds).size) throw new AppError('VALIDATION_FAILED', {}, { issues: [{ path: ['departmentIds'], message: 'unknown department' }] });
  const urgent = r.urgency === 'urgent';
  const now = deps.clock.now();
  const ackDueAt = new Date(now.getTime() + (input.ackMinutes ?? (urgent ? 30 : 120)) * 60_000);
  const actionDueAt = new Date(now.getTime() + (input.actionMinutes ?? (urgent ? 1440 : 3 * 1440)) * 60_000);
  const compound = (await repo.findPlaceBrief(deps.db, r.compound_id))!;
  const community = (await repo.findPlaceBrief(deps.db, compound.parent_id!))!;
  await deps.db.transaction().execute(async (trx) => {
    const locked = await repo.lockRequest(trx, id);
    const status = locked!.status as RequestStatus;
    if (!OPEN_STATUSES.includes(status)) throw new AppError('INVALID_TRANSITION', { status });
    const whistleId = await repo.insertWhistle(trx, { district_id: r.district_id, request_id: id, street_id: community.parent_id!, blown_by: caller.personId, reason: input.reason, blown_at: now });
    for (const d of departments) {
      const reportId = await repo.insertDepartmentReport(trx, { district_id: r.district_id, whistle_id: whistleId, request_id: id, department_id: d.id, ack_due_at: ackDueAt, action_due_at: actionDueAt });
      await scheduleTimer(trx, { districtId: r.district_id, kind: TIMER.ackDue, subjectId: reportId, dueAt: ackDueAt });
      await scheduleTimer(trx, { districtId: r.district_id, kind: TIMER.actionDue, subjectId: reportId, dueAt: actionDueAt });
    }
    await repo.updateRequest(trx, id, {
      status: status === 'in_progress' ? 'in_progress' : 'assigned',
      assignee_party: 'department',
      assignee_department_id: departments.length === 1 ? departments[0]!.id : null,
      escalation_level: 'street',
      ...(status === 'submitted' ? { accepted_at: now } : {}),
      updated_at: now,
    });
    await repo.insertEvent(trx, { district_id: r.district_id, request_id: id, at: now, actor_id: caller.personId, kind: 'whistle', from_status: status, to_status: status === 'in_progress' ? 'in_progress' : 'assigned', note: input.reason, data: JSON.stringify({ departments: departments.map((d) => d.name), ackDueAt, actionDueAt }) });
    await notifyRoleHolders(trx, r.district_id, 'department_staff', departments.map((d) => d.id), { kind: 'whistle', title: `街道吹哨：请于 ${ackDueAt.toISOString()} 前报到`, body: input.reason, link: `/requests/${id}` }, now);
    await emitEvent(trx, r.district_id, 'request.whistle', { requestId: id, whistleId, departments: departments.map((d) => d.id) });
    await auditAction(trx, caller, 'request.whistle', { type: 'request', id }, { departments: departments.map((d) => d.id) });
  });
  return detail(deps, caller, id, locale);
}

/** 部门报到: a department acknowledges, then records what it did; late answers are marked as missed. */
export async function departmentReport(deps: Deps, caller: Caller, reportId: number, step: 'ack' | 'action', note: string | undefined, locale: Locale) {
  const report = await repo.findDepartmentReport(deps.db, reportId);
  const mine = caller.roles.some((r) => r.role === 'department_staff' && r.placeId === report?.department_id);
  if (!report || !mine) throw new AppError('NOT_FOUND');
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const locked = (await repo.lockDepartmentReport(trx, reportId))!;
    if (step === 'ack') {
      if (locked.acknowledged_at) throw new AppError('INVALID_TRANSITION', { status: 'acknowledged' });
      await repo.updateDepartmentReport(trx, reportId, { acknowledged_at: now, acknowledged_by: caller.personId, ack_missed: locked.ack_missed || now > locked.ack_due_at });
    } else {
      if (locked.acted_at) throw new AppError('INVALID_TRANSITION', { status: 'acted' });
      if (!note) throw new AppError('VALIDATION_FAILED', {}, { issues: [{ path: ['note'], message: 'required' }] });
      await repo.updateDepartmentReport(trx, reportId, {
        ...(locked.acknowledged_at ? {} : { acknowledged_at: now, acknowledged_by: caller.personId, ack_missed: locked.ack_missed || now > locked.ack_due_at }),
        acted_at: now,
        action_note: note,
        action_missed: locked.action_missed || now > locked.action_due_at,
      });
    }
    await repo.insertEvent(trx, { district_id: report.district_id, request_id: report.request_id, at: now, actor_id: caller.personId, kind: step === 'ack' ? 'department_ack' : 'department_action', note: note ?? null, data: JSON.stringify({ departmentId: report.department_id }) });
    await auditAction(trx, caller, `department_report.${step}`, { type: 'department_report', id: reportId });
  });
  return detail(deps, caller, report.request_id, locale);
}

export async function recordReturnVisit(deps: Deps, caller: Caller, id: number, input: { reached: boolean; satisfied?: boolean; note?: string }, locale: Locale) {
  const scope = scopeFor(caller.roles, 'requests.handle');
  const r = await repo.findRequest(deps.db, id);
  if (!r || !pathInScope(scope, r.compound_path)) throw new AppError('NOT_FOUND');
  const visit = await repo.findReturnVisit(deps.db, id);
  if (!visit) throw new AppError('INVALID_TRANSITION', { status: r.status });
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await repo.updateReturnVisit(trx, id, { done_at: now, done_by: caller.personId, reached: input.reached, satisfied: input.satisfied ?? null, note: input.note ?? null });
    await repo.insertEvent(trx, { district_id: r.district_id, request_id: id, at: now, actor_id: caller.personId, kind: 'return_visit', note: input.note ?? null, data: JSON.stringify({ reached: input.reached, satisfied: input.satisfied ?? null }) });
    await auditAction(trx, caller, 'request.return_visit', { type: 'request', id });
  });
  return detail(deps, caller, id, locale);
}
