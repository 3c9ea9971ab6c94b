import path from 'node:path';
import { sql } from 'kysely';
import type { Config } from './config.ts';
import { createDb, type DbHandle } from './db/create-db.ts';
import { migrateToLatest } from './db/migrate.ts';
import { cipherFromKeyring, loadKeyring, type LoadedKeyring, type PersonalDataCipher } from './platform/personal-data.ts';
import { assertDataUnderCurrentKey } from './platform/personal-data-check.ts';

/** Opens the configured database (PostgreSQL when DATABASE_URL is set, else PGlite in the data dir) and migrates it. */
export async function openRuntime(config: Config, options: { migrate?: boolean; serving?: boolean } = {}): Promise<{ database: DbHandle; cipher: PersonalDataCipher; keyring: LoadedKeyring }> {
  // The keyring and mode first: GONGZHI_PII_CIPHER=sm4 on a build without SM4 stops here, saying so.
  const keyring = loadKeyring(config.dataKey, config.retiredDataKeys, config.dataDir);
  const cipher = cipherFromKeyring(keyring, config.piiCipher);
  // Serving bounds each statement and the wait for a connection (503 past them); batch commands (seed, import) do not.
  const limits = options.serving ? { statementTimeoutMs: config.statementTimeoutMs, poolWaitMs: config.poolWaitMs } : {};
  const database = await createDb(config.databaseUrl ? { databaseUrl: config.databaseUrl, ...limits } : { dataDir: path.join(config.dataDir, 'pgdata') });
  if (options.migrate !== false) await migrateToLatest(database.db);
  // PGlite has no autovacuum: refresh the planner's statistics at every start.
  if (database.kind === 'pglite') await sql`analyze`.execute(database.db);
  if (options.serving) await assertDataUnderCurrentKey(database.db, cipher);
  return { database, cipher, keyring };
}
