import path from 'node:path';
import { sql } from 'kysely';
import type { Config } from './config.ts';
import { createDb, type DbHandle } from './db/create-db.ts';
import { migrateToLatest } from './db/migrate.ts';
import { createPersonalDataCipher, loadMasterKey, type PersonalDataCipher } from './platform/personal-data.ts';

/** Opens the configured database (PostgreSQL when DATABASE_URL is set, else PGlite in the data dir) and migrates it. */
export async function openRuntime(config: Config, options: { migrate?: boolean } = {}): Promise<{ database: DbHandle; cipher: PersonalDataCipher }> {
  const database = await createDb(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: path.join(config.dataDir, 'pgdata') });
  if (options.migrate !== false) await migrateToLatest(database.db);
  // PGlite has no autovacuum: refresh the planner's statistics at every start.
  if (database.kind === 'pglite') await sql`analyze`.execute(database.db);
  const cipher = createPersonalDataCipher(loadMasterKey(config.dataKey, config.dataDir));
  return { database, cipher };
}
