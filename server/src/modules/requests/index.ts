export { requestsRoutes } from './requests.routes.ts';
export { registerRequestTimers } from './escalation.service.ts';
export { categoriesOf, ensureDistrictSetup, loadCalendar } from './setup.service.ts';
export { TIMER as REQUEST_TIMERS } from './requests.service.ts';
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
