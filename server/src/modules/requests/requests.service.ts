import { auditAction, type Executor } from '../../platform/audit.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import type { Locale } from '../../platform/messages.ts';
import { notifyRoleHolders } from '../../platform/notifications.ts';
import { hasPermission, pathInScope, scopeFor } from '../../platform/scope.ts';
import { scheduleTimers } from '../../platform/timers.ts';
import { addDeadline, DEFAULT_WINDOWS, type WorkCalendar } from '../../platform/working-time.ts';
import { livesUnder } from '../people/index.ts';
import { requestAccess } from './access.ts';
import { cachedDistrictSetup, districtSetupGeneration, rememberDistrictSetup, type DistrictSetup } from './categories.ts';
import { iso, requestSummaryDto } from './dto.ts';
import * as raise from './raise.repository.ts';
import * as repo from './requests.repository.ts';
import type { QueueQuery, RaiseForInput, RaiseInput, RequestDetail } from './requests.schemas.ts';
import { ACTIONS, canApply, type RequestAction, type RequestStatus } from './lifecycle.ts';
import { ensureDistrictSetup } from './setup.service.ts';

export const TIMER = {
  responseDue: 'request.response_due',
  resolutionDue: 'request.resolution_due',
  autoClose: 'request.auto_close',
  ackDue: 'report.ack_due',
  actionDue: 'report.action_due',
} as const;

/**
 * Urgent matters run on calendar time at half the category's limits. The calendar is read from `db` unless the
 * caller already holds it (createRequest: from the district setup cache).
 */
export async function deadlines(
  db: Executor, districtId: number, category: { response_minutes: number; resolution_minutes: number; working_time: boolean }, urgent: boolean, from: Date,
  knownCalendar?: WorkCalendar,
) {
  const calendar = knownCalendar ?? (await readCalendar(db, districtId));
  const working = category.working_time && !urgent;
  const factor = urgent ? 0.5 : 1;
  return {
    responseDueAt: addDeadline(from, Math.ceil(category.response_minutes * factor), working, calendar),
    resolutionDueAt: addDeadline(from, Math.ceil(category.resolution_minutes * factor), working, calendar),
  };
}

/** The district's working-time calendar (节假日与调休) as deadlines read it. */
export async function readCalendar(db: Executor, districtId: number): Promise<WorkCalendar> {
  const rows = await raise.listHolidayDays(db, districtId);
  return { windows: DEFAULT_WINDOWS, days: new Map(rows.map((r) => [r.day, r.kind as 'holiday' | 'workday'])) };
}

/**
 * A district's categories and working-time calendar, from this process's cache (categories.ts) or read once, the
 * defaults created the first time. Reads through `deps.db`: never call it inside a transaction (PGlite has one
 * connection).
 */
export async function districtSetup(deps: Deps, districtId: number): Promise<DistrictSetup> {
  const hit = cachedDistrictSetup(deps.db, districtId);
  if (hit) return hit;
  const generation = districtSetupGeneration(districtId);
  await ensureDistrictSetup(deps.db, districtId);
  const categories = await repo.listCategories(deps.db, districtId);
  const calendar = await readCalendar(deps.db, districtId);
  const setup = { categories, calendar };
  rememberDistrictSetup(deps.db, districtId, generation, setup);
  return setup;
}

type Compound = NonNullable<Awaited<ReturnType<typeof repo.findCompound>>>;

type NewRequest = {
  compoundId: number;
  /** The compound when the caller has just read it (raiseAsResident), so it is not read twice. */
  compound?: Compound;
  input: RaiseInput | RaiseForInput;
  residentId: number | null;
  channel: 'h5' | 'phone' | 'walk_in' | 'visit' | 'open311';
  idempotencyKey: string | undefined;
};

/** What raising wrote, enough to answer without reading it back. */
type Written = {
  row: repo.RequestRow;
  event: { id: number; at: Date; data: Record<string, unknown> };
  photos: { id: string; purpose: 'report' | 'resolution' }[];
  location: { id: number; name: string } | null;
};

/** `written` is absent when the Idempotency-Key had already made the request (the caller reads it). */
export type Raised = { id: number; written?: Written };

export async function createRequest(deps: Deps, caller: Caller, n: NewRequest): Promise<number> {
  return (await raiseRequest(deps, caller, n)).id;
}

