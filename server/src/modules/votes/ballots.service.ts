import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { auditAction } from '../../platform/audit.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { ballotToken } from './ballot-secrecy.ts';
import * as repo from './votes.repository.ts';
import { getVote, managedVote, UNDO_MS, visibleVote } from './votes.service.ts';
import type { VoteDto } from './votes.schemas.ts';

type Choice = 'for' | 'against' | 'abstain';
type Channel = 'online' | 'proxy' | 'paper';

/**
 * Ballots. One per voter (an owner, or the developer for all its unsold units), cast online by the owner, by a
 * registered authorised agent, or entered by staff from a paper ballot with the scan's reference; changeable until
 * the close; undone by the owner within 10 minutes. The audit log records that a ballot was cast or changed and by
 * whom, never the choice of a secret ballot.
 */

/** The voter a caller casts for: themselves, or the owner whose registered agent they are. */
async function voterFor(deps: Deps, caller: Caller, voteId: number, forOwnerId: number | undefined): Promise<{ key: string; channel: Channel }> {
  if (forOwnerId === undefined || forOwnerId === caller.personId) {
    const keys = await repo.voterKeysOf(deps.db, voteId, caller.personId);
    if (keys.length === 0) throw new AppError('VOTE_NOT_IN_ELECTORATE');
    return { key: keys.find((k) => k !== 'developer') ?? keys[0]!, channel: 'online' };
  }
  const keys = await repo.voterKeysOf(deps.db, voteId, forOwnerId);
  const key = keys.find((k) => k !== 'developer') ?? keys[0];
  if (!key || (await repo.findProxy(deps.db, voteId, key))?.agent_id !== caller.personId) throw new AppError('VOTE_NOT_PROXY');
  return { key, channel: 'proxy' };
}

/** Opens the vote row for a ballot (shared lock: many ballots at once, none across a close). */
async function openForBallots(trx: Transaction<Database>, voteId: number, now: Date) {
  const v = await repo.lockVote(trx, voteId, 'share');
  if (!v || v.status !== 'open' || now >= v.closes_at!) throw new AppError('VOTE_NOT_OPEN');
  return { id: Number(v.id), secret: v.secret, ballot_key: v.ballot_key, district_id: v.district_id };
}

async function castFor(deps: Deps, caller: Caller, voteId: number, voter: { key: string; channel: Channel }, choice: Choice, paperRef: string | null, secretVote: boolean) {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const v = await openForBallots(trx, voteId, now);
    const inserted = await repo.insertParticipation(trx, { districtId: v.district_id, voteId, voterKey: voter.key, channel: voter.channel, castBy: caller.personId, paperRef, now });
    if (!inserted) throw new AppError('VOTE_ALREADY_CAST');
    const areaCenti = await repo.voterWeight(trx, voteId, voter.key);
    await repo.insertBallot(trx, { districtId: v.district_id, voteId, token: ballotToken(v, voter.key), choice, areaCenti, castAt: v.secret ? null : now });
    await auditAction(trx, caller, 'vote.ballot.cast', { type: 'owner_vote', id: voteId }, { channel: voter.channel, paperRef, ...(secretVote ? {} : { voter: voter.key, choice }) });
  });
}

export async function castBallot(deps: Deps, caller: Caller, voteId: number, input: { choice: Choice; forOwnerId?: number }): Promise<VoteDto> {
  const vote = await visibleVote(deps, caller, voteId);
  const voter = await voterFor(deps, caller, voteId, input.forOwnerId);
  await castFor(deps, caller, voteId, voter, input.choice, null, vote.secret);
  return getVote(deps, caller, voteId);
}

