import { sql } from 'kysely';
import { auditAction } from '../../platform/audit.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import { assertInScope, hasPermission, pathInScope, scopeFor } from '../../platform/scope.ts';
import { roleHoldersAbove } from '../people/index.ts';
import * as repo from './deliberation.repository.ts';
import { retrySafe } from './retry-safe.ts';
import type { DayDto, ScheduleDayInput } from './deliberation.schemas.ts';

/**
 * Open deliberation days (公开议事日): scheduled for a compound or community with an agenda of topics, a facilitator
 * (促动师) and invited participants; sign-in at the meeting; minutes per topic (discussion, resolution); follow-up
 * tasks with an owner and a deadline, tracked to done; minutes published to residents, naming only those
 * participants who agreed to be named.
 */
const homePaths = (caller: Caller) => caller.roles.filter((r) => r.role === 'resident' || r.role === 'owner').map((r) => r.placePath);
const dateOf = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10); // Beijing date

async function managedDay(deps: Deps, caller: Caller, id: number) {
  const day = await repo.findDay(deps.db, id);
  if (!day || day.district_id !== caller.districtId) throw new AppError('NOT_FOUND');
  assertInScope(scopeFor(caller.roles, 'deliberation.manage'), day.place_path);
  return day;
}

/** 促动师: the facilitators who serve a place (a facilitator role at it or above it), for the schedule form. */
export async function facilitatorsFor(deps: Deps, caller: Caller, placeId: number) {
  const place = await repo.findPlace(deps.db, placeId);
  assertInScope(scopeFor(caller.roles, 'deliberation.manage'), place?.path);
  return { items: await roleHoldersAbove(deps.db, 'facilitator', place!.path, deps.clock.now()) };
}

export async function scheduleDay(deps: Deps, caller: Caller, input: ScheduleDayInput, idempotencyKey?: string): Promise<DayDto> {
  const place = await repo.findPlace(deps.db, input.placeId);
  assertInScope(scopeFor(caller.roles, 'deliberation.manage'), place?.path);
  if (!['compound', 'community'].includes(place!.kind)) throw new AppError('PLACE_KIND_MISMATCH', { expected: 'compound / community' });
  const topics = await repo.loadTopics(deps.db, caller.personId, sql`t.id in (${sql.join(input.topicIds)})`);
  // Every topic must belong to this place or to a place under it (a community's day may take its compounds' topics).
  const strangers = input.topicIds.filter((id) => !topics.some((t) => t.id === id && t.place_path.startsWith(place!.path)));
  if (strangers.length) throw new AppError('VALIDATION_FAILED', {}, { issues: [{ path: ['topicIds'], message: `not topics of this place: ${strangers.join(', ')}` }] });
  const now = deps.clock.now();
  if (input.facilitatorId !== undefined && !(await roleHoldersAbove(deps.db, 'facilitator', place!.path, now)).some((f) => f.id === input.facilitatorId)) {
    throw new AppError('VALIDATION_FAILED', {}, { issues: [{ path: ['facilitatorId'], message: 'not a facilitator serving this place' }] });
  }
  const id = await retrySafe(deps, caller, 'deliberation_day.schedule', idempotencyKey, input, async (trx) => {
    const dayId = await repo.insertDay(trx, {
      district_id: place!.district_id, place_id: place!.id, place_path: place!.path, title: input.title, starts_at: new Date(input.startsAt), location: input.location,
      facilitator_id: input.facilitatorId ?? null, created_by: caller.personId, created_at: now,
    });
    await repo.insertAgenda(trx, input.topicIds.map((topicId, i) => ({ district_id: place!.district_id, day_id: dayId, topic_id: topicId, position: i + 1 })));
    await repo.setTopicStatus(trx, input.topicIds, 'on_agenda');
    await repo.insertParticipants(trx, input.participants.map((p) => ({ district_id: place!.district_id, day_id: dayId, person_id: p.personId ?? null, name: p.name, party: p.party, show_name: p.showName })));
    await emitEvent(trx, place!.district_id, 'deliberation_day.scheduled', { dayId, placeId: place!.id, startsAt: input.startsAt });
    await auditAction(trx, caller, 'deliberation_day.schedule', { type: 'deliberation_day', id: dayId });
    return dayId;
  });
  return getDay(deps, caller, id);
}

export async function signInParticipant(deps: Deps, caller: Caller, dayId: number, participantId: number): Promise<DayDto> {
  const day = await managedDay(deps, caller, dayId);
  if (day.status === 'published') throw new AppError('INVALID_TRANSITION');
  await deps.db.transaction().execute(async (trx) => {
    if ((await repo.signInParticipant(trx, dayId, participantId, deps.clock.now())) !== 1) throw new AppError('CONFLICT');
    await auditAction(trx, caller, 'deliberation_day.sign_in', { type: 'deliberation_day', id: dayId }, { participantId });
  });
  return getDay(deps, caller, dayId);
}

/** Minutes of one topic: what was said and what was resolved; the day counts as held from its first minutes. */
export async function recordMinutes(deps: Deps, caller: Caller, dayId: number, itemId: number, input: { discussion: string; resolution: string }): Promise<DayDto> {
  const day = await managedDay(deps, caller, dayId);
  if (day.status === 'published') throw new AppError('INVALID_TRANSITION');
  const item = await repo.findAgendaItem(deps.db, dayId, itemId);
  if (!item) throw new AppError('NOT_FOUND');
  await deps.db.transaction().execute(async (trx) => {
    await repo.writeMinutes(trx, itemId, input.discussion, input.resolution);
    await repo.setTopicStatus(trx, [item.topic_id], 'deliberated');
    await repo.setDayStatus(trx, dayId, 'held');
    await auditAction(trx, caller, 'deliberation_day.minutes', { type: 'deliberation_day', id: dayId }, { itemId });
  });
  return getDay(deps, caller, dayId);
}

