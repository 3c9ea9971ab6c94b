import { sql, type Insertable } from 'kysely';
import type { Executor } from '../../platform/audit.repository.ts';
import type { Database } from '../../db/schema.ts';

/**
 * The writes of raising a request, each returning what the answer needs, so createRequest builds the new request's
 * detail from what it wrote instead of reading it back (docs/performance.md: requests finding 4).
 */

/** The request's own columns as listQueue/findRequest select them (without the joined names). */
const REQUEST_OWN_COLUMNS = [
  'id', 'district_id', 'compound_id', 'compound_path', 'category_id', 'type', 'description', 'location_place_id', 'location_text',
  'urgency', 'status', 'resident_id', 'raised_by', 'channel', 'assignee_party', 'assignee_department_id', 'escalation_level',
  'response_due_at', 'resolution_due_at', 'accepted_at', 'resolved_at', 'closed_at', 'reopen_count', 'rating', 'rating_comment',
  'merged_into', 'created_at',
] as const;

export function insertRequestReturning(db: Executor, row: Insertable<Database['requests']>) {
  return db.insertInto('requests').values(row).returning(REQUEST_OWN_COLUMNS).executeTakeFirstOrThrow();
}

export function insertEventReturning(db: Executor, e: Insertable<Database['request_events']>) {
  return db.insertInto('request_events').values(e).returning(['id', 'at']).executeTakeFirstOrThrow();
}

/** Attaches the caller's unattached photos to the request; returns those attached, oldest first (as listPhotos). */
export async function attachPhotosReturning(db: Executor, ids: readonly string[], requestId: number, uploadedBy: number, purpose: 'report' | 'resolution') {
  if (ids.length === 0) return [];
  const rows = await db
    .updateTable('request_photos')
    .set({ request_id: requestId })
    .where('id', 'in', [...ids])
    .where('uploaded_by', '=', uploadedBy)
    .where('purpose', '=', purpose)
    .where('request_id', 'is', null)
    .returning(['id', 'purpose', 'created_at'])
    .execute();
  return rows.sort((a, b) => a.created_at.getTime() - b.created_at.getTime());
}

/**
 * The district's holiday table as 'YYYY-MM-DD' strings. `date` columns come back from both drivers as JS Dates
 * (PGlite at UTC midnight, pg at local midnight), so the day is formatted by the database, not by String(Date).
 */
export function listHolidayDays(db: Executor, districtId: number) {
  return db
    .selectFrom('holidays')
    .select([sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'), 'kind'])
    .where('district_id', '=', districtId)
    .execute();
}
