import { sql, type Kysely } from 'kysely';

/**
 * 我的诉求 (GET /api/me/requests) reads `resident_id = me or raised_by = me`. `resident_id` had its index since
 * 0002, `raised_by` only the partial idempotency index (rows raised with a key), so the `or` scanned the whole
 * table: 8 requests/s at 319,000 requests in the mix bench (its SQL ceiling 10/s, p50 6 s). With this index the two
 * sides are one BitmapOr of two index probes. Frozen in time.
 */
const statements = [`create index requests_raised_by on requests (raised_by, created_at desc)`];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Not reversible.');
}
