import type { TimerRunner } from '../../platform/timers.ts';
import { lapseClaim, TIMER } from './wishes.service.ts';

export { wishesRoutes } from './wishes.routes.ts';
export { TIMER as WISH_TIMERS } from './wishes.service.ts';

/** A claim not fulfilled by its due time returns the wish to the wall, in the timer's transaction (exactly once). */
export function registerWishTimers(timers: TimerRunner): void {
  timers.on(TIMER.claimDue, (trx, timer, now) => lapseClaim(trx, timer.subjectId, now));
}
/** Wishes claimed and fulfilled per claimer under a place (the party module's reports read them here). */
export { claimCountsByClaimer } from './wishes.repository.ts';
