import { sql } from 'kysely';
import type { Executor } from '../../platform/audit.repository.ts';
import type { Scope } from '../../platform/scope.ts';
import { underScope } from '../../platform/scope-sql.ts';
import type { CommitteeKind } from '../../db/schema.ts';

/** All SQL of committee elections and rosters. Functions take `db | trx` first; the service owns the transaction. */

export function findPlace(db: Executor, id: number) {
  return db.selectFrom('places').select(['id', 'district_id', 'kind', 'name', 'path']).where('id', '=', id).executeTakeFirst();
}

export function personName(db: Executor, personId: number, districtId: number) {
  return db.selectFrom('people').select(['id', 'name']).where('id', '=', personId).where('district_id', '=', districtId).executeTakeFirst();
}

const electionColumns = [
  'e.id', 'e.district_id', 'e.compound_id', 'e.compound_path', 'e.kind', 'e.seats', 'e.term_years', 'e.status', 'e.owner_vote_id', 'e.created_at', 'e.decided_at', 'e.outcome',
  'p.name as compound_name',
] as const;

export type ElectionRow = Awaited<ReturnType<typeof findElection>> & object;

export function findElection(db: Executor, id: number) {
  return db.selectFrom('committee_elections as e').innerJoin('places as p', 'p.id', 'e.compound_id').select(electionColumns).where('e.id', '=', id).executeTakeFirst();
}

