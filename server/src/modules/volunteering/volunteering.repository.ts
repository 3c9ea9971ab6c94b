import { sql, type Insertable } from 'kysely';
import type { Executor } from '../../platform/audit.repository.ts';
import type { Scope } from '../../platform/scope.ts';
import { underScope } from '../../platform/scope-sql.ts';
import type { Database } from '../../db/schema.ts';

/**
 * All SQL of volunteering. Places and people are read here for their names, the way the errands module reads
 * them; hours are written only by insert (the table refuses updates and deletes).
 */

export function findPlace(db: Executor, id: number) {
  return db.selectFrom('places').select(['id', 'name', 'path', 'kind', 'district_id']).where('id', '=', id).executeTakeFirst();
}

/** The places on a path, root first ('/1/5/23/' → 1, 5, 23), for the recording organisation's name. */
export function findPlacesOnPath(db: Executor, path: string) {
  const ids = path.split('/').filter(Boolean).map(Number);
  return db.selectFrom('places').select(['id', 'name', 'kind', 'depth']).where('id', 'in', ids).orderBy('depth').execute();
}

export function findPersonBasics(db: Executor, id: number) {
  return db.selectFrom('people').select(['id', 'name', 'district_id', 'phone_cipher']).where('id', '=', id).executeTakeFirst();
}

// ── QR key ────────────────────────────────────────────────────────────────────
export function findQrSecret(db: Executor, districtId: number) {
  return db.selectFrom('volunteer_qr_keys').select('secret').where('district_id', '=', districtId).executeTakeFirst();
}
export async function insertQrSecret(db: Executor, districtId: number, secret: string): Promise<void> {
  await db.insertInto('volunteer_qr_keys').values({ district_id: districtId, secret }).onConflict((oc) => oc.column('district_id').doNothing()).execute();
}

// ── volunteers ────────────────────────────────────────────────────────────────
function volunteersQuery(db: Executor) {
  return db.selectFrom('volunteers as v').innerJoin('people as p', 'p.id', 'v.person_id').innerJoin('places as h', 'h.id', 'v.home_place_id');
}
const birthDate = sql<string>`to_char(v.birth_date, 'YYYY-MM-DD')`.as('birth_date');
const volunteerColumns = [
  birthDate, 'v.id', 'v.district_id', 'v.person_id', 'v.sex', 'v.id_number_cipher', 'v.home_place_id', 'v.home_place_path', 'v.skills',
  'v.service_categories', 'v.recording_org', 'v.created_at', 'p.name', 'p.phone_cipher', 'h.name as home_place_name',
] as const;

export async function insertVolunteer(db: Executor, row: Insertable<Database['volunteers']>): Promise<number> {
  return (await db.insertInto('volunteers').values(row).returning('id').executeTakeFirstOrThrow()).id;
}
export function findVolunteer(db: Executor, id: number) {
  return volunteersQuery(db).select(volunteerColumns).where('v.id', '=', id).executeTakeFirst();
}
export type VolunteerRow = NonNullable<Awaited<ReturnType<typeof findVolunteer>>>;
export function findVolunteerByPerson(db: Executor, personId: number) {
  return volunteersQuery(db).select(volunteerColumns).where('v.person_id', '=', personId).executeTakeFirst();
}