export async function raiseRequest(deps: Deps, caller: Caller, n: NewRequest): Promise<Raised> {
  if (n.idempotencyKey) {
    const existing = await repo.findByIdempotencyKey(deps.db, caller.personId, n.idempotencyKey);
    if (existing) return { id: existing.id };
  }
  const compound = n.compound?.id === n.compoundId ? n.compound : await repo.findCompound(deps.db, n.compoundId);
  if (!compound || compound.kind !== 'compound') throw new AppError('NOT_FOUND');
  const setup = await districtSetup(deps, compound.district_id);
  let category = setup.categories.find((c) => c.id === n.input.categoryId);
  if (!category) {
    // Not in this process's copy: perhaps created on another instance since it was read. Ask the database.
    category = await repo.findCategory(deps.db, n.input.categoryId);
  }
  if (!category || category.district_id !== compound.district_id || !category.active) {
    throw new AppError('VALIDATION_FAILED', {}, { issues: [{ path: ['categoryId'], message: 'unknown category' }] });
  }
  let location: { id: number; name: string } | null = null;
  if (n.input.locationPlaceId) {
    const loc = await repo.findPlaceBrief(deps.db, n.input.locationPlaceId);
    if (!loc || !loc.path.startsWith(compound.path) || loc.id === compound.id) {
      throw new AppError('VALIDATION_FAILED', {}, { issues: [{ path: ['locationPlaceId'], message: 'not a place inside this compound' }] });
    }
    location = { id: loc.id, name: loc.name };
  }
  const now = deps.clock.now();
  const cat = category;
  const due = await deadlines(deps.db, compound.district_id, cat, n.input.urgency === 'urgent', now, setup.calendar);
  try {
    return await deps.db.transaction().execute(async (trx): Promise<Raised> => {
      const row = await raise.insertRequestReturning(trx, {
        district_id: compound.district_id,
        compound_id: compound.id,
        compound_path: compound.path,
        category_id: cat.id,
        type: n.input.type,
        description: n.input.description,
        location_place_id: n.input.locationPlaceId ?? null,
        location_text: n.input.locationText || null,
        urgency: n.input.urgency,
        status: 'submitted',
        resident_id: n.residentId,
        raised_by: caller.personId,
        channel: n.channel,
        response_due_at: due.responseDueAt,
        resolution_due_at: due.resolutionDueAt,
        idempotency_key: n.idempotencyKey ?? null,
        created_at: now,
        updated_at: now,
      });
      const id = row.id;
      const photos = await raise.attachPhotosReturning(trx, n.input.photoIds, id, caller.personId, 'report');
      if (photos.length !== n.input.photoIds.length) throw new AppError('PHOTO_NOT_FOUND');
      const data = { channel: n.channel, photos: photos.length };
      const event = await raise.insertEventReturning(trx, { district_id: compound.district_id, request_id: id, at: now, actor_id: caller.personId, kind: 'raised', to_status: 'submitted', data: JSON.stringify(data) });
      await scheduleTimers(trx, [
        { districtId: compound.district_id, kind: TIMER.responseDue, subjectId: id, dueAt: due.responseDueAt },
        { districtId: compound.district_id, kind: TIMER.resolutionDue, subjectId: id, dueAt: due.resolutionDueAt },
      ]);
      await notifyRoleHolders(trx, compound.district_id, 'commissioner', [compound.id], { kind: 'request.raised', title: `新诉求：${cat.name_zh}`, body: n.input.description.slice(0, 80), link: `/requests/${id}` }, now);
      await emitEvent(trx, compound.district_id, 'request.raised', { requestId: id, compoundId: compound.id, categoryId: cat.id, urgency: n.input.urgency });
      await auditAction(trx, caller, 'request.raise', { type: 'request', id }, { channel: n.channel });
      return {
        id,
        written: {
          row: { ...row, compound_name: compound.name, category_zh: cat.name_zh, category_en: cat.name_en },
          event: { id: event.id, at: event.at, data },
          photos: photos.map((p) => ({ id: p.id, purpose: p.purpose })),
          location,
        },
      };
    });
  } catch (err) {
    // Two submissions with the same key at once: the unique index lets one through; the other returns it.
    if (n.idempotencyKey && (err as { code?: string }).code === '23505') {
      const existing = await repo.findByIdempotencyKey(deps.db, caller.personId, n.idempotencyKey);
      if (existing) return { id: existing.id };
    }
    throw err;
  }
}

