import { sql, type Insertable } from 'kysely';
import type { Executor } from '../../platform/audit.repository.ts';
import type { Database } from '../../db/schema.ts';

export function findDistrict(db: Executor, districtId: number) {
  return db.selectFrom('places').select(['id', 'path', 'name']).where('id', '=', districtId).where('kind', '=', 'district').executeTakeFirst();
}

export function findDistrictByCode(db: Executor, code: string | undefined) {
  let q = db.selectFrom('places').select(['id', 'path', 'name']).where('kind', '=', 'district');
  if (code) q = q.where('code', '=', code);
  return q.orderBy('id').executeTakeFirst();
}

/** Holds the district row until commit, so two imports into one district run one after the other. */
export async function lockDistrict(db: Executor, districtId: number): Promise<void> {
  await sql`select id from places where id = ${districtId} for update`.execute(db);
}

const placeColumns = ['id', 'parent_id', 'kind', 'name', 'code', 'path'] as const;

/** The district's upper tree (streets, communities, compounds) and every coded place, which share the code namespace. */
export function findUpperPlaces(db: Executor, districtId: number) {
  return db
    .selectFrom('places')
    .select(placeColumns)
    .where('district_id', '=', districtId)
    .where((eb) => eb.or([eb('kind', 'in', ['street', 'community', 'compound']), eb('code', 'is not', null)]))
    .orderBy('id')
    .execute();
}

/** The children of some places (buildings of compounds, units of buildings, …), in batches. */
export async function findChildrenOf(db: Executor, parentIds: readonly number[], batch = 2000) {
  const out: Awaited<ReturnType<typeof findUpperPlaces>> = [];
  for (let i = 0; i < parentIds.length; i += batch) {
    out.push(...(await db.selectFrom('places').select(placeColumns).where('parent_id', 'in', parentIds.slice(i, i + batch)).orderBy('id').execute()));
  }
  return out;
}

export async function findHouseholdAreas(db: Executor, placeIds: readonly number[], batch = 2000) {
  const out: { place_id: number; exclusive_area: number | string | null; area_source: string | null }[] = [];
  for (let i = 0; i < placeIds.length; i += batch) {
    out.push(...(await db.selectFrom('households').select(['place_id', 'exclusive_area', 'area_source']).where('place_id', 'in', placeIds.slice(i, i + batch)).execute()));
  }
  return out;
}

export function findCommunityClasses(db: Executor, districtId: number) {
  return db.selectFrom('community_profiles').select(['place_id', 'community_class']).where('district_id', '=', districtId).execute();
}

export function findCompoundProfiles(db: Executor, districtId: number) {
  return db
    .selectFrom('compound_profiles')
    .select(['place_id', 'compound_kind', 'build_year', 'property_company', 'committee_type', 'service_point_address', 'service_point_hours'])
    .where('district_id', '=', districtId)
    .execute();
}

/** Ids taken from the sequence up front, so that paths can be computed before inserting. */
export async function reservePlaceIds(db: Executor, n: number): Promise<number[]> {
  if (n === 0) return [];
  const r = await sql<{ id: string | number }>`select nextval('places_id_seq') as id from generate_series(1, ${n})`.execute(db);
  return r.rows.map((x) => Number(x.id));
}

async function insertBatched<T extends 'places' | 'community_profiles' | 'compound_profiles' | 'households'>(db: Executor, table: T, rows: Insertable<Database[T]>[], batch = 1000) {
  for (let i = 0; i < rows.length; i += batch) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await db.insertInto(table).values(rows.slice(i, i + batch) as any).execute();
  }
}

export const insertPlaces = (db: Executor, rows: Insertable<Database['places']>[]) => insertBatched(db, 'places', rows);
export const insertCommunityProfiles = (db: Executor, rows: Insertable<Database['community_profiles']>[]) => insertBatched(db, 'community_profiles', rows);
export const insertCompoundProfiles = (db: Executor, rows: Insertable<Database['compound_profiles']>[]) => insertBatched(db, 'compound_profiles', rows);
export const insertHouseholds = (db: Executor, rows: Insertable<Database['households']>[]) => insertBatched(db, 'households', rows);