export async function listVolunteers(db: Executor, scope: Scope, f: { placePath?: string; skill?: string; page: number; pageSize: number }) {
  const base = volunteersQuery(db)
    .where(underScope('v.home_place_path', scope))
    .$if(f.placePath !== undefined, (w) => w.where('v.home_place_path', 'like', `${f.placePath}%`))
    .$if(f.skill !== undefined, (w) => w.where(sql<boolean>`v.skills ? ${f.skill!}`));
  const [items, total] = await Promise.all([
    base.select(volunteerColumns).orderBy('v.id', 'desc').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** Volunteers of the district holding at least one of `skills` (all when none asked), for matching. */
export function volunteersWithSkills(db: Executor, districtId: number, skills: readonly string[], limit: number) {
  return volunteersQuery(db)
    .select(volunteerColumns)
    .where('v.district_id', '=', districtId)
    .$if(skills.length > 0, (w) => w.where(sql<boolean>`v.skills ?| array[${sql.join([...skills])}]::text[]`))
    .limit(limit)
    .execute();
}

export function volunteerIdsUnder(db: Executor, placePath: string) {
  return db.selectFrom('volunteers').select(['id', 'person_id']).where('home_place_path', 'like', `${placePath}%`).execute();
}

// ── teams ─────────────────────────────────────────────────────────────────────
export async function insertTeam(db: Executor, row: Insertable<Database['volunteer_teams']>): Promise<number> {
  return (await db.insertInto('volunteer_teams').values(row).returning('id').executeTakeFirstOrThrow()).id;
}
export function findTeam(db: Executor, id: number) {
  return db.selectFrom('volunteer_teams').selectAll().where('id', '=', id).executeTakeFirst();
}
export function listTeams(db: Executor, scope: Scope) {
  return db
    .selectFrom('volunteer_teams as t')
    .innerJoin('places as pl', 'pl.id', 't.place_id')
    .leftJoin('people as l', 'l.id', 't.leader_id')
    .select(['t.id', 't.name', 't.place_id', 'pl.name as place_name', 't.led_by_social_worker', 't.leader_id', 'l.name as leader_name', 't.organisation'])
    .select((eb) => eb.selectFrom('volunteer_team_members as m').whereRef('m.team_id', '=', 't.id').select(eb.fn.countAll<number>().as('n')).as('members'))
    .where(underScope('t.place_path', scope))
    .orderBy('t.id')
    .execute();
}
export async function insertTeamMember(db: Executor, row: Insertable<Database['volunteer_team_members']>): Promise<void> {
  await db.insertInto('volunteer_team_members').values(row).onConflict((oc) => oc.columns(['team_id', 'volunteer_id']).doNothing()).execute();
}

// ── activities ────────────────────────────────────────────────────────────────
export async function insertActivity(db: Executor, row: Insertable<Database['volunteer_activities']>): Promise<number> {
  return (await db.insertInto('volunteer_activities').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

function activitiesQuery(db: Executor) {
  return db
    .selectFrom('volunteer_activities as a')
    .innerJoin('places as pl', 'pl.id', 'a.place_id')
    .innerJoin('people as o', 'o.id', 'a.organiser_id')
    .leftJoin('volunteer_teams as t', 't.id', 'a.team_id');
}
const activityColumns = [
  'a.id', 'a.district_id', 'a.kind', 'a.title', 'a.content', 'a.place_id', 'a.place_path', 'a.address', 'a.starts_at', 'a.ends_at', 'a.slots',
  'a.skills_wanted', 'a.need', 'a.team_id', 'a.organiser_id', 'a.recording_org', 'a.status', 'pl.name as place_name', 'o.name as organiser_name',
  't.name as team_name',
] as const;

function withCounts<T extends ReturnType<typeof activitiesQuery>>(q: T) {
  return q
    .select((eb) => eb.selectFrom('volunteer_signups as s').whereRef('s.activity_id', '=', 'a.id').where('s.status', '=', 'confirmed').select(eb.fn.countAll<number>().as('n')).as('confirmed'))
    .select((eb) => eb.selectFrom('volunteer_signups as s').whereRef('s.activity_id', '=', 'a.id').where('s.status', '=', 'waitlisted').select(eb.fn.countAll<number>().as('n')).as('waitlisted'));
}

export function findActivity(db: Executor, id: number) {
  return withCounts(activitiesQuery(db)).select(activityColumns).where('a.id', '=', id).executeTakeFirst();
}
export type ActivityRow = NonNullable<Awaited<ReturnType<typeof findActivity>>>;

export function lockActivity(db: Executor, id: number) {
  return db.selectFrom('volunteer_activities').select(['id', 'slots', 'status', 'ends_at', 'district_id']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function listActivities(db: Executor, scope: Scope, f: { placePath?: string; when: 'upcoming' | 'past' | 'all'; now: Date; page: number; pageSize: number }) {
  const base = activitiesQuery(db)
    .where(underScope('a.place_path', scope))
    .$if(f.placePath !== undefined, (w) => w.where('a.place_path', 'like', `${f.placePath}%`))
    .$if(f.when === 'upcoming', (w) => w.where('a.ends_at', '>', f.now))
    .$if(f.when === 'past', (w) => w.where('a.ends_at', '<=', f.now));
  const [items, total] = await Promise.all([
    withCounts(base).select(activityColumns).orderBy('a.starts_at', f.when === 'upcoming' ? 'asc' : 'desc').orderBy('a.id', 'desc').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** Published activities of the district that have not ended, for residents to browse (nearest first in the service). */
export function openActivities(db: Executor, districtId: number, now: Date, limit: number) {
  return withCounts(activitiesQuery(db))
    .select(activityColumns)
    .where('a.district_id', '=', districtId)
    .where('a.status', '=', 'published')
    .where('a.ends_at', '>', now)
    .orderBy('a.starts_at')
    .limit(limit)
    .execute();
}

export async function setActivityStatus(db: Executor, id: number, status: 'published' | 'cancelled'): Promise<void> {
  await db.updateTable('volunteer_activities').set({ status }).where('id', '=', id).execute();
}

// ── sign-ups ──────────────────────────────────────────────────────────────────
export function findSignup(db: Executor, activityId: number, volunteerId: number) {
  return db.selectFrom('volunteer_signups').selectAll().where('activity_id', '=', activityId).where('volunteer_id', '=', volunteerId).executeTakeFirst();
}
export function findSignupById(db: Executor, id: number) {
  return db.selectFrom('volunteer_signups').selectAll().where('id', '=', id).executeTakeFirst();
}
export function lockSignup(db: Executor, activityId: number, volunteerId: number) {
  return db.selectFrom('volunteer_signups').selectAll().where('activity_id', '=', activityId).where('volunteer_id', '=', volunteerId).forUpdate().executeTakeFirst();
}
export function signupsOfVolunteer(db: Executor, volunteerId: number, activityIds: readonly number[]) {
  if (activityIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('volunteer_signups').selectAll().where('volunteer_id', '=', volunteerId).where('activity_id', 'in', [...activityIds]).execute();
}
export async function countConfirmed(db: Executor, activityId: number): Promise<number> {
  const r = await db.selectFrom('volunteer_signups').select((eb) => eb.fn.countAll<number>().as('n')).where('activity_id', '=', activityId).where('status', '=', 'confirmed').executeTakeFirstOrThrow();
  return Number(r.n);
}
export async function insertSignup(db: Executor, row: Insertable<Database['volunteer_signups']>): Promise<number> {
  return (await db.insertInto('volunteer_signups').values(row).returning('id').executeTakeFirstOrThrow()).id;
}
export async function updateSignup(db: Executor, id: number, set: Partial<{ status: 'confirmed' | 'waitlisted' | 'cancelled'; cancelled_at: Date | null; signed_up_at: Date; checked_in_at: Date; checked_out_at: Date; idempotency_key: string | null }>): Promise<void> {
  await db.updateTable('volunteer_signups').set(set).where('id', '=', id).execute();
}
/** The longest-waiting sign-up on the waitlist, locked so two cancellations never promote the same one. */
export function firstWaitlisted(db: Executor, activityId: number) {
  return db
    .selectFrom('volunteer_signups as s')
    .innerJoin('volunteers as v', 'v.id', 's.volunteer_id')
    .select(['s.id', 'v.person_id'])
    .where('s.activity_id', '=', activityId)
    .where('s.status', '=', 'waitlisted')
    .orderBy('s.signed_up_at')
    .orderBy('s.id')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
}

export function attendanceOf(db: Executor, activityId: number) {
  return db
    .selectFrom('volunteer_signups as s')
    .innerJoin('volunteers as v', 'v.id', 's.volunteer_id')
    .innerJoin('people as p', 'p.id', 'v.person_id')
    .select(['s.id', 's.volunteer_id', 'p.name', 's.status', 's.signed_up_at', 's.checked_in_at', 's.checked_out_at'])
    .where('s.activity_id', '=', activityId)
    .orderBy(sql`case s.status when 'confirmed' then 0 when 'waitlisted' then 1 else 2 end`)
    .orderBy('s.signed_up_at')
    .orderBy('s.id')
    .execute();
}

// ── hours (append-only) ───────────────────────────────────────────────────────
export async function insertHours(db: Executor, row: Insertable<Database['volunteer_hours']>): Promise<number> {
  return (await db.insertInto('volunteer_hours').values(row).returning('id').executeTakeFirstOrThrow()).id;
}
export function hoursOfActivity(db: Executor, activityId: number) {
  return db
    .selectFrom('volunteer_hours as h')
    .innerJoin('people as r', 'r.id', 'h.recorded_by')
    .select(['h.id', 'h.signup_id', 'h.minutes', 'h.kind', 'h.reason', 'h.recorded_by', 'r.name as recorded_by_name', 'h.recorded_at'])
    .where('h.activity_id', '=', activityId)
    .orderBy('h.id', 'desc')
    .execute();
}
/** The newest hours row of a sign-up, locked with the sign-up so concurrent confirmations apply one after another. */
export function latestHours(db: Executor, signupId: number) {
  return db.selectFrom('volunteer_hours').selectAll().where('signup_id', '=', signupId).orderBy('id', 'desc').limit(1).executeTakeFirst();
}
/** Every hours row of a sign-up (the confirmation and its corrections): together they are one source of points. */
export async function hoursIdsOfSignup(db: Executor, signupId: number): Promise<number[]> {
  return (await db.selectFrom('volunteer_hours').select('id').where('signup_id', '=', signupId).execute()).map((r) => r.id);
}
export function lockSignupById(db: Executor, id: number) {
  return db.selectFrom('volunteer_signups').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** A volunteer's sign-ups with each one's newest hours row (null when not yet confirmed). */
export function recordOfVolunteer(db: Executor, volunteerId: number) {
  return db
    .selectFrom('volunteer_signups as s')
    .innerJoin('volunteer_activities as a', 'a.id', 's.activity_id')
    .innerJoin('places as pl', 'pl.id', 'a.place_id')
    .leftJoin(
      (eb) => eb.selectFrom('volunteer_hours').distinctOn('signup_id').select(['signup_id', 'minutes', 'kind']).orderBy('signup_id').orderBy('id', 'desc').as('h'),
      (join) => join.onRef('h.signup_id', '=', 's.id'),
    )
    .select(['s.id', 's.status', 's.checked_in_at', 's.checked_out_at', 'a.id as activity_id', 'a.title', 'a.starts_at', 'a.address', 'a.content', 'a.recording_org', 'pl.name as place_name', 'h.minutes', 'h.kind'])
    .where('s.volunteer_id', '=', volunteerId)
    .where('s.status', '!=', 'cancelled')
    .orderBy('a.starts_at', 'desc')
    .execute();
}

// ── duty roster ───────────────────────────────────────────────────────────────
export async function insertDuty(db: Executor, row: Insertable<Database['volunteer_duties']>): Promise<number> {
  return (await db.insertInto('volunteer_duties').values(row).returning('id').executeTakeFirstOrThrow()).id;
}
export function dutiesOf(db: Executor, activityId: number) {
  return db
    .selectFrom('volunteer_duties as d')
    .innerJoin('volunteers as v', 'v.id', 'd.volunteer_id')
    .innerJoin('people as p', 'p.id', 'v.person_id')
    .select(['d.id', 'd.volunteer_id', 'p.name', 'd.post', 'd.shift_start', 'd.shift_end'])
    .where('d.activity_id', '=', activityId)
    .orderBy('d.shift_start')
    .orderBy('d.id')
    .execute();
}

// ── certificates ──────────────────────────────────────────────────────────────
export async function insertCertificate(db: Executor, row: Insertable<Database['volunteer_certificates']>): Promise<void> {
  await db.insertInto('volunteer_certificates').values(row).execute();
}
export function findCertificate(db: Executor, code: string) {
  return db
    .selectFrom('volunteer_certificates as c')
    .innerJoin('volunteers as v', 'v.id', 'c.volunteer_id')
    .innerJoin('people as p', 'p.id', 'v.person_id')
    .select(['c.id', 'c.code', 'c.volunteer_id', 'v.person_id', 'p.name', 'c.total_minutes', 'c.activity_count', 'c.recording_org', 'c.content', 'c.issued_at'])
    .where('c.code', '=', code)
    .executeTakeFirst();
}
export function certificatesOf(db: Executor, volunteerId: number) {
  return db.selectFrom('volunteer_certificates').select(['code', 'total_minutes', 'issued_at']).where('volunteer_id', '=', volunteerId).orderBy('id', 'desc').execute();
}

// ── export for the national system ────────────────────────────────────────────
/** Every confirmed hours record (its newest row) under the scope, within the dates, one row per volunteer and activity. */
export function exportRows(db: Executor, scope: Scope, f: { placePath?: string; from?: Date; to?: Date }) {
  return db
    .selectFrom('volunteer_signups as s')
    .innerJoin('volunteer_activities as a', 'a.id', 's.activity_id')
    .innerJoin('volunteers as v', 'v.id', 's.volunteer_id')
    .innerJoin('people as p', 'p.id', 'v.person_id')
    .innerJoin('people as o', 'o.id', 'a.organiser_id')
    .innerJoin(
      (eb) => eb.selectFrom('volunteer_hours').distinctOn('signup_id').select(['signup_id', 'minutes', 'recorded_at']).orderBy('signup_id').orderBy('id', 'desc').as('h'),
      (join) => join.onRef('h.signup_id', '=', 's.id'),
    )
    .select([
      birthDate, 'p.name', 'p.phone_cipher', 'v.id_number_cipher', 'v.sex', 'v.skills', 'v.service_categories', 'a.id as activity_id', 'a.title', 'a.starts_at', 'a.ends_at',
      'a.address', 'a.content', 'a.recording_org', 'o.name as organiser_name', 'h.minutes', 'h.recorded_at', 'v.id as volunteer_id',
    ])
    .where(underScope('a.place_path', scope))
    .$if(f.placePath !== undefined, (w) => w.where('a.place_path', 'like', `${f.placePath}%`))
    .$if(f.from !== undefined, (w) => w.where('a.starts_at', '>=', f.from!))
    .$if(f.to !== undefined, (w) => w.where('a.starts_at', '<', f.to!))
    .orderBy('a.starts_at')
    .orderBy('s.id')
    .execute();
}
