import { sql } from 'kysely';
import type { Executor } from '../../platform/audit.repository.ts';
import { HEADLINE_MEASURES } from './headline.ts';
import { ROLLUP_KINDS } from './rollup.repository.ts';
import { RUNNING_GAUGES } from './rollup-sources.ts';

export type MeasureRow = { place_id: number; measure: string; value: number };

export function findPlace(db: Executor, id: number) {
  return db.selectFrom('places').select(['id', 'name', 'path', 'kind', 'district_id', 'parent_id']).where('id', '=', id).executeTakeFirst();
}

export function placesByIds(db: Executor, placeIds: readonly number[]) {
  return db.selectFrom('places').select(['id', 'name', 'kind', 'path']).where('id', 'in', placeIds).execute();
}

/** The places one level down that keep rollups (streets, communities, compounds; not departments or buildings). */
export function childPlaces(db: Executor, parentId: number) {
  return db.selectFrom('places').select(['id', 'name', 'kind', 'path']).where('parent_id', '=', parentId).where('kind', 'in', [...ROLLUP_KINDS]).orderBy('name').orderBy('id').execute();
}

export type SummaryRow = {
  part: 'total' | 'previous' | 'gauge' | 'previous_gauge' | 'running' | 'previous_running' | 'organisations' | 'series';
  place_id: number; day: string | null; measure: string; value: number;
};

/**
 * Everything the summary reads from the rollups, in one statement (one round trip, one pooled connection per
 * request): for the place and its children the period's sums, the coverage gauges and the open backlog at `to`;
 * for the place alone the same before the period, and its daily series. Each part is a bounded index range:
 * the period's days, or one probe for the latest gauge row on or before a day (never a scan of all history).
 */
export async function summaryRows(db: Executor, placeId: number, p: SummaryPeriods, series: readonly string[]): Promise<SummaryRow[]> {
  return (await summarySql(placeId, p, series).execute(db)).rows;
}

export type SummaryPeriods = { from: string; to: string; prevFrom: string; prevTo: string };

/** The summary's statement (apart so the bench can EXPLAIN ANALYZE exactly what the server runs). */
export function summarySql(placeId: number, p: SummaryPeriods, series: readonly string[]) {
  const kinds = sql.join(ROLLUP_KINDS.map((k) => sql`${k}`));
  const running = sql.join(RUNNING_GAUGES.map((g) => sql`(${g.measure}::text)`));
  return sql<SummaryRow>`
    with ids as (
      select ${placeId}::bigint as id, true as self
      union all select id, false from places where parent_id = ${placeId} and kind in (${kinds})
    ),
    periods as (
      select i.id, i.self as every, 'total' as part, ${p.from}::date as d0, ${p.to}::date as d1 from ids i
      union all select ${placeId}::bigint, false, 'previous', ${p.prevFrom}::date, ${p.prevTo}::date
    )
    select pr.part, r.place_id, null as day, r.measure, sum(r.value)::bigint as value
    from periods pr join cockpit_rollups r on r.place_id = pr.id and r.day between pr.d0 and pr.d1
    -- Every measure for the place's own totals; only what the headline reads for its children and the period before.
    where r.measure not like 'coverage.%' and (pr.every or r.measure = any(${[...HEADLINE_MEASURES]}::text[]))
    group by pr.part, r.place_id, r.measure
    union all
    select g.part, g.id, null, r.measure, r.value
    from (
      select i.id, 'gauge' as part, (select x.day from cockpit_rollups x where x.place_id = i.id and x.measure = 'coverage.compounds' and x.day <= ${p.to}::date order by x.day desc limit 1) as day from ids i
      union all
      select ${placeId}::bigint, 'previous_gauge', (select x.day from cockpit_rollups x where x.place_id = ${placeId} and x.measure = 'coverage.compounds' and x.day <= ${p.prevTo}::date order by x.day desc limit 1)
    ) g join cockpit_rollups r on r.place_id = g.id and r.day = g.day and r.measure like 'coverage.%'
    union all
    select o.part, o.id, null, o.measure, o.value
    from (
      select i.id, 'running' as part, m.measure, (select x.value from cockpit_gauges x where x.place_id = i.id and x.measure = m.measure and x.day <= ${p.to}::date order by x.day desc limit 1) as value
      from ids i cross join (values ${running}) as m(measure)
      union all
      select ${placeId}::bigint, 'previous_running', m.measure, (select x.value from cockpit_gauges x where x.place_id = ${placeId} and x.measure = m.measure and x.day <= ${p.prevTo}::date order by x.day desc limit 1)
      from (values ${running}) as m(measure)
    ) o where o.value is not null
    union all
    -- 社会组织 by status now: a live count of a small table (statuses change in place; there is no history to roll up).
    select 'organisations', i.id, null, o.status, count(*)::bigint
    from ids i join places pl on pl.id = i.id join organisations o on o.district_id = pl.district_id and o.place_path like pl.path || '%'
    group by i.id, o.status
    union all
    select 'series', r.place_id, to_char(r.day, 'YYYY-MM-DD'), r.measure, r.value from cockpit_rollups r
    where r.place_id = ${placeId} and r.measure in (${sql.join(series.map((m) => sql`${m}`))}) and r.day between ${p.from}::date and ${p.to}::date`;
}

/** 实时滚动: requests raised under `path` after event `afterId` (category and compound only: no resident, no text). */
export async function raisedSince(db: Executor, districtId: number, path: string, afterId: number, limit: number, latestFirst = false) {
  const { rows } = await sql<{ event_id: number; at: Date; request_id: number; category: string; compound: string; compound_id: number; urgency: string }>`
    select e.id as event_id, e.at, r.id as request_id, c.name_zh as category, p.name as compound, p.id as compound_id, r.urgency
    from request_events e
    join requests r on r.id = e.request_id
    join request_categories c on c.id = r.category_id
    join places p on p.id = r.compound_id
    where e.district_id = ${districtId} and e.kind = 'raised' and e.id > ${afterId} and r.compound_path like ${`${path}%`}
    order by ${latestFirst ? sql`e.at desc, e.id desc` : sql`e.id desc`} limit ${limit}`.execute(db);
  return rows.reverse();
}

export async function lastEventId(db: Executor, districtId: number): Promise<number> {
  const { rows } = await sql<{ id: number | null }>`select max(id) as id from request_events where district_id = ${districtId}`.execute(db);
  return Number(rows[0]?.id ?? 0);
}
