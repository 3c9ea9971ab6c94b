import { sql } from 'kysely';
import type { Executor } from '../../platform/audit.repository.ts';
import type { Scope } from '../../platform/scope.ts';
import { roleActiveAt, underScope } from '../../platform/scope-sql.ts';

const activeAt = (now: Date) => roleActiveAt('ra', now);

export type PeopleFilter = { placePath?: string; role?: string; phoneHash?: string; name?: string };

/** People who hold an active role somewhere in scope (and, when filtered, at or under a place). */
function peopleInScope(db: Executor, scope: Scope, f: PeopleFilter, now: Date) {
  return db.selectFrom('people').where((eb) =>
    eb.exists(
      eb
        .selectFrom('role_assignments as ra')
        .select(sql`1`.as('one'))
        .whereRef('ra.person_id', '=', 'people.id')
        .where(activeAt(now))
        .where(underScope('ra.place_path', scope))
        .$if(f.placePath !== undefined, (q) => q.where('ra.place_path', 'like', `${f.placePath}%`))
        .$if(f.role !== undefined, (q) => q.where('ra.role', '=', f.role!)),
    ),
  )
    .$if(f.phoneHash !== undefined, (q) => q.where('people.phone_hash', '=', f.phoneHash!))
    .$if(f.name !== undefined, (q) => q.where('people.name', 'like', `%${f.name!.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
}

export async function listPeople(db: Executor, scope: Scope, f: PeopleFilter, now: Date, page: number, pageSize: number) {
  const base = peopleInScope(db, scope, f, now);
  const [items, total] = await Promise.all([
    base.select(['people.id', 'people.name', 'people.phone_cipher']).orderBy('people.name').orderBy('people.id').limit(pageSize).offset((page - 1) * pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

export function findPersonInScope(db: Executor, scope: Scope, id: number, now: Date) {
  return peopleInScope(db, scope, {}, now).selectAll('people').where('people.id', '=', id).executeTakeFirst();
}

export function findActiveRolesOf(db: Executor, personIds: readonly number[], now: Date) {
  if (personIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('role_assignments as ra')
    .innerJoin('places as p', 'p.id', 'ra.place_id')
    .select(['ra.id', 'ra.person_id', 'ra.role', 'ra.place_id', 'ra.is_local', 'ra.valid_from', 'ra.valid_to', 'p.name as place_name', 'p.kind as place_kind'])
    .where('ra.person_id', 'in', [...personIds])
    .where(activeAt(now))
    .orderBy('ra.id')
    .execute();
}

/** Locks the person's row, so two role grants to one person queue and the second sees the first (三权分立). */
export async function lockPerson(db: Executor, personId: number): Promise<void> {
  await db.selectFrom('people').select('id').where('id', '=', personId).forUpdate().executeTakeFirst();
}

/** The roles a person holds or will hold from `from` on (not ended before it), including future-dated ones. */
export async function rolesNotEndedBy(db: Executor, personId: number, from: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('role_assignments')
    .select('role')
    .where('person_id', '=', personId)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', from)]))
    .execute();
  return rows.map((r) => r.role);
}

export function findConsents(db: Executor, personId: number) {
  return db.selectFrom('consents').select(['purpose', 'granted_at', 'withdrawn_at']).where('person_id', '=', personId).orderBy('id').execute();
}

export async function insertConsent(db: Executor, c: { districtId: number; personId: number; purpose: string; recordedBy: number; now: Date }) {
  await db.insertInto('consents').values({ district_id: c.districtId, person_id: c.personId, purpose: c.purpose, recorded_by: c.recordedBy, granted_at: c.now }).execute();
}

export function findPersonIdByPhoneHash(db: Executor, phoneHash: string) {
  return db.selectFrom('people').select('id').where('phone_hash', '=', phoneHash).executeTakeFirst();
}

export async function insertPerson(
  db: Executor,
  p: { districtId: number; name: string; phoneCipher: string; phoneHash: string; idNumberCipher: string | null; idNumberHash: string | null; flagsCipher: string | null; passwordHash: string | null },
): Promise<number> {
  const row = await db
    .insertInto('people')
    .values({
      district_id: p.districtId,
      name: p.name,
      phone_cipher: p.phoneCipher,
      phone_hash: p.phoneHash,
      id_number_cipher: p.idNumberCipher,
      id_number_hash: p.idNumberHash,
      flags_cipher: p.flagsCipher,
      password_hash: p.passwordHash,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertRoleAssignment(
  db: Executor,
  r: { districtId: number; personId: number; role: string; placeId: number; placePath: string; local: boolean; validFrom: Date; validTo: Date | null },
): Promise<number> {
  const row = await db
    .insertInto('role_assignments')
    .values({
      district_id: r.districtId,
      person_id: r.personId,
      role: r.role,
      place_id: r.placeId,
      place_path: r.placePath,
      is_local: r.local,
      valid_from: r.validFrom,
      valid_to: r.validTo,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function findRoleAssignment(db: Executor, id: number) {
  return db.selectFrom('role_assignments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function endRoleAssignment(db: Executor, id: number, now: Date): Promise<void> {
  await db.updateTable('role_assignments').set({ valid_to: now }).where('id', '=', id).execute();
}

export function findPlaceForRole(db: Executor, placeId: number) {
  return db.selectFrom('places').select(['id', 'district_id', 'path', 'kind', 'name']).where('id', '=', placeId).executeTakeFirst();
}

/** The households where a person is owner or resident, with the compound and community above each. */
export function findHomes(db: Executor, personId: number, now: Date) {
  return db
    .selectFrom('role_assignments as ra')
    .innerJoin('places as h', 'h.id', 'ra.place_id')
    .select(['ra.role', 'h.id', 'h.name', 'h.path'])
    .where('ra.person_id', '=', personId)
    .where('ra.role', 'in', ['owner', 'resident'])
    .where('h.kind', '=', 'household')
    .where(activeAt(now))
    .orderBy('h.id')
    .execute();
}

/** Whether the person is a resident or owner of a household at or under `placePath` now. */
/** The encrypted special-group flags of a person, or null; decrypted only by special-groups.ts. */
export async function findFlagsCipher(db: Executor, personId: number): Promise<string | null> {
  const row = await db.selectFrom('people').select('flags_cipher').where('id', '=', personId).executeTakeFirst();
  return row?.flags_cipher ?? null;
}

export async function livesUnder(db: Executor, personId: number, placePath: string, now: Date): Promise<boolean> {
  const row = await db
    .selectFrom('role_assignments as ra')
    .select('ra.id')
    .where('ra.person_id', '=', personId)
    .where('ra.role', 'in', ['resident', 'owner'])
    .where('ra.place_path', 'like', `${placePath}%`)
    .where(roleActiveAt('ra', now))
    .executeTakeFirst();
  return row !== undefined;
}
