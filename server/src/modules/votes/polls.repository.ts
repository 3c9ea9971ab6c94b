import type { Executor } from '../../platform/audit.repository.ts';
import type { Scope } from '../../platform/scope.ts';
import { underScope } from '../../platform/scope-sql.ts';
import { sql } from 'kysely';

/** All SQL of residents' polls. */
const columns = ['rp.id', 'rp.district_id', 'rp.place_id', 'rp.place_path', 'rp.question', 'rp.options', 'rp.per', 'rp.topic_id', 'rp.closes_at', 'p.name as place_name'] as const;
const polls = (db: Executor) => db.selectFrom('resident_polls as rp').innerJoin('places as p', 'p.id', 'rp.place_id').select(columns);
export type PollRow = NonNullable<Awaited<ReturnType<typeof findPoll>>>;

export function findPoll(db: Executor, id: number) {
  return polls(db).where('rp.id', '=', id).executeTakeFirst();
}
export function pollsInScope(db: Executor, scope: Scope) {
  return polls(db).where(underScope('rp.place_path', scope)).orderBy('rp.id', 'desc').limit(100).execute();
}
export function pollsOver(db: Executor, districtId: number, homePaths: string[]) {
  if (homePaths.length === 0) return Promise.resolve([]);
  return polls(db)
    .where('rp.district_id', '=', districtId)
    .where(sql<boolean>`(${sql.join(homePaths.map((h) => sql`${h} like rp.place_path || '%'`), sql` or `)})`)
    .orderBy('rp.id', 'desc')
    .limit(100)
    .execute();
}
export async function insertPoll(db: Executor, p: { districtId: number; placeId: number; placePath: string; question: string; options: string[]; per: 'resident' | 'household'; topicId: number | null; closesAt: Date; by: number; now: Date }) {
  const row = await db.insertInto('resident_polls').values({
    district_id: p.districtId, place_id: p.placeId, place_path: p.placePath, question: p.question, options: JSON.stringify(p.options), per: p.per, topic_id: p.topicId, closes_at: p.closesAt, created_by: p.by, created_at: p.now,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}
export async function insertAnswer(db: Executor, a: { districtId: number; pollId: number; voterKey: string; option: number; personId: number; now: Date }): Promise<boolean> {
  const row = await db
    .insertInto('resident_poll_answers')
    .values({ district_id: a.districtId, poll_id: a.pollId, voter_key: a.voterKey, option: a.option, person_id: a.personId, created_at: a.now })
    .onConflict((oc) => oc.columns(['poll_id', 'voter_key']).doNothing())
    .returning('poll_id')
    .executeTakeFirst();
  return row !== undefined;
}
export async function answersOf(db: Executor, pollId: number) {
  return (await db.selectFrom('resident_poll_answers').select('option').where('poll_id', '=', pollId).execute()).map((r) => r.option);
}
export async function answeredBy(db: Executor, pollId: number, voterKeys: string[]) {
  if (voterKeys.length === 0) return false;
  return (await db.selectFrom('resident_poll_answers').select('voter_key').where('poll_id', '=', pollId).where('voter_key', 'in', voterKeys).executeTakeFirst()) !== undefined;
}
