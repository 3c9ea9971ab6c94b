import { auditAction } from '../../platform/audit.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { assertInScope, hasPermission, pathInScope, scopeFor } from '../../platform/scope.ts';
import { householdUnder, residentsCountUnder } from '../people/index.ts';
import { pollOutcome } from './poll-outcome.ts';
import * as repo from './polls.repository.ts';
import type { CreatePollInput, PollDto } from './polls.schemas.ts';

/** Residents' polls (居民投票): staff ask; each verified resident, or each household, answers once. */
const DAY = 24 * 3600 * 1000;
const homePaths = (caller: Caller) => caller.roles.filter((r) => r.role === 'resident' || r.role === 'owner').map((r) => r.placePath);
const isStaff = (caller: Caller, path: string) => hasPermission(caller.roles, 'deliberation.manage') && pathInScope(scopeFor(caller.roles, 'deliberation.manage'), path);

export async function createPoll(deps: Deps, caller: Caller, input: CreatePollInput): Promise<PollDto> {
  const place = await deps.db.selectFrom('places').select(['id', 'district_id', 'kind', 'path']).where('id', '=', input.placeId).executeTakeFirst();
  assertInScope(scopeFor(caller.roles, 'deliberation.manage'), place?.path);
  if (!['compound', 'community'].includes(place!.kind)) throw new AppError('PLACE_KIND_MISMATCH', { expected: 'compound / community' });
  const now = deps.clock.now();
  const id = await deps.db.transaction().execute(async (trx) => {
    const pollId = await repo.insertPoll(trx, { districtId: place!.district_id, placeId: place!.id, placePath: place!.path, question: input.question, options: input.options, per: input.per, topicId: input.topicId ?? null, closesAt: new Date(now.getTime() + input.days * DAY), by: caller.personId, now });
    await auditAction(trx, caller, 'poll.create', { type: 'resident_poll', id: pollId });
    return pollId;
  });
  return getPoll(deps, caller, id);
}

async function voterKeyOf(deps: Deps, caller: Caller, poll: repo.PollRow): Promise<string | null> {
  if (poll.per === 'resident') return (await householdUnder(deps.db, caller.personId, poll.place_path, deps.clock.now())) === null ? null : `p:${caller.personId}`;
  const household = await householdUnder(deps.db, caller.personId, poll.place_path, deps.clock.now());
  return household === null ? null : `h:${household}`;
}

/** One answer per resident or household: a second answer (from anyone of the same household) is refused. */
export async function answerPoll(deps: Deps, caller: Caller, id: number, option: number): Promise<PollDto> {
  const poll = await repo.findPoll(deps.db, id);
  if (!poll || poll.district_id !== caller.districtId) throw new AppError('NOT_FOUND');
  const key = await voterKeyOf(deps, caller, poll);
  if (!key) throw new AppError('NOT_FOUND');
  if (deps.clock.now() >= poll.closes_at) throw new AppError('SURVEY_CLOSED');
  if (option >= poll.options.length) throw new AppError('VALIDATION_FAILED', {}, { issues: [{ path: ['option'], message: `0–${poll.options.length - 1}` }] });
  await deps.db.transaction().execute(async (trx) => {
    if (!(await repo.insertAnswer(trx, { districtId: poll.district_id, pollId: id, voterKey: key, option, personId: caller.personId, now: deps.clock.now() }))) throw new AppError('SURVEY_ALREADY_ANSWERED');
    await auditAction(trx, caller, 'poll.answer', { type: 'resident_poll', id });
  });
  return getPoll(deps, caller, id);
}

export async function getPoll(deps: Deps, caller: Caller, id: number): Promise<PollDto> {
  const poll = await repo.findPoll(deps.db, id);
  if (!poll || poll.district_id !== caller.districtId) throw new AppError('NOT_FOUND');
  if (!isStaff(caller, poll.place_path) && !homePaths(caller).some((h) => h.startsWith(poll.place_path))) throw new AppError('NOT_FOUND');
  return toDto(deps, caller, poll);
}

async function toDto(deps: Deps, caller: Caller, poll: repo.PollRow): Promise<PollDto> {
  const now = deps.clock.now();
  const open = now < poll.closes_at;
  const key = await voterKeyOf(deps, caller, poll);
  let outcome: PollDto['outcome'] = null;
  if (isStaff(caller, poll.place_path) || !open) {
    const counts = await residentsCountUnder(deps.db, poll.place_path, now);
    outcome = pollOutcome(poll.per === 'resident' ? counts.people : counts.households, poll.options.length, await repo.answersOf(deps.db, poll.id));
  }
  return {
    id: poll.id, place: { id: poll.place_id, name: poll.place_name }, question: poll.question, options: poll.options, per: poll.per, topicId: poll.topic_id,
    closesAt: poll.closes_at.toISOString(), open, answeredByMe: key ? await repo.answeredBy(deps.db, poll.id, [key]) : false, outcome,
  };
}

export async function listPolls(deps: Deps, caller: Caller) {
  const rows = await repo.pollsInScope(deps.db, scopeFor(caller.roles, 'deliberation.manage'));
  return { items: await Promise.all(rows.map((r) => toDto(deps, caller, r))) };
}
export async function myPolls(deps: Deps, caller: Caller) {
  const rows = await repo.pollsOver(deps.db, caller.districtId, homePaths(caller));
  return { items: await Promise.all(rows.map((r) => toDto(deps, caller, r))) };
}
