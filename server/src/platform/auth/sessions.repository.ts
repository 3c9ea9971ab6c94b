import { sql } from 'kysely';
import type { Executor } from '../audit.repository.ts';
import { roleActiveAt } from '../scope-sql.ts';

export async function insertSession(
  db: Executor,
  s: { id: string; districtId: number; personId: number; csrfToken: string; ip: string | null; userAgent: string | null; now: Date; secondFactor?: boolean },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id: s.id,
      district_id: s.districtId,
      person_id: s.personId,
      csrf_token: s.csrfToken,
      ip: s.ip,
      user_agent: s.userAgent,
      created_at: s.now,
      last_seen_at: s.now,
      second_factor: s.secondFactor ?? false,
    })
    .execute();
}

export function findOpenSession(db: Executor, id: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('people', 'people.id', 'sessions.person_id')
    .select([
      'sessions.id',
      'sessions.person_id',
      'sessions.district_id',
      'sessions.csrf_token',
      'sessions.last_seen_at',
      'sessions.second_factor',
      'people.name',
      'people.phone_cipher',
    ])
    .where('sessions.id', '=', id)
    .where('sessions.ended_at', 'is', null)
    .executeTakeFirst();
}

export async function touchSession(db: Executor, id: string, now: Date): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
}

export async function endSession(db: Executor, id: string, now: Date): Promise<void> {
  await db.updateTable('sessions').set({ ended_at: now }).where('id', '=', id).where('ended_at', 'is', null).execute();
}

export async function endAllSessions(db: Executor, personId: number, now: Date): Promise<number> {
  const r = await db
    .updateTable('sessions')
    .set({ ended_at: now })
    .where('person_id', '=', personId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** The roles a person holds at `now`, with the path of each place (the input of scope.ts). */
export function findActiveRoles(db: Executor, personId: number, now: Date) {
  return db
    .selectFrom('role_assignments as ra')
    .innerJoin('places as p', 'p.id', 'ra.place_id')
    .select([
      'ra.id',
      'ra.role',
      'ra.place_id',
      'ra.place_path',
      'ra.district_id',
      'ra.is_local',
      'ra.valid_from',
      'ra.valid_to',
      'p.name as place_name',
      'p.kind as place_kind',
    ])
    .where('ra.person_id', '=', personId)
    .where(roleActiveAt('ra', now))
    .orderBy(sql`array_position(array['district','street','community','compound','building','unit','household','grid'], p.kind)`)
    .orderBy('ra.id')
    .execute();
}
