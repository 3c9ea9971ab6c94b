import { sql, type Insertable, type Updateable } from 'kysely';
import type { Executor } from '../../platform/audit.repository.ts';
import type { Scope } from '../../platform/scope.ts';
import { underScope } from '../../platform/scope-sql.ts';
import type { Database } from '../../db/schema.ts';

/** All SQL of the party side (大党委, 双报到, tasks, 联点). */

export function findPlace(db: Executor, id: number) {
  return db.selectFrom('places').select(['id', 'name', 'path', 'kind', 'district_id']).where('id', '=', id).executeTakeFirst();
}

export function findPersonName(db: Executor, id: number) {
  return db.selectFrom('people').select(['id', 'name', 'district_id']).where('id', '=', id).executeTakeFirst();
}

// ── units (大党委成员单位) ──

export async function insertUnit(db: Executor, row: Insertable<Database['party_units']>): Promise<number> {
  return (await db.insertInto('party_units').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function findLiveUnitByName(db: Executor, communityId: number, name: string) {
  return db.selectFrom('party_units').select('id').where('community_id', '=', communityId).where('name', '=', name).where('left_at', 'is', null).executeTakeFirst();
}

export function findUnit(db: Executor, id: number) {
  return db.selectFrom('party_units').selectAll().where('id', '=', id).executeTakeFirst();
}

export function unitsOfCommunity(db: Executor, communityId: number) {
  return db.selectFrom('party_units').select(['id', 'name']).where('community_id', '=', communityId).where('left_at', 'is', null).orderBy('id').execute();
}

export async function endUnit(db: Executor, id: number, now: Date): Promise<void> {
  await db.updateTable('party_units').set({ left_at: now }).where('id', '=', id).execute();
}

export function listUnits(db: Executor, scope: Scope, placePath: string | undefined) {
  return db
    .selectFrom('party_units as u')
    .innerJoin('places as c', 'c.id', 'u.community_id')
    .select([
      'u.id', 'u.community_id', 'c.name as community_name', 'u.name', 'u.kind', 'u.contact_name', 'u.note', 'u.joined_at',
      (eb) => eb.selectFrom('party_members as m').select(sql<number>`count(*)::int`.as('n')).whereRef('m.unit_id', '=', 'u.id').where('m.status', '=', 'approved').as('members'),
    ])
    .where('u.left_at', 'is', null)
    .where(underScope('u.community_path', scope))
    .$if(placePath !== undefined, (w) => w.where('u.community_path', 'like', `${placePath}%`))
    .orderBy('u.community_id')
    .orderBy('u.id')
    .limit(500)
    .execute();
}
export type UnitRow = Awaited<ReturnType<typeof listUnits>>[number];

// ── members (双报到) ──

export async function insertMember(db: Executor, row: Insertable<Database['party_members']>): Promise<number> {
  return (await db.insertInto('party_members').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

function membersQuery(db: Executor) {
  return db
    .selectFrom('party_members as m')
    .innerJoin('people as p', 'p.id', 'm.person_id')
    .innerJoin('places as c', 'c.id', 'm.community_id')
    .leftJoin('party_units as u', 'u.id', 'm.unit_id')
    .select([
      'm.id', 'm.district_id', 'm.person_id', 'p.name as person_name', 'm.community_id', 'm.community_path', 'c.name as community_name', 'm.unit_id',
      'u.name as unit_ref_name', 'm.unit_name', 'm.branch', 'm.status', 'm.review_note', 'm.created_at', 'm.reviewed_at', 'm.role_assignment_id',
    ]);
}
export type MemberRow = NonNullable<Awaited<ReturnType<typeof findMember>>>;

export function findMember(db: Executor, id: number) {
  return membersQuery(db).where('m.id', '=', id).executeTakeFirst();
}

/** The person's pending or approved registration, if any (at most one: a partial unique index). */
export function findLiveMemberOf(db: Executor, personId: number) {
  return membersQuery(db).where('m.person_id', '=', personId).where('m.status', 'in', ['pending', 'approved']).executeTakeFirst();
}

export function findLatestMemberOf(db: Executor, personId: number) {
  return membersQuery(db).where('m.person_id', '=', personId).orderBy('m.id', 'desc').executeTakeFirst();
}

export function lockMember(db: Executor, id: number) {
  return db.selectFrom('party_members').select(['id', 'status', 'role_assignment_id']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateMember(db: Executor, id: number, set: Updateable<Database['party_members']>): Promise<void> {
  await db.updateTable('party_members').set(set).where('id', '=', id).execute();
}

export async function listMembers(db: Executor, scope: Scope, f: { placePath?: string; status?: string; page: number; pageSize: number }) {
  const base = membersQuery(db)
    .where(underScope('m.community_path', scope))
    .$if(f.placePath !== undefined, (w) => w.where('m.community_path', 'like', `${f.placePath}%`))
    .$if(f.status !== undefined, (w) => w.where('m.status', '=', f.status!));
  const [items, total] = await Promise.all([
    base.orderBy(sql`case m.status when 'pending' then 0 else 1 end`).orderBy('m.id', 'desc').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute(),
    base.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

// ── tasks ──

export async function insertTask(db: Executor, row: Insertable<Database['party_tasks']>): Promise<number> {
  return (await db.insertInto('party_tasks').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function listTasks(db: Executor, where: { scope?: Scope; communityPath?: string; openOnly?: boolean; id?: number }) {
  return db
    .selectFrom('party_tasks as t')
    .innerJoin('places as c', 'c.id', 't.community_id')
    .select(['t.id', 't.district_id', 't.community_id', 't.community_path', 'c.name as community_name', 't.title', 't.description', 't.slots', 't.starts_at', 't.status'])
    .$if(where.scope !== undefined, (w) => w.where(underScope('t.community_path', where.scope!)))
    .$if(where.communityPath !== undefined, (w) => w.where('t.community_path', 'like', `${where.communityPath}%`))
    .$if(where.openOnly === true, (w) => w.where('t.status', '=', 'open'))
    .$if(where.id !== undefined, (w) => w.where('t.id', '=', where.id!))
    .orderBy('t.starts_at', 'desc')
    .orderBy('t.id', 'desc')
    .limit(200)
    .execute();
}
export type TaskRow = Awaited<ReturnType<typeof listTasks>>[number];

export function claimsOfTasks(db: Executor, taskIds: readonly number[]) {
  if (taskIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('party_task_claims as k')
    .innerJoin('people as p', 'p.id', 'k.person_id')
    .select(['k.id', 'k.task_id', 'k.member_id', 'k.person_id', 'p.name', 'k.status', 'k.minutes'])
    .where('k.task_id', 'in', [...taskIds])
    .orderBy('k.id')
    .execute();
}

export function lockTask(db: Executor, id: number) {
  return db.selectFrom('party_tasks').select(['id', 'status', 'slots']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function countClaims(db: Executor, taskId: number): Promise<number> {
  const r = await db.selectFrom('party_task_claims').select(sql<number>`count(*)::int`.as('n')).where('task_id', '=', taskId).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertClaim(db: Executor, row: Insertable<Database['party_task_claims']>): Promise<number> {
  return (await db.insertInto('party_task_claims').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function findClaim(db: Executor, taskId: number, memberId: number) {
  return db.selectFrom('party_task_claims').selectAll().where('task_id', '=', taskId).where('member_id', '=', memberId).forUpdate().executeTakeFirst();
}

export async function updateClaim(db: Executor, id: number, set: Updateable<Database['party_task_claims']>): Promise<void> {
  await db.updateTable('party_task_claims').set(set).where('id', '=', id).execute();
}

export async function closeTask(db: Executor, id: number): Promise<void> {
  await db.updateTable('party_tasks').set({ status: 'closed' }).where('id', '=', id).execute();
}

export function claimsOfMember(db: Executor, memberId: number) {
  return db
    .selectFrom('party_task_claims as k')
    .innerJoin('party_tasks as t', 't.id', 'k.task_id')
    .select(['k.task_id', 't.title', 'k.status', 'k.minutes', 't.starts_at'])
    .where('k.member_id', '=', memberId)
    .orderBy('t.starts_at', 'desc')
    .limit(200)
    .execute();
}

// ── 联点 ──

export async function insertLiaison(db: Executor, row: Insertable<Database['party_liaisons']>): Promise<number> {
  return (await db.insertInto('party_liaisons').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function listLiaisons(db: Executor, where: { scope?: Scope; personId?: number; districtId: number }) {
  return db
    .selectFrom('party_liaisons as l')
    .innerJoin('people as p', 'p.id', 'l.person_id')
    .innerJoin('places as c', 'c.id', 'l.community_id')
    .select(['l.id', 'l.person_id', 'p.name as person_name', 'l.community_id', 'l.community_path', 'c.name as community_name', 'l.post', 'l.since'])
    .where('l.district_id', '=', where.districtId)
    .where('l.ended_at', 'is', null)
    .$if(where.scope !== undefined, (w) => w.where(underScope('l.community_path', where.scope!)))
    .$if(where.personId !== undefined, (w) => w.where('l.person_id', '=', where.personId!))
    .orderBy('l.id')
    .limit(500)
    .execute();
}
export type LiaisonRow = Awaited<ReturnType<typeof listLiaisons>>[number];

export function findLiveLiaison(db: Executor, personId: number, communityId: number) {
  return db.selectFrom('party_liaisons').select('id').where('person_id', '=', personId).where('community_id', '=', communityId).where('ended_at', 'is', null).executeTakeFirst();
}

export function findLiaison(db: Executor, id: number) {
  return db.selectFrom('party_liaisons').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function endLiaison(db: Executor, id: number, now: Date): Promise<void> {
  await db.updateTable('party_liaisons').set({ ended_at: now }).where('id', '=', id).where('ended_at', 'is', null).execute();
}

// ── reports ──

/** Registrations under a place, with what each member's service adds up to (task minutes); names are not read. */
export function reportMembers(db: Executor, districtId: number, placePath: string) {
  return db
    .selectFrom('party_members as m')
    .select([
      'm.id', 'm.person_id', 'm.community_id', 'm.unit_id', 'm.status',
      (eb) => eb.selectFrom('party_task_claims as k').select(sql<number>`count(*)::int`.as('n')).whereRef('k.member_id', '=', 'm.id').where('k.status', '=', 'done').as('tasks_done'),
      (eb) => eb.selectFrom('party_task_claims as k').select(sql<number>`coalesce(sum(k.minutes), 0)::int`.as('n')).whereRef('k.member_id', '=', 'm.id').as('minutes'),
    ])
    .where('m.district_id', '=', districtId)
    .where('m.community_path', 'like', `${placePath}%`)
    .where('m.status', 'in', ['pending', 'approved'])
    .execute();
}

export function reportUnits(db: Executor, districtId: number, placePath: string) {
  return db
    .selectFrom('party_units')
    .select(['id', 'name', 'community_id'])
    .where('district_id', '=', districtId)
    .where('community_path', 'like', `${placePath}%`)
    .where('left_at', 'is', null)
    .orderBy('id')
    .execute();
}

export function communitiesUnder(db: Executor, districtId: number, placePath: string) {
  return db.selectFrom('places').select(['id', 'name', 'path']).where('district_id', '=', districtId).where('kind', '=', 'community').where('path', 'like', `${placePath}%`).orderBy('id').execute();
}

/** Communities under a scope, for pickers. */
export function communitiesInScope(db: Executor, scope: Scope) {
  return db.selectFrom('places').select(['id', 'name']).where('kind', '=', 'community').where(underScope('path', scope)).orderBy('id').limit(1000).execute();
}
