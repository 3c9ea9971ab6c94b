import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Pool } from 'pg';
import { prepareGet, runHttpLoad, type PreparedRequest, type Target } from '../lib/http-load.ts';
import { cpuMs, freePort, RssSampler, spawnLogged, tail, waitForHttp, type Spawned } from '../lib/processes.ts';
import { startPrivatePostgres } from '../lib/postgres.ts';
import { repoRoot, serverRequire } from '../lib/server-deps.ts';
import { runSqlLoad } from '../lib/sql-load.ts';
import type { LoadResult } from '../lib/stats.ts';
import type { BenchOptions, BenchRow, DbKind } from '../report.ts';
import * as Q from './places-sql.ts';

/**
 * `places`: the tree and compound-profile reads a street admin makes all day, at 64 connections, on PGlite and
 * on PostgreSQL, each beside its ceilings measured in the same run.
 *   tree     GET /api/places/:id/children  for a random community, compound or building (kind chosen evenly)
 *   profile  GET /api/places/:id           for a random compound (profile, ancestors, commissioners)
 *   search   GET /api/places/search?q=     for a random two-character fragment of a compound name
 */

const STREET_ADMIN = { phone: '13800000002', password: 'Gongzhi@2026' };

type Walk = { streetPath: string; communities: number[]; compounds: number[]; buildings: number[]; terms: string[] };

type Log = (line: string) => void;

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;

/** Warm-up (discarded) then a measured run, sampling `pid`'s RSS during the measurement. */
export async function measure(
  o: BenchOptions,
  pid: number | undefined,
  run: (durationMs: number, onTick: () => void) => Promise<LoadResult>,
): Promise<{ result: LoadResult; rssMiB: number | null; cpuMsPerRequest: number | null }> {
  const rss = new RssSampler(pid);
  if (o.warmupS > 0) await run(o.warmupS * 1000, () => {});
  rss.reset();
  const cpu0 = cpuMs(pid);
  const result = await run(o.durationS * 1000, rss.sample);
  const cpu1 = cpuMs(pid);
  rss.sample();
  const cpuMsPerRequest = cpu0 !== null && cpu1 !== null && result.requests > 0 ? (cpu1 - cpu0) / result.requests : null;
  return { result, rssMiB: pid ? rss.peak : null, cpuMsPerRequest };
}

export function httpRun(o: BenchOptions, target: Target, next: () => PreparedRequest) {
  return (durationMs: number, onTick: () => void) =>
    runHttpLoad({ target, connections: o.connections, durationMs, maxRequests: o.maxRequests, next, onTick });
}

/** node:http and Fastify hello worlds, each in its own process. */
export async function httpCeilings(o: BenchOptions, tmp: string, log: Log): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const kind of ['node', 'fastify'] as const) {
    const port = await freePort();
    const proc = spawnLogged(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'bench/src/ceilings/hello-server.ts'), kind, String(port)], {
      cwd: repoRoot,
      env: { ...process.env, NODE_ENV: 'production' },
      logFile: path.join(tmp, `hello-${kind}.log`),
    });
    try {
      await waitForHttp(`http://127.0.0.1:${port}/`, proc.child, 30_000, proc.logFile);
      const target = { host: '127.0.0.1', port };
      const req = prepareGet(target, '/');
      log(`ceiling: ${kind} hello world`);
      const m = await measure(o, proc.child.pid, httpRun(o, target, () => req));
      rows.push({ db: '-', scenario: kind === 'node' ? 'node:http hello' : 'fastify hello', kind: kind === 'node' ? 'http-ceiling' : 'framework-ceiling', ...m });
    } finally {
      await proc.stop();
    }
  }
  return rows;
}

/** The environment the server and its CLI run with: loopback, a private data dir, PGlite unless a URL is given. */
export function serverEnv(dataDir: string, databaseUrl: string | undefined, port?: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOST: '127.0.0.1', GONGZHI_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  delete env.PORT;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  if (port !== undefined) env.PORT = String(port);
  return env;
}

/**
 * Seeds the demo district with the CLI (`gongzhi seed demo`), then, unless `analyze` is off, runs ANALYZE the
 * way autovacuum would within a minute on PostgreSQL — and never does on PGlite, which has no autovacuum.
 * Without it the planner works from no statistics (see docs/performance.md).
 */
