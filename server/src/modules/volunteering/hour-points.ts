import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { earnPoints, netPointsOf, reversePoints } from '../points/index.ts';

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

/**
 * Points after a correction (更正). Upwards, the extra minutes earn at today's rate. Downwards, the points the
 * sign-up's records earned so far shrink in proportion to the hours (冲正), so a correction of 3 h to 2 h takes a
 * third back, whatever the rate was then. What the volunteer has already spent cannot come back: that part is
 * answered as `shortfall` and recorded by the caller, and no balance goes negative.
 */
export async function correctHourPoints(
  trx: Transaction<Database>,
  input: { districtId: number; personId: number; recordId: number; recordIds: number[]; previousMinutes: number; minutes: number; at: Date; by: number },
): Promise<{ earned: number; reversed: number; shortfall: number }> {
  if (input.minutes > input.previousMinutes) {
    const r = await awardHourPoints(trx, { districtId: input.districtId, personId: input.personId, recordId: input.recordId, minutes: input.minutes - input.previousMinutes, at: input.at, by: input.by });
    return { earned: r?.status === 'earned' ? r.points : 0, reversed: 0, shortfall: 0 };
  }
  if (input.minutes === input.previousMinutes || input.previousMinutes === 0) return { earned: 0, reversed: 0, shortfall: 0 };
  const earned = await netPointsOf(trx, input.districtId, input.personId, 'volunteer_hours', input.recordIds.map(String));
  const keep = Math.floor((earned * input.minutes) / input.previousMinutes);
  if (earned - keep <= 0) return { earned: 0, reversed: 0, shortfall: 0 };
  const r = await reversePoints(trx, {
    districtId: input.districtId, personId: input.personId, amount: earned - keep, sourceType: 'volunteer_hours', sourceId: String(input.recordId),
    idempotencyKey: `volunteer_hours:${input.recordId}:reverse`, at: input.at, createdBy: input.by, memo: `服务时长更正：${input.previousMinutes} → ${input.minutes} 分钟`,
  });
  return { earned: 0, ...r };
}
