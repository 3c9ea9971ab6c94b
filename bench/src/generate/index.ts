import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { createDb, type Db } from '../../../server/src/db/create-db.ts';
import { migrateToLatest } from '../../../server/src/db/migrate.ts';
import { cipherFromKeyring, loadKeyring } from '../../../server/src/platform/personal-data.ts';
import { seedDemo } from '../../../server/src/seed/demo.ts';
import { ensureDistrictSetup } from '../../../server/src/modules/requests/index.ts';
import { startPersistentPostgres } from '../lib/postgres.ts';
import { COMPOUNDS_TABLE, DEPTH_OF_FN, PCODE_HASH_FN, peopleStatement, requestsBatch, treeStatements } from './city-sql.ts';
import { progressLine } from './progress.ts';

/**
 * `npm run bench -- generate --scale district|city`: synthetic, internally consistent data for the benches.
 *
 *   district  the demo district (`seedDemo`: 99,810 places, 90,181 people, its wishes, store, volunteering,
 *             party, deliberation and projects) plus --requests (default 300,000) requests over --years with
 *             their timelines. PGlite by default.
 *   city      PostgreSQL only: the demo district plus 12 districts generated in SQL to ≈ 13 districts, 150 streets,
 *             3,000 communities, 15,000 compounds, 4M households (and their owners), then --requests (default
 *             10,000,000) requests over --years across all of them.
 *
 * Every stage is recorded in `bench_generate_stages` in the same transaction as its rows, so `--resume` skips what
 * finished and an interrupted run loses at most one batch. The personal-data key is the one in --data-dir (or
 * GONGZHI_DATA_KEY), the same the server must be given to sign the demo accounts in.
 */

export type GenerateOptions = {
  scale: 'district' | 'city';
  db: 'pglite' | 'postgres';
  requests: number;
  years: number;
  resume: boolean;
  dataDir: string;
};

type Log = (line: string) => void;

/** City shape: the 12 generated districts (the demo district is the 13th). */
const CITY = { districts: 12, streets: 12, communitiesPerStreet: 20, compoundsPerCommunity: 5, buildings: 6, units: 2, floors: 11 };

const STAGES_TABLE = `create table if not exists bench_generate_stages (
  stage text primary key, rows bigint not null, seconds double precision not null, finished_at timestamptz not null default now())`;

async function done(db: Db): Promise<Map<string, { rows: number; seconds: number }>> {
  const { rows } = await sql<{ stage: string; rows: number; seconds: number }>`select stage, rows, seconds from bench_generate_stages`.execute(db);
  return new Map(rows.map((r) => [r.stage, { rows: Number(r.rows), seconds: Number(r.seconds) }]));
}

async function record(db: Db, stage: string, rows: number, seconds: number): Promise<void> {
  await sql`insert into bench_generate_stages (stage, rows, seconds) values (${stage}, ${rows}, ${seconds})`.execute(db);
}

/** Runs `statements` in one transaction with the stage's record; returns the rows they reported. */
async function stage(db: Db, finished: Map<string, unknown>, name: string, statements: string[], log: Log, seed?: number): Promise<number> {
  if (finished.has(name)) return 0;
  const t0 = performance.now();
  const rows = await db.transaction().execute(async (trx) => {
    if (seed !== undefined) await sql.raw(`select setseed(${seed})`).execute(trx);
    let n = 0;
    for (const s of statements) n += Number((await sql.raw(s).execute(trx)).numAffectedRows ?? 0);
    await record(trx, name, n, (performance.now() - t0) / 1000);
    return n;
  });
  const s = (performance.now() - t0) / 1000;
  log(`${name}: ${rows.toLocaleString('en-US')} rows in ${s.toFixed(1)} s (${Math.round(rows / Math.max(s, 0.001)).toLocaleString('en-US')} rows/s)`);
  return rows;
}

export type GenerateReport = { stages: { stage: string; rows: number; seconds: number }[]; url?: string; dataDir: string; keyFile: string };

