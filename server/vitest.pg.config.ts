import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.ts';

/** The same integration suite on a real PostgreSQL server (TEST_DATABASE_URL must be set). */
if (!process.env.TEST_DATABASE_URL) {
  throw new Error('vitest.pg.config.ts needs TEST_DATABASE_URL=postgres://USER@HOST:PORT/DB (bash .ci/with-postgres starts one)');
}
// Set here, in the main process, and not only in `test.env`: Vitest applies `test.env` to the test workers but
// not to globalSetup, which must build the PostgreSQL template database rather than the PGlite dump.
process.env.GONGZHI_TEST_DB = 'postgres';

export default mergeConfig(base, defineConfig({ test: { env: { GONGZHI_TEST_DB: 'postgres' } } }));
