import { sql } from 'kysely';
import type { Executor } from '../../platform/audit.repository.ts';
import type { Scope } from '../../platform/scope.ts';
import { roleActiveAt, underScope } from '../../platform/scope-sql.ts';
import type { PlaceKind } from '../../db/schema.ts';

const childCount = sql<number>`(select count(*) from places ch where ch.parent_id = places.id)`;

const nodeColumns = ['places.id', 'places.parent_id', 'places.kind', 'places.name', 'places.code', 'places.path'] as const;

export function findPlace(db: Executor, id: number) {
  return db.selectFrom('places').select([...nodeColumns, 'places.district_id', childCount.as('child_count')]).where('places.id', '=', id).executeTakeFirst();
}

export function findPlacesByPaths(db: Executor, paths: readonly string[]) {
  return db.selectFrom('places').select([...nodeColumns, childCount.as('child_count')]).where('places.path', 'in', [...paths]).orderBy('places.id').execute();
}

export function findChildren(db: Executor, parentId: number, limit: number) {
  return db
    .selectFrom('places')
    .select([...nodeColumns, childCount.as('child_count')])
    .where('places.parent_id', '=', parentId)
    // Numbered names sort as numbers ("2幢" before "10幢"): shorter first, then by name.
    .orderBy(sql`case when places.kind in ('building', 'unit', 'household') then length(places.name) else 0 end`)
    .orderBy('places.name')
    .orderBy('places.id')
    .limit(limit)
    .execute();
}

export function findNamesByIds(db: Executor, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('places').select(['id', 'kind', 'name']).where('id', 'in', [...ids]).execute();
}

