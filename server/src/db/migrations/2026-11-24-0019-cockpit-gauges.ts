import { sql, type Kysely } from 'kysely';

/**
 * Running gauges of the cockpit (数字驾驶舱): a number that is the sum of everything before a day (the backlog of
 * open requests), stored on the days it changed, so "its value at the end of day D" is one index probe (the latest
 * row on or before D) instead of a sum over every day of history. Plus an index that finds a place's latest coverage
 * snapshot and a measure's daily series without reading every other measure of each day. Frozen in time.
 */
const statements = [
  `create table cockpit_gauges (
    district_id bigint not null,
    place_id bigint not null references places(id),
    measure text not null,
    day date not null,
    value bigint not null,
    primary key (place_id, measure, day)
  )`,
  `create index cockpit_gauges_district on cockpit_gauges (district_id)`,
  `create index cockpit_rollups_place_measure_day on cockpit_rollups (place_id, measure, day)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Not reversible.');
}
