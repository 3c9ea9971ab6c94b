import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { prepareGet } from '../lib/http-load.ts';
import { spawnLogged, tail } from '../lib/processes.ts';
import { startPersistentPostgres, startPrivatePostgres } from '../lib/postgres.ts';
import { repoRoot } from '../lib/server-deps.ts';
import { pgClient, pgliteClient, type SqlClient } from '../lib/sql-client.ts';
import type { BenchOptions, BenchRow, DbKind } from '../report.ts';
import { CompiledQuery } from 'kysely';
import { createDb } from '../../../server/src/db/create-db.ts';
import { summarySql } from '../../../server/src/modules/cockpit/cockpit.repository.ts';
import { SERIES } from '../../../server/src/modules/cockpit/cockpit.service.ts';
import { addDays, beijingDay } from '../../../server/src/modules/cockpit/days.ts';
import { httpCeilings, httpRun, measure, newPool, prepareDatabase, serverEnv, startServer } from './places.ts';
import { fillRequestsInSql } from './cockpit-fill.ts';
import { fillRequests } from './requests-fill.ts';
import { signIn } from './requests.ts';

/**
 * `cockpit`: GET /api/cockpit/summary as the district admin (the whole district, its streets, 30 days and the 30
 * before) with the request table grown step by step (`--rows 100000,1000000,…`: the totals, filled in order). After
 * each fill `gongzhi cockpit rebuild` recomputes the rollups from the sources, then the server answers the summary
 * from the rollups only, so its latency should not follow the table's size.
 */
type Log = (line: string) => void;

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the summary's statement exactly as the server builds it (cockpit.repository.ts),
 * for the district over the server's default period (the last 30 days and the 30 before).
 */
