import { sql, type Insertable, type Updateable } from 'kysely';
import type { Executor } from '../../platform/audit.repository.ts';
import type { Scope } from '../../platform/scope.ts';
import { underScope } from '../../platform/scope-sql.ts';
import type { Database } from '../../db/schema.ts';

/** All SQL of the demand list (需求清单). */

export function findPlace(db: Executor, id: number) {
  return db.selectFrom('places').select(['id', 'name', 'path', 'kind', 'district_id']).where('id', '=', id).executeTakeFirst();
}

/**
 * One need per source key: a new key inserts, a known key only refreshes its count and last sighting — the
 * assessment and status a worker gave it stay. Returns whether the row was new.
 */
export async function upsertDemand(db: Executor, row: Insertable<Database['demands']>, mode: 'set' | 'increment'): Promise<{ id: number; created: boolean }> {
  const r = await db
    .insertInto('demands')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['district_id', 'source_key']).doUpdateSet({
        occurrences: mode === 'set' ? sql`excluded.occurrences` : sql`demands.occurrences + 1`,
        last_seen_at: sql`greatest(demands.last_seen_at, excluded.last_seen_at)`,
        updated_at: sql`excluded.updated_at`,
      }),
    )
    .returning(['id', sql<boolean>`(xmax = 0)`.as('created')])
    .executeTakeFirstOrThrow();
  return { id: r.id, created: r.created };
}

const columns = [
  'd.id', 'd.district_id', 'd.place_id', 'd.place_path', 'd.source', 'd.source_key', 'd.title', 'd.description', 'd.occurrences', 'd.last_seen_at',
  'd.urgency', 'd.people_affected', 'd.assessment_note', 'd.status', 'd.converted_kind', 'd.converted_ref', 'p.name as place_name',
] as const;

export function findDemand(db: Executor, id: number) {
  return db.selectFrom('demands as d').innerJoin('places as p', 'p.id', 'd.place_id').select(columns).where('d.id', '=', id).executeTakeFirst();
}
export type DemandRow = NonNullable<Awaited<ReturnType<typeof findDemand>>>;

export function lockDemand(db: Executor, id: number) {
  return db.selectFrom('demands').select(['id', 'status']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateDemand(db: Executor, id: number, set: Updateable<Database['demands']>): Promise<void> {
  await db.updateTable('demands').set(set).where('id', '=', id).execute();
}

/** Open needs first (new, then assessed), most urgent and most frequent first. */
export async function listDemands(db: Executor, scope: Scope, f: { placePath?: string; status?: string; page: number; pageSize: number }) {
  const base = db
    .selectFrom('demands as d')
    .innerJoin('places as p', 'p.id', 'd.place_id')
    .where(underScope('d.place_path', scope))
    .$if(f.placePath !== undefined, (w) => w.where('d.place_path', 'like', `${f.placePath}%`))
    .$if(f.status !== undefined, (w) => w.where('d.status', '=', f.status!));
  const [items, total] = await Promise.all([
    base
      .select(columns)
      .orderBy(sql`case d.status when 'new' then 0 when 'assessed' then 1 when 'converted' then 2 else 3 end`)
      .orderBy(sql`coalesce(d.urgency, 0)`, 'desc')
      .orderBy('d.occurrences', 'desc')
      .orderBy('d.id', 'desc')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}
