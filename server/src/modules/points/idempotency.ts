import crypto from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { sortedJson } from '../../platform/sorted-json.ts';
import * as repo from './points.repository.ts';

/**
 * Every write of the ledger and the store carries an `Idempotency-Key` (a retry over a weak mobile network must
 * not redeem twice). The key is claimed in the same transaction as the work and keeps the answer:
 * - same key, same body → the first answer again, nothing changes;
 * - same key, different body (or another operation) → IDEMPOTENCY_KEY_REUSED (422);
 * - two requests with one key at once → the second waits on the key's row, then answers the first's answer.
 * A request that fails leaves no key behind (its transaction rolls back), so it may be retried with the same key.
 */
export async function idempotent<T>(
  deps: Deps,
  caller: Caller,
  operation: string,
  key: string | undefined,
  body: unknown,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  if (!key) throw new AppError('IDEMPOTENCY_KEY_REQUIRED');
  const requestHash = crypto.createHash('sha256').update(`${operation}\n${sortedJson(body ?? null)}`).digest('hex');
  return deps.db.transaction().execute(async (trx) => {
    const claimed = await repo.claimIdempotencyKey(trx, { district_id: caller.districtId, actor_id: caller.personId, key, operation, request_hash: requestHash });
    if (!claimed) {
      const seen = (await repo.findIdempotencyKey(trx, caller.districtId, caller.personId, key))!;
      if (seen.operation !== operation || seen.request_hash !== requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
      return seen.response as T;
    }
    const result = await work(trx);
    await repo.storeIdempotentResponse(trx, caller.districtId, caller.personId, key, result);
    return result;
  });
}
