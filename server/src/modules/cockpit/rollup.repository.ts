import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../platform/audit.repository.ts';

/** The places a rollup is kept for: the tree from the district down to compounds (not buildings or households). */
export const ROLLUP_KINDS = ['district', 'street', 'community', 'compound'] as const;
const rollupKinds = sql.join(ROLLUP_KINDS.map((k) => sql`${k}`));

export function districtIds(db: Executor) {
  return db.selectFrom('places').select('district_id').where('kind', '=', 'district').where('parent_id', 'is', null).orderBy('district_id').execute();
}

/** The cursor row of one source, locked; a second instance running the job skips it instead of waiting. */
export async function lockCursor(db: Executor, districtId: number, source: string) {
  await db.insertInto('cockpit_cursors').values({ district_id: districtId, source, snapshot_day: null }).onConflict((oc) => oc.doNothing()).execute();
  const { rows } = await sql<{ low_water: number; snapshot_day: string | null }>`
    select low_water, to_char(snapshot_day, 'YYYY-MM-DD') as snapshot_day from cockpit_cursors
    where district_id = ${districtId} and source = ${source} for update skip locked`.execute(db);
  return rows[0];
}

/** Rows of the source above the low-water mark not applied yet, oldest first. */
export async function pendingIds(db: Executor, table: string, districtId: number, source: string, lowWater: number, limit: number): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`
    select s.id from ${sql.table(table)} s
    where s.district_id = ${districtId} and s.id > ${lowWater}
      and not exists (select 1 from cockpit_applied a where a.district_id = ${districtId} and a.source = ${source} and a.id = s.id)
    order by s.id limit ${limit}`.execute(db);
  return rows.map((r) => r.id);
}

/**
 * Adds the deltas to the rollups of their place and of every ancestor up to the district (the path lists them), so
 * a street's number is read from one row, never summed from its compounds at query time.
 */
export async function addDeltas(db: Executor, districtId: number, deltas: RawBuilder<unknown>): Promise<void> {
  await sql`
    with d as (${deltas}),
    up as (
      select a.id as place_id, d.day, d.measure, sum(d.value)::bigint as value
      from d
      join places p on p.id = d.place_id
      join places a on a.id = any(string_to_array(trim(both '/' from p.path), '/')::bigint[]) and a.kind in (${rollupKinds})
      group by a.id, d.day, d.measure
    )
    insert into cockpit_rollups (district_id, place_id, day, measure, value)
    select ${districtId}, place_id, day, measure, value from up where value <> 0
    on conflict (place_id, day, measure) do update set value = cockpit_rollups.value + excluded.value`.execute(db);
}

export async function markApplied(db: Executor, districtId: number, source: string, ids: readonly number[], at: Date): Promise<void> {
  await db.insertInto('cockpit_applied').values(ids.map((id) => ({ district_id: districtId, source, id, applied_at: at }))).execute();
}

/**
 * Moves the low-water mark as far as it safely goes, and forgets the applied ids below it:
 * - through an unbroken run of applied ids just above it (no row can be missing inside a run), and
 * - past every row applied at least `settleMs` ago: a row that was not visible when a higher id was applied
 *   belonged to a transaction then in flight; transactions end well within the settle time (statement and idle
 *   timeouts), so below that mark every row is applied or was never committed (a rolled-back id leaves a gap).
 * Both keep the set of applied ids, and the scan for pending rows, small (a rebuild applies every row at once).
 */
export async function advanceLowWater(db: Executor, districtId: number, source: string, settledBefore: Date): Promise<void> {
  const cursor = await db.selectFrom('cockpit_cursors').select('low_water').where('district_id', '=', districtId).where('source', '=', source).executeTakeFirst();
  const low = Number(cursor?.low_water ?? 0);
  // The unbroken run: applied ids are distinct, so the n-th one above the mark equals mark + n exactly while no
  // id is missing (one ordered index scan, however many a rebuild applied).
  const { rows: run } = await sql<{ id: number | null }>`
    select max(id) as id from (
      select a.id, row_number() over (order by a.id) as n from cockpit_applied a
      where a.district_id = ${districtId} and a.source = ${source} and a.id > ${low}
    ) t where t.id - ${low} = t.n`.execute(db);
  const settled = await db.selectFrom('cockpit_applied').select((eb) => eb.fn.max('id').as('id'))
    .where('district_id', '=', districtId).where('source', '=', source).where('applied_at', '<=', settledBefore).executeTakeFirst();
  const mark = Math.max(low, Number(run[0]?.id ?? 0), Number(settled?.id ?? 0));
  if (mark <= low) return;
  await db.updateTable('cockpit_cursors').set({ low_water: mark }).where('district_id', '=', districtId).where('source', '=', source).execute();
  await db.deleteFrom('cockpit_applied').where('district_id', '=', districtId).where('source', '=', source).where('id', '<=', mark).execute();
}

export async function setSnapshotDay(db: Executor, districtId: number, source: string, day: string): Promise<void> {
  await db.updateTable('cockpit_cursors').set({ snapshot_day: day }).where('district_id', '=', districtId).where('source', '=', source).execute();
}

/** The first day anything happened in the district (where a first coverage snapshot starts). */
export async function firstDay(db: Executor, districtId: number): Promise<string | undefined> {
  const { rows } = await sql<{ day: string | null }>`select to_char(min(day), 'YYYY-MM-DD') as day from cockpit_rollups where district_id = ${districtId}`.execute(db);
  return rows[0]?.day ?? undefined;
}

/**
 * 专员覆盖: per compound and its ancestors, the gauges at `at` — compounds, compounds with a commissioner,
 * commissioners, local commissioners — written for `day` in place of what was there.
 */
export async function snapshotCoverage(db: Executor, districtId: number, day: string, at: Date): Promise<void> {
  await sql`delete from cockpit_rollups where district_id = ${districtId} and day = ${day}::date and measure like 'coverage.%'`.execute(db);
  await sql`
    with c as (
      select p.id, p.path,
        count(ra.id)::bigint as commissioners,
        count(ra.id) filter (where ra.is_local)::bigint as local
      from places p
      left join role_assignments ra on ra.place_id = p.id and ra.role = 'commissioner'
        and ra.valid_from <= ${at} and (ra.valid_to is null or ra.valid_to > ${at})
      where p.district_id = ${districtId} and p.kind = 'compound'
      group by p.id, p.path
    ),
    d as (
      select c.path, m.measure, m.value from c
      cross join lateral (values ('coverage.compounds', 1::bigint), ('coverage.covered', (c.commissioners > 0)::int::bigint),
        ('coverage.commissioners', c.commissioners), ('coverage.commissioners_local', c.local)) as m(measure, value)
    ),
    up as (
      select a.id as place_id, d.measure, sum(d.value)::bigint as value
      from d join places a on a.id = any(string_to_array(trim(both '/' from d.path), '/')::bigint[]) and a.kind in (${rollupKinds})
      group by a.id, d.measure
    )
    insert into cockpit_rollups (district_id, place_id, day, measure, value)
    select ${districtId}, place_id, ${day}::date, measure, value from up`.execute(db);
}

/** Everything the cockpit derived for a district, for a rebuild from the sources. */
export async function clearDistrict(db: Executor, districtId: number): Promise<void> {
  await db.deleteFrom('cockpit_rollups').where('district_id', '=', districtId).execute();
  await db.deleteFrom('cockpit_applied').where('district_id', '=', districtId).execute();
  await db.deleteFrom('cockpit_cursors').where('district_id', '=', districtId).execute();
}
