import { sql, type Kysely } from 'kysely';

/**
 * A fifth kind of points movement: `reverse` (冲正). When an organiser corrects confirmed volunteer hours
 * downwards, the points those hours earned beyond the new figure go back from the person to the issuance source
 * as a new entry; the earning itself stays, as every entry does.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table points_entries drop constraint points_entries_kind_check`.execute(db);
  await sql`alter table points_entries add constraint points_entries_kind_check check (kind in ('earn','redeem','cancel','fulfil','expire','reverse'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table points_entries drop constraint points_entries_kind_check`.execute(db);
  await sql`alter table points_entries add constraint points_entries_kind_check check (kind in ('earn','redeem','cancel','fulfil','expire'))`.execute(db);
}