/** 随时呼叫: a resident raises a request for the compound they live in. */
export async function raiseAsResident(deps: Deps, caller: Caller, input: RaiseInput, idempotencyKey: string | undefined, locale: Locale) {
  if (!hasPermission(caller.roles, 'requests.raise')) throw new AppError('FORBIDDEN');
  const compound = await repo.findCompound(deps.db, input.compoundId);
  if (!compound || !(await livesUnder(deps.db, caller.personId, compound.path, deps.clock.now()))) throw new AppError('NOT_A_RESIDENT');
  const raised = await raiseRequest(deps, caller, { compoundId: input.compoundId, compound, input, residentId: caller.personId, channel: 'h5', idempotencyKey });
  // The resident is the caller; a replayed key answers with the request as it is now.
  if (raised.written) return newRequestDetail(deps, caller, raised.written, { id: caller.personId, name: caller.name }, locale);
  return residentView(deps, caller, raised.id, locale);
}

/** Staff raise a request for a resident who phoned, walked in, or was visited. */
export async function raiseForResident(deps: Deps, caller: Caller, input: RaiseForInput, idempotencyKey: string | undefined, locale: Locale) {
  const scope = scopeFor(caller.roles, 'requests.raise_for');
  const compound = await repo.findCompound(deps.db, input.compoundId);
  if (!compound || !pathInScope(scope, compound.path)) throw new AppError('NOT_FOUND');
  if (input.residentId && !(await livesUnder(deps.db, input.residentId, compound.path, deps.clock.now()))) throw new AppError('NOT_A_RESIDENT');
  const id = await createRequest(deps, caller, { compoundId: input.compoundId, input, residentId: input.residentId ?? null, channel: input.channel, idempotencyKey });
  return detail(deps, caller, id, locale);
}

export async function queue(deps: Deps, caller: Caller, q: QueueQuery, locale: Locale) {
  const access = requestAccess(caller);
  let placePath: string | undefined;
  if (q.placeId) {
    const place = await repo.findPlaceBrief(deps.db, q.placeId);
    if (!place) throw new AppError('NOT_FOUND');
    placePath = place.path;
  }
  const now = deps.clock.now();
  const page = await repo.listQueue(deps.db, access, q, placePath, now);
  return { total: page.total, items: page.items.map((r) => requestSummaryDto(r, locale, now)) };
}

async function visibleRequest(deps: Deps, caller: Caller, id: number) {
  const access = requestAccess(caller);
  if (!(await repo.canSee(deps.db, access, id))) throw new AppError('NOT_FOUND');
  return (await repo.findRequest(deps.db, id))!;
}

const STAFF_ACTIONS: Record<string, 'requests.handle' | 'requests.work'> = {
  accept: 'requests.handle', assign: 'requests.handle', merge: 'requests.handle',
  start: 'requests.work', resolve: 'requests.work', dispute: 'requests.work',
};

type Actionable = { status: string; compound_path: string; resident_id: number | null; raised_by: number };

/** Whether the caller's roles allow this step on this request, whatever its status. */
export function mayAct(caller: Caller, r: Actionable, action: RequestAction): boolean {
  if (action === 'confirm' || action === 'reopen' || action === 'cancel') return r.resident_id === caller.personId || r.raised_by === caller.personId;
  const permission = STAFF_ACTIONS[action]!;
  if (!hasPermission(caller.roles, permission)) return false;
  // First-receiver steps need authority over the compound itself, not just a party's view of it.
  return permission === 'requests.work' || pathInScope(scopeFor(caller.roles, permission), r.compound_path);
}

/** What this caller may do next on this request: the workbench shows these buttons and no others. */
export function allowedActions(caller: Caller, r: Actionable): RequestAction[] {
  return ACTIONS.filter((a) => canApply(a, r.status as RequestStatus) && mayAct(caller, r, a));
}

/**
 * The detail of a request this call has just raised, from what it wrote: one `raised` event by the caller, the
 * attached photos, no department reports, no return visit, no department yet. Saves the six reads fullDetail makes.
 */
