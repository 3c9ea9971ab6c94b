import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Executor } from '../../platform/audit.repository.ts';
import { AppError } from '../../platform/errors.ts';
import type { Tally } from './owners-vote-tally.ts';
import * as repo from './votes.repository.ts';

/**
 * What other modules (conventions, committee elections) need from an owners' vote, without reading its tables:
 * draft a vote on their matter in their own transaction, learn a published vote's outcome, and take part in an
 * open vote on an owner's behalf (a committee election records the candidates apart; the vote counts the turnout).
 */

/** Drafts an owners' vote (status draft) for a compound in the caller's transaction; staff then announce and open it. */
export async function draftLinkedVote(
  trx: Transaction<Database>,
  v: { districtId: number; compound: { id: number; path: string }; item: 2 | 3; title: string; description: string; windowDays: number; createdBy: number; now: Date },
): Promise<number> {
  const profile = await repo.compoundOf(trx, v.compound.path);
  return repo.insertVote(trx, {
    district_id: v.districtId, scope_place_id: v.compound.id, scope_path: v.compound.path, compound_id: v.compound.id, item: v.item, title: v.title,
    description: v.description, topic_id: null, extraordinary: false, secret: false, follow_majority: profile?.follow_majority ?? false,
    window_days: v.windowDays, created_by: v.createdBy, created_at: v.now,
  });
}

export type LinkedVoteState = { id: number; status: 'draft' | 'announced' | 'open' | 'closed' | 'published'; title: string; passed: boolean | null; result: Tally | null; closesAt: Date | null };

/** The state of some votes: `passed` only once the result is published (before that nobody may act on it). */
export async function linkedVoteStates(db: Executor, ids: number[]): Promise<Map<number, LinkedVoteState>> {
  const out = new Map<number, LinkedVoteState>();
  if (ids.length === 0) return out;
  const rows = await db.selectFrom('owner_votes').select(['id', 'status', 'title', 'result', 'closes_at']).where('id', 'in', ids).execute();
  for (const r of rows) {
    const result = r.status === 'published' ? (r.result as Tally) : null;
    out.set(Number(r.id), { id: Number(r.id), status: r.status, title: r.title, passed: result ? result.passed : null, result, closesAt: r.closes_at });
  }
  return out;
}

/** The voter a person is in this vote (an owner, or the developer), or null if not in its frozen electorate. */
export async function voterKeyIn(db: Executor, voteId: number, personId: number): Promise<string | null> {
  const keys = await repo.voterKeysOf(db, voteId, personId);
  return keys.find((k) => k !== 'developer') ?? keys[0] ?? null;
}

/**
 * Takes part in an open, open-ballot vote for a voter: one participation and one ballot "for" (taking part in the
 * election); a second call only touches it. Returns the voter's area (0.01 m²). The caller's transaction.
 */
export async function takePartOnline(trx: Transaction<Database>, v: { voteId: number; voterKey: string; castBy: number; now: Date }): Promise<number> {
  const vote = await repo.lockVote(trx, v.voteId, 'share');
  if (!vote || vote.status !== 'open' || v.now >= vote.closes_at!) throw new AppError('VOTE_NOT_OPEN');
  const areaCenti = await repo.voterWeight(trx, v.voteId, v.voterKey);
  const inserted = await repo.insertParticipation(trx, { districtId: vote.district_id, voteId: v.voteId, voterKey: v.voterKey, channel: 'online', castBy: v.castBy, paperRef: null, now: v.now });
  if (inserted) await repo.insertBallot(trx, { districtId: vote.district_id, voteId: v.voteId, token: v.voterKey, choice: 'for', areaCenti, castAt: v.now });
  else await repo.touchParticipation(trx, v.voteId, v.voterKey, { channel: 'online', castBy: v.castBy, paperRef: null, now: v.now });
  return areaCenti;
}

/** Each voter who took part, with their area: the base of a candidate count. */
export async function participantsOf(db: Executor, voteId: number): Promise<{ voterKey: string; areaCenti: number }[]> {
  const rows = await db
    .selectFrom('owner_vote_participation as p')
    .innerJoin('owner_vote_electorate as e', (j) => j.onRef('e.vote_id', '=', 'p.vote_id').onRef('e.voter_key', '=', 'p.voter_key'))
    .select(['p.voter_key', (eb) => eb.fn.sum<string>('e.area_centi').as('area')])
    .where('p.vote_id', '=', voteId)
    .groupBy('p.voter_key')
    .execute();
  return rows.map((r) => ({ voterKey: r.voter_key, areaCenti: Number(r.area) }));
}

/** Whether a person is registered as the compound's developer (建设单位): its unsold units vote as one, and it does not stand for the committee. */
export async function isDeveloperOf(db: Executor, compoundId: number, personId: number): Promise<boolean> {
  return (await db.selectFrom('compound_developers').select('person_id').where('compound_id', '=', compoundId).where('person_id', '=', personId).executeTakeFirst()) !== undefined;
}
