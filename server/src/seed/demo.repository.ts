import { sql } from 'kysely';
import type { Executor } from '../platform/audit.repository.ts';
import type { Database } from '../db/schema.ts';
import type { Insertable } from 'kysely';

/** Bulk loading for the demo seed: ids reserved up front so paths can be computed before insert. */
export async function reservePlaceIds(db: Executor, n: number): Promise<number[]> {
  const r = await sql<{ id: number }>`select nextval('places_id_seq')::bigint as id from generate_series(1, ${n})`.execute(db);
  return r.rows.map((x) => Number(x.id));
}

export async function insertMany<T extends keyof Database>(db: Executor, table: T, rows: Insertable<Database[T]>[], batch = 1000): Promise<void> {
  for (let i = 0; i < rows.length; i += batch) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await db.insertInto(table).values(rows.slice(i, i + batch) as any).execute();
  }
}

export async function insertPeopleReturningIds(
  db: Executor,
  rows: Insertable<Database['people']>[],
  batch = 1000,
): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += batch) {
    const r = await db.insertInto('people').values(rows.slice(i, i + batch)).returning('id').execute();
    ids.push(...r.map((x) => x.id));
  }
  return ids;
}

export function findDistrictByCode(db: Executor, code: string) {
  return db.selectFrom('places').select(['id']).where('kind', '=', 'district').where('code', '=', code).executeTakeFirst();
}

export async function countPlaces(db: Executor): Promise<number> {
  const r = await db.selectFrom('places').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function analyze(db: Executor): Promise<void> {
  await sql`analyze`.execute(db);
}