function newRequestDetail(deps: Deps, caller: Caller, w: Written, resident: { id: number; name: string } | null, locale: Locale): RequestDetail {
  const r = w.row;
  return {
    ...requestSummaryDto(r, locale, deps.clock.now()),
    locationText: r.location_text,
    locationPlace: w.location,
    assigneeDepartment: null,
    resident,
    acceptedAt: null,
    resolvedAt: null,
    closedAt: null,
    ratingComment: null,
    mergedInto: null,
    photos: w.photos.map((p) => ({ id: p.id, purpose: p.purpose, url: `/api/request-photos/${p.id}` })),
    timeline: [{ id: w.event.id, at: w.event.at.toISOString(), kind: 'raised', actorName: caller.name, fromStatus: null, toStatus: 'submitted', note: null, data: w.event.data }],
    departmentReports: [],
    returnVisit: null,
    allowedActions: allowedActions(caller, r),
  };
}

async function fullDetail(deps: Deps, caller: Caller, r: repo.RequestRow, locale: Locale): Promise<RequestDetail> {
  const now = deps.clock.now();
  const [events, photos, reports, visit, location, department, resident] = await Promise.all([
    repo.listEvents(deps.db, r.id),
    repo.listPhotos(deps.db, r.id),
    repo.listDepartmentReports(deps.db, r.id),
    repo.findReturnVisit(deps.db, r.id),
    r.location_place_id ? repo.findPlaceBrief(deps.db, r.location_place_id) : undefined,
    r.assignee_department_id ? repo.findPlaceBrief(deps.db, r.assignee_department_id) : undefined,
    r.resident_id ? repo.findPersonName(deps.db, r.resident_id) : undefined,
  ]);
  return {
    ...requestSummaryDto(r, locale, now),
    locationText: r.location_text,
    locationPlace: location ? { id: location.id, name: location.name } : null,
    assigneeDepartment: department ? { id: department.id, name: department.name } : null,
    resident: resident ? { id: resident.id, name: resident.name } : null,
    acceptedAt: iso(r.accepted_at),
    resolvedAt: iso(r.resolved_at),
    closedAt: iso(r.closed_at),
    ratingComment: r.rating_comment,
    mergedInto: r.merged_into,
    photos: photos.map((p) => ({ id: p.id, purpose: p.purpose, url: `/api/request-photos/${p.id}` })),
    timeline: events.map((e) => ({
      id: e.id, at: e.at.toISOString(), kind: e.kind, actorName: e.actor_name, fromStatus: e.from_status, toStatus: e.to_status, note: e.note,
      data: (e.data as Record<string, unknown> | null) ?? null,
    })),
    departmentReports: reports.map((d) => ({
      id: d.id, departmentId: d.department_id, departmentName: d.department_name, ackDueAt: d.ack_due_at.toISOString(), actionDueAt: d.action_due_at.toISOString(),
      acknowledgedAt: iso(d.acknowledged_at), actedAt: iso(d.acted_at), actionNote: d.action_note, ackMissed: d.ack_missed, actionMissed: d.action_missed,
    })),
    returnVisit: visit ? { dueAt: visit.due_at.toISOString(), doneAt: iso(visit.done_at), reached: visit.reached, satisfied: visit.satisfied, note: visit.note } : null,
    allowedActions: allowedActions(caller, r),
  };
}

/** After a step the caller was allowed to take, even if the step took the request out of their view (a dispute). */
export async function detailAfterAction(deps: Deps, caller: Caller, id: number, locale: Locale): Promise<RequestDetail> {
  return fullDetail(deps, caller, (await repo.findRequest(deps.db, id))!, locale);
}

export async function detail(deps: Deps, caller: Caller, id: number, locale: Locale): Promise<RequestDetail> {
  return fullDetail(deps, caller, await visibleRequest(deps, caller, id), locale);
}

/** A resident's own request (raised by them or for them). */
export async function residentView(deps: Deps, caller: Caller, id: number, locale: Locale): Promise<RequestDetail> {
  const r = await repo.findRequest(deps.db, id);
  if (!r || (r.resident_id !== caller.personId && r.raised_by !== caller.personId)) throw new AppError('NOT_FOUND');
  return fullDetail(deps, caller, r, locale);
}

export async function myRequests(deps: Deps, caller: Caller, locale: Locale) {
  const now = deps.clock.now();
  const items = (await repo.listMine(deps.db, caller.personId, 100)).map((r) => requestSummaryDto(r, locale, now));
  return { items, total: items.length };
}