export async function explainSummary(url: string): Promise<string> {
  const h = await createDb({ databaseUrl: url, poolSize: 1 });
  try {
    const place = await h.db.selectFrom('places').select('id').where('kind', '=', 'district').where('parent_id', 'is', null).orderBy('id').executeTakeFirstOrThrow();
    const to = beijingDay(new Date());
    const from = addDays(to, -29);
    const q = summarySql(place.id, { from, to, prevFrom: addDays(from, -30), prevTo: addDays(from, -1) }, SERIES).compile(h.db);
    const { rows } = await h.db.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain (analyze, buffers) ${q.sql}`, [...q.parameters]));
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  } finally {
    await h.db.destroy();
  }
}
const DISTRICT_ADMIN = { phone: '13800000001', password: 'Gongzhi@2026' };

async function rebuild(tmp: string, db: DbKind, dataDir: string, url: string | undefined, log: Log): Promise<number> {
  const t0 = Date.now();
  const p = spawnLogged(process.execPath, [path.join(repoRoot, 'server/bin/gongzhi.mjs'), 'cockpit', 'rebuild'], { cwd: repoRoot, env: serverEnv(dataDir, url), logFile: path.join(tmp, `rebuild-${db}.log`) });
  const code = await new Promise<number | null>((r) => p.child.once('exit', (c) => r(c)));
  await p.stop();
  if (code !== 0) throw new Error(`gongzhi cockpit rebuild failed (${code}):\n${tail(p.logFile)}`);
  const s = (Date.now() - t0) / 1000;
  log(`${tail(p.logFile, 2).trim()} (${s.toFixed(1)} s)`);
  return s;
}

export type CockpitOptions = BenchOptions & { steps: number[]; dataDir?: string; fillOnly?: boolean };

export async function runCockpit(o: CockpitOptions, log: Log, info: Record<string, string>): Promise<BenchRow[]> {
  if (o.dataDir && o.dbs.length === 1 && o.dbs[0] === 'postgres' && !process.env.BENCH_DATABASE_URL && !process.env.DATABASE_URL) return runCockpitKept(o, o.dataDir, log, info);
  const rows: BenchRow[] = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-bench-cockpit-'));
  const explains: string[] = [];
  try {
    // What plain node:http and Fastify answer on this machine in the same run (the load is shared with others).
    rows.push(...(await httpCeilings(o, tmp, log)));
    for (const db of o.dbs) {
      let privatePg: Awaited<ReturnType<typeof startPrivatePostgres>> | null = null;
      let url: string | undefined;
      if (db === 'postgres') {
        url = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
        if (!url) {
          privatePg = await startPrivatePostgres(log);
          url = privatePg.url;
          info.postgres = privatePg.version;
        }
      }
      const dataDir = fs.mkdtempSync(path.join(tmp, `data-${db}-`));
      try {
        await prepareDatabase(tmp, db, dataDir, url, o.analyze, log);
        let filled = 0;
        for (const total of o.steps) {
          const c: SqlClient = url ? pgClient(newPool(url)) : await pgliteClient(dataDir);
          try {
            const have = (await c.query<{ n: number }>('select count(*)::int as n from requests')).rows[0]!.n;
            if (total > have) await fillRequests(c, total - have, log);
            if (o.analyze) await c.query('analyze');
            filled = (await c.query<{ n: number }>('select count(*)::int as n from requests')).rows[0]!.n;
            const ev = (await c.query<{ n: number }>('select count(*)::int as n from request_events')).rows[0]!.n;
            info[`${db} ${filled}`] = `${filled.toLocaleString('en-US')} requests, ${ev.toLocaleString('en-US')} timeline events`;
          } finally {
            await c.close();
          }
          const rebuildS = await rebuild(tmp, db, dataDir, url, log);
          info[`${db} ${filled}`] += `; rollups rebuilt in ${rebuildS.toFixed(0)} s`;
          // As served (each instance keeps a summary it computed until the next rollup run, ≤ 10 s), then with that
          // cache off, so every request runs the summary's statements: the second row is what the table's size could
          // change.
          for (const cached of [true, false]) {
            const before = process.env.GONGZHI_COCKPIT_CACHE_MS;
            if (!cached) process.env.GONGZHI_COCKPIT_CACHE_MS = '0';
            let server: Awaited<ReturnType<typeof startServer>>;
            try {
              server = await startServer(tmp, db, dataDir, url, log);
            } finally {
              if (before === undefined) delete process.env.GONGZHI_COCKPIT_CACHE_MS;
              else process.env.GONGZHI_COCKPIT_CACHE_MS = before;
            }
            try {
              const s = await signIn(server.target, DISTRICT_ADMIN);
              const req = prepareGet(server.target, '/api/cockpit/summary', { Cookie: `gz_session=${s.cookie}` });
              const name = `summary${cached ? '' : ' (no cache)'}, ${filled.toLocaleString('en-US')} requests`;
              log(`${db}: ${name}`);
              const m = await measure(o, server.proc.child.pid, httpRun(o, server.target, () => req));
              rows.push({ db, scenario: name, kind: 'scenario', ...m });
              // Each step's figures as they come (a long run may be stopped before its final table).
              log(`${db}: ${name}: ${m.result.rps.toFixed(0)} req/s, p50 ${m.result.p50.toFixed(1)} ms, p99 ${m.result.p99.toFixed(1)} ms, ${m.result.errors} errors; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
            } finally {
              await server.proc.stop();
            }
          }
          if (url) explains.push(`# ${db}, ${filled.toLocaleString('en-US')} requests: the summary's statement`, await explainSummary(url));
        }
        for (const variant of ['summary,', 'summary (no cache),']) {
          const mine = rows.filter((r) => r.db === db && r.scenario.startsWith(variant));
          if (mine.length > 1) info[`${db} ${variant.slice(0, -1)} p99 ratio`] = `${(mine[mine.length - 1]!.result.p99 / mine[0]!.result.p99).toFixed(2)}× from the smallest to the largest table`;
        }
      } finally {
        await privatePg?.stop();
      }
    }
    if (explains.length) {
      const file = path.join(os.tmpdir(), `gongzhi-bench-cockpit-explain-${o.steps.join('-')}.txt`);
      fs.writeFileSync(file, `${explains.join('\n\n')}\n`);
      log(`EXPLAIN ANALYZE of the summary written to ${file}`);
    }
    return rows;
  } finally {
    if (!o.keep) fs.rmSync(tmp, { recursive: true, force: true });
    else log(`kept ${tmp}`);
  }
}

