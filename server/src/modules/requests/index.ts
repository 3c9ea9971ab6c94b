export { requestsRoutes } from './requests.routes.ts';
export { registerRequestTimers } from './escalation.service.ts';
export { categoriesOf, ensureDistrictSetup, loadCalendar } from './setup.service.ts';
export { TIMER as REQUEST_TIMERS } from './requests.service.ts';
import { sql } from 'kysely';
import type { Executor } from '../../platform/audit.repository.ts';
import { insertEvent } from './requests.repository.ts';

export { consultationsRoutes } from './consultations.routes.ts';

/**
 * A step on a request's timeline written by other code (consultations today, deliberation later), in the caller's
 * transaction; other modules call this instead of writing the requests module's tables.
 */
export async function appendTimelineEvent(
  db: Executor,
  e: { districtId: number; requestId: number; at: Date; actorId: number | null; kind: string; note?: string | null; data?: Record<string, unknown> },
): Promise<void> {
  await insertEvent(db, { district_id: e.districtId, request_id: e.requestId, at: e.at, actor_id: e.actorId, kind: e.kind, note: e.note ?? null, data: e.data ? JSON.stringify(e.data) : null });
}

import type { Caller, Deps } from '../../platform/context.ts';
import { hasPermission } from '../../platform/scope.ts';
import { requestAccess } from './access.ts';
import { canSee, findRequest } from './requests.repository.ts';

/**
 * Whether the caller may see request `id`: the resident it was raised by or for, or staff whose access reaches it
 * (the same check as the request detail). Other modules (photos) ask here instead of reading requests' tables.
 */
export async function canSeeRequest(deps: Deps, caller: Caller, id: number): Promise<boolean> {
  const r = await findRequest(deps.db, id);
  if (!r) return false;
  if (r.resident_id === caller.personId || r.raised_by === caller.personId) return true;
  if (!hasPermission(caller.roles, 'requests.read')) return false;
  return (await canSee(deps.db, requestAccess(caller), id)) !== undefined;
}
export * as open311Face from './open311-face.service.ts';

/**
 * 需求清单: request categories that keep coming back under a place — per compound and category, how many requests
 * since `since` (at least `minCount`), the latest one and up to five ids to link to. The demands module asks here
 * instead of reading the requests tables.
 */
export async function recurringCategories(
  db: Executor,
  q: { districtId: number; placePath: string; since: Date; minCount: number },
): Promise<{ compoundId: number; compoundPath: string; categoryId: number; categoryName: string; count: number; lastAt: Date; requestIds: number[] }[]> {
  const { rows } = await sql<{ compound_id: number; compound_path: string; category_id: number; category_name: string; n: number; last_at: Date; ids: number[] }>`
    select r.compound_id, r.compound_path, r.category_id, c.name_zh as category_name, count(*)::int as n, max(r.created_at) as last_at,
      (array_agg(r.id order by r.created_at desc))[1:5] as ids
    from requests r join request_categories c on c.id = r.category_id
    where r.district_id = ${q.districtId} and r.compound_path like ${`${q.placePath}%`} and r.created_at >= ${q.since} and r.status <> 'merged'
    group by r.compound_id, r.compound_path, r.category_id, c.name_zh
    having count(*) >= ${q.minCount}
    order by n desc, r.compound_id, r.category_id
    limit 500`.execute(db);
  return rows.map((r) => ({
    compoundId: Number(r.compound_id), compoundPath: r.compound_path, categoryId: Number(r.category_id), categoryName: r.category_name,
    count: Number(r.n), lastAt: new Date(r.last_at), requestIds: r.ids.map(Number),
  }));
}
