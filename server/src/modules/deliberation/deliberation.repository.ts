import { sql, type Insertable } from 'kysely';
import type { Executor } from '../../platform/audit.repository.ts';
import type { DeliberationDaysTable } from '../../db/schema.ts';

/** All SQL of deliberation (topics, days, minutes, follow-ups). */

export function findPlace(db: Executor, id: number) {
  return db.selectFrom('places').select(['id', 'district_id', 'kind', 'name', 'path']).where('id', '=', id).executeTakeFirst();
}

/**
 * The consumer of `request.to_deliberation`: every such event without its topic yet becomes one (the unique index
 * on source_event_id makes a second run, or two instances at once, create nothing twice).
 */
export async function topicsFromRequestEvents(db: Executor, districtId: number): Promise<number> {
  const r = await sql`
    insert into deliberation_topics (district_id, place_id, place_path, title, body, raised_as, source_event_id, source_request_id, created_at)
    select e.district_id, p.id, p.path, left(coalesce(e.payload->>'title', '来自协商的议题'), 100), coalesce(e.payload->>'summary', ''), 'request', e.id,
      (e.payload->>'requestId')::bigint, e.created_at
    from domain_events e join places p on p.id = (e.payload->>'compoundId')::bigint
    where e.type = 'request.to_deliberation' and e.district_id = ${districtId}
      and not exists (select 1 from deliberation_topics t where t.source_event_id = e.id)
    on conflict do nothing`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

export async function insertTopic(db: Executor, t: { districtId: number; placeId: number; placePath: string; title: string; body: string; raisedBy: number; raisedAs: 'resident' | 'party' | 'commissioner'; now: Date }) {
  const row = await db
    .insertInto('deliberation_topics')
    .values({ district_id: t.districtId, place_id: t.placeId, place_path: t.placePath, title: t.title, body: t.body, raised_by: t.raisedBy, raised_as: t.raisedAs, created_at: t.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export type TopicRow = { id: number; raised_by: number | null; place_id: number; place_name: string; place_path: string; district_id: number; title: string; body: string; raised_as: 'resident' | 'party' | 'commissioner' | 'request'; raised_by_name: string | null; source_request_id: number | null; status: 'open' | 'on_agenda' | 'deliberated' | 'closed'; seconds: number; mine: boolean; created_at: Date };

export async function loadTopics(db: Executor, personId: number, where: ReturnType<typeof sql>, limit = 200): Promise<TopicRow[]> {
  const { rows } = await sql<TopicRow>`
    select t.id::int, t.raised_by::int, t.place_id::int, p.name as place_name, t.place_path, t.district_id::int, t.title, t.body, t.raised_as, pp.name as raised_by_name,
      t.source_request_id::int, t.status, t.seconds, t.created_at,
      exists (select 1 from topic_seconds s where s.topic_id = t.id and s.person_id = ${personId}) as mine
    from deliberation_topics t join places p on p.id = t.place_id left join people pp on pp.id = t.raised_by
    where ${where}
    order by t.id desc
    limit ${limit}`.execute(db);
  return rows;
}

export async function insertSecond(db: Executor, districtId: number, topicId: number, personId: number, now: Date): Promise<boolean> {
  const row = await db
    .insertInto('topic_seconds')
    .values({ district_id: districtId, topic_id: topicId, person_id: personId, created_at: now })
    .onConflict((oc) => oc.columns(['topic_id', 'person_id']).doNothing())
    .returning('topic_id')
    .executeTakeFirst();
  if (!row) return false;
  await db.updateTable('deliberation_topics').set((eb) => ({ seconds: eb('seconds', '+', 1) })).where('id', '=', topicId).execute();
  return true;
}

export async function setTopicStatus(db: Executor, ids: number[], status: 'open' | 'on_agenda' | 'deliberated' | 'closed') {
  if (ids.length) await db.updateTable('deliberation_topics').set({ status }).where('id', 'in', ids).execute();
}

export async function insertDay(db: Executor, d: Insertable<DeliberationDaysTable>) {
  return (await db.insertInto('deliberation_days').values(d).returning('id').executeTakeFirstOrThrow()).id;
}

export async function insertAgenda(db: Executor, rows: { district_id: number; day_id: number; topic_id: number; position: number }[]) {
  if (rows.length) await db.insertInto('deliberation_agenda_items').values(rows).execute();
}

export async function insertParticipants(db: Executor, rows: { district_id: number; day_id: number; person_id: number | null; name: string; party: string; show_name: boolean }[]) {
  if (rows.length) await db.insertInto('deliberation_participants').values(rows).execute();
}

export function findDay(db: Executor, id: number) {
  return db
    .selectFrom('deliberation_days as d')
    .innerJoin('places as p', 'p.id', 'd.place_id')
    .leftJoin('people as f', 'f.id', 'd.facilitator_id')
    .select(['d.id', 'd.district_id', 'd.place_id', 'd.place_path', 'd.title', 'd.starts_at', 'd.location', 'd.status', 'd.minutes_published_at', 'p.name as place_name', 'f.name as facilitator_name'])
    .where('d.id', '=', id)
    .executeTakeFirst();
}
export type DayRow = NonNullable<Awaited<ReturnType<typeof findDay>>>;

export function listDayIds(db: Executor, where: ReturnType<typeof sql>) {
  return sql<{ id: number }>`select d.id::int from deliberation_days d where ${where} order by d.starts_at desc limit 100`.execute(db);
}

export function agendaOf(db: Executor, dayId: number) {
  return db
    .selectFrom('deliberation_agenda_items as a')
    .innerJoin('deliberation_topics as t', 't.id', 'a.topic_id')
    .select(['a.id', 'a.topic_id', 't.title', 'a.discussion', 'a.resolution', 'a.position'])
    .where('a.day_id', '=', dayId)
    .orderBy('a.position')
    .execute();
}

export function findAgendaItem(db: Executor, dayId: number, itemId: number) {
  return db.selectFrom('deliberation_agenda_items').select(['id', 'topic_id', 'district_id']).where('day_id', '=', dayId).where('id', '=', itemId).executeTakeFirst();
}

export async function writeMinutes(db: Executor, itemId: number, discussion: string, resolution: string) {
  await db.updateTable('deliberation_agenda_items').set({ discussion, resolution }).where('id', '=', itemId).execute();
}

export async function setDayStatus(db: Executor, id: number, status: 'scheduled' | 'held' | 'published', publishedAt?: Date) {
  await db.updateTable('deliberation_days').set({ status, ...(publishedAt ? { minutes_published_at: publishedAt } : {}) }).where('id', '=', id).execute();
}

export function participantsOf(db: Executor, dayId: number) {
  return db.selectFrom('deliberation_participants').select(['id', 'name', 'party', 'show_name', 'signed_in_at']).where('day_id', '=', dayId).orderBy('id').execute();
}

export async function signInParticipant(db: Executor, dayId: number, participantId: number, now: Date) {
  const r = await db.updateTable('deliberation_participants').set({ signed_in_at: now }).where('day_id', '=', dayId).where('id', '=', participantId).where('signed_in_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export function followupsOf(db: Executor, dayId: number) {
  return db
    .selectFrom('deliberation_followups')
    .select(['id', 'agenda_item_id', 'task', 'owner_name', sql<string>`due_on::text`.as('due_on'), 'done_at', 'done_note'])
    .where('day_id', '=', dayId)
    .orderBy('id')
    .execute();
}

export async function insertFollowup(db: Executor, f: { districtId: number; dayId: number; itemId: number; task: string; ownerName: string; ownerPersonId: number | null; dueOn: string; now: Date }) {
  return (
    await db
      .insertInto('deliberation_followups')
      .values({ district_id: f.districtId, day_id: f.dayId, agenda_item_id: f.itemId, task: f.task, owner_name: f.ownerName, owner_person_id: f.ownerPersonId, due_on: f.dueOn, created_at: f.now })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}

export function findFollowup(db: Executor, id: number) {
  return db.selectFrom('deliberation_followups').select(['id', 'day_id', 'done_at']).where('id', '=', id).executeTakeFirst();
}

export async function completeFollowup(db: Executor, id: number, note: string, now: Date) {
  await db.updateTable('deliberation_followups').set({ done_at: now, done_note: note }).where('id', '=', id).execute();
}
