import { auditAction } from '../../platform/audit.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import { notifyPerson } from '../../platform/notifications.ts';
import { assertInScope, scopeFor } from '../../platform/scope.ts';
import { loadCalendar } from '../requests/index.ts';
import { activityDto, treeDistance } from './dto.ts';
import { qrPath, signQr, newQrSecret, type QrOp } from './qr-signature.ts';
import { measuredMinutes, recordingDeadline } from './recording-window.ts';
import * as repo from './volunteering.repository.ts';
import { recordingOrgOf, requireMyVolunteer } from './volunteers.service.ts';
import type { Executor } from '../../platform/audit.repository.ts';
import type { ActivitiesQuery, ActivityDetailDto, ActivityDto, CreateActivityInput, CreateEmergencyInput, DutyInput, MyActivityDto } from './volunteering.schemas.ts';

/** An activity the caller manages (its place under their 'volunteering.manage' reach), else 404. */
export async function managedActivity(deps: Deps, caller: Caller, id: number) {
  const scope = scopeFor(caller.roles, 'volunteering.manage');
  const a = await repo.findActivity(deps.db, id);
  assertInScope(scope, a?.place_path);
  return a!;
}

type Then = (trx: Executor, activityId: number, districtId: number, placePath: string) => Promise<number>;

async function publish(deps: Deps, caller: Caller, input: CreateActivityInput & { kind: 'regular' | 'emergency' }, then?: Then) {
  const scope = scopeFor(caller.roles, 'volunteering.manage');
  const place = await repo.findPlace(deps.db, input.placeId);
  assertInScope(scope, place?.path);
  let recordingOrg = await recordingOrgOf(deps.db, place!.path);
  if (input.teamId) {
    const team = await repo.findTeam(deps.db, input.teamId);
    assertInScope(scope, team?.place_path);
    if (team!.organisation) recordingOrg = team!.organisation;
  }
  const now = deps.clock.now();
  if (Date.parse(input.endsAt) <= now.getTime()) throw new AppError('ACTIVITY_ENDED');
  return deps.db.transaction().execute(async (trx) => {
    const id = await repo.insertActivity(trx, {
      district_id: place!.district_id, kind: input.kind, title: input.title, content: input.content, place_id: place!.id, place_path: place!.path,
      address: input.address, starts_at: input.startsAt, ends_at: input.endsAt, slots: input.slots, skills_wanted: JSON.stringify(input.skillsWanted),
      need: input.need ?? null, team_id: input.teamId ?? null, organiser_id: caller.personId, recording_org: recordingOrg, created_at: now,
    });
    await emitEvent(trx, place!.district_id, 'volunteer_activity.published', { activityId: id, placeId: place!.id, kind: input.kind });
    await auditAction(trx, caller, 'volunteer_activity.publish', { type: 'volunteer_activity', id }, { placeId: place!.id, kind: input.kind });
    const notified = then ? await then(trx, id, place!.district_id, place!.path) : 0;
    return { id, notified };
  });
}

/** 发布活动. */
export async function createActivity(deps: Deps, caller: Caller, input: CreateActivityInput): Promise<ActivityDto> {
  const { id } = await publish(deps, caller, { ...input, kind: 'regular' });
  return activityDto((await repo.findActivity(deps.db, id))!);
}

/**
 * 应急动员: an emergency activity, and a notice to every volunteer registered at or under the place, in the same
 * transaction. Volunteers answer by signing up; the organiser then puts them on the duty roster.
 */
export async function callOut(deps: Deps, caller: Caller, input: CreateEmergencyInput): Promise<ActivityDto & { notified: number }> {
  const now = deps.clock.now();
  const { id, notified } = await publish(deps, caller, { ...input, skillsWanted: [], kind: 'emergency' }, async (trx, activityId, districtId, path) => {
    const volunteers = await repo.volunteerIdsUnder(trx, path);
    for (const v of volunteers) {
      await notifyPerson(trx, districtId, v.person_id, { kind: 'volunteer.call_out', title: `应急动员：${input.title}`, body: input.address, link: `/h5/volunteering/activities/${activityId}` }, now);
    }
    await auditAction(trx, caller, 'volunteer_activity.call_out', { type: 'volunteer_activity', id: activityId }, { notified: volunteers.length });
    return volunteers.length;
  });
  return { ...activityDto((await repo.findActivity(deps.db, id))!), notified };
}

