import { sql } from 'kysely';
import type { Insertable } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Executor } from '../../platform/audit.repository.ts';

const listColumns = ['id', 'district_id', 'person_id', 'ledger', 'format', 'place_id', 'reveal', 'status', 'rows_done', 'rows_total', 'file_name', 'error', 'created_at', 'finished_at'] as const;
const dayColumns = [sql<string>`to_char(day_from, 'YYYY-MM-DD')`.as('day_from'), sql<string>`to_char(day_to, 'YYYY-MM-DD')`.as('day_to')];

export function findPlace(db: Executor, id: number) {
  return db.selectFrom('places').select(['id', 'name', 'path', 'kind', 'district_id']).where('id', '=', id).executeTakeFirst();
}

export async function insertExport(db: Executor, row: Insertable<Database['ledger_exports']>): Promise<void> {
  await db.insertInto('ledger_exports').values(row).execute();
}

export function findExport(db: Executor, id: string) {
  return db.selectFrom('ledger_exports').select([...listColumns, ...dayColumns]).where('id', '=', id).executeTakeFirst();
}
export type ExportRow = NonNullable<Awaited<ReturnType<typeof findExport>>>;

export function listForPerson(db: Executor, personId: number, limit: number) {
  return db.selectFrom('ledger_exports').select([...listColumns, ...dayColumns]).where('person_id', '=', personId).orderBy('created_at', 'desc').limit(limit).execute();
}

export function findContent(db: Executor, id: string) {
  return db.selectFrom('ledger_exports').select(['content', 'file_name', 'format']).where('id', '=', id).executeTakeFirst();
}

/** The oldest queued export, taken by this instance (another instance skips it). */
export async function claimQueued(db: Executor): Promise<ExportRow | undefined> {
  const claimed = await sql<{ id: string }>`
    update ledger_exports set status = 'running'
    where id = (select id from ledger_exports where status = 'queued' order by created_at, id for update skip locked limit 1)
    returning id`.execute(db);
  const id = claimed.rows[0]?.id;
  return id ? findExport(db, id) : undefined;
}

/** Exports left running by an instance that stopped: queued again (a job is written whole or not at all). */
export async function requeueStale(db: Executor, startedBefore: Date): Promise<void> {
  await db.updateTable('ledger_exports').set({ status: 'queued', rows_done: 0 }).where('status', '=', 'running').where('created_at', '<', startedBefore).execute();
}

export async function setProgress(db: Executor, id: string, rowsDone: number, rowsTotal?: number): Promise<void> {
  await db.updateTable('ledger_exports').set(rowsTotal === undefined ? { rows_done: rowsDone } : { rows_done: rowsDone, rows_total: rowsTotal }).where('id', '=', id).execute();
}

export async function finish(db: Executor, id: string, fields: { status: 'done' | 'failed'; content?: Buffer; file_name?: string; error?: string; rows_done?: number; finished_at: Date }): Promise<void> {
  await db.updateTable('ledger_exports').set(fields).where('id', '=', id).execute();
}