export async function addFollowup(deps: Deps, caller: Caller, dayId: number, itemId: number, input: { task: string; ownerName: string; ownerPersonId?: number; dueOn: string }): Promise<DayDto> {
  await managedDay(deps, caller, dayId);
  const item = await repo.findAgendaItem(deps.db, dayId, itemId);
  if (!item) throw new AppError('NOT_FOUND');
  await deps.db.transaction().execute(async (trx) => {
    const id = await repo.insertFollowup(trx, { districtId: item.district_id, dayId, itemId, task: input.task, ownerName: input.ownerName, ownerPersonId: input.ownerPersonId ?? null, dueOn: input.dueOn, now: deps.clock.now() });
    await auditAction(trx, caller, 'deliberation_followup.add', { type: 'deliberation_followup', id });
  });
  return getDay(deps, caller, dayId);
}

export async function completeFollowup(deps: Deps, caller: Caller, followupId: number, note: string): Promise<DayDto> {
  const f = await repo.findFollowup(deps.db, followupId);
  if (!f) throw new AppError('NOT_FOUND');
  await managedDay(deps, caller, f.day_id);
  if (f.done_at) throw new AppError('INVALID_TRANSITION');
  await deps.db.transaction().execute(async (trx) => {
    await repo.completeFollowup(trx, followupId, note, deps.clock.now());
    await auditAction(trx, caller, 'deliberation_followup.done', { type: 'deliberation_followup', id: followupId });
  });
  return getDay(deps, caller, f.day_id);
}

/** Publish the minutes to residents: only when every topic on the agenda has its resolution. */
export async function publishMinutes(deps: Deps, caller: Caller, dayId: number): Promise<DayDto> {
  const day = await managedDay(deps, caller, dayId);
  if (day.status === 'published') throw new AppError('INVALID_TRANSITION');
  const agenda = await repo.agendaOf(deps.db, dayId);
  const missing = agenda.filter((a) => !a.resolution).map((a) => a.title);
  if (missing.length) throw new AppError('VALIDATION_FAILED', {}, { issues: [{ path: ['agenda'], message: `no minutes yet: ${missing.join('、')}` }] });
  await deps.db.transaction().execute(async (trx) => {
    await repo.setDayStatus(trx, dayId, 'published', deps.clock.now());
    await emitEvent(trx, day.district_id, 'deliberation_day.minutes_published', { dayId, placeId: day.place_id });
    await auditAction(trx, caller, 'deliberation_day.publish', { type: 'deliberation_day', id: dayId });
  });
  return getDay(deps, caller, dayId);
}

function isStaff(caller: Caller, path: string) {
  return hasPermission(caller.roles, 'deliberation.manage') && pathInScope(scopeFor(caller.roles, 'deliberation.manage'), path);
}

export async function getDay(deps: Deps, caller: Caller, id: number): Promise<DayDto> {
  const day = await repo.findDay(deps.db, id);
  if (!day || day.district_id !== caller.districtId) throw new AppError('NOT_FOUND');
  const staff = isStaff(caller, day.place_path);
  if (!staff && !homePaths(caller).some((h) => h.startsWith(day.place_path))) throw new AppError('NOT_FOUND');
  return toDto(deps, day, staff);
}

async function toDto(deps: Deps, day: repo.DayRow, staff: boolean): Promise<DayDto> {
  const [agenda, participants, followups] = await Promise.all([repo.agendaOf(deps.db, day.id), repo.participantsOf(deps.db, day.id), repo.followupsOf(deps.db, day.id)]);
  const today = dateOf(deps.clock.now());
  // Residents read the minutes once published; before that they see the agenda only.
  const minutesVisible = staff || day.status === 'published';
  return {
    id: day.id, place: { id: day.place_id, name: day.place_name }, title: day.title, startsAt: day.starts_at.toISOString(), location: day.location,
    facilitator: day.facilitator_name, status: day.status, minutesPublishedAt: day.minutes_published_at?.toISOString() ?? null,
    agenda: agenda.map((a) => ({
      id: a.id, topicId: Number(a.topic_id), title: a.title, discussion: minutesVisible ? a.discussion : null, resolution: minutesVisible ? a.resolution : null,
      followups: minutesVisible
        ? followups.filter((f) => Number(f.agenda_item_id) === a.id).map((f) => ({ id: f.id, task: f.task, ownerName: f.owner_name, dueOn: f.due_on, doneAt: f.done_at?.toISOString() ?? null, doneNote: f.done_note, overdue: !f.done_at && f.due_on < today }))
        : [],
    })),
    participants: participants.filter((p) => staff || p.show_name).map((p) => ({ id: p.id, name: p.name, party: p.party as DayDto['participants'][number]['party'], signedIn: !!p.signed_in_at })),
    signedIn: participants.filter((p) => p.signed_in_at).length,
    invited: participants.length,
  };
}

export async function listDays(deps: Deps, caller: Caller) {
  const staffPaths = hasPermission(caller.roles, 'deliberation.manage') ? scopeFor(caller.roles, 'deliberation.manage').paths : [];
  const parts = [...staffPaths.map((p) => sql`d.place_path like ${`${p}%`}`), ...homePaths(caller).map((h) => sql`${h} like d.place_path || '%'`)];
  if (parts.length === 0) return { items: [] };
  const { rows } = await repo.listDayIds(deps.db, sql`d.district_id = ${caller.districtId} and (${sql.join(parts, sql` or `)})`);
  return { items: await Promise.all(rows.map((r) => getDay(deps, caller, Number(r.id)))) };
}