/** 改票: the same voter's ballot, with a new choice, until the vote closes. */
export async function changeBallot(deps: Deps, caller: Caller, voteId: number, input: { choice: Choice; forOwnerId?: number }): Promise<VoteDto> {
  const vote = await visibleVote(deps, caller, voteId);
  const voter = await voterFor(deps, caller, voteId, input.forOwnerId);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const v = await openForBallots(trx, voteId, now);
    const p = await repo.findParticipation(trx, voteId, voter.key);
    if (!p) throw new AppError('VOTE_NO_BALLOT');
    const updated = await repo.updateBallot(trx, voteId, ballotToken(v, voter.key), input.choice, v.secret ? null : now);
    if (updated !== 1) throw new AppError('VOTE_NO_BALLOT');
    // How the ballot was first cast stays on record (a paper ballot keeps its scan reference, and only a ballot cast
    // online can be undone); the change itself is audited below. Found by votes.property.test.ts: a paper ballot
    // changed online could otherwise be undone, erasing the paper record.
    await repo.touchParticipation(trx, voteId, voter.key, { channel: p.channel, castBy: caller.personId, paperRef: p.paper_ref, now });
    await auditAction(trx, caller, 'vote.ballot.change', { type: 'owner_vote', id: voteId }, { channel: voter.channel, ...(vote.secret ? {} : { voter: voter.key, choice: input.choice }) });
  });
  return getVote(deps, caller, voteId);
}

/** 撤回: the owner takes back their own online ballot within 10 minutes of casting it. */
export async function undoBallot(deps: Deps, caller: Caller, voteId: number): Promise<VoteDto> {
  await visibleVote(deps, caller, voteId);
  const voter = await voterFor(deps, caller, voteId, undefined);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const v = await openForBallots(trx, voteId, now);
    const p = await repo.findParticipation(trx, voteId, voter.key);
    if (!p || p.channel !== 'online') throw new AppError('VOTE_NO_BALLOT');
    if (now.getTime() > p.first_cast_at.getTime() + UNDO_MS) throw new AppError('VOTE_UNDO_EXPIRED');
    await repo.deleteBallot(trx, voteId, ballotToken(v, voter.key));
    await repo.deleteParticipation(trx, voteId, voter.key);
    await auditAction(trx, caller, 'vote.ballot.undo', { type: 'owner_vote', id: voteId });
  });
  return getVote(deps, caller, voteId);
}

/** Staff enter a paper ballot (书面表决票), with the reference of its scan. */
export async function enterPaperBallot(deps: Deps, caller: Caller, voteId: number, input: { ownerId: number; choice: Choice; scanRef: string }): Promise<VoteDto> {
  const vote = await managedVote(deps, caller, voteId);
  const keys = await repo.voterKeysOf(deps.db, voteId, input.ownerId);
  if (keys.length === 0) throw new AppError('VOTE_NOT_IN_ELECTORATE');
  const key = keys.find((k) => k !== 'developer') ?? keys[0]!;
  await castFor(deps, caller, voteId, { key, channel: 'paper' }, input.choice, input.scanRef, vote.secret);
  return getVote(deps, caller, voteId);
}

/** Staff register an owner's authorised agent (受托人) for this vote, with the authorisation's reference. */
export async function registerProxy(deps: Deps, caller: Caller, voteId: number, input: { ownerId: number; agentId: number; authorisationRef: string }): Promise<{ ok: true }> {
  const vote = await managedVote(deps, caller, voteId);
  // The electorate is frozen when voting opens; an agent is registered for an owner in it.
  if (vote.status !== 'open') throw new AppError('VOTE_NOT_OPEN');
  const keys = await repo.voterKeysOf(deps.db, voteId, input.ownerId);
  if (keys.length === 0) throw new AppError('VOTE_NOT_IN_ELECTORATE');
  if (!(await repo.personInDistrict(deps.db, input.agentId, vote.district_id))) throw new AppError('NOT_FOUND');
  const key = keys.find((k) => k !== 'developer') ?? keys[0]!;
  await deps.db.transaction().execute(async (trx) => {
    await repo.upsertProxy(trx, { districtId: vote.district_id, voteId, voterKey: key, agentId: input.agentId, ref: input.authorisationRef, by: caller.personId, now: deps.clock.now() });
    await auditAction(trx, caller, 'vote.proxy.register', { type: 'owner_vote', id: voteId }, { ownerId: input.ownerId, agentId: input.agentId, authorisationRef: input.authorisationRef });
  });
  return { ok: true };
}
