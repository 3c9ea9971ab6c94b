import { sql, type Insertable, type Updateable } from 'kysely';
import type { Executor } from '../../platform/audit.repository.ts';
import type { Scope } from '../../platform/scope.ts';
import { underScope } from '../../platform/scope-sql.ts';
import type { Database } from '../../db/schema.ts';

/** All SQL of the social organisation registry (社会组织). */

export function findPlace(db: Executor, id: number) {
  return db.selectFrom('places').select(['id', 'name', 'path', 'kind', 'district_id']).where('id', '=', id).executeTakeFirst();
}

export function placesByIds(db: Executor, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([] as { id: number; name: string; path: string; kind: string }[]);
  return db.selectFrom('places').select(['id', 'name', 'path', 'kind']).where('id', 'in', [...ids]).execute();
}

const registeredOn = sql<string | null>`to_char(o.registered_on, 'YYYY-MM-DD')`.as('registered_on');
const columns = [
  'o.id', 'o.district_id', 'o.place_id', 'o.place_path', 'o.name', 'o.status', 'o.person_in_charge', 'o.charter', 'o.categories', 'o.places_served',
  'o.member_count', 'o.is_hub', 'o.hub_id', registeredOn, 'p.name as place_name', 'h.name as hub_name', 'p.kind as place_kind',
  sql<string[]>`coalesce((select jsonb_agg(d.category order by d.category) from organisation_directory d where d.organisation_id = o.id), '[]'::jsonb)`.as('directory_categories'),
] as const;

function base(db: Executor) {
  return db.selectFrom('organisations as o').innerJoin('places as p', 'p.id', 'o.place_id').leftJoin('organisations as h', 'h.id', 'o.hub_id');
}

export function findOrganisation(db: Executor, id: number) {
  return base(db).select(columns).where('o.id', '=', id).executeTakeFirst();
}
export type OrganisationRow = NonNullable<Awaited<ReturnType<typeof findOrganisation>>>;

export function findByName(db: Executor, districtId: number, name: string) {
  return db.selectFrom('organisations').select('id').where('district_id', '=', districtId).where('name', '=', name).executeTakeFirst();
}

