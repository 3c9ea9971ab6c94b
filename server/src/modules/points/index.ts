import type { TimerRunner } from '../../platform/timers.ts';
import { expireLot, LOT_EXPIRY_TIMER } from './ledger.ts';

/**
 * The points ledger's public face. Other modules earn points for a contribution inside their own transaction:
 *
 *   const r = await earnPoints(trx, { districtId, personId, rule: 'volunteer_hour', quantity: 2.5,
 *     sourceType: 'volunteer_record', sourceId: record.id, idempotencyKey: `volunteer_record:${record.id}`, at: now });
 *   // r.status: 'earned' | 'duplicate' | 'no_rule' (the district rewards no such thing) | 'zero'
 */
export { EARNING_RULES, earnPoints, balanceOf, type EarnInput, type EarnResult, type EarningRule } from './earn.ts';
export { payMerchant, refundPerson, settleFulfilment, reversePoints, netPointsOf } from './earn.ts';
export { idempotent } from './idempotency.ts';
export { idempotencyHeaders } from './points.schemas.ts';
export { summaryOf as ledgerSummaryOf } from './points.service.ts';
export { pointsRoutes } from './points.routes.ts';

/** Expiry of earned points (optional per district) runs on the durable timers. */
export function registerPointsTimers(timers: TimerRunner): void {
  timers.on(LOT_EXPIRY_TIMER, async (trx, timer, now) => {
    await expireLot(trx, timer.subjectId, now);
  });
}
