import { sql } from 'kysely';
import type { Executor } from './audit.repository.ts';
import { announceNotifications } from './live.ts';

export type Notice = { kind: string; title: string; body?: string; link?: string };

/**
 * In-app notifications for everyone holding `role` at exactly one of `placeIds` now (e.g. the commissioners of a
 * compound), written in the caller's transaction and announced at its commit (live.ts: event streams, outbound).
 */
export async function notifyRoleHolders(db: Executor, districtId: number, role: string, placeIds: readonly number[], notice: Notice, now: Date): Promise<void> {
  if (placeIds.length === 0) return;
  const { rows } = await sql<{ id: number; person_id: number }>`
    insert into notifications (district_id, person_id, kind, title, body, link, created_at)
    select distinct ${districtId}::bigint, ra.person_id, ${notice.kind}, ${notice.title}, ${notice.body ?? null}, ${notice.link ?? null}, ${now}::timestamptz
    from role_assignments ra
    where ra.role = ${role} and ra.place_id in (${sql.join(placeIds.map((id) => sql`${id}`))})
      and ra.valid_from <= ${now} and (ra.valid_to is null or ra.valid_to > ${now})
    returning id, person_id`.execute(db);
  await announceNotifications(db, districtId, rows, notice.kind, now);
}

export async function notifyPerson(db: Executor, districtId: number, personId: number, notice: Notice, now: Date): Promise<void> {
  const row = await db
    .insertInto('notifications')
    .values({ district_id: districtId, person_id: personId, kind: notice.kind, title: notice.title, body: notice.body ?? null, link: notice.link ?? null, created_at: now })
    .returning(['id', 'person_id'])
    .executeTakeFirstOrThrow();
  await announceNotifications(db, districtId, [row], notice.kind, now);
}
