import path from 'node:path';
import { sql } from 'kysely';
import type { Config } from './config.ts';
import { createDb, type DbHandle } from './db/create-db.ts';
import { migrateToLatest } from './db/migrate.ts';
import { createPersonalDataCipher, loadMasterKey, type PersonalDataCipher } from './platform/personal-data.ts';

/** Opens the configured database (PostgreSQL when DATABASE_URL is set, else PGlite in the data dir) and migrates it. */
export async function openRuntime(config: Config, options: { migrate?: boolean; serving?: boolean } = {}): Promise<{ database: DbHandle; cipher: PersonalDataCipher }> {
  // Serving bounds each statement and the wait for a connection (503 past them); batch commands (seed, import) do not.
  const limits = options.serving ? { statementTimeoutMs: config.statementTimeoutMs, poolWaitMs: config.poolWaitMs } : {};
  const database = await createDb(config.databaseUrl ? { databaseUrl: config.databaseUrl, ...limits } : { dataDir: path.join(config.dataDir, 'pgdata') });
  if (options.migrate !== false) await migrateToLatest(database.db);
  // PGlite has no autovacuum: refresh the planner's statistics at every start.
  if (database.kind === 'pglite') await sql`analyze`.execute(database.db);
  const cipher = createPersonalDataCipher(loadMasterKey(config.dataKey, config.dataDir));
  return { database, cipher };
}