export function searchPlaces(db: Executor, scope: Scope, q: string, kind: PlaceKind | undefined, limit: number) {
  let query = db
    .selectFrom('places')
    .select([...nodeColumns, childCount.as('child_count')])
    .where(underScope('places.path', scope))
    // Households and units are found through their building, not by name across a whole street.
    .where('places.kind', 'not in', ['household', 'unit'])
    .where('places.name', 'like', `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (kind) query = query.where('places.kind', '=', kind);
  return query.orderBy('places.depth').orderBy('places.name').limit(limit).execute();
}

export function findCompoundProfile(db: Executor, placeId: number) {
  return db.selectFrom('compound_profiles').selectAll().where('place_id', '=', placeId).executeTakeFirst();
}

export function findCommunityProfile(db: Executor, placeId: number) {
  return db
    .selectFrom('community_profiles as cp')
    .leftJoin('playbooks as pb', (j) => j.onRef('pb.district_id', '=', 'cp.district_id').onRef('pb.community_class', '=', 'cp.community_class'))
    .select(['cp.community_class', 'cp.tags', 'pb.body as playbook'])
    .where('cp.place_id', '=', placeId)
    .executeTakeFirst();
}

export type CompoundProfileColumns = Partial<{
  compound_kind: string;
  build_year: number | null;
  household_count: number;
  property_company: string | null;
  committee_type: string;
  follow_majority: boolean;
  convention: string | null;
  service_point_address: string | null;
  service_point_hours: string | null;
}>;

export async function updateCompoundProfile(db: Executor, placeId: number, set: CompoundProfileColumns, now: Date) {
  await db.updateTable('compound_profiles').set({ ...set, updated_at: now }).where('place_id', '=', placeId).execute();
}

export async function updateCommunityProfile(db: Executor, placeId: number, set: { community_class?: string; tags?: string[] }, now: Date) {
  await db.updateTable('community_profiles').set({ ...set, updated_at: now }).where('place_id', '=', placeId).execute();
}

/** Commissioners in post now at one compound (or several). */
export function findCommissioners(db: Executor, compoundIds: readonly number[], now: Date) {
  if (compoundIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('role_assignments as ra')
    .innerJoin('people as p', 'p.id', 'ra.person_id')
    .select(['ra.place_id', 'p.id as person_id', 'p.name', 'p.phone_cipher', 'ra.is_local'])
    .where('ra.role', '=', 'commissioner')
    .where('ra.place_id', 'in', [...compoundIds])
    .where(roleActiveAt('ra', now))
    .orderBy('ra.id')
    .execute();
}

/** Per street under `rootPath`: compounds, compounds without a commissioner, commissioners, local ones. */
export function coverageByStreet(db: Executor, rootPath: string, now: Date) {
  return sql<{ place_id: number; name: string; compounds: number; uncovered: number; commissioners: number; local: number }>`
    with active as (
      select place_id, person_id, is_local from role_assignments
      where role = 'commissioner' and ${roleActiveAt('role_assignments', now)}
        and place_path like ${`${rootPath}%`}
    )
    select s.id as place_id, s.name,
      count(distinct c.id)::int as compounds,
      count(distinct c.id) filter (where not exists (select 1 from active a where a.place_id = c.id))::int as uncovered,
      (select count(distinct a.person_id) from active a join places ac on ac.id = a.place_id where ac.path like s.path || '%')::int as commissioners,
      (select count(distinct a.person_id) filter (where a.is_local) from active a join places ac on ac.id = a.place_id where ac.path like s.path || '%')::int as local
    from places s
    left join places c on c.kind = 'compound' and c.path like s.path || '%'
    where s.kind = 'street' and (s.path like ${`${rootPath}%`} or ${rootPath} like s.path || '%')
    group by s.id, s.name, s.path
    order by s.name`.execute(db);
}

export function uncoveredCompounds(db: Executor, rootPath: string, now: Date, limit: number) {
  return sql<{ place_id: number; name: string; community_name: string; street_name: string }>`
    select c.id as place_id, c.name, cm.name as community_name, st.name as street_name
    from places c
    join places cm on cm.id = c.parent_id
    join places st on st.id = cm.parent_id
    where c.kind = 'compound' and c.path like ${`${rootPath}%`}
      and not exists (
        select 1 from role_assignments a where a.place_id = c.id and a.role = 'commissioner' and ${roleActiveAt('a', now)})
    order by st.name, cm.name, c.name
    limit ${limit}`.execute(db);
}

/** Compounds per kind under each child of a place (the cockpit's first chart). */
export function compoundKindsByChild(db: Executor, parentId: number) {
  return sql<{ place_id: number; name: string; compound_kind: string; n: number }>`
    select ch.id as place_id, ch.name, cp.compound_kind, count(*)::int as n
    from places ch
    join places c on c.kind = 'compound' and c.path like ch.path || '%'
    join compound_profiles cp on cp.place_id = c.id
    where ch.parent_id = ${parentId}
    group by ch.id, ch.name, cp.compound_kind
    order by ch.name`.execute(db);
}

/** Compounds per kind at or under one place (used when the place itself is a compound or has no children). */
export function compoundKindsUnder(db: Executor, path: string) {
  return sql<{ compound_kind: string; n: number }>`
    select cp.compound_kind, count(*)::int as n
    from places c join compound_profiles cp on cp.place_id = c.id
    where c.kind = 'compound' and c.path like ${`${path}%`}
    group by cp.compound_kind`.execute(db);
}

export function findCompoundsWithCommunity(db: Executor, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('places as c')
    .innerJoin('places as cm', 'cm.id', 'c.parent_id')
    .leftJoin('compound_profiles as cp', 'cp.place_id', 'c.id')
    .select(['c.id', 'c.name', 'cm.id as community_id', 'cm.name as community_name', 'cp.service_point_address', 'cp.service_point_hours'])
    .where('c.id', 'in', [...ids])
    .where('c.kind', '=', 'compound')
    .execute();
}

export function findHousehold(db: Executor, placeId: number) {
  return db.selectFrom('households').select(['exclusive_area', 'area_source']).where('place_id', '=', placeId).executeTakeFirst();
}