const withDatabase = (url: string, name: string) => url.replace(/\/[^/]*$/, `/${name}`);

/** Measures the summary at one step's database: as served (cache on), then with the cache off. */
export async function measureStep(o: CockpitOptions, tmp: string, dataDir: string, url: string, filled: number, rows: BenchRow[], log: Log): Promise<void> {
  for (const cached of [true, false]) {
    const before = process.env.GONGZHI_COCKPIT_CACHE_MS;
    if (!cached) process.env.GONGZHI_COCKPIT_CACHE_MS = '0';
    let server: Awaited<ReturnType<typeof startServer>>;
    try {
      server = await startServer(tmp, 'postgres', dataDir, url, log);
    } finally {
      if (before === undefined) delete process.env.GONGZHI_COCKPIT_CACHE_MS;
      else process.env.GONGZHI_COCKPIT_CACHE_MS = before;
    }
    try {
      const s = await signIn(server.target, DISTRICT_ADMIN);
      const req = prepareGet(server.target, '/api/cockpit/summary', { Cookie: `gz_session=${s.cookie}` });
      const name = `summary${cached ? '' : ' (no cache)'}, ${filled.toLocaleString('en-US')} requests`;
      log(`postgres: ${name}`);
      const m = await measure(o, server.proc.child.pid, httpRun(o, server.target, () => req));
      rows.push({ db: 'postgres', scenario: name, kind: 'scenario', ...m });
      log(`postgres: ${name}: ${m.result.rps.toFixed(0)} req/s, p50 ${m.result.p50.toFixed(1)} ms, p99 ${m.result.p99.toFixed(1)} ms, ${m.result.errors} errors; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    } finally {
      await server.proc.stop();
    }
  }
}

async function runCli(tmp: string, dataDir: string, url: string, args: string[], name: string): Promise<number> {
  const t0 = Date.now();
  const p = spawnLogged(process.execPath, [path.join(repoRoot, 'server/bin/gongzhi.mjs'), ...args], { cwd: repoRoot, env: serverEnv(dataDir, url), logFile: path.join(tmp, `${name}.log`) });
  const code = await new Promise<number | null>((r) => p.child.once('exit', (c) => r(c)));
  await p.stop();
  if (code !== 0) throw new Error(`gongzhi ${args.join(' ')} failed (${code}):\n${tail(p.logFile)}`);
  return (Date.now() - t0) / 1000;
}

/**
 * PostgreSQL with `--data-dir DIR`: a cluster kept in DIR/postgres and one database per step, each a copy of one
 * seeded demo district (CREATE DATABASE … TEMPLATE, so one personal-data key in DIR/server serves them all) filled
 * to its row count. Every step is filled first (a database already filled to its count is kept: `--fill-only`
 * fills and stops, a later run measures), then each step is migrated, rebuilt and measured back to back, so the
 * steps' figures come from the same code and the same stretch of the machine's load. Remove DIR afterwards.
 */
async function runCockpitKept(o: CockpitOptions, dir: string, log: Log, info: Record<string, string>): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const tmp = path.join(dir, 'logs');
  const dataDir = path.join(dir, 'server');
  fs.mkdirSync(tmp, { recursive: true });
  fs.mkdirSync(dataDir, { recursive: true });
  if (!o.fillOnly) rows.push(...(await httpCeilings(o, tmp, log)));
  const pg = await startPersistentPostgres(path.join(dir, 'postgres'), log);
  info.postgres = pg.version;
  const admin = pgClient(newPool(pg.url));
  const explains: string[] = [];
  try {
    const exists = async (name: string) => (await admin.query<{ n: number }>('select count(*)::int as n from pg_database where datname = $1', [name])).rows[0]!.n > 0;
    const seedUrl = withDatabase(pg.url, 'cockpit_seed');
    if (!(await exists('cockpit_seed'))) {
      await admin.query('create database cockpit_seed');
      await prepareDatabase(tmp, 'postgres', dataDir, seedUrl, false, log);
    }
    for (const total of o.steps) {
      const name = `cockpit_${total}`;
      const url = withDatabase(pg.url, name);
      if (!(await exists(name))) await admin.query(`create database ${name} template cockpit_seed`);
      const c = pgClient(newPool(url));
      try {
        await c.query('create table if not exists bench_cockpit_fill (rows bigint not null, seconds real not null)');
        const done = (await c.query<{ rows: number }>('select rows from bench_cockpit_fill')).rows[0];
        if (done?.rows !== total) {
          if (done) throw new Error(`${name} holds a fill of ${done.rows} rows, not ${total}: remove ${dir}`);
          const have = (await c.query<{ n: number }>('select count(*)::int as n from requests')).rows[0]!.n;
          const { seconds } = await fillRequestsInSql(c, total - have, (l) => log(`${name}: ${l}`), total >= 1_000_000 ? 3 : 1);
          await c.query('analyze');
          await c.query('insert into bench_cockpit_fill values ($1, $2)', [total, seconds]);
          log(`${name}: filled ${(total - have).toLocaleString('en-US')} requests in ${seconds.toFixed(0)} s`);
        }
        const f = (await c.query<{ seconds: number }>('select seconds from bench_cockpit_fill')).rows[0]!;
        const ev = (await c.query<{ n: number }>('select count(*)::int as n from request_events')).rows[0]!.n;
        info[`postgres ${total}`] = `${total.toLocaleString('en-US')} requests, ${ev.toLocaleString('en-US')} timeline events; filled in ${f.seconds.toFixed(0)} s`;
      } finally {
        await c.close();
      }
    }
    if (o.fillOnly) return rows;
    // The steps' rebuilds side by side (separate databases; the largest sets the pace).
    await Promise.all(o.steps.map(async (total) => {
      const url = withDatabase(pg.url, `cockpit_${total}`);
      await runCli(tmp, dataDir, url, ['migrate'], `migrate-${total}`);
      const s = await runCli(tmp, dataDir, url, ['cockpit', 'rebuild'], `rebuild-${total}`);
      log(`cockpit_${total}: rollups rebuilt in ${s.toFixed(1)} s (${tail(path.join(tmp, `rebuild-${total}.log`), 1).trim()})`);
      info[`postgres ${total}`] += `; rollups rebuilt in ${s.toFixed(0)} s`;
    }));
    for (const total of o.steps) {
      const url = withDatabase(pg.url, `cockpit_${total}`);
      await measureStep(o, tmp, dataDir, url, total, rows, log);
      explains.push(`# postgres, ${total.toLocaleString('en-US')} requests: the summary's statement`, await explainSummary(url));
    }
    for (const variant of ['summary,', 'summary (no cache),']) {
      const mine = rows.filter((r) => r.scenario.startsWith(variant));
      if (mine.length > 1) info[`postgres ${variant.slice(0, -1)} p99 ratio`] = `${(mine[mine.length - 1]!.result.p99 / mine[0]!.result.p99).toFixed(2)}× from the smallest to the largest table`;
    }
    const file = path.join(tmp, `explain-${o.steps.join('-')}.txt`);
    fs.writeFileSync(file, `${explains.join('\n\n')}\n`);
    log(`EXPLAIN ANALYZE of the summary written to ${file}`);
    return rows;
  } finally {
    await admin.close();
    pg.stop();
  }
}