export async function listActivities(deps: Deps, caller: Caller, q: ActivitiesQuery) {
  const scope = scopeFor(caller.roles, 'volunteering.manage');
  let placePath: string | undefined;
  if (q.placeId) {
    const p = await repo.findPlace(deps.db, q.placeId);
    assertInScope(scope, p?.path);
    placePath = p!.path;
  }
  const page = await repo.listActivities(deps.db, scope, { placePath, when: q.when, now: deps.clock.now(), page: q.page, pageSize: q.pageSize });
  return { items: page.items.map(activityDto), total: page.total };
}

export async function activityDetail(deps: Deps, caller: Caller, id: number): Promise<ActivityDetailDto> {
  const a = await managedActivity(deps, caller, id);
  const [attendance, hours, duties, calendar] = await Promise.all([
    repo.attendanceOf(deps.db, id), repo.hoursOfActivity(deps.db, id), repo.dutiesOf(deps.db, id), loadCalendar(deps.db, a.district_id),
  ]);
  return {
    ...activityDto(a),
    recordingDeadline: recordingDeadline(a.ends_at, calendar).toISOString(),
    attendance: attendance.map((s) => ({
      signupId: s.id,
      volunteer: { id: s.volunteer_id, name: s.name },
      status: s.status,
      signedUpAt: s.signed_up_at.toISOString(),
      checkedInAt: s.checked_in_at?.toISOString() ?? null,
      checkedOutAt: s.checked_out_at?.toISOString() ?? null,
      measuredMinutes: s.checked_in_at && s.checked_out_at ? measuredMinutes(s.checked_in_at, s.checked_out_at) : null,
      hours: hours.filter((h) => h.signup_id === s.id).map((h) => ({
        id: h.id, minutes: h.minutes, kind: h.kind, reason: h.reason, recordedBy: { id: h.recorded_by, name: h.recorded_by_name }, recordedAt: h.recorded_at.toISOString(),
      })),
    })),
    duties: duties.map((d) => ({ id: d.id, volunteer: { id: d.volunteer_id, name: d.name }, post: d.post, shiftStart: d.shift_start.toISOString(), shiftEnd: d.shift_end.toISOString() })),
  };
}

export async function cancelActivity(deps: Deps, caller: Caller, id: number): Promise<ActivityDto> {
  const a = await managedActivity(deps, caller, id);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const locked = (await repo.lockActivity(trx, id))!;
    if (locked.status === 'cancelled') throw new AppError('ACTIVITY_CANCELLED');
    await repo.setActivityStatus(trx, id, 'cancelled');
    for (const s of await repo.attendanceOf(trx, id)) {
      if (s.status === 'cancelled') continue;
      const v = (await repo.findVolunteer(trx, s.volunteer_id))!;
      await notifyPerson(trx, a.district_id, v.person_id, { kind: 'volunteer.activity_cancelled', title: `活动已取消：${a.title}`, link: '/h5/volunteering' }, now);
    }
    await auditAction(trx, caller, 'volunteer_activity.cancel', { type: 'volunteer_activity', id });
  });
  return activityDto((await repo.findActivity(deps.db, id))!);
}

/** The district's QR signing key, created on first use. */
export async function qrSecret(db: Executor, districtId: number): Promise<string> {
  const found = await repo.findQrSecret(db, districtId);
  if (found) return found.secret;
  await repo.insertQrSecret(db, districtId, newQrSecret());
  return (await repo.findQrSecret(db, districtId))!.secret;
}

/** A fresh signed check-in or check-out URL for the organiser's phone. */
export async function activityQr(deps: Deps, caller: Caller, id: number, op: QrOp) {
  const a = await managedActivity(deps, caller, id);
  if (a.status === 'cancelled') throw new AppError('ACTIVITY_CANCELLED');
  const signed = signQr(await qrSecret(deps.db, a.district_id), id, op, deps.clock.now());
  return { path: qrPath(signed), expiresAt: new Date(signed.exp * 1000).toISOString(), op };
}