export async function prepareDatabase(tmp: string, db: DbKind, dataDir: string, databaseUrl: string | undefined, analyze: boolean, log: Log): Promise<void> {
  const t0 = Date.now();
  const seed = spawnLogged(process.execPath, [path.join(repoRoot, 'server/bin/gongzhi.mjs'), 'seed', 'demo'], {
    cwd: repoRoot,
    env: serverEnv(dataDir, databaseUrl),
    logFile: path.join(tmp, `seed-${db}.log`),
  });
  const code = await new Promise<number | null>((r) => seed.child.once('exit', (c) => r(c)));
  await seed.stop();
  if (code !== 0) throw new Error(`gongzhi seed demo failed (${code}):\n${tail(seed.logFile)}`);
  log(`${tail(seed.logFile, 1).trim() || 'seeded'} (${((Date.now() - t0) / 1000).toFixed(1)} s with start-up)`);
  if (!analyze) return;
  const t1 = Date.now();
  if (databaseUrl) {
    const pool = newPool(databaseUrl);
    try {
      await pool.query('analyze');
    } finally {
      await pool.end();
    }
  } else {
    const { PGlite } = serverRequire('@electric-sql/pglite') as typeof import('@electric-sql/pglite');
    const pglite = await PGlite.create(path.join(dataDir, 'pgdata'));
    try {
      await pglite.query('analyze');
    } finally {
      await pglite.close();
    }
  }
  log(`ANALYZE in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
}

export async function startServer(tmp: string, db: DbKind, dataDir: string, databaseUrl: string | undefined, log: Log, extraEnv: NodeJS.ProcessEnv = {}): Promise<{ proc: Spawned; target: Target }> {
  const port = await freePort();
  log(`server on ${db}: port ${port}, data ${dataDir}`);
  const proc = spawnLogged(process.execPath, [path.join(repoRoot, 'server/bin/gongzhi.mjs'), 'serve', '--seed-demo-if-empty'], {
    cwd: repoRoot,
    env: { ...serverEnv(dataDir, databaseUrl, port), ...extraEnv },
    logFile: path.join(tmp, `server-${db}.log`),
  });
  const t0 = Date.now();
  await waitForHttp(`http://127.0.0.1:${port}/readyz`, proc.child, 15 * 60_000, proc.logFile);
  log(`server ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return { proc, target: { host: '127.0.0.1', port } };
}

async function signIn(target: Target, who: { phone: string; password: string }): Promise<string> {
  const r = await fetch(`http://${target.host}:${target.port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(who),
  });
  if (!r.ok) throw new Error(`sign-in as ${who.phone} failed: ${r.status} ${await r.text()}`);
  const m = /gz_session=([^;]+)/.exec(r.headers.get('set-cookie') ?? '');
  if (!m) throw new Error('sign-in answered without a gz_session cookie');
  return m[1]!;
}

type Node = { id: number; kind: string; name: string; childCount: number };

