import { sql, type Insertable } from 'kysely';
import type { Executor } from '../../platform/audit.repository.ts';
import type { Scope } from '../../platform/scope.ts';
import { underScope } from '../../platform/scope-sql.ts';
import type { Database } from '../../db/schema.ts';

/** All SQL of micro-charity (微公益). The ledger is append-only (a trigger refuses UPDATE and DELETE). */

export function findPlace(db: Executor, id: number) {
  return db.selectFrom('places').select(['id', 'name', 'path', 'kind', 'district_id']).where('id', '=', id).executeTakeFirst();
}

export async function insertDrive(db: Executor, row: Insertable<Database['charity_drives']>): Promise<number> {
  return (await db.insertInto('charity_drives').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

function drivesQuery(db: Executor) {
  return db
    .selectFrom('charity_drives as d')
    .innerJoin('places as p', 'p.id', 'd.place_id')
    .select(['d.id', 'd.district_id', 'd.place_id', 'd.place_path', 'p.name as place_name', 'd.kind', 'd.title', 'd.description', 'd.goal_fen', 'd.goods_wanted', 'd.starts_at', 'd.ends_at', 'd.status']);
}
export type DriveRow = NonNullable<Awaited<ReturnType<typeof findDrive>>>;

export function findDrive(db: Executor, id: number) {
  return drivesQuery(db).where('d.id', '=', id).executeTakeFirst();
}

export function listDrives(db: Executor, where: { districtId: number; scope?: Scope; placePath?: string; status?: string; within?: readonly string[] }) {
  return drivesQuery(db)
    .where('d.district_id', '=', where.districtId)
    .$if(where.scope !== undefined, (w) => w.where(underScope('d.place_path', where.scope!)))
    .$if(where.placePath !== undefined, (w) => w.where('d.place_path', 'like', `${where.placePath}%`))
    .$if(where.status !== undefined, (w) => w.where('d.status', '=', where.status!))
    // Drives of a place that contains one of `within` (a resident sees their compound's and community's drives).
    .$if(where.within !== undefined && where.within.length > 0, (w) => w.where(sql<boolean>`(${sql.join(where.within!.map((h) => sql`${h} like d.place_path || '%'`), sql` or `)})`))
    .orderBy('d.status', 'desc')
    .orderBy('d.id', 'desc')
    .limit(100)
    .execute();
}

/** Serialises the ledger writes of one drive: every check of "what came in" runs under this lock. */
export function lockDrive(db: Executor, id: number) {
  return db.selectFrom('charity_drives').select(['id', 'status']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function closeDrive(db: Executor, id: number, now: Date): Promise<void> {
  await db.updateTable('charity_drives').set({ status: 'closed', updated_at: now }).where('id', '=', id).execute();
}

export async function insertEntry(db: Executor, row: Insertable<Database['charity_entries']>): Promise<number> {
  return (await db.insertInto('charity_entries').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function findEntryByKey(db: Executor, driveId: number, key: string) {
  return db.selectFrom('charity_entries').select('id').where('drive_id', '=', driveId).where('idempotency_key', '=', key).executeTakeFirst();
}

export function entriesOf(db: Executor, driveIds: readonly number[]) {
  if (driveIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('charity_entries as e')
    .innerJoin('people as r', 'r.id', 'e.recorded_by')
    .select([
      'e.id', 'e.drive_id', 'e.kind', 'e.form', 'e.amount_fen', 'e.item', 'e.quantity', 'e.donor_name', 'e.show_donor', 'e.counterpart', 'e.pledge_id', 'e.note',
      'e.occurred_at', 'r.name as recorder_name',
    ])
    .where('e.drive_id', 'in', [...driveIds])
    .orderBy('e.occurred_at')
    .orderBy('e.id')
    .execute();
}
export type EntryRow = Awaited<ReturnType<typeof entriesOf>>[number];

/** Communities and compounds under a scope, for pickers. */
export function placesInScope(db: Executor, scope: Scope) {
  return db.selectFrom('places').select(['id', 'name', 'kind']).where('kind', 'in', ['community', 'compound']).where(underScope('path', scope)).orderBy('path').limit(1000).execute();
}