export function lockElection(db: Executor, id: number) {
  return db.selectFrom('committee_elections').select(['id', 'status']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export function listInScope(db: Executor, districtId: number, scope: Scope) {
  return db
    .selectFrom('committee_elections as e')
    .innerJoin('places as p', 'p.id', 'e.compound_id')
    .select(electionColumns)
    .where('e.district_id', '=', districtId)
    .where(underScope('e.compound_path', scope))
    .orderBy('e.id', 'desc')
    .execute();
}

export function listOver(db: Executor, districtId: number, homePaths: string[]) {
  if (homePaths.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('committee_elections as e')
    .innerJoin('places as p', 'p.id', 'e.compound_id')
    .select(electionColumns)
    .where('e.district_id', '=', districtId)
    .where(sql<boolean>`exists (select 1 from unnest(${homePaths}::text[]) h(path) where h.path like e.compound_path || '%')`)
    .orderBy('e.id', 'desc')
    .execute();
}

export async function insertElection(db: Executor, e: { districtId: number; compoundId: number; compoundPath: string; kind: CommitteeKind; seats: number; termYears: number; by: number; now: Date }) {
  const row = await db
    .insertInto('committee_elections')
    .values({ district_id: e.districtId, compound_id: e.compoundId, compound_path: e.compoundPath, kind: e.kind, seats: e.seats, term_years: e.termYears, created_by: e.by, created_at: e.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function updateElection(db: Executor, id: number, set: { status: 'voting' | 'formed' | 'failed'; ownerVoteId?: number; decidedAt?: Date; outcome?: string }) {
  await db
    .updateTable('committee_elections')
    .set({
      status: set.status,
      ...(set.ownerVoteId !== undefined ? { owner_vote_id: set.ownerVoteId } : {}),
      ...(set.decidedAt ? { decided_at: set.decidedAt } : {}),
      ...(set.outcome ? { outcome: set.outcome } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export type NominationRow = Awaited<ReturnType<typeof nominationsOf>>[number];

export function nominationsOf(db: Executor, electionIds: number[]) {
  if (electionIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('committee_nominations as n')
    .innerJoin('people as pp', 'pp.id', 'n.person_id')
    .select(['n.id', 'n.election_id', 'n.person_id', 'n.nominated_by', 'n.statement', 'n.is_owner', 'n.status', 'n.review_note', 'n.created_at', 'pp.name'])
    .where('n.election_id', 'in', electionIds)
    .orderBy('n.id')
    .execute();
}

export function findNomination(db: Executor, id: number) {
  return db.selectFrom('committee_nominations').select(['id', 'election_id', 'person_id', 'status', 'is_owner']).where('id', '=', id).executeTakeFirst();
}

/** Inserts a nomination unless this person is already nominated in the election; the id, or null. */
export async function insertNomination(db: Executor, n: { districtId: number; electionId: number; personId: number; by: number; statement: string; isOwner: boolean; now: Date }) {
  const row = await db
    .insertInto('committee_nominations')
    .values({ district_id: n.districtId, election_id: n.electionId, person_id: n.personId, nominated_by: n.by, statement: n.statement, is_owner: n.isOwner, created_at: n.now })
    .onConflict((oc) => oc.columns(['election_id', 'person_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row ? Number(row.id) : null;
}

export async function reviewNomination(db: Executor, id: number, r: { status: 'approved' | 'rejected'; by: number; now: Date; note: string | null }) {
  await db.updateTable('committee_nominations').set({ status: r.status, reviewed_by: r.by, reviewed_at: r.now, review_note: r.note }).where('id', '=', id).execute();
}

export async function replacePicks(db: Executor, p: { districtId: number; electionId: number; voterKey: string; nominationIds: number[]; now: Date }) {
  await db.deleteFrom('committee_election_picks').where('election_id', '=', p.electionId).where('voter_key', '=', p.voterKey).execute();
  if (p.nominationIds.length === 0) return;
  await db
    .insertInto('committee_election_picks')
    .values(p.nominationIds.map((nominationId) => ({ district_id: p.districtId, election_id: p.electionId, voter_key: p.voterKey, nomination_id: nominationId, created_at: p.now })))
    .execute();
}

export async function picksOf(db: Executor, electionId: number) {
  const rows = await db.selectFrom('committee_election_picks').select(['voter_key', 'nomination_id']).where('election_id', '=', electionId).execute();
  return rows.map((r) => ({ voterKey: r.voter_key, nominationId: Number(r.nomination_id) }));
}

export async function picksBy(db: Executor, electionId: number, voterKey: string) {
  const rows = await db.selectFrom('committee_election_picks').select('nomination_id').where('election_id', '=', electionId).where('voter_key', '=', voterKey).execute();
  return rows.map((r) => Number(r.nomination_id));
}

export async function insertMembers(db: Executor, rows: { district_id: number; election_id: number; compound_id: number; person_id: number; term_start: string; term_end: string; created_at: Date }[]) {
  if (rows.length > 0) await db.insertInto('committee_members').values(rows).execute();
}

export type MemberRow = Awaited<ReturnType<typeof membersOf>>[number];

export function membersOf(db: Executor, electionIds: number[]) {
  if (electionIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('committee_members as m')
    .innerJoin('people as pp', 'pp.id', 'm.person_id')
    .select(['m.id', 'm.election_id', 'm.person_id', 'm.role', 'm.term_start', 'm.term_end', 'pp.name'])
    .where('m.election_id', 'in', electionIds)
    .orderBy(sql`case m.role when 'chair' then 0 when 'vice_chair' then 1 else 2 end`)
    .orderBy('m.id')
    .execute();
}

export function findMember(db: Executor, id: number) {
  return db
    .selectFrom('committee_members as m')
    .innerJoin('committee_elections as e', 'e.id', 'm.election_id')
    .select(['m.id', 'm.election_id', 'm.role', 'e.compound_path', 'e.district_id'])
    .where('m.id', '=', id)
    .executeTakeFirst();
}

export async function setMemberRole(db: Executor, id: number, role: 'chair' | 'vice_chair' | 'member') {
  await db.updateTable('committee_members').set({ role }).where('id', '=', id).execute();
}

export async function chairOf(db: Executor, electionId: number) {
  return db.selectFrom('committee_members').select('id').where('election_id', '=', electionId).where('role', '=', 'chair').executeTakeFirst();
}

/** The compound's latest formed committee (the one whose term began last). */
export function latestFormed(db: Executor, compoundId: number) {
  return db
    .selectFrom('committee_elections as e')
    .innerJoin('places as p', 'p.id', 'e.compound_id')
    .select(electionColumns)
    .where('e.compound_id', '=', compoundId)
    .where('e.status', '=', 'formed')
    .orderBy('e.decided_at', 'desc')
    .orderBy('e.id', 'desc')
    .executeTakeFirst();
}

export async function namesOf(db: Executor, ids: number[]) {
  if (ids.length === 0) return new Map<number, string>();
  const rows = await db.selectFrom('people').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [Number(r.id), r.name]));
}
