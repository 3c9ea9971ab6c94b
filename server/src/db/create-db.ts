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
};

export async function createDb(options: CreateDbOptions): Promise<DbHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      // Short OLTP queries: JIT compilation only ever costs time here (85 ms on a one-row lookup, see docs/performance.md).
      options: '-c jit=off',
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8 || oid === NUMERIC ? toNumber : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    });
    return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), kind: 'postgres', pool };
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