/** Walks the caller's tree through the API: roots → communities → compounds → buildings. */
async function walkTree(target: Target, cookie: string): Promise<Walk> {
  const get = async <T>(p: string): Promise<T> => {
    const r = await fetch(`http://${target.host}:${target.port}${p}`, { headers: { cookie: `gz_session=${cookie}` } });
    if (!r.ok) throw new Error(`GET ${p}: ${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  };
  const roots = await get<Node[]>('/api/places/roots');
  const street = roots.find((n) => n.kind === 'street');
  if (!street) throw new Error('the street admin has no street root: is the database seeded with the demo district?');
  const detail = await get<{ id: number; ancestors: { id: number }[] }>(`/api/places/${street.id}`);
  const streetPath = `/${[...detail.ancestors.map((a) => a.id), street.id].join('/')}/`;
  const communities = (await get<Node[]>(`/api/places/${street.id}/children`)).filter((n) => n.kind === 'community');
  const compounds: Node[] = [];
  for (const c of communities) compounds.push(...(await get<Node[]>(`/api/places/${c.id}/children`)).filter((n) => n.kind === 'compound'));
  const buildings: Node[] = [];
  for (const c of compounds) buildings.push(...(await get<Node[]>(`/api/places/${c.id}/children`)).filter((n) => n.kind === 'building'));
  const terms = [...new Set(compounds.map((c) => c.name.slice(0, 2)))];
  return { streetPath, communities: communities.map((n) => n.id), compounds: compounds.map((n) => n.id), buildings: buildings.map((n) => n.id), terms };
}

type Scenario = { name: 'tree' | 'profile' | 'search'; next: () => PreparedRequest };

function scenarios(target: Target, cookie: string, walk: Walk): Scenario[] {
  const headers = { Cookie: `gz_session=${cookie}` };
  const prep = (p: string) => prepareGet(target, p, headers);
  const treeByKind = [walk.communities, walk.compounds, walk.buildings].map((ids) => ids.map((id) => prep(`/api/places/${id}/children`)));
  const profiles = walk.compounds.map((id) => prep(`/api/places/${id}`));
  const searches = walk.terms.map((t) => prep(`/api/places/search?q=${encodeURIComponent(t)}`));
  return [
    { name: 'tree', next: () => pick(pick(treeByKind)) },
    { name: 'profile', next: () => pick(profiles) },
    { name: 'search', next: () => pick(searches) },
  ];
}

/** The same statements each endpoint runs, in the same order, through pg.Pool({max: 10}) like the server's. */
function sqlOps(pool: Pool, sessionId: string, walk: Walk): Record<Scenario['name'], () => Promise<void>> {
  const auth = async () => {
    const s = (await pool.query(Q.SQL_FIND_OPEN_SESSION, [sessionId])).rows[0] as { person_id: number } | undefined;
    if (!s) throw new Error('session not found');
    const now = new Date();
    const roles = (await pool.query(Q.SQL_FIND_ACTIVE_ROLES, [s.person_id, now, now])).rows as { place_path: string }[];
    return roles.map((r) => r.place_path);
  };
  const placeInScope = async (scope: string[], id: number) => {
    const p = (await pool.query(Q.SQL_FIND_PLACE, [id])).rows[0] as { path: string } | undefined;
    if (!p || !scope.some((s) => p.path.startsWith(s))) throw new Error(`place ${id} not in scope`);
    return p;
  };
  const ancestors = (p: string) => p.split('/').filter(Boolean).map(Number).slice(0, -1);
  const treeIds = [walk.communities, walk.compounds, walk.buildings];
  return {
    tree: async () => {
      const scope = await auth();
      const id = pick(pick(treeIds));
      await placeInScope(scope, id);
      await pool.query(Q.SQL_FIND_CHILDREN, [id, 2000]);
    },
    profile: async () => {
      const scope = await auth();
      const id = pick(walk.compounds);
      const place = await placeInScope(scope, id);
      const ids = ancestors(place.path);
      await pool.query(Q.sqlFindNamesByIds(ids.length), ids);
      await pool.query(Q.SQL_FIND_COMPOUND_PROFILE, [id]);
      const now = new Date();
      await pool.query(Q.SQL_FIND_COMMISSIONERS_ONE, ['commissioner', id, now, now]);
    },
    search: async () => {
      const scope = await auth();
      const q = pick(walk.terms).replace(/[\\%_]/g, (c) => `\\${c}`);
      const rows = (await pool.query(Q.SQL_SEARCH_PLACES_ONE_SCOPE, [`${scope[0]}%`, 'household', 'unit', `%${q}%`, 50])).rows as { path: string }[];
      const ids = [...new Set(rows.flatMap((r) => ancestors(r.path)))];
      if (ids.length > 0) await pool.query(Q.sqlFindNamesByIds(ids.length), ids);
    },
  };
}

export function newPool(url: string): Pool {
  const pg = serverRequire('pg') as typeof import('pg').default;
  // The server's type parsers: int8 and numeric as JS numbers (server/src/db/create-db.ts).
  const toNumber = (v: string) => Number(v);
  return new pg.Pool({
    connectionString: url,
    max: 10,
    // As the server's pool (server/src/db/create-db.ts): JIT only ever costs time on these short statements.
    options: '-c jit=off',
    types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === 20 || oid === 1700 ? toNumber : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser },
  });
}

async function runOnDatabase(o: BenchOptions, db: DbKind, tmp: string, log: Log, info: Record<string, string>): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  let privatePg: Awaited<ReturnType<typeof startPrivatePostgres>> | null = null;
  let url: string | undefined;
  if (db === 'postgres') {
    url = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
    if (!url) {
      privatePg = await startPrivatePostgres(log);
      url = privatePg.url;
      info.postgres = privatePg.version;
    } else {
      info.postgres = 'PostgreSQL (given by DATABASE_URL / BENCH_DATABASE_URL)';
    }
  }
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  try {
    const dataDir = fs.mkdtempSync(path.join(tmp, `data-${db}-`));
    await prepareDatabase(tmp, db, dataDir, url, o.analyze, log);
    server = await startServer(tmp, db, dataDir, url, log);
    const cookie = await signIn(server.target, STREET_ADMIN);
    const walk = await walkTree(server.target, cookie);
    log(`walked the street admin's tree: ${walk.communities.length} communities, ${walk.compounds.length} compounds, ${walk.buildings.length} buildings`);
    for (const s of scenarios(server.target, cookie, walk)) {
      if (!o.only.includes(s.name)) continue;
      log(`${db}: ${s.name}`);
      const m = await measure(o, server.proc.child.pid, httpRun(o, server.target, s.next));
      rows.push({ db, scenario: s.name, kind: 'scenario', ...m });
    }
    if (db === 'postgres' && url) {
      const pool = newPool(url);
      try {
        if (!privatePg) info.postgres = `PostgreSQL ${(await pool.query('show server_version')).rows[0].server_version}`;
        const ops = sqlOps(pool, crypto.createHash('sha256').update(cookie).digest('hex'), walk);
        for (const name of ['tree', 'profile', 'search'] as const) {
          if (!o.only.includes(name)) continue;
          log(`${db}: SQL ceiling for ${name}`);
          const op = ops[name];
          const m = await measure(o, undefined, (durationMs, onTick) => runSqlLoad({ callers: o.connections, durationMs, maxRequests: o.maxRequests, op, onTick }));
          rows.push({ db, scenario: `${name} SQL`, kind: 'sql-ceiling', ...m });
        }
      } finally {
        await pool.end();
      }
    }
  } finally {
    await server?.proc.stop();
    privatePg?.stop();
  }
  return rows;
}

export async function runPlaces(o: BenchOptions, log: Log, info: Record<string, string>): Promise<BenchRow[]> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-bench-'));
  try {
    const rows = await httpCeilings(o, tmp, log);
    for (const db of o.dbs) rows.push(...(await runOnDatabase(o, db, tmp, log, info)));
    return rows;
  } finally {
    if (!o.keep) fs.rmSync(tmp, { recursive: true, force: true });
    else log(`kept ${tmp}`);
  }
}
