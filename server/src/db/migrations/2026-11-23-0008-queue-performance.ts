import { sql, type Kysely } from 'kysely';

/**
 * The open queue at 1,000,000 requests (docs/performance.md, "Queue at 1M rows"). Migration 0006's partial indexes
 * found the open requests, but each candidate still cost a visit to the table: the open few per cent are spread
 * one to a page over the whole heap, so a street's page checked ~110 rows there, a department's queue ~30,000 (its
 * filter columns were not in any index), and every candidate was a random read once the table outgrew memory.
 * These replace them with covering partial indexes: every column a queue filter or sort reads is in the index,
 * so listQueue chooses its page's ids and counts with index-only scans and reads the table for the 20 rows shown.
 *
 *   requests_open_by_due      deadline order (the default sort): big scopes walk it and stop after one page
 *   requests_open_by_created  newest first (sort=newest)
 *   requests_open_by_scope    one subtree (a compound, a community): range on the path, then a small sort; the count
 *   department_reports_request  a request's department reports (every detail view read them by a full scan)
 */
const OPEN = `status in ('submitted','accepted','assigned','in_progress')`;
const FILTERS = 'compound_path, status, category_id, assignee_party, assignee_department_id, escalation_level, response_due_at';
const statements = [
  `create index requests_open_by_due on requests (resolution_due_at, id) include (${FILTERS}) where ${OPEN}`,
  `create index requests_open_by_created on requests (created_at desc, id desc) include (${FILTERS}) where ${OPEN}`,
  `create index requests_open_by_scope on requests (compound_path text_pattern_ops)
     include (id, resolution_due_at, created_at, status, category_id, assignee_party, assignee_department_id, escalation_level, response_due_at) where ${OPEN}`,
  'drop index requests_open_due',
  'drop index requests_open_path',
  'create index department_reports_request on department_reports (request_id)',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('drop index department_reports_request').execute(db);
  await sql.raw(`create index requests_open_due on requests (resolution_due_at, id) where ${OPEN}`).execute(db);
  await sql.raw(`create index requests_open_path on requests (compound_path text_pattern_ops) include (compound_id, category_id) where ${OPEN}`).execute(db);
  for (const name of ['requests_open_by_scope', 'requests_open_by_created', 'requests_open_by_due']) await sql.raw(`drop index ${name}`).execute(db);
}
