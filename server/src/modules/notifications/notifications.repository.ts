import type { Executor } from '../../platform/audit.repository.ts';

const COLUMNS = ['id', 'kind', 'title', 'body', 'link', 'created_at', 'read_at'] as const;

/** One person's notifications, newest first, keyset-paged on id (index notifications_person / _unread). */
export function listForPerson(db: Executor, personId: number, q: { unreadOnly: boolean; before?: number; limit: number }) {
  return db
    .selectFrom('notifications')
    .select(COLUMNS)
    .where('person_id', '=', personId)
    .$if(q.unreadOnly, (w) => w.where('read_at', 'is', null))
    .$if(q.before !== undefined, (w) => w.where('id', '<', q.before!))
    .orderBy('id', 'desc')
    .limit(q.limit)
    .execute();
}

export async function countUnread(db: Executor, personId: number): Promise<number> {
  const row = await db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('person_id', '=', personId).where('read_at', 'is', null).executeTakeFirstOrThrow();
  return Number(row.n);
}

export function markRead(db: Executor, personId: number, id: number, now: Date) {
  return db
    .updateTable('notifications')
    .set((eb) => ({ read_at: eb.fn.coalesce('read_at', eb.val(now)) }))
    .where('id', '=', id)
    .where('person_id', '=', personId)
    .returning(COLUMNS)
    .executeTakeFirst();
}

export async function markAllRead(db: Executor, personId: number, now: Date): Promise<number> {
  const r = await db.updateTable('notifications').set({ read_at: now }).where('person_id', '=', personId).where('read_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** The given notifications, if they are this person's, oldest first. */
export function findForPersonByIds(db: Executor, personId: number, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('notifications').select(COLUMNS).where('person_id', '=', personId).where('id', 'in', [...ids]).orderBy('id').execute();
}

/** The given notifications of anyone, with their person (the live deliveries of many streams at once, live-reads.ts). */
export function findByIds(db: Executor, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('notifications').select([...COLUMNS, 'person_id']).where('id', 'in', [...ids]).execute();
}

/** Which of these sessions are still open, and when each was last seen (the event streams' session watch). */
export function findOpenSessionsSeen(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('sessions').select(['id', 'last_seen_at']).where('id', 'in', [...ids]).where('ended_at', 'is', null).execute();
}

/** This person's notifications after `afterId`, oldest first (a stream catching up). */
export function findForPersonAfter(db: Executor, personId: number, afterId: number, limit: number) {
  return db.selectFrom('notifications').select(COLUMNS).where('person_id', '=', personId).where('id', '>', afterId).orderBy('id').limit(limit).execute();
}

export async function maxIdForPerson(db: Executor, personId: number): Promise<number> {
  const row = await db.selectFrom('notifications').select('id').where('person_id', '=', personId).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row?.id ?? 0;
}

export function findForOutbound(db: Executor, id: number) {
  return db.selectFrom('notifications').select(['id', 'person_id', 'kind', 'title', 'body', 'link']).where('id', '=', id).executeTakeFirst();
}

export type NotificationRow = Awaited<ReturnType<typeof listForPerson>>[number];
