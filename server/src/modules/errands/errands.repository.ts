import { sql, type Insertable, type Updateable } from 'kysely';
import type { Executor } from '../../platform/audit.repository.ts';
import type { Scope } from '../../platform/scope.ts';
import { underScope } from '../../platform/scope-sql.ts';
import type { Database } from '../../db/schema.ts';

/**
 * All SQL of proxy errands (代办). Places are read here as the requests module reads them (findCompound); whether
 * the resident lives there and belongs to a special group is asked of the people module.
 */

export function findPlace(db: Executor, id: number) {
  return db.selectFrom('places').select(['id', 'name', 'path', 'kind', 'district_id', 'parent_id']).where('id', '=', id).executeTakeFirst();
}

export function findPlaces(db: Executor, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('places').select(['id', 'name']).where('id', 'in', [...ids]).execute();
}


export async function insertErrand(db: Executor, row: Insertable<Database['errands']>): Promise<number> {
  return (await db.insertInto('errands').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

function errandsQuery(db: Executor) {
  return db
    .selectFrom('errands as e')
    .innerJoin('places as c', 'c.id', 'e.compound_id')
    .innerJoin('people as r', 'r.id', 'e.resident_id')
    .innerJoin('people as h', 'h.id', 'e.commissioner_id');
}

const columns = [
  'e.id', 'e.district_id', 'e.compound_id', 'e.compound_path', 'e.resident_id', 'e.commissioner_id', 'e.title', 'e.checklist', 'e.resident_trips',
  'e.status', 'e.created_at', 'e.done_at', 'c.name as compound_name', 'r.name as resident_name', 'h.name as handler_name',
] as const;

export function findErrand(db: Executor, id: number) {
  return errandsQuery(db).select(columns).where('e.id', '=', id).executeTakeFirst();
}
export type ErrandRow = NonNullable<Awaited<ReturnType<typeof findErrand>>>;

/** Locks the errand for an update, so two staff ticking items at once apply one after the other. */
export function lockErrand(db: Executor, id: number) {
  return db.selectFrom('errands').select(['id', 'status', 'checklist', 'resident_trips']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateErrand(db: Executor, id: number, set: Updateable<Database['errands']>): Promise<void> {
  await db.updateTable('errands').set(set).where('id', '=', id).execute();
}

export async function listErrands(db: Executor, scope: Scope, f: { placePath?: string; status?: string; page: number; pageSize: number }) {
  const base = errandsQuery(db)
    .where(underScope('e.compound_path', scope))
    .$if(f.placePath !== undefined, (w) => w.where('e.compound_path', 'like', `${f.placePath}%`))
    .$if(f.status !== undefined, (w) => w.where('e.status', '=', f.status!));
  const [items, total] = await Promise.all([
    base.select(columns).orderBy('e.created_at', 'desc').orderBy('e.id', 'desc').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

export function listForResident(db: Executor, personId: number, limit: number) {
  return errandsQuery(db).select(columns).where('e.resident_id', '=', personId).orderBy('e.created_at', 'desc').orderBy('e.id', 'desc').limit(limit).execute();
}

export type StatsRow = {
  place_id: number; errands: number; open: number; done: number; cancelled: number; resident_trips: number; done_trips: number; done_within_one_trip: number;
};

/**
 * Errand counts under `place`, grouped by the place's children (the compound itself when `place` is one): how many
 * trips residents made, and how many done errands needed at most one (最多跑一次).
 */
export async function errandStats(db: Executor, scope: Scope, place: { id: number; path: string }): Promise<StatsRow[]> {
  const child = sql<number>`case when e.compound_path = ${place.path} then ${place.id}::bigint
    else split_part(substr(e.compound_path, ${place.path.length + 1}), '/', 1)::bigint end`;
  const { rows } = await sql<StatsRow>`
    select ${child} as place_id,
      count(*)::int as errands,
      count(*) filter (where e.status = 'open')::int as open,
      count(*) filter (where e.status = 'done')::int as done,
      count(*) filter (where e.status = 'cancelled')::int as cancelled,
      coalesce(sum(e.resident_trips), 0)::int as resident_trips,
      coalesce(sum(e.resident_trips) filter (where e.status = 'done'), 0)::int as done_trips,
      count(*) filter (where e.status = 'done' and e.resident_trips <= 1)::int as done_within_one_trip
    from errands e
    where e.compound_path like ${`${place.path}%`} and ${underScope('e.compound_path', scope)}
    group by 1
    order by 1`.execute(db);
  return rows;
}
