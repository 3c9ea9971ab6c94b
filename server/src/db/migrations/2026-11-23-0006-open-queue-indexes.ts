import { sql, type Kysely } from 'kysely';

/**
 * The open queue over open requests only (docs/performance.md, requests finding 1): at 1,000,000 requests a
 * street's open queue scanned the whole table (484 ms a page); these partial indexes hold the open few percent,
 * stay small as history grows, and serve the page in deadline order (6 ms) and the count index-only.
 */
const OPEN = `status in ('submitted','accepted','assigned','in_progress')`;
const statements = [
  `create index requests_open_due on requests (resolution_due_at, id) where ${OPEN}`,
  `create index requests_open_path on requests (compound_path text_pattern_ops) include (compound_id, category_id) where ${OPEN}`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('drop index requests_open_due').execute(db);
  await sql.raw('drop index requests_open_path').execute(db);
}
