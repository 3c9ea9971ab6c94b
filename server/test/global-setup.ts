import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { createDb } from '../src/db/create-db.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { TEMPLATE_DB, TEMPLATE_FILE, usePostgres } from './template.ts';

/**
 * Migrates once per run: a PGlite data dir dumped to a file, or a PostgreSQL template database. Each test file
 * then starts from a copy (STYLE.md rule 9).
 */
export default async function setup(): Promise<void> {
  if (usePostgres()) {
    const url = process.env.TEST_DATABASE_URL!;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
    await admin.query(`create database ${TEMPLATE_DB}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${TEMPLATE_DB}`;
    const h = await createDb({ databaseUrl: u.toString(), poolSize: 1 });
    await migrateToLatest(h.db);
    await h.db.destroy();
    return;
  }
  const h = await createDb({ dataDir: 'memory://' });
  await migrateToLatest(h.db);
  const dump = await h.pglite!.dumpDataDir('none');
  fs.mkdirSync(path.dirname(TEMPLATE_FILE), { recursive: true });
  fs.writeFileSync(TEMPLATE_FILE, Buffer.from(await dump.arrayBuffer()));
  await h.db.destroy();
}
