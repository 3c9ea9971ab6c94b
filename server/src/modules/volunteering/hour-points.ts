import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { earnPoints } from '../points/index.ts';

/**
 * Points for confirmed hours live in the points ledger (another module, its own accounts and entries); the hours
 * record never holds points. Called inside the confirming transaction, so hours and their points commit together.
 * The key is the hours record, so a record earns once; a district without a 'volunteer_hour' rule earns nothing.
 */
export async function awardHourPoints(trx: Transaction<Database>, input: { districtId: number; personId: number; recordId: number; minutes: number; at: Date; by: number }) {
  if (input.minutes <= 0) return null;
  return earnPoints(trx, {
    districtId: input.districtId, personId: input.personId, rule: 'volunteer_hour', quantity: input.minutes / 60,
    sourceType: 'volunteer_hours', sourceId: input.recordId, idempotencyKey: `volunteer_hours:${input.recordId}`, at: input.at, createdBy: input.by,
  });
}