export async function insertOrganisation(db: Executor, row: Insertable<Database['organisations']>): Promise<number> {
  return (await db.insertInto('organisations').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateOrganisation(db: Executor, id: number, set: Updateable<Database['organisations']>): Promise<void> {
  await db.updateTable('organisations').set(set).where('id', '=', id).execute();
}

/**
 * Organisations registered under the scope, or serving a place there. `servesPath` finds the organisations that
 * serve that place or any place above it (a community's organisation serves its compounds).
 */
export async function listOrganisations(db: Executor, scope: Scope, f: { districtId: number; q?: string; status?: string; category?: string; servesAncestors?: number[]; page: number; pageSize: number }) {
  const q = base(db)
    .where('o.district_id', '=', f.districtId)
    .where(underScope('o.place_path', scope))
    .$if(f.q !== undefined && f.q !== '', (w) => w.where('o.name', 'like', `%${f.q!.replace(/[%_\\]/g, (c) => `\\${c}`)}%`))
    .$if(f.status !== undefined, (w) => w.where('o.status', '=', f.status as 'registered'))
    .$if(f.category !== undefined, (w) => w.where(sql<boolean>`o.categories @> ${JSON.stringify([f.category])}::jsonb`))
    .$if(f.servesAncestors !== undefined, (w) =>
      w.where(sql<boolean>`exists (select 1 from jsonb_array_elements(o.places_served) s where (s #>> '{}')::bigint in (${sql.join(f.servesAncestors!)}))`));
  const [items, total] = await Promise.all([
    q.select(columns).orderBy('o.is_hub', 'desc').orderBy('o.name').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

const incubationColumns = [
  'i.id', 'i.mode', 'i.hub_id', 'h.name as hub_name', 'i.mentor_note',
  sql<string>`to_char(i.started_on, 'YYYY-MM-DD')`.as('started_on'), sql<string | null>`to_char(i.graduated_on, 'YYYY-MM-DD')`.as('graduated_on'),
] as const;

export function incubationsOf(db: Executor, organisationId: number) {
  return db.selectFrom('organisation_incubations as i').leftJoin('organisations as h', 'h.id', 'i.hub_id').select(incubationColumns)
    .where('i.organisation_id', '=', organisationId).orderBy('i.started_on').orderBy('i.id').execute();
}

export function findIncubation(db: Executor, organisationId: number, id: number) {
  return db.selectFrom('organisation_incubations').select(['id', 'graduated_on']).where('organisation_id', '=', organisationId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertIncubation(db: Executor, row: Insertable<Database['organisation_incubations']>): Promise<number> {
  return (await db.insertInto('organisation_incubations').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function graduate(db: Executor, id: number, graduatedOn: string, note: string | undefined): Promise<void> {
  await db.updateTable('organisation_incubations').set({ graduated_on: graduatedOn, ...(note === undefined ? {} : { mentor_note: note }) }).where('id', '=', id).execute();
}

export function membersOf(db: Executor, organisationId: number) {
  return db.selectFrom('organisation_members as m').innerJoin('people as p', 'p.id', 'm.person_id').select(['p.id', 'p.name']).where('m.organisation_id', '=', organisationId).orderBy('p.name').execute();
}

export async function addMember(db: Executor, row: { district_id: number; organisation_id: number; person_id: number }): Promise<void> {
  await db.insertInto('organisation_members').values(row).onConflict((oc) => oc.columns(['organisation_id', 'person_id']).doNothing()).execute();
}

export async function isMember(db: Executor, organisationId: number, personId: number): Promise<boolean> {
  return (await db.selectFrom('organisation_members').select('person_id').where('organisation_id', '=', organisationId).where('person_id', '=', personId).executeTakeFirst()) !== undefined;
}

export function organisationsOfMember(db: Executor, personId: number) {
  return db.selectFrom('organisation_members as m').innerJoin('organisations as o', 'o.id', 'm.organisation_id').select(['o.id', 'o.name']).where('m.person_id', '=', personId).orderBy('o.name').execute();
}

export function incubatedBy(db: Executor, hubId: number) {
  return db.selectFrom('organisations').select(['id', 'name']).where('hub_id', '=', hubId).orderBy('name').execute();
}

export async function listInDirectory(db: Executor, row: { district_id: number; organisation_id: number; category: string; listed_on: string }): Promise<void> {
  await db.insertInto('organisation_directory').values(row).onConflict((oc) => oc.columns(['organisation_id', 'category']).doUpdateSet({ listed_on: row.listed_on })).execute();
}

export async function inDirectory(db: Executor, organisationId: number, category: string): Promise<boolean> {
  return (await db.selectFrom('organisation_directory').select('category').where('organisation_id', '=', organisationId).where('category', '=', category).executeTakeFirst()) !== undefined;
}

export function directory(db: Executor, districtId: number, category: string | undefined) {
  return db.selectFrom('organisation_directory as d').innerJoin('organisations as o', 'o.id', 'd.organisation_id')
    .select(['d.category', sql<string>`to_char(d.listed_on, 'YYYY-MM-DD')`.as('listed_on'), 'o.id', 'o.name'])
    .where('d.district_id', '=', districtId)
    .$if(category !== undefined, (w) => w.where('d.category', '=', category!))
    .orderBy('d.category').orderBy('o.name').execute();
}

export function findPerson(db: Executor, id: number) {
  return db.selectFrom('people').select(['id', 'district_id']).where('id', '=', id).executeTakeFirst();
}

export function findName(db: Executor, id: number) {
  return db.selectFrom('organisations').select(['id', 'name', 'district_id']).where('id', '=', id).executeTakeFirst();
}

/** 项目评价: residents' ratings of the projects an organisation delivered (average stars to one decimal, count). */
export async function ratingsOf(db: Executor, organisationId: number): Promise<{ average: number | null; count: number; projects: number }> {
  const r = await db.selectFrom('project_ratings as r').innerJoin('projects as p', 'p.id', 'r.project_id')
    .select([(eb) => eb.fn.avg<number>('r.stars').as('avg'), (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.count<number>('r.project_id').distinct().as('projects')])
    .where('p.organisation_id', '=', organisationId).executeTakeFirstOrThrow();
  return { average: r.avg === null ? null : Math.round(Number(r.avg) * 10) / 10, count: Number(r.n), projects: Number(r.projects) };
}

export async function removeMember(db: Executor, organisationId: number, personId: number): Promise<boolean> {
  const r = await db.deleteFrom('organisation_members').where('organisation_id', '=', organisationId).where('person_id', '=', personId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

// 年报
const day = <C extends 'deadline' | 'filed_on'>(c: C) => sql<C extends 'deadline' ? string : string | null>`to_char(${sql.ref(c)}, 'YYYY-MM-DD')`.as(c);
export async function insertAnnualReports(db: Executor, rows: { district_id: number; organisation_id: number; deadline: string; addressee: 'sponsor' | 'registrar' }[]) {
  if (rows.length === 0) return [];
  return db.insertInto('organisation_annual_reports').values(rows).onConflict((oc) => oc.columns(['organisation_id', 'deadline']).doNothing()).returning(['id', day('deadline')]).execute();
}
export function lockAnnualReport(db: Executor, id: number) {
  return db.selectFrom('organisation_annual_reports').select(['id', 'organisation_id', day('deadline'), 'addressee', day('filed_on'), 'reminded_before_at', 'reminded_overdue_at'])
    .where('id', '=', id).forUpdate().executeTakeFirst();
}
export async function stampReminder(db: Executor, id: number, stage: 'before' | 'overdue', at: Date): Promise<void> {
  await db.updateTable('organisation_annual_reports').set(stage === 'before' ? { reminded_before_at: at } : { reminded_overdue_at: at }).where('id', '=', id).execute();
}
export async function fileAnnualReport(db: Executor, id: number, filedOn: string, by: number): Promise<void> {
  await db.updateTable('organisation_annual_reports').set({ filed_on: filedOn, filed_by: by }).where('id', '=', id).execute();
}
export function annualReportsOf(db: Executor, organisationId: number) {
  return db.selectFrom('organisation_annual_reports').select(['id', day('deadline'), 'addressee', day('filed_on'), 'reminded_before_at', 'reminded_overdue_at'])
    .where('organisation_id', '=', organisationId).orderBy('deadline', 'desc').limit(10).execute();
}
