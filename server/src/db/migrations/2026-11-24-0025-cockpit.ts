import { sql, type Kysely } from 'kysely';

/**
 * The cockpit summary's period sums read every measure of a place for each day of the period (7 places × 60 days ×
 * ~30 measures). Carrying the value in the primary key's index makes that an index-only range: ~50 index pages
 * in key order, instead of one heap page per row where a rebuild wrote them in hash order (16,000 buffers per
 * summary at 1M requests, docs/performance.md). The key stays the same, so ON CONFLICT (place_id, day, measure)
 * still finds it. Frozen in time.
 */
const statements = [
  `alter table cockpit_rollups drop constraint cockpit_rollups_pkey,
    add constraint cockpit_rollups_pkey primary key (place_id, day, measure) include (value)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Not reversible.');
}
