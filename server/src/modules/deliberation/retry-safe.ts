import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { idempotent } from '../points/index.ts';

/**
 * Creating a topic or a deliberation day over a weak mobile network: with an `Idempotency-Key` a retry answers the
 * first one's id instead of creating a second (same key, other body → 422 IDEMPOTENCY_KEY_REUSED). Without a key
 * the write simply runs, as before, so older clients keep working.
 */
export function retrySafe(deps: Deps, caller: Caller, operation: string, key: string | undefined, body: unknown, work: (trx: Transaction<Database>) => Promise<number>): Promise<number> {
  if (key) return idempotent(deps, caller, operation, key, body, work);
  return deps.db.transaction().execute(work);
}
