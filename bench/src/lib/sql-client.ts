import path from 'node:path';
import type { Pool } from 'pg';
import { serverRequire } from './server-deps.ts';

/**
 * One interface over the two databases the bench drives directly: a `pg.Pool` on PostgreSQL, or a PGlite instance
 * opened in the bench's own process on the server's data directory (only while the server is stopped: PGlite is
 * one process's database). Both parse int8 and numeric as JS numbers, like the server.
 */
export type Query = <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<{ rows: T[] }>;
export type SqlClient = {
  kind: 'pglite' | 'postgres';
  query: Query;
  /** Runs `fn` in one transaction (BEGIN … COMMIT on one connection, as Kysely's transaction() does). */
  tx: <T>(fn: (q: Query) => Promise<T>) => Promise<T>;
  close: () => Promise<void>;
};

const toNumber = (v: string) => Number(v);

export function pgClient(pool: Pool): SqlClient {
  return {
    kind: 'postgres',
    query: ((text: string, params?: unknown[]) => pool.query(text, params)) as Query,
    tx: async (fn) => {
      const c = await pool.connect();
      try {
        await c.query('begin');
        const r = await fn(((text: string, params?: unknown[]) => c.query(text, params)) as Query);
        await c.query('commit');
        return r;
      } catch (e) {
        await c.query('rollback').catch(() => {});
        throw e;
      } finally {
        c.release();
      }
    },
    close: () => pool.end(),
  };
}

export async function pgliteClient(dataDir: string): Promise<SqlClient> {
  const { PGlite } = serverRequire('@electric-sql/pglite') as typeof import('@electric-sql/pglite');
  const pglite = await PGlite.create(path.join(dataDir, 'pgdata'), { parsers: { 20: toNumber, 1700: toNumber } });
  return {
    kind: 'pglite',
    query: ((text: string, params?: unknown[]) => pglite.query(text, params)) as Query,
    tx: (fn) => pglite.transaction((t) => fn(((text: string, params?: unknown[]) => t.query(text, params)) as Query)),
    close: () => pglite.close(),
  };
}
