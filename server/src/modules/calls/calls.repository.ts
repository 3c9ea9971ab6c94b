import { sql, type Insertable } from 'kysely';
import type { Executor } from '../../platform/audit.repository.ts';
import type { Database } from '../../db/schema.ts';
import { roleActiveAt, underScope } from '../../platform/scope-sql.ts';
import type { Scope } from '../../platform/scope.ts';

export function findPlace(db: Executor, id: number) {
  return db.selectFrom('places').select(['id', 'district_id', 'kind', 'name', 'path']).where('id', '=', id).executeTakeFirst();
}


/** The compound's commissioners in post now, with their (encrypted) phones. */
export function commissionersOf(db: Executor, compoundId: number, now: Date) {
  return db
    .selectFrom('role_assignments as ra')
    .innerJoin('people as p', 'p.id', 'ra.person_id')
    .select(['p.id', 'p.name', 'p.phone_cipher'])
    .distinct()
    .where('ra.role', '=', 'commissioner')
    .where('ra.place_id', '=', compoundId)
    .where(roleActiveAt('ra', now))
    .orderBy('p.id')
    .execute();
}

export async function insertCall(db: Executor, c: Insertable<Database['commissioner_calls']>): Promise<number> {
  return (await db.insertInto('commissioner_calls').values(c).returning('id').executeTakeFirstOrThrow()).id;
}

/** Calls under the scope (and under `placePath` when given), newest first, keyset-paged after call `before`. */
export function listCalls(db: Executor, scope: Scope, q: { placePath?: string; before?: number; limit: number }) {
  return db
    .selectFrom('commissioner_calls as c')
    .innerJoin('places as pl', 'pl.id', 'c.compound_id')
    .innerJoin('people as p', 'p.id', 'c.resident_id')
    .select(['c.id', 'c.compound_id', 'pl.name as compound_name', 'c.resident_id', 'p.name as resident_name', 'c.called_at'])
    .where(underScope('c.compound_path', scope))
    .$if(q.placePath !== undefined, (w) => w.where('c.compound_path', 'like', `${q.placePath}%`))
    .$if(q.before !== undefined, (w) =>
      w.where(sql<boolean>`(c.called_at, c.id) < (select b.called_at, b.id from commissioner_calls b where b.id = ${q.before!})`),
    )
    .orderBy('c.called_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(q.limit)
    .execute();
}
