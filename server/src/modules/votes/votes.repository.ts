import { sql } from 'kysely';
import type { Executor } from '../../platform/audit.repository.ts';
import type { Scope } from '../../platform/scope.ts';
import { underScope } from '../../platform/scope-sql.ts';
import type { OwnerVotesTable } from '../../db/schema.ts';
import type { Insertable, Updateable } from 'kysely';

/** All SQL of owners' votes. Functions take `db | trx` first; the service owns the transaction. */

export function findPlace(db: Executor, id: number) {
  return db.selectFrom('places').select(['id', 'district_id', 'kind', 'name', 'path']).where('id', '=', id).executeTakeFirst();
}

/** The compound at or above a place (its path lists its ancestors). */
export async function compoundOf(db: Executor, path: string) {
  const ids = path.split('/').filter(Boolean).map(Number);
  return db
    .selectFrom('places as p')
    .leftJoin('compound_profiles as cp', 'cp.place_id', 'p.id')
    .select(['p.id', 'p.name', 'cp.follow_majority'])
    .where('p.id', 'in', ids)
    .where('p.kind', '=', 'compound')
    .executeTakeFirst();
}

export function findSettings(db: Executor, districtId: number) {
  return db.selectFrom('vote_settings').select(['notice_days', 'extraordinary_notice_days']).where('district_id', '=', districtId).executeTakeFirst();
}

export async function upsertSettings(db: Executor, districtId: number, s: { noticeDays: number; extraordinaryNoticeDays: number }, by: number, now: Date) {
  await db
    .insertInto('vote_settings')
    .values({ district_id: districtId, notice_days: s.noticeDays, extraordinary_notice_days: s.extraordinaryNoticeDays, updated_by: by, updated_at: now })
    .onConflict((oc) => oc.column('district_id').doUpdateSet({ notice_days: s.noticeDays, extraordinary_notice_days: s.extraordinaryNoticeDays, updated_by: by, updated_at: now }))
    .execute();
}

export function developersOf(db: Executor, compoundId: number) {
  return db.selectFrom('compound_developers').select('person_id').where('compound_id', '=', compoundId).execute();
}