/**
 * 志愿者匹配: registered volunteers with at least one of the skills wanted (everyone when none is asked), most
 * matched skills first, then nearest. "Nearest" is the distance on the place tree between the volunteer's home
 * place and the activity's place (no coordinates are kept), so a neighbour in the same compound comes before
 * someone from the next community.
 */
export async function matchVolunteers(deps: Deps, caller: Caller, id: number) {
  const a = await managedActivity(deps, caller, id);
  const signedUp = new Set((await repo.attendanceOf(deps.db, id)).filter((s) => s.status !== 'cancelled').map((s) => s.volunteer_id));
  const candidates = await repo.volunteersWithSkills(deps.db, a.district_id, a.skills_wanted, 2000);
  const wanted = new Set(a.skills_wanted);
  const items = candidates
    .filter((v) => !signedUp.has(v.id))
    .map((v) => ({ v, matched: v.skills.filter((s) => wanted.has(s)), d: treeDistance(v.home_place_path, a.place_path) }))
    .sort((x, y) => y.matched.length - x.matched.length || x.d - y.d || x.v.id - y.v.id)
    .slice(0, 20);
  return {
    items: items.map(({ v, matched, d }) => ({ volunteer: { id: v.id, name: v.name }, skills: v.skills, matchedSkills: matched, homePlace: { id: v.home_place_id, name: v.home_place_name }, treeDistance: d })),
  };
}

/** 值班表: puts a volunteer who answered the call (a confirmed sign-up) on a post and a shift. */
export async function addDuty(deps: Deps, caller: Caller, id: number, input: DutyInput) {
  const a = await managedActivity(deps, caller, id);
  const s = await repo.findSignup(deps.db, id, input.volunteerId);
  if (!s || s.status !== 'confirmed') throw new AppError('NOT_SIGNED_UP');
  const v = (await repo.findVolunteer(deps.db, input.volunteerId))!;
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const dutyId = await repo.insertDuty(trx, {
      district_id: a.district_id, activity_id: id, volunteer_id: input.volunteerId, post: input.post, shift_start: input.shiftStart, shift_end: input.shiftEnd,
      assigned_by: caller.personId, created_at: now,
    });
    await notifyPerson(trx, a.district_id, v.person_id, { kind: 'volunteer.duty', title: `值班安排：${a.title}`, body: `${input.post}`, link: `/h5/volunteering/activities/${id}` }, now);
    await auditAction(trx, caller, 'volunteer_duty.assign', { type: 'volunteer_duty', id: dutyId }, { activityId: id, volunteerId: input.volunteerId });
  });
  return activityDetail(deps, caller, id);
}

// ── the resident's side (H5) ──────────────────────────────────────────────────

/** Where the caller lives, for "near me": the volunteer's home place, else the household of a resident role. */
async function homePathOf(deps: Deps, caller: Caller): Promise<string | null> {
  const v = await repo.findVolunteerByPerson(deps.db, caller.personId);
  if (v) return v.home_place_path;
  return caller.roles.find((r) => r.role === 'resident' || r.role === 'owner')?.placePath ?? caller.roles[0]?.placePath ?? null;
}

/** 附近的活动: open activities of the district, nearest on the place tree first, then soonest. */
export async function openActivitiesNearMe(deps: Deps, caller: Caller): Promise<{ items: MyActivityDto[] }> {
  const now = deps.clock.now();
  const [rows, home, me] = await Promise.all([
    repo.openActivities(deps.db, caller.districtId, now, 500), homePathOf(deps, caller), repo.findVolunteerByPerson(deps.db, caller.personId),
  ]);
  const mine = me ? await repo.signupsOfVolunteer(deps.db, me.id, rows.map((r) => r.id)) : [];
  const items = rows
    .map((a) => ({ a, d: home ? treeDistance(home, a.place_path) : null }))
    .sort((x, y) => (x.d ?? 0) - (y.d ?? 0) || x.a.starts_at.getTime() - y.a.starts_at.getTime())
    .slice(0, 50);
  return { items: items.map(({ a, d }) => myActivityDto(a, mine.find((s) => s.activity_id === a.id), d)) };
}