export async function runGenerate(o: GenerateOptions, log: Log): Promise<GenerateReport> {
  if (o.scale === 'city' && o.db !== 'postgres') throw new Error('generate --scale city needs --db postgres (PGlite is one process\'s database)');
  fs.mkdirSync(o.dataDir, { recursive: true });
  // The server derives the phone lookup hashes from this key: it must be the one the server is started with.
  const ring = loadKeyring(process.env.GONGZHI_DATA_KEY, [], o.dataDir);
  const keyFile = path.join(o.dataDir, 'keys', 'personal-data.key');
  const cipher = cipherFromKeyring(ring, 'aes');
  let url = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  let pg: Awaited<ReturnType<typeof startPersistentPostgres>> | null = null;
  if (o.db === 'postgres' && !url) {
    pg = await startPersistentPostgres(path.join(o.dataDir, 'postgres'), log);
    url = pg.url;
  }
  const handle = o.db === 'postgres' ? await createDb({ databaseUrl: url!, poolSize: 2 }) : await createDb({ dataDir: path.join(o.dataDir, 'pgdata') });
  const db = handle.db;
  const t0 = performance.now();
  try {
    await migrateToLatest(db);
    await sql.raw(STAGES_TABLE).execute(db);
    let finished = await done(db);
    if (finished.size > 0 && !o.resume) throw new Error(`${o.dataDir} already holds generated data (${[...finished.keys()].join(', ')}): pass --resume to continue, or another --data-dir`);
    if (finished.size > 0) log(`resuming: ${finished.size} stage(s) already done`);

    if (!finished.has('demo')) {
      const s0 = performance.now();
      log('demo district (seedDemo) …');
      const r = await seedDemo({ db, cipher });
      await record(db, 'demo', r.places + r.people + r.roles + r.requests, (performance.now() - s0) / 1000);
      log(`demo: ${r.places.toLocaleString('en-US')} places, ${r.people.toLocaleString('en-US')} people, ${r.requests.toLocaleString('en-US')} requests in ${((performance.now() - s0) / 1000).toFixed(1)} s`);
    }

    if (o.scale === 'city') {
      await sql.raw(PCODE_HASH_FN).execute(db);
      const phoneCipher = cipher.encrypt('13900000000');
      const { rows: seqRows } = await sql<{ seq: string }>`select pg_get_serial_sequence('people', 'id') as seq`.execute(db);
      const peopleSeq = seqRows[0]!.seq;
      for (let d = 2; d <= CITY.districts + 1; d++) {
        const code = `BENCH-CITY-D${d}`;
        finished = await done(db);
        if (!finished.has(`district ${d}`)) {
          await db.transaction().execute(async (trx) => {
            const { rows } = await sql<{ id: number }>`select nextval('places_id_seq')::bigint as id`.execute(trx);
            const id = Number(rows[0]!.id);
            await trx.insertInto('places').values({ id, district_id: id, parent_id: null, kind: 'district', name: `合成城区${d}`, code, path: `/${id}/`, depth: 1 }).execute();
            await ensureDistrictSetup(trx, id);
            await record(trx, `district ${d}`, 1, 0);
          });
        }
        const district = Number((await db.selectFrom('places').select('id').where('kind', '=', 'district').where('code', '=', code).executeTakeFirstOrThrow()).id);
        progressLine(`district ${d}/${CITY.districts + 1}`, d - 2, CITY.districts, (performance.now() - t0) / 1000);
        await stage(db, finished, `tree ${d}`, treeStatements(district, d, CITY), log, d / 100);
        await stage(db, finished, `people ${d}`, [
          peopleStatement(district, 'household', 'owner', 1, phoneCipher, peopleSeq),
          peopleStatement(district, 'compound', 'commissioner', 1, phoneCipher, peopleSeq),
          peopleStatement(district, 'community', 'community_worker', 2, phoneCipher, peopleSeq),
          peopleStatement(district, 'community', 'residents_committee', 1, phoneCipher, peopleSeq),
          peopleStatement(district, 'street', 'street_admin', 1, phoneCipher, peopleSeq),
          peopleStatement(district, 'district', 'district_admin', 1, phoneCipher, peopleSeq),
        ], log, d / 100 + 0.001);
      }
      progressLine(`districts`, CITY.districts, CITY.districts, (performance.now() - t0) / 1000);
      process.stderr.write('\n');
    }

    finished = await done(db);
    await sql.raw(DEPTH_OF_FN).execute(db);
    if (!finished.has('compound index')) {
      await stage(db, finished, 'compound index', COMPOUNDS_TABLE, log);
      await sql.raw('analyze bench_gen_compounds').execute(db);
    }
    await requestsStage(db, o, log);

    finished = await done(db);
    if (!finished.has('analyze')) {
      const s0 = performance.now();
      log(o.db === 'postgres' ? 'vacuum analyze …' : 'analyze …');
      await sql.raw(o.db === 'postgres' ? 'vacuum analyze' : 'analyze').execute(db);
      await record(db, 'analyze', 0, (performance.now() - s0) / 1000);
    }
    const { rows } = await sql<{ stage: string; rows: number; seconds: number }>`select stage, rows, seconds from bench_generate_stages order by finished_at`.execute(db);
    return { stages: rows.map((r) => ({ stage: r.stage, rows: Number(r.rows), seconds: Number(r.seconds) })), url: pg ? pg.url : undefined, dataDir: o.dataDir, keyFile };
  } finally {
    await db.destroy();
    pg?.stop();
  }
}

