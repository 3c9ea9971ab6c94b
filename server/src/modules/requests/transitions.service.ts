import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { auditAction } from '../../platform/audit.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import type { Locale } from '../../platform/messages.ts';
import { notifyPerson, notifyRoleHolders } from '../../platform/notifications.ts';
import { cancelTimer, scheduleTimer } from '../../platform/timers.ts';
import { requestAccess } from './access.ts';
import { canApply, nextStatus, REOPEN_WINDOW_MS, type RequestAction, type RequestStatus } from './lifecycle.ts';
import * as repo from './requests.repository.ts';
import { deadlines, detailAfterAction, mayAct, TIMER } from './requests.service.ts';

type Trx = Transaction<Database>;

export type ActionInput = {
  note?: string;
  reason?: string;
  party?: string;
  departmentId?: number;
  photoIds?: string[];
  rating?: number;
  comment?: string;
  intoId?: number;
};

const PARTY_NAMES: Record<string, string> = {
  property: '物业',
  owners_committee: '业委会',
  self_management_committee: '自管会',
  residents_committee: '居委会',
  department: '职能部门',
};
const ROLE_OF_PARTY: Record<string, string> = {
  property: 'property_staff',
  owners_committee: 'owners_committee',
  self_management_committee: 'self_management_committee',
  residents_committee: 'residents_committee',
};

/**
 * One step of a request's life, in one transaction: the row is locked, the step checked against the current
 * status and the caller's roles, the change and its timeline event written together.
 */
export async function act(deps: Deps, caller: Caller, id: number, action: RequestAction, input: ActionInput, locale: Locale) {
  const own = action === 'confirm' || action === 'reopen' || action === 'cancel';
  const visible = own || (await repo.canSee(deps.db, requestAccess(caller), id));
  const r = visible ? await repo.findRequest(deps.db, id) : undefined;
  if (!r) throw new AppError('NOT_FOUND');
  if (!mayAct(caller, r, action)) throw new AppError(own ? 'NOT_FOUND' : 'FORBIDDEN');
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const locked = await repo.lockRequest(trx, id);
    const status = locked!.status as RequestStatus;
    if (!canApply(action, status)) throw new AppError('INVALID_TRANSITION', { status });
    const to = nextStatus(action);
    const event = (kind: string, note: string | null, data?: Record<string, unknown>) =>
      repo.insertEvent(trx, { district_id: r.district_id, request_id: id, at: now, actor_id: caller.personId, kind, from_status: status, to_status: to, note, data: data ? JSON.stringify(data) : null });
    switch (action) {
      case 'accept':
        await repo.updateRequest(trx, id, { status: to, accepted_at: now, updated_at: now });
        await cancelTimer(trx, TIMER.responseDue, id);
        await event('accepted', input.note ?? null);
        break;
      case 'assign':
        await assign(deps, trx, caller, r, status, input, now);
        break;
      case 'start':
        await repo.updateRequest(trx, id, { status: to, updated_at: now });
        await event('started', input.note ?? null);
        break;
      case 'resolve': {
        if (!input.note) throw new AppError('VALIDATION_FAILED', {}, { issues: [{ path: ['note'], message: 'required' }] });
        const photos = input.photoIds ?? [];
        if ((await repo.attachPhotos(trx, photos, id, caller.personId, 'resolution')) !== photos.length) throw new AppError('PHOTO_NOT_FOUND');
        await repo.updateRequest(trx, id, { status: to, resolved_at: now, updated_at: now });
        await cancelTimer(trx, TIMER.resolutionDue, id);
        await scheduleTimer(trx, { districtId: r.district_id, kind: TIMER.autoClose, subjectId: id, dueAt: new Date(now.getTime() + REOPEN_WINDOW_MS) });
        await event('resolved', input.note, { photos: photos.length });
        if (r.resident_id) await notifyPerson(trx, r.district_id, r.resident_id, { kind: 'request.resolved', title: '您的诉求已办结，请评价', link: `/h5/requests/${id}` }, now);
        break;
      }
      case 'confirm':
        if (!input.rating) throw new AppError('VALIDATION_FAILED', {}, { issues: [{ path: ['rating'], message: 'required' }] });
        await repo.updateRequest(trx, id, { status: to, rating: input.rating, rating_comment: input.comment || null, closed_at: now, updated_at: now });
        await cancelTimer(trx, TIMER.autoClose, id);
        await event('rated', input.comment ?? null, { rating: input.rating });
        break;
      case 'reopen': {
        const resolvedAt = r.resolved_at ?? now;
        if (now.getTime() - resolvedAt.getTime() > REOPEN_WINDOW_MS) throw new AppError('REOPEN_WINDOW_CLOSED');
        if (!input.reason) throw new AppError('VALIDATION_FAILED', {}, { issues: [{ path: ['reason'], message: 'required' }] });
        const category = (await repo.findCategory(trx, r.category_id))!;
        const due = await deadlines(trx, r.district_id, category, r.urgency === 'urgent', now);
        await repo.updateRequest(trx, id, { status: to, resolved_at: null, closed_at: null, rating: null, rating_comment: null, resolution_due_at: due.resolutionDueAt, reopen_count: r.reopen_count + 1, updated_at: now });
        await cancelTimer(trx, TIMER.autoClose, id);
        await scheduleTimer(trx, { districtId: r.district_id, kind: TIMER.resolutionDue, subjectId: id, dueAt: due.resolutionDueAt });
        await event('reopened', input.reason);
        await notifyRoleHolders(trx, r.district_id, 'commissioner', [r.compound_id], { kind: 'request.reopened', title: '居民重新打开了诉求', body: input.reason, link: `/requests/${id}` }, now);
        break;
      }
      case 'cancel':
        await repo.updateRequest(trx, id, { status: to, closed_at: now, updated_at: now });
        await cancelTimer(trx, TIMER.responseDue, id);
        await cancelTimer(trx, TIMER.resolutionDue, id);
        await event('cancelled', input.reason ?? null);
        break;
      case 'dispute':
        if (!input.reason) throw new AppError('VALIDATION_FAILED', {}, { issues: [{ path: ['reason'], message: 'required' }] });
        await repo.updateRequest(trx, id, { status: to, assignee_party: null, assignee_department_id: null, updated_at: now });
        await event('disputed', input.reason, { party: r.assignee_party });
        await notifyRoleHolders(trx, r.district_id, 'commissioner', [r.compound_id], { kind: 'request.disputed', title: '派单有异议，请重新分派', body: input.reason, link: `/requests/${id}` }, now);
        break;
      case 'merge': {
        if (!input.intoId || input.intoId === id) throw new AppError('VALIDATION_FAILED', {}, { issues: [{ path: ['intoId'], message: 'another request' }] });
        if (!(await repo.canSee(trx, requestAccess(caller), input.intoId))) throw new AppError('NOT_FOUND');
        const into = await repo.lockRequest(trx, input.intoId);
        if (!into || ['cancelled', 'merged', 'closed'].includes(into.status)) throw new AppError('INVALID_TRANSITION', { status: into?.status ?? '' });
        await repo.updateRequest(trx, id, { status: to, merged_into: input.intoId, closed_at: now, updated_at: now });
        for (const kind of [TIMER.responseDue, TIMER.resolutionDue]) await cancelTimer(trx, kind, id);
        await event('merged', null, { into: input.intoId });
        await repo.insertEvent(trx, { district_id: r.district_id, request_id: input.intoId, at: now, actor_id: caller.personId, kind: 'duplicate_merged', note: null, data: JSON.stringify({ from: id }) });
        break;
      }
    }
    await emitEvent(trx, r.district_id, `request.${action}`, { requestId: id, from: status, to });
    await auditAction(trx, caller, `request.${action}`, { type: 'request', id });
  });
  return detailAfterAction(deps, caller, id, locale);
}