export async function updateCommunityClass(db: Executor, placeId: number, communityClass: string, now: Date) {
  await db.updateTable('community_profiles').set({ community_class: communityClass, updated_at: now }).where('place_id', '=', placeId).execute();
}

export async function updatePlaceNameAndCode(db: Executor, placeId: number, set: { name?: string; code?: string }, now: Date) {
  await db.updateTable('places').set({ ...set, updated_at: now }).where('id', '=', placeId).execute();
}

export type CompoundProfileSet = Partial<{
  compound_kind: string;
  build_year: number | null;
  property_company: string | null;
  committee_type: string;
  service_point_address: string | null;
  service_point_hours: string | null;
}>;

export async function updateCompoundProfile(db: Executor, placeId: number, set: CompoundProfileSet, now: Date) {
  await db.updateTable('compound_profiles').set({ ...set, updated_at: now }).where('place_id', '=', placeId).execute();
}

/** Area and its source for many households at once (insert or update). */
export async function upsertHouseholds(db: Executor, districtId: number, rows: { placeId: number; area: number | null; areaSource: string | null }[], batch = 1000) {
  for (let i = 0; i < rows.length; i += batch) {
    await db
      .insertInto('households')
      .values(rows.slice(i, i + batch).map((r) => ({ place_id: r.placeId, district_id: districtId, exclusive_area: r.area, area_source: r.areaSource })))
      .onConflict((oc) => oc.column('place_id').doUpdateSet((eb) => ({ exclusive_area: eb.ref('excluded.exclusive_area'), area_source: eb.ref('excluded.area_source') })))
      .execute();
  }
}

/** Recounts the households (compound → building → unit → household) of each compound into its profile. */
export async function recountHouseholds(db: Executor, compoundIds: readonly number[], now: Date) {
  for (let i = 0; i < compoundIds.length; i += 1000) {
    const ids = compoundIds.slice(i, i + 1000);
    await sql`
      update compound_profiles cp set household_count = n.count, updated_at = ${now}
      from (
        select b.parent_id as id, count(*)::int as count
        from places b
        join places u on u.parent_id = b.id and u.kind = 'unit'
        join places h on h.parent_id = u.id and h.kind = 'household'
        where b.kind = 'building' and b.parent_id in (${sql.join(ids)})
        group by b.parent_id
      ) n
      where cp.place_id = n.id and cp.household_count <> n.count`.execute(db);
  }
}

export async function countDistrictPlaces(db: Executor, districtId: number): Promise<number> {
  const r = await db.selectFrom('places').select((eb) => eb.fn.countAll<string>().as('n')).where('district_id', '=', districtId).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertErrorFile(db: Executor, row: { id: string; districtId: number; personId: number; fileName: string; content: Buffer; now: Date }) {
  await db
    .insertInto('import_error_files')
    .values({ id: row.id, district_id: row.districtId, person_id: row.personId, file_name: row.fileName, content: row.content, created_at: row.now })
    .execute();
}

/** An error file of this person's, unless it was written before `notBefore` (expired). */
export function findErrorFile(db: Executor, id: string, personId: number, notBefore: Date) {
  return db
    .selectFrom('import_error_files')
    .select(['id', 'file_name', 'content'])
    .where('id', '=', id)
    .where('person_id', '=', personId)
    .where('created_at', '>=', notBefore)
    .executeTakeFirst();
}

/** Removes error files written before `before`; returns how many. */
export async function deleteErrorFilesBefore(db: Executor, before: Date): Promise<number> {
  const r = await db.deleteFrom('import_error_files').where('created_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function analyzePlaces(db: Executor): Promise<void> {
  await sql`analyze places`.execute(db);
  await sql`analyze households`.execute(db);
}
