import type { TimerRunner } from '../../platform/timers.ts';
import { closeByTimer, publishByTimer, TIMER } from './votes.service.ts';

export { votesRoutes } from './votes.routes.ts';
export { tallyOwnersVote, countWeightedBallots, type Tally } from './owners-vote-tally.ts';

/** Close at the end of the window; publish at the 3-day deadline if staff have not. */
export function registerVoteTimers(timers: TimerRunner): void {
  timers.on(TIMER.close, (trx, timer, now) => closeByTimer(trx, timer.subjectId, now));
  timers.on(TIMER.publish, (trx, timer, now) => publishByTimer(trx, timer.subjectId, now));
}
export { draftLinkedVote, isDeveloperOf, linkedVoteStates, participantsOf, takePartOnline, voterKeyIn, type LinkedVoteState } from './linked-votes.ts';