/** Route to a party (the category's by default); committees resolve to the compound's own 业委会 or 自管会. */
async function assign(deps: Deps, trx: Trx, caller: Caller, r: repo.RequestRow, status: RequestStatus, input: ActionInput, now: Date) {
  const category = (await repo.findCategory(trx, r.category_id))!;
  let party = input.party ?? category.default_party;
  const compound = (await repo.findCompound(trx, r.compound_id))!;
  if (party === 'owners_committee' || party === 'self_management_committee') {
    if (compound.committee_type === 'none' || !compound.committee_type) throw new AppError('NO_SUCH_PARTY', { party: '业委会或自管会' });
    party = compound.committee_type;
  }
  let departmentId: number | null = null;
  if (party === 'department') {
    if (!input.departmentId) throw new AppError('VALIDATION_FAILED', {}, { issues: [{ path: ['departmentId'], message: 'required for a department' }] });
    const [dept] = await repo.findDepartments(trx, r.district_id, [input.departmentId]);
    if (!dept) throw new AppError('NOT_FOUND');
    departmentId = dept.id;
  }
  await repo.updateRequest(trx, r.id, {
    status: 'assigned',
    assignee_party: party,
    assignee_department_id: departmentId,
    ...(status === 'submitted' ? { accepted_at: now } : {}),
    updated_at: now,
  });
  if (status === 'submitted') await cancelTimer(trx, TIMER.responseDue, r.id);
  await repo.insertEvent(trx, {
    district_id: r.district_id, request_id: r.id, at: now, actor_id: caller.personId, kind: 'assigned', from_status: status, to_status: 'assigned',
    note: input.note ?? null, data: JSON.stringify({ party, departmentId }),
  });
  const notice = { kind: 'request.assigned', title: `派单：${category.name_zh}（${PARTY_NAMES[party]}）`, body: r.description.slice(0, 80), link: `/requests/${r.id}` };
  if (departmentId) await notifyRoleHolders(trx, r.district_id, 'department_staff', [departmentId], notice, now);
  else await notifyRoleHolders(trx, r.district_id, ROLE_OF_PARTY[party]!, [r.compound_id], notice, now);
}

/** Bulk routing from the queue: each request in its own step, so one refusal does not undo the others. */
export async function bulkAssign(deps: Deps, caller: Caller, ids: number[], input: ActionInput, locale: Locale) {
  const results: { id: number; ok: boolean; code?: string }[] = [];
  for (const id of ids) {
    try {
      await act(deps, caller, id, 'assign', input, locale);
      results.push({ id, ok: true });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      results.push({ id, ok: false, code: err.code });
    }
  }
  return { results };
}
