import { sql } from 'kysely';
import type { Executor } from '../../platform/audit.repository.ts';
import { ROLLUP_KINDS } from './rollup.repository.ts';

export type MeasureRow = { place_id: number; measure: string; value: number };
const ids = (placeIds: readonly number[]) => sql`(${sql.join(placeIds.map((id) => sql`${id}::bigint`))})`;

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

/** Sums of every summed measure per place over [from, to] (gauges excluded). */
export async function periodTotals(db: Executor, placeIds: readonly number[], from: string, to: string): Promise<MeasureRow[]> {
  if (placeIds.length === 0) return [];
  const { rows } = await sql<MeasureRow>`
    select place_id, measure, sum(value)::bigint as value from cockpit_rollups
    where place_id in ${ids(placeIds)} and day between ${from}::date and ${to}::date and measure not like 'coverage.%'
    group by place_id, measure`.execute(db);
  return rows;
}

/** Requests still open at the end of `to`: raised − resolved − cancelled − merged + reopened, over all days. */
export async function backlog(db: Executor, placeIds: readonly number[], to: string): Promise<Map<number, number>> {
  if (placeIds.length === 0) return new Map();
  const { rows } = await sql<{ place_id: number; open: number }>`
    select place_id, sum(case when measure in ('requests.raised', 'requests.reopened') then value else -value end)::bigint as open
    from cockpit_rollups
    where place_id in ${ids(placeIds)} and day <= ${to}::date
      and measure in ('requests.raised', 'requests.reopened', 'requests.resolved', 'requests.cancelled', 'requests.merged')
    group by place_id`.execute(db);
  return new Map(rows.map((r) => [Number(r.place_id), Number(r.open)]));
}

/** The coverage gauges of each place as of the last snapshot on or before `to`. */
export async function gauges(db: Executor, placeIds: readonly number[], to: string): Promise<MeasureRow[]> {
  if (placeIds.length === 0) return [];
  const { rows } = await sql<MeasureRow>`
    select g.place_id, g.measure, g.value from unnest(array[${sql.join(placeIds.map((id) => sql`${id}::bigint`))}]) as p(id)
    cross join lateral (
      select r.place_id, r.measure, r.value from cockpit_rollups r
      where r.place_id = p.id and r.measure like 'coverage.%'
        and r.day = (select max(x.day) from cockpit_rollups x where x.place_id = p.id and x.measure = 'coverage.compounds' and x.day <= ${to}::date)
    ) as g`.execute(db);
  return rows;
}

/** Per day, the given measures of one place. */
export async function dailySeries(db: Executor, placeId: number, from: string, to: string, measures: readonly string[]) {
  const { rows } = await sql<{ day: string; measure: string; value: number }>`
    select to_char(day, 'YYYY-MM-DD') as day, measure, value from cockpit_rollups
    where place_id = ${placeId} and day between ${from}::date and ${to}::date and measure in (${sql.join(measures.map((m) => sql`${m}`))})
    order by day`.execute(db);
  return rows;
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