/** Requests in batches, each batch one transaction with its stage record; reports rows/s as it goes. */
async function requestsStage(db: Db, o: GenerateOptions, log: Log): Promise<void> {
  const batch = o.db === 'postgres' ? 100_000 : 20_000;
  const batches = Math.ceil(o.requests / batch);
  const finished = await done(db);
  const compounds = Number((await sql<{ n: number }>`select count(*)::int as n from bench_gen_compounds`.execute(db)).rows[0]!.n);
  const categories = Number((await sql<{ n: number }>`select min(n)::int as n from (select count(*) as n from bench_gen_categories group by district_id) x`.execute(db)).rows[0]!.n);
  // "Now" is fixed per data directory (the first run's), so a resumed run continues the same three years.
  let nowIso = finished.get('requests now') ? new Date(finished.get('requests now')!.rows).toISOString() : '';
  if (!nowIso) {
    const now = Date.now();
    await record(db, 'requests now', now, 0);
    nowIso = new Date(now).toISOString();
  }
  const superuser = o.db === 'postgres' && Boolean((await sql<{ s: boolean }>`select rolsuper as s from pg_roles where rolname = current_user`.execute(db)).rows[0]?.s);
  const t0 = performance.now();
  let rows = 0;
  let events = 0;
  // Batches are numbered with a fixed size, so a resumed run may ask for more or fewer requests than the first.
  const doneBatches = new Set([...finished.keys()].map((k) => /^requests (\d+)(\/\d+)?$/.exec(k)?.[1]).filter(Boolean).map(Number));
  for (let b = 0; b < batches; b++) {
    const name = `requests ${b + 1}`;
    if (doneBatches.has(b + 1)) continue;
    const n = Math.min(batch, o.requests - b * batch);
    const tb = performance.now();
    const inserted = await db.transaction().execute(async (trx) => {
      await sql.raw(`select setseed(${((b + 1) % 1000) / 1000})`).execute(trx);
      // Foreign-key checks are row triggers: 7 lookups per request and its events. The rows are consistent by
      // construction (compounds, owners, categories, departments all read from the database), so a superuser
      // skips them for the bulk load, as pg_restore does; requests and request_events have no other triggers.
      if (superuser) await sql.raw('set local session_replication_role = replica').execute(trx);
      const r = await sql.raw(requestsBatch({ batch: n, compounds, categories, years: o.years, nowIso })).execute(trx);
      await record(trx, name, n, (performance.now() - tb) / 1000); // "requests 7": batch 7 of `batch` requests
      return Number(r.numAffectedRows ?? 0);
    });
    rows += n;
    events += inserted;
    progressLine('requests', b + 1, batches, (performance.now() - t0) / 1000, `${Math.round(rows / ((performance.now() - t0) / 1000)).toLocaleString('en-US')} requests/s, ${Math.round((rows + events) / ((performance.now() - t0) / 1000)).toLocaleString('en-US')} rows/s`);
  }
  if (rows > 0) {
    process.stderr.write('\n');
    const s = (performance.now() - t0) / 1000;
    log(`requests: ${rows.toLocaleString('en-US')} requests and ${events.toLocaleString('en-US')} timeline events in ${s.toFixed(1)} s (${Math.round(rows / s).toLocaleString('en-US')} requests/s, ${Math.round((rows + events) / s).toLocaleString('en-US')} rows/s)`);
  }
}

export const defaultDataDir = (scale: string) => path.join(os.tmpdir(), `gongzhi-generate-${scale}`);
