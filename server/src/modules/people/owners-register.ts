import { sql } from 'kysely';
import type { Executor } from '../../platform/audit.repository.ts';
import { roleActiveAt } from '../../platform/scope-sql.ts';

/** One exclusive unit (专有部分) on the register: the household, its owner now, and its area as registered (text). */
export type RegisteredUnit = { unitId: number; ownerId: number; area: string };

/**
 * The owners' register under a place (compound, building or unit): every household with an exclusive area and an
 * owner at `now`. A co-owned unit appears once, under the owner registered first (the lowest role id): one unit is
 * one vote (SPC interpretation 2020, art. 9). Area is returned as PostgreSQL's numeric text, so nobody rounds it.
 */
export async function ownersRegisterUnder(db: Executor, placePath: string, now: Date): Promise<RegisteredUnit[]> {
  const { rows } = await sql<{ unit_id: number; owner_id: number; area: string }>`
    select distinct on (h.place_id) h.place_id::int as unit_id, ra.person_id::int as owner_id, h.exclusive_area::text as area
    from households h
    join places p on p.id = h.place_id
    join role_assignments ra on ra.place_id = h.place_id and ra.role = 'owner' and ${roleActiveAt('ra', now)}
    where p.path like ${`${placePath}%`} and h.exclusive_area is not null
    order by h.place_id, ra.id`.execute(db);
  return rows.map((r) => ({ unitId: Number(r.unit_id), ownerId: Number(r.owner_id), area: r.area }));
}

/** How many people and how many households live (as resident or owner) under a place now: a poll's electorate. */
export async function residentsCountUnder(db: Executor, placePath: string, now: Date): Promise<{ people: number; households: number }> {
  const { rows } = await sql<{ people: number; households: number }>`
    select count(distinct ra.person_id)::int as people, count(distinct ra.place_id)::int as households
    from role_assignments ra join places h on h.id = ra.place_id and h.kind = 'household'
    where ra.role in ('resident','owner') and ra.place_path like ${`${placePath}%`} and ${roleActiveAt('ra', now)}`.execute(db);
  return { people: Number(rows[0]?.people ?? 0), households: Number(rows[0]?.households ?? 0) };
}

/** The household under a place where a person lives now (the first, if several), or null. */
export async function householdUnder(db: Executor, personId: number, placePath: string, now: Date): Promise<number | null> {
  const { rows } = await sql<{ id: number }>`
    select ra.place_id::int as id from role_assignments ra join places h on h.id = ra.place_id and h.kind = 'household'
    where ra.person_id = ${personId} and ra.role in ('resident','owner') and ra.place_path like ${`${placePath}%`} and ${roleActiveAt('ra', now)}
    order by ra.place_id limit 1`.execute(db);
  return rows[0] ? Number(rows[0].id) : null;
}

/** People holding `role` now at a place on the path of `placePath` (itself or above it): e.g. the facilitators who serve a compound. */
export async function roleHoldersAbove(db: Executor, role: string, placePath: string, now: Date): Promise<{ id: number; name: string }[]> {
  const { rows } = await sql<{ id: number; name: string }>`
    select distinct p.id::int as id, p.name from role_assignments ra join people p on p.id = ra.person_id
    where ra.role = ${role} and ${placePath} like ra.place_path || '%' and ${roleActiveAt('ra', now)}
    order by p.name limit 50`.execute(db);
  return rows.map((r) => ({ id: Number(r.id), name: r.name }));
}
