import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

/** int8 (ids, counts) and numeric (areas) come back as JS numbers; both fit for Gongzhi's ranges. */
const INT8 = 20;
const NUMERIC = 1700;
const toNumber = (v: string) => Number(v);

export type DbHandle = {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** The raw PGlite instance (for dumps in tests), when embedded. */
  pglite?: PGlite;
  /** The pg pool, when on PostgreSQL (LISTEN/NOTIFY needs its own client). */
  pool?: pg.Pool;
};

export type CreateDbOptions = {
  databaseUrl?: string;
  /** PGlite data directory; `memory://` for an in-memory database. */
  dataDir?: string;
  /** A dumped PGlite data dir to start from (tests load a migrated template this way). */
  loadDataDir?: Blob;
  poolSize?: number;
  /**
   * PostgreSQL only: statements running longer are cancelled by the server (SQLSTATE 57014), so an abandoned or
   * runaway query gives its pooled connection back instead of holding it; 0 or absent = no limit. Migrations lift
   * it on their own connection (migrate.ts).
   */
  statementTimeoutMs?: number;
  /** PostgreSQL only: how long a request waits for a free pooled connection before failing (503); 0 or absent = forever. */
  poolWaitMs?: number;
};

/** `pg-pool`'s error when no connection became free within `connectionTimeoutMillis`. */
export const POOL_WAIT_TIMEOUT_MESSAGE = 'timeout exceeded when trying to connect';

const pools = new WeakMap<Db, pg.Pool>();

/**
 * PostgreSQL restarted (or a backend was terminated): every pooled connection gets a FATAL 57P01 or a closed socket.
 * pg reports it as an 'error' event — on the pool for an idle client, on the client itself for one checked out but
 * between statements (a transaction awaiting the app's own work). Without a listener Node ends the process on that
 * event (found by `npm run bench -- pg-restart`). Nothing is lost by listening: the statement in progress, or the
 * client's next one, fails and is answered 503 (platform/overload.ts); pg-pool drops the broken client and opens a
 * new one when PostgreSQL is back.
 */
function survivePostgresRestarts(pool: pg.Pool): pg.Pool {
  const ignore = () => {};
  pool.on('error', ignore);
  pool.on('connect', (client) => client.on('error', ignore));
  return pool;
}

/**
 * A private Kysely on one new PostgreSQL connection with the pool's settings but no statement timeout, for work
 * that is long by nature (migrations building indexes on big tables, waiting for another instance's migration
 * lock). Undefined on PGlite, which has no statement timeout. The caller destroys it.
 */
export function unboundedSession(db: Db): Db | undefined {
  const pool = pools.get(db);
  if (!pool) return undefined;
  const o = pool.options as pg.PoolConfig;
  const single = survivePostgresRestarts(new pg.Pool({ ...o, max: 1, connectionTimeoutMillis: 0, options: '-c jit=off -c statement_timeout=0' }));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: single }) });
}

export async function createDb(options: CreateDbOptions): Promise<DbHandle> {
  if (options.databaseUrl) {
    const pool = survivePostgresRestarts(new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      ...(options.poolWaitMs ? { connectionTimeoutMillis: options.poolWaitMs } : {}),
      // Short OLTP queries: JIT compilation only ever costs time here (85 ms on a one-row lookup, see docs/performance.md).
      options: `-c jit=off${options.statementTimeoutMs ? ` -c statement_timeout=${Math.floor(options.statementTimeoutMs)}` : ''}`,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8 || oid === NUMERIC ? toNumber : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    }));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    pools.set(db, pool);
    return { db, kind: 'postgres', pool };
  }
  const dataDir = options.dataDir ?? 'memory://';
  let release = () => {};
  if (!dataDir.startsWith('memory://')) {
    fs.mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true });
    release = lockDataDir(dataDir);
  }
  try {
    const pglite = await PGlite.create(dataDir, {
      parsers: { [INT8]: toNumber, [NUMERIC]: toNumber },
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    });
    return { db: new Kysely<Database>({ dialect: new PGliteDialect(pglite, release) }), kind: 'pglite', pglite };
  } catch (err) {
    release();
    throw err;
  }
}
