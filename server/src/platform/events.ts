import type { Executor } from './audit.repository.ts';

/**
 * Domain events, written in the same transaction as the change (an outbox): other modules consume them by type
 * (e.g. deliberation takes `request.to_deliberation`) without reading the emitter's tables.
 */
export async function emitEvent(db: Executor, districtId: number, type: string, payload: Record<string, unknown>): Promise<void> {
  await db.insertInto('domain_events').values({ district_id: districtId, type, payload: JSON.stringify(payload) }).execute();
}