function myActivityDto(a: repo.ActivityRow, s: Awaited<ReturnType<typeof repo.findSignup>>, d: number | null): MyActivityDto {
  return {
    ...activityDto(a),
    treeDistance: d,
    mySignup: s ? { id: s.id, status: s.status, checkedInAt: s.checked_in_at?.toISOString() ?? null, checkedOutAt: s.checked_out_at?.toISOString() ?? null } : null,
  };
}

export async function myActivity(deps: Deps, caller: Caller, id: number): Promise<MyActivityDto> {
  const a = await repo.findActivity(deps.db, id);
  if (!a || a.district_id !== caller.districtId) throw new AppError('NOT_FOUND');
  const me = await repo.findVolunteerByPerson(deps.db, caller.personId);
  const home = await homePathOf(deps, caller);
  return myActivityDto(a, me ? await repo.findSignup(deps.db, id, me.id) : undefined, home ? treeDistance(home, a.place_path) : null);
}

/**
 * 报名: a confirmed place while slots remain, else the waitlist. The activity row is locked, so concurrent sign-ups
 * count the places one after another and never overfill. A cancelled sign-up may sign up again (to the back).
 */
export async function signUp(deps: Deps, caller: Caller, id: number, idempotencyKey: string | undefined): Promise<MyActivityDto> {
  const me = await requireMyVolunteer(deps, caller);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const a = await repo.lockActivity(trx, id);
    if (!a || a.district_id !== caller.districtId) throw new AppError('NOT_FOUND');
    const existing = await repo.findSignup(trx, id, me.id);
    if (existing && existing.status !== 'cancelled') {
      if (idempotencyKey && existing.idempotency_key === idempotencyKey) return; // a replay: same answer, nothing written
      throw new AppError('ALREADY_SIGNED_UP');
    }
    if (a.status === 'cancelled') throw new AppError('ACTIVITY_CANCELLED');
    if (a.ends_at.getTime() <= now.getTime()) throw new AppError('ACTIVITY_ENDED');
    const status = (await repo.countConfirmed(trx, id)) < a.slots ? 'confirmed' : 'waitlisted';
    if (existing) {
      await repo.updateSignup(trx, existing.id, { status, signed_up_at: now, cancelled_at: null, idempotency_key: idempotencyKey ?? null });
    } else {
      await repo.insertSignup(trx, { district_id: a.district_id, activity_id: id, volunteer_id: me.id, status, signed_up_at: now, idempotency_key: idempotencyKey ?? null });
    }
    await auditAction(trx, caller, 'volunteer_signup.create', { type: 'volunteer_activity', id }, { status });
  });
  return myActivity(deps, caller, id);
}

/** 取消报名: frees the place, and the longest-waiting volunteer on the waitlist takes it (and is told). */
export async function cancelSignUp(deps: Deps, caller: Caller, id: number): Promise<MyActivityDto> {
  const me = await requireMyVolunteer(deps, caller);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const a = await repo.lockActivity(trx, id);
    const s = await repo.lockSignup(trx, id, me.id);
    if (!a || !s || s.status === 'cancelled') throw new AppError('NOT_SIGNED_UP');
    if (s.checked_in_at) throw new AppError('ALREADY_CHECKED_IN');
    await repo.updateSignup(trx, s.id, { status: 'cancelled', cancelled_at: now });
    if (s.status === 'confirmed' && a.status === 'published') {
      const next = await repo.firstWaitlisted(trx, id);
      if (next) {
        await repo.updateSignup(trx, next.id, { status: 'confirmed' });
        const full = (await repo.findActivity(trx, id))!;
        await notifyPerson(trx, a.district_id, next.person_id, { kind: 'volunteer.promoted', title: `候补转正：${full.title}`, body: '有人取消报名，您已获得名额。', link: `/h5/volunteering/activities/${id}` }, now);
      }
    }
    await auditAction(trx, caller, 'volunteer_signup.cancel', { type: 'volunteer_activity', id }, { was: s.status });
  });
  return myActivity(deps, caller, id);
}
