import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/create-db.ts';
import type { Executor } from '../../platform/audit.repository.ts';
import { RUNNING_GAUGES } from './rollup-sources.ts';

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
export async function pendingIds(db: Executor, table: string, districtId: number, source: string, lowWater: number, limit: number, only?: (alias: string) => RawBuilder<unknown>): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`
    select s.id from ${sql.table(table)} s
    where s.district_id = ${districtId} and s.id > ${lowWater}${only ? sql` and ${only('s')}` : sql``}
      and not exists (select 1 from cockpit_applied a where a.district_id = ${districtId} and a.source = ${source} and a.id = s.id)
    order by s.id limit ${limit}`.execute(db);
  return rows.map((r) => r.id);
}

/** A running gauge's net change on one day at one place (before the ancestors: addDeltas has already spread it). */
export type RunningDelta = { place_id: number; day: string; measure: string; value: number };
const runningInputs = [...new Set(RUNNING_GAUGES.flatMap((g) => [...g.plus, ...g.minus]))];

/**
 * Adds the deltas to the rollups of their place and of every ancestor up to the district (the path lists them), so
 * a street's number is read from one row, never summed from its compounds at query time. The deltas are summed per
 * place first (a rebuild passes millions of rows; the spread to ancestors then multiplies grouped rows, not rows).
 * Returns the summed rows of the measures running gauges are made of, for applyRunning.
 */
export async function addDeltas(db: Executor, districtId: number, deltas: RawBuilder<unknown>): Promise<RunningDelta[]> {
  const { rows } = await sql<RunningDelta>`
    with d0 as (${deltas}),
    d as (select place_id, day, measure, sum(value)::bigint as value from d0 group by place_id, day, measure),
    up as (
      select a.id as place_id, d.day, d.measure, sum(d.value)::bigint as value
      from d
      join places p on p.id = d.place_id
      join places a on a.id = any(string_to_array(trim(both '/' from p.path), '/')::bigint[]) and a.kind in (${rollupKinds})
      group by a.id, d.day, d.measure
    ),
    ins as (
      insert into cockpit_rollups (district_id, place_id, day, measure, value)
      select ${districtId}, place_id, day, measure, value from up where value <> 0
      on conflict (place_id, day, measure) do update set value = cockpit_rollups.value + excluded.value
    )
    select place_id, to_char(day, 'YYYY-MM-DD') as day, measure, value from up
    where value <> 0 and measure in (${sql.join(runningInputs.map((m) => sql`${m}`))})`.execute(db);
  return rows;
}

/**
 * Moves the running gauges by what one batch added: a row for each (place, day) the batch touched (starting from
 * the gauge's value before that day), then every row on or after a touched day gains the batch's nets up to it. The
 * job's batches are of today, so the second step touches the last row or two of a place.
 */
export async function applyRunning(db: Executor, districtId: number, deltas: readonly RunningDelta[]): Promise<void> {
  const net = new Map<string, { place: number; measure: string; day: string; value: number }>();
  for (const g of RUNNING_GAUGES) {
    for (const d of deltas) {
      const sign = g.plus.includes(d.measure) ? 1 : g.minus.includes(d.measure) ? -1 : 0;
      if (sign === 0) continue;
      const key = `${d.place_id} ${g.measure} ${d.day}`;
      const row = net.get(key) ?? { place: Number(d.place_id), measure: g.measure, day: d.day, value: 0 };
      row.value += sign * Number(d.value);
      net.set(key, row);
    }
  }
  if (net.size === 0) return;
  const values = sql.join([...net.values()].map((r) => sql`(${r.place}::bigint, ${r.measure}::text, ${r.day}::date, ${r.value}::bigint)`));
  await sql`
    insert into cockpit_gauges (district_id, place_id, measure, day, value)
    select ${districtId}, d.place_id, d.measure, d.day,
      coalesce((select g.value from cockpit_gauges g where g.place_id = d.place_id and g.measure = d.measure and g.day < d.day order by g.day desc limit 1), 0)
    from (values ${values}) as d(place_id, measure, day, net)
    on conflict (place_id, measure, day) do nothing`.execute(db);
  await sql`
    with d as (select * from (values ${values}) as d(place_id, measure, day, net)),
    s as (
      select g.place_id, g.measure, g.day, sum(d.net)::bigint as net
      from cockpit_gauges g join d on d.place_id = g.place_id and d.measure = g.measure and d.day <= g.day
      group by g.place_id, g.measure, g.day
    )
    update cockpit_gauges g set value = g.value + s.net from s
    where g.place_id = s.place_id and g.measure = s.measure and g.day = s.day and s.net <> 0`.execute(db);
}

/** A rebuild's running gauges, from the rebuilt rollups in one statement per gauge (a running sum per place). */
export async function rebuildRunning(db: Executor, districtId: number): Promise<void> {
  for (const g of RUNNING_GAUGES) {
    const list = (ms: readonly string[]) => sql.join(ms.map((m) => sql`${m}`));
    await sql`
      insert into cockpit_gauges (district_id, place_id, measure, day, value)
      select ${districtId}, place_id, ${g.measure}, day, sum(net) over (partition by place_id order by day)::bigint
      from (
        select place_id, day, sum(case when measure in (${list(g.plus)}) then value else -value end)::bigint as net
        from cockpit_rollups where district_id = ${districtId} and measure in (${list([...g.plus, ...g.minus])})
        group by place_id, day
      ) t`.execute(db);
  }
}

