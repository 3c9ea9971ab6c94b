import type { Insertable } from 'kysely';
import type { Executor } from '../../platform/audit.repository.ts';
import { roleActiveAt } from '../../platform/scope-sql.ts';
import type { Database } from '../../db/schema.ts';

/** All SQL of tri-party consultations (小区协商铃). */

export async function insertConsultation(db: Executor, row: Insertable<Database['consultations']>): Promise<number> {
  return (await db.insertInto('consultations').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

const columns = [
  'c.id', 'c.district_id', 'c.request_id', 'c.convened_by', 'c.scheduled_at', 'c.parties', 'c.attended', 'c.outcome', 'c.to_deliberation',
  'c.closed_at', 'c.created_at', 'p.name as convened_by_name',
] as const;

export function findConsultation(db: Executor, id: number) {
  return db.selectFrom('consultations as c').innerJoin('people as p', 'p.id', 'c.convened_by').select(columns).where('c.id', '=', id).executeTakeFirst();
}
export type ConsultationRow = NonNullable<Awaited<ReturnType<typeof findConsultation>>>;

export function listConsultations(db: Executor, requestId: number) {
  return db
    .selectFrom('consultations as c')
    .innerJoin('people as p', 'p.id', 'c.convened_by')
    .select(columns)
    .where('c.request_id', '=', requestId)
    .orderBy('c.scheduled_at')
    .orderBy('c.id')
    .execute();
}

/** Locks the consultation for closing, so two closes at once apply one after the other (the second is refused). */
export function lockConsultation(db: Executor, id: number) {
  return db.selectFrom('consultations').select(['id', 'closed_at']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function closeConsultation(db: Executor, id: number, set: { attended: string[]; outcome: string; toDeliberation: boolean; closedAt: Date }): Promise<void> {
  await db
    .updateTable('consultations')
    .set({ attended: set.attended, outcome: set.outcome, to_deliberation: set.toDeliberation, closed_at: set.closedAt })
    .where('id', '=', id)
    .execute();
}

/** How many people hold `role` at exactly one of `placeIds` now: the invitees a notification reaches. */
export async function countRoleHolders(db: Executor, role: string, placeIds: readonly number[], now: Date): Promise<number> {
  if (placeIds.length === 0) return 0;
  const row = await db
    .selectFrom('role_assignments')
    .select((eb) => eb.fn.count<number>('person_id').distinct().as('n'))
    .where('role', '=', role)
    .where('place_id', 'in', [...placeIds])
    .where(roleActiveAt('role_assignments', now))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