export async function insertVote(db: Executor, v: Insertable<OwnerVotesTable>): Promise<number> {
  return (await db.insertInto('owner_votes').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateVote(db: Executor, id: number, set: Updateable<OwnerVotesTable>): Promise<void> {
  await db.updateTable('owner_votes').set(set).where('id', '=', id).execute();
}

const voteColumns = [
  'v.id', 'v.district_id', 'v.scope_place_id', 'v.scope_path', 'v.compound_id', 'v.item', 'v.title', 'v.description', 'v.topic_id', 'v.extraordinary', 'v.secret',
  'v.follow_majority', 'v.window_days', 'v.status', 'v.announced_at', 'v.notice_ends_at', 'v.opened_at', 'v.closes_at', 'v.closed_at', 'v.publish_due_at',
  'v.published_at', 'v.result', 'p.name as scope_name', 'p.kind as scope_kind',
] as const;

function votes(db: Executor) {
  return db.selectFrom('owner_votes as v').innerJoin('places as p', 'p.id', 'v.scope_place_id').select(voteColumns);
}
export type VoteRow = Awaited<ReturnType<typeof findVote>> & object;

export function findVote(db: Executor, id: number) {
  return votes(db).where('v.id', '=', id).executeTakeFirst();
}

/** The vote row under a lock: `share` for ballots (many at once), `update` for changes of status. */
export function lockVote(db: Executor, id: number, mode: 'share' | 'update') {
  const q = db.selectFrom('owner_votes').select(['id', 'district_id', 'status', 'secret', 'closes_at', 'ballot_key', 'opened_at', 'item', 'follow_majority']).where('id', '=', id);
  return (mode === 'share' ? q.forShare() : q.forUpdate()).executeTakeFirst();
}

export function listVotesInScope(db: Executor, scope: Scope) {
  return votes(db).where(underScope('v.scope_path', scope)).orderBy('v.id', 'desc').limit(200).execute();
}

/** Announced or later votes whose scope holds one of `homePaths` (a household's path lies under the scope). */
export function listVotesOver(db: Executor, districtId: number, homePaths: string[]) {
  if (homePaths.length === 0) return Promise.resolve([]);
  return votes(db)
    .where('v.district_id', '=', districtId)
    .where('v.status', '!=', 'draft')
    .where(sql<boolean>`(${sql.join(homePaths.map((h) => sql`${h} like v.scope_path || '%'`), sql` or `)})`)
    .orderBy('v.id', 'desc')
    .limit(100)
    .execute();
}

export async function insertElectorate(db: Executor, rows: { district_id: number; vote_id: number; unit_id: number; owner_id: number; voter_key: string; area_centi: number; developer_held: boolean }[]) {
  for (let i = 0; i < rows.length; i += 1000) await db.insertInto('owner_vote_electorate').values(rows.slice(i, i + 1000)).execute();
}

export async function electorateOf(db: Executor, voteId: number) {
  const rows = await db.selectFrom('owner_vote_electorate').select(['unit_id', 'owner_id', 'voter_key', 'area_centi', 'developer_held']).where('vote_id', '=', voteId).execute();
  return rows.map((r) => ({ unitId: Number(r.unit_id), ownerId: Number(r.owner_id), voterKey: r.voter_key, areaCenti: Number(r.area_centi), developerHeld: r.developer_held }));
}

/** The voter keys a person casts for by their own right (usually one). */
export async function voterKeysOf(db: Executor, voteId: number, personId: number) {
  const rows = await db.selectFrom('owner_vote_electorate').select('voter_key').distinct().where('vote_id', '=', voteId).where('owner_id', '=', personId).execute();
  return rows.map((r) => r.voter_key);
}

export async function voterWeight(db: Executor, voteId: number, voterKey: string): Promise<number> {
  const row = await db
    .selectFrom('owner_vote_electorate')
    .select((eb) => eb.fn.sum<string>('area_centi').as('area'))
    .where('vote_id', '=', voteId)
    .where('voter_key', '=', voterKey)
    .executeTakeFirst();
  return Number(row?.area ?? 0);
}

export function findParticipation(db: Executor, voteId: number, voterKey: string) {
  return db.selectFrom('owner_vote_participation').selectAll().where('vote_id', '=', voteId).where('voter_key', '=', voterKey).executeTakeFirst();
}

/** Inserts the participation row unless the voter has one; true when this call inserted it. */
export async function insertParticipation(
  db: Executor,
  p: { districtId: number; voteId: number; voterKey: string; channel: 'online' | 'proxy' | 'paper'; castBy: number; paperRef: string | null; now: Date },
): Promise<boolean> {
  const row = await db
    .insertInto('owner_vote_participation')
    .values({ district_id: p.districtId, vote_id: p.voteId, voter_key: p.voterKey, channel: p.channel, cast_by: p.castBy, paper_ref: p.paperRef, first_cast_at: p.now, changed_at: p.now })
    .onConflict((oc) => oc.columns(['vote_id', 'voter_key']).doNothing())
    .returning('voter_key')
    .executeTakeFirst();
  return row !== undefined;
}

export async function touchParticipation(db: Executor, voteId: number, voterKey: string, set: { channel: 'online' | 'proxy' | 'paper'; castBy: number; paperRef: string | null; now: Date }) {
  await db.updateTable('owner_vote_participation').set({ channel: set.channel, cast_by: set.castBy, paper_ref: set.paperRef, changed_at: set.now }).where('vote_id', '=', voteId).where('voter_key', '=', voterKey).execute();
}

export async function deleteParticipation(db: Executor, voteId: number, voterKey: string) {
  await db.deleteFrom('owner_vote_participation').where('vote_id', '=', voteId).where('voter_key', '=', voterKey).execute();
}

export async function insertBallot(db: Executor, b: { districtId: number; voteId: number; token: string; choice: 'for' | 'against' | 'abstain'; areaCenti: number; castAt: Date | null }) {
  await db.insertInto('owner_vote_ballots').values({ district_id: b.districtId, vote_id: b.voteId, token: b.token, choice: b.choice, area_centi: b.areaCenti, cast_at: b.castAt }).execute();
}

export async function updateBallot(db: Executor, voteId: number, token: string, choice: 'for' | 'against' | 'abstain', castAt: Date | null) {
  const r = await db.updateTable('owner_vote_ballots').set({ choice, cast_at: castAt }).where('vote_id', '=', voteId).where('token', '=', token).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function deleteBallot(db: Executor, voteId: number, token: string) {
  await db.deleteFrom('owner_vote_ballots').where('vote_id', '=', voteId).where('token', '=', token).execute();
}

export function findBallot(db: Executor, voteId: number, token: string) {
  return db.selectFrom('owner_vote_ballots').select(['choice']).where('vote_id', '=', voteId).where('token', '=', token).executeTakeFirst();
}

export async function ballotsOf(db: Executor, voteId: number) {
  const rows = await db.selectFrom('owner_vote_ballots').select(['token', 'choice', 'area_centi']).where('vote_id', '=', voteId).orderBy('token').execute();
  return rows.map((r) => ({ token: r.token, choice: r.choice, areaCenti: Number(r.area_centi) }));
}

/**
 * Rewrites a closed secret vote's ballots in token order, so their physical order no longer follows the order in
 * which people voted (the participation table does). Dead tuples remain until VACUUM (docs/votes.md).
 */
export async function reshuffleBallots(db: Executor, voteId: number) {
  await sql`
    with gone as (delete from owner_vote_ballots where vote_id = ${voteId} returning district_id, vote_id, token, choice, area_centi)
    insert into owner_vote_ballots (district_id, vote_id, token, choice, area_centi, cast_at)
    select district_id, vote_id, token, choice, area_centi, null from gone order by token`.execute(db);
}

export async function turnoutOf(db: Executor, voteId: number) {
  const { rows } = await sql<{ heads: number; area: string | null }>`
    select count(distinct p.voter_key)::int as heads, sum(e.area_centi)::text as area
    from owner_vote_participation p join owner_vote_electorate e on e.vote_id = p.vote_id and e.voter_key = p.voter_key
    where p.vote_id = ${voteId}`.execute(db);
  return { heads: Number(rows[0]?.heads ?? 0), areaCenti: Number(rows[0]?.area ?? 0) };
}

/** Who took part and who did not, by owner (names only; for staff). Choices only for an open ballot. */
export async function participationList(db: Executor, voteId: number) {
  const { rows } = await sql<{ voter_key: string; owner_name: string; owner_id: number; units: number; area: string; channel: 'online' | 'proxy' | 'paper' | null; paper_ref: string | null }>`
    select e.voter_key, min(pp.name) as owner_name, min(e.owner_id)::int as owner_id, count(*)::int as units, sum(e.area_centi)::text as area, p.channel, p.paper_ref
    from owner_vote_electorate e
    join people pp on pp.id = e.owner_id
    left join owner_vote_participation p on p.vote_id = e.vote_id and p.voter_key = e.voter_key
    where e.vote_id = ${voteId}
    group by e.voter_key, p.channel, p.paper_ref
    order by min(pp.name), e.voter_key`.execute(db);
  return rows.map((r) => ({ ...r, owner_id: Number(r.owner_id), area: Number(r.area) }));
}

export async function upsertProxy(db: Executor, p: { districtId: number; voteId: number; voterKey: string; agentId: number; ref: string; by: number; now: Date }) {
  await db
    .insertInto('owner_vote_proxies')
    .values({ district_id: p.districtId, vote_id: p.voteId, voter_key: p.voterKey, agent_id: p.agentId, authorisation_ref: p.ref, registered_by: p.by, registered_at: p.now })
    .onConflict((oc) => oc.columns(['vote_id', 'voter_key']).doUpdateSet({ agent_id: p.agentId, authorisation_ref: p.ref, registered_by: p.by, registered_at: p.now }))
    .execute();
}

export function findProxy(db: Executor, voteId: number, voterKey: string) {
  return db.selectFrom('owner_vote_proxies').select(['agent_id']).where('vote_id', '=', voteId).where('voter_key', '=', voterKey).executeTakeFirst();
}

/** The owners an agent holds a proxy for in this vote. */
export function proxiesHeldBy(db: Executor, voteId: number, agentId: number) {
  return db
    .selectFrom('owner_vote_proxies as x')
    .innerJoin('owner_vote_electorate as e', (j) => j.onRef('e.vote_id', '=', 'x.vote_id').onRef('e.voter_key', '=', 'x.voter_key'))
    .innerJoin('people as pp', 'pp.id', 'e.owner_id')
    .select(['e.owner_id', 'pp.name'])
    .distinct()
    .where('x.vote_id', '=', voteId)
    .where('x.agent_id', '=', agentId)
    .execute();
}

export function personInDistrict(db: Executor, personId: number, districtId: number) {
  return db.selectFrom('people').select(['id', 'name']).where('id', '=', personId).where('district_id', '=', districtId).executeTakeFirst();
}