/**
 * The highest id of each source table, read while no transaction can be writing to it: the SHARE lock waits for
 * the writers in flight to end and holds new ones back for the instant it is held (its own short transaction).
 * Afterwards every row at or below the mark is committed or never will be, so a rebuild that reads up to it may
 * set its low-water mark there with no list of applied ids.
 */
export async function settledMaxIds(db: Db, tables: readonly string[]): Promise<Map<string, number>> {
  return db.transaction().execute(async (trx) => {
    await sql`lock table ${sql.join(tables.map((t) => sql.table(t)))} in share mode`.execute(trx);
    const out = new Map<string, number>();
    for (const t of tables) {
      const { rows } = await sql<{ id: number | null }>`select max(id) as id from ${sql.table(t)}`.execute(trx);
      out.set(t, Number(rows[0]?.id ?? 0));
    }
    return out;
  });
}

/** The lowest id of the district's rows in a source (0: none). */
export async function firstId(db: Executor, table: string, districtId: number): Promise<number> {
  const { rows } = await sql<{ id: number | null }>`select min(id) as id from ${sql.table(table)} where district_id = ${districtId}`.execute(db);
  return Number(rows[0]?.id ?? 0);
}

export async function countInRange(db: Executor, table: string, districtId: number, after: number, upTo: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::bigint as n from ${sql.table(table)} where district_id = ${districtId} and id > ${after} and id <= ${upTo}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

export async function setLowWater(db: Executor, districtId: number, source: string, lowWater: number): Promise<void> {
  await db.insertInto('cockpit_cursors').values({ district_id: districtId, source, low_water: lowWater, snapshot_day: null })
    .onConflict((oc) => oc.columns(['district_id', 'source']).doUpdateSet({ low_water: lowWater })).execute();
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
 * 专员覆盖: per compound and its ancestors, for every day from `from` to `to`, the gauges at the end of the day
 * (or at `now`, for a day not over yet) — compounds, compounds with a commissioner, commissioners, local
 * commissioners — written in place of what was there. One statement for the whole range: a rebuild snapshots years
 * of days at once (a statement per day cost a second or more each on a loaded machine).
 */
export async function snapshotCoverage(db: Executor, districtId: number, from: string, to: string, now: Date): Promise<number> {
  await sql`delete from cockpit_rollups where district_id = ${districtId} and day between ${from}::date and ${to}::date and measure like 'coverage.%'`.execute(db);
  await sql`
    with days as (
      select g::date as day, least(((g::date + 1)::timestamp at time zone 'Asia/Shanghai'), ${now}::timestamptz) as at
      from generate_series(${from}::date, ${to}::date, interval '1 day') as g
    ),
    compounds as (select p.id, p.path from places p where p.district_id = ${districtId} and p.kind = 'compound'),
    c as (
      select days.day, k.id, k.path,
        count(ra.id)::bigint as commissioners,
        count(ra.id) filter (where ra.is_local)::bigint as local
      from days cross join compounds k
      left join role_assignments ra on ra.place_id = k.id and ra.role = 'commissioner'
        and ra.valid_from <= days.at and (ra.valid_to is null or ra.valid_to > days.at)
      group by days.day, k.id, k.path
    ),
    d as (
      select c.day, c.path, m.measure, m.value from c
      cross join lateral (values ('coverage.compounds', 1::bigint), ('coverage.covered', (c.commissioners > 0)::int::bigint),
        ('coverage.commissioners', c.commissioners), ('coverage.commissioners_local', c.local)) as m(measure, value)
    ),
    up as (
      select a.id as place_id, d.day, d.measure, sum(d.value)::bigint as value
      from d join places a on a.id = any(string_to_array(trim(both '/' from d.path), '/')::bigint[]) and a.kind in (${rollupKinds})
      group by a.id, d.day, d.measure
    )
    insert into cockpit_rollups (district_id, place_id, day, measure, value)
    select ${districtId}, place_id, day, measure, value from up`.execute(db);
  return daysBetweenInclusive(from, to);
}

const daysBetweenInclusive = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;

/**
 * After a rebuild: the planner's statistics, and the visibility map, so the summary's period sums are index-only
 * scans of the primary key (which carries the value) from the first request on, not only once autovacuum came by.
 */
export async function analyzeRollups(db: Executor): Promise<void> {
  await sql`vacuum (analyze) cockpit_rollups, cockpit_gauges`.execute(db);
}

/** Everything the cockpit derived for a district, for a rebuild from the sources. */
export async function clearDistrict(db: Executor, districtId: number): Promise<void> {
  await db.deleteFrom('cockpit_rollups').where('district_id', '=', districtId).execute();
  await db.deleteFrom('cockpit_gauges').where('district_id', '=', districtId).execute();
  await db.deleteFrom('cockpit_applied').where('district_id', '=', districtId).execute();
  await db.deleteFrom('cockpit_cursors').where('district_id', '=', districtId).execute();
}
