import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { prepareGet, preparePost, type PreparedRequest, type Target } from '../lib/http-load.ts';
import { startPrivatePostgres } from '../lib/postgres.ts';
import { runSqlLoad } from '../lib/sql-load.ts';
import { pgClient, pgliteClient, type Query, type SqlClient } from '../lib/sql-client.ts';
import type { BenchOptions, BenchRow, DbKind } from '../report.ts';
import { httpRun, measure, newPool, prepareDatabase, startServer } from './places.ts';
import { fillRequests } from './requests-fill.ts';
import * as Q from './requests-sql.ts';

/**
 * `requests` (call and response): with `--rows` synthetic requests in the table (default 1,000,000),
 *   create          POST /api/me/requests as 16 bench residents of the demo commissioner's compound, each request
 *                   with a unique Idempotency-Key (raiseAsResident → createRequest → residentView)
 *   queue           GET /api/requests?status=open&sort=deadline as the street admin (13800000002), the community
 *                   worker (13800000003) and the commissioner (13800000004, one compound), on the schema as migrated
 * each beside the same statements run directly (pg.Pool on PostgreSQL, PGlite in the bench's process on PGlite)
 * at the same concurrency.
 */

export const PASSWORD = 'Gongzhi@2026';
export const STREET_ADMIN = { phone: '13800000002', password: PASSWORD };
export const COMMISSIONER = { phone: '13800000004', password: PASSWORD };
export const COMMUNITY_WORKER = { phone: '13800000003', password: PASSWORD };
const BENCH_PASSWORD = 'Bench#2026pw';

type Log = (line: string) => void;
export type Session = { cookie: string; csrf: string; personId: number; sessionId: string; roles: { role: string; placeId: number; placePath: string }[] };

const base = (t: Target) => `http://${t.host}:${t.port}`;

export async function signIn(target: Target, who: { phone: string; password: string }): Promise<Session> {
  const r = await fetch(`${base(target)}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(who) });
  if (!r.ok) throw new Error(`sign-in as ${who.phone} failed: ${r.status} ${await r.text()}`);
  const m = /gz_session=([^;]+)/.exec(r.headers.get('set-cookie') ?? '');
  if (!m) throw new Error('sign-in answered without a gz_session cookie');
  const s = (await r.json()) as { person: { id: number }; csrfToken: string; roles: { role: string; placeId: number; placePath: string }[] };
  return { cookie: m[1]!, csrf: s.csrfToken, personId: s.person.id, sessionId: crypto.createHash('sha256').update(m[1]!).digest('hex'), roles: s.roles };
}

/** The session roles carry no path: read each role's place (its ancestors) through the API. */
export async function withPaths(target: Target, s: Session): Promise<Session> {
  for (const r of s.roles) {
    const d = await ok(api<{ ancestors: { id: number }[] }>(target, s, 'GET', `/api/places/${r.placeId}`), `place ${r.placeId}`);
    r.placePath = `/${[...d.ancestors.map((a) => a.id), r.placeId].join('/')}/`;
  }
  return s;
}

export async function api<T>(target: Target, s: Session | null, method: string, p: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: T }> {
  const h: Record<string, string> = { ...headers };
  if (s) {
    h.cookie = `gz_session=${s.cookie}`;
    h['x-csrf-token'] = s.csrf;
  }
  if (body !== undefined) h['content-type'] = 'application/json';
  const r = await fetch(`${base(target)}${p}`, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, json: (text ? JSON.parse(text) : null) as T };
}

async function ok<T>(p: Promise<{ status: number; json: T }>, what: string): Promise<T> {
  const r = await p;
  if (r.status < 200 || r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json;
}

export type Residents = { compound: { id: number; path: string }; residents: Session[]; categories: number[] };

/**
 * The demo owners have no password, so the bench creates `n` residents of the demo commissioner's compound through
 * the API (POST /api/people as the commissioner, each on a household of that compound) and signs each in.
 */
export async function benchResidents(target: Target, n: number, tag: string): Promise<Residents> {
  const commissioner = await signIn(target, COMMISSIONER);
  const role = commissioner.roles.find((r) => r.role === 'commissioner');
  if (!role) throw new Error('13800000004 holds no commissioner role: is the demo district seeded?');
  const children = async (id: number) => ok(api<{ id: number; kind: string }[]>(target, commissioner, 'GET', `/api/places/${id}/children`), `children of ${id}`);
  const households: number[] = [];
  for (const b of (await children(role.placeId)).filter((x) => x.kind === 'building')) {
    for (const u of (await children(b.id)).filter((x) => x.kind === 'unit')) {
      households.push(...(await children(u.id)).filter((x) => x.kind === 'household').map((x) => x.id));
      if (households.length >= n) break;
    }
    if (households.length >= n) break;
  }
  if (households.length === 0) throw new Error(`no households under compound ${role.placeId}`);
  const residents: Session[] = [];
  // Phones 170 + 8 digits, distinct per run (tag) so a rerun on a kept database does not collide.
  const stem = Number.parseInt(tag.slice(0, 6), 16) % 100_000;
  for (let i = 0; i < n; i++) {
    const phone = `170${String(stem).padStart(5, '0')}${String(i).padStart(3, '0')}`;
    await ok(api(target, commissioner, 'POST', '/api/people', { name: `压测居民${i + 1}`, phone, password: BENCH_PASSWORD, role: 'resident', placeId: households[i % households.length]! }), `create resident ${phone}`);
    residents.push(await signIn(target, { phone, password: BENCH_PASSWORD }));
  }
  const categories = await ok(api<{ id: number; active: boolean }[]>(target, residents[0]!, 'GET', '/api/request-categories'), 'categories');
  return { compound: { id: role.placeId, path: '' }, residents, categories: categories.filter((c) => c.active).map((c) => c.id) };
}

/**
 * Waits until the server has drained the work of the previous row: requests the load client abandoned at its
 * 10 s timeout keep running in the server (nothing cancels them), queued on its pool of 10 connections. /readyz
 * runs `select 1` through that pool, so it answers fast only once the queue is empty. Returns the seconds waited.
 */
export async function settle(target: Target, log: Log, maxS = 300): Promise<number> {
  const t0 = Date.now();
  let fast = 0;
  while (Date.now() - t0 < maxS * 1000 && fast < 2) {
    const t = Date.now();
    try {
      const r = await fetch(`${base(target)}/readyz`, { signal: AbortSignal.timeout(30_000) });
      fast = r.ok && Date.now() - t < 250 ? fast + 1 : 0;
    } catch {
      fast = 0;
    }
    if (fast < 2) await new Promise((r) => setTimeout(r, 500));
  }
  const s = (Date.now() - t0) / 1000;
  if (s > 3) log(`waited ${s.toFixed(0)} s for the server to drain the previous row's abandoned requests`);
  return s;
}


export function raiseBody(r: Residents, i: number) {
  return { compoundId: r.compound.id, categoryId: r.categories[i % r.categories.length]!, type: 'help', description: `压测诉求 #${i}：楼道灯不亮`, urgency: 'normal' };
}

export type CategoryRow = { id: number; response_minutes: number; resolution_minutes: number; name_zh: string };
export type Ctx = { districtId: number; compound: { id: number; path: string }; residents: Session[]; categories: number[]; categoryRows: Map<number, CategoryRow>; street: Session; commissioner: Session };

/**
 * createRequest's statements, in the service's order (see requests-sql.ts for the file each mirrors). Since the
 * create-path slimming: the compound is read once, the district's categories and calendar come from the server's
 * per-process cache (no statement once warm), the two timers are one statement, and the answer is built from what
 * was written (no read-back). `notify: false` leaves out the pg_notify, to measure what it costs.
 */
export async function sqlCreate(db: SqlClient, ctx: Ctx, me: Session, key: string, i: number, notify = true): Promise<void> {
  const q = db.query;
  const now = new Date();
  // authenticate.ts: the session, then its roles
  const s = (await q<{ person_id: number }>(Q.SQL_FIND_OPEN_SESSION, [me.sessionId])).rows[0];
  if (!s) throw new Error('session not found');
  await q(Q.SQL_FIND_ACTIVE_ROLES, [s.person_id, now, now]);
  // raiseAsResident
  const compound = (await q<{ id: number; path: string; district_id: number }>(Q.SQL_FIND_COMPOUND, [ctx.compound.id])).rows[0]!;
  if ((await q(Q.SQL_LIVES_UNDER, [s.person_id, 'resident', 'owner', `${compound.path}%`, now, now])).rows.length === 0) throw new Error('not a resident');
  // raiseRequest: the key; categories and calendar from the cache (ctx.categoryRows, read once like the server)
  if ((await q(Q.SQL_FIND_BY_IDEMPOTENCY_KEY, [s.person_id, key])).rows.length > 0) return;
  const cat = ctx.categoryRows.get(ctx.categories[i % ctx.categories.length]!)!;
  const responseDue = new Date(now.getTime() + cat.response_minutes * 60_000);
  const resolutionDue = new Date(now.getTime() + cat.resolution_minutes * 60_000);
  const description = `压测诉求 #${i}：楼道灯不亮`;
  await db.tx(async (t: Query) => {
    const id = (await t<{ id: number }>(Q.SQL_INSERT_REQUEST_RETURNING, [compound.district_id, compound.id, compound.path, cat.id, 'help', description, null, null, 'normal', 'submitted', s.person_id, s.person_id, 'h5', responseDue, resolutionDue, key, now, now])).rows[0]!.id;
    await t(Q.SQL_INSERT_EVENT_RETURNING, [compound.district_id, id, now, s.person_id, 'raised', 'submitted', JSON.stringify({ channel: 'h5', photos: 0 })]);
    await t(Q.SQL_UPSERT_TWO_TIMERS, [compound.district_id, 'request.response_due', id, responseDue, compound.district_id, 'request.resolution_due', id, resolutionDue, null]);
    const notified = (await t<{ id: number; person_id: number }>(Q.SQL_NOTIFY_ROLE_HOLDERS_ONE, [compound.district_id, 'request.raised', `新诉求：${cat.name_zh}`, description.slice(0, 80), `/requests/${id}`, now, 'commissioner', compound.id, now, now])).rows;
    if (notify && notified.length > 0) await t(Q.SQL_PG_NOTIFY, [Q.LIVE_CHANNEL, JSON.stringify({ n: notified.map((r) => [r.id, r.person_id]) })]);
    await t(Q.SQL_EMIT_EVENT, [compound.district_id, 'request.raised', JSON.stringify({ requestId: id, compoundId: compound.id, categoryId: cat.id, urgency: 'normal' })]);
    await t(Q.SQL_INSERT_AUDIT, [compound.district_id, s.person_id, 'request.raise', 'request', String(id), 'ok', '127.0.0.1', JSON.stringify({ channel: 'h5' })]);
    return id;
  });
}

/** queue(): the session and roles, then listQueue's page and count in parallel, for a caller with one subtree. */
async function sqlQueue(db: SqlClient, me: Session, scopePath: string): Promise<void> {
  const now = new Date();
  const s = (await db.query<{ person_id: number }>(Q.SQL_FIND_OPEN_SESSION, [me.sessionId])).rows[0];
  if (!s) throw new Error('session not found');
  await db.query(Q.SQL_FIND_ACTIVE_ROLES, [s.person_id, now, now]);
  await Promise.all([db.query(Q.SQL_QUEUE_OPEN_BY_DEADLINE_ONE_PATH, Q.queuePageParams(scopePath)), db.query(Q.SQL_QUEUE_OPEN_COUNT_ONE_PATH, Q.queueCountParams(scopePath))]);
}

const scopeOf = (s: Session, role: string) => {
  const r = s.roles.find((x) => x.role === role);
  if (!r) throw new Error(`no ${role} role`);
  return r.placePath;
};

export async function explainQueue(db: SqlClient, scopePath: string): Promise<string> {
  const lines: string[] = [];
  for (const [name, text, params] of [
    ['page', Q.SQL_QUEUE_OPEN_BY_DEADLINE_ONE_PATH, Q.queuePageParams(scopePath)],
    ['count', Q.SQL_QUEUE_OPEN_COUNT_ONE_PATH, Q.queueCountParams(scopePath)],
  ] as const) {
    const r = await db.query<Record<string, string>>(`explain (analyze, buffers) ${text}`, [...params]);
    lines.push(`-- ${name}, scope ${scopePath}`, ...r.rows.map((x) => Object.values(x)[0]!));
  }
  return lines.join('\n');
}

/** The queues measured: who signs in (demo accounts) and which of their roles gives the scope. */
const QUEUES = [
  ['queue street admin', STREET_ADMIN, 'street_admin'],
  ['queue community worker', COMMUNITY_WORKER, 'community_worker'],
  ['queue commissioner', COMMISSIONER, 'commissioner'],
] as const;

async function runOnDatabase(o: BenchOptions & { rows: number }, db: DbKind, tmp: string, log: Log, info: Record<string, string>): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  let privatePg: Awaited<ReturnType<typeof startPrivatePostgres>> | null = null;
  let url: string | undefined;
  if (db === 'postgres') {
    url = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
    if (!url) {
      privatePg = await startPrivatePostgres(log);
      url = privatePg.url;
      info.postgres = privatePg.version;
    } else info.postgres = 'PostgreSQL (given by DATABASE_URL / BENCH_DATABASE_URL)';
  }
  const dataDir = fs.mkdtempSync(path.join(tmp, `data-${db}-`));
  const open = async (): Promise<SqlClient> => (url ? pgClient(newPool(url)) : pgliteClient(dataDir));
  /** Runs `fn` on a direct connection; the server must be stopped on PGlite (and is stopped on both, for symmetry). */
  const direct = async <T>(fn: (c: SqlClient) => Promise<T>): Promise<T> => {
    const c = await open();
    try {
      return await fn(c);
    } finally {
      await c.close();
    }
  };
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  const stopServer = async () => {
    await server?.proc.stop();
    server = null;
  };
  const tag = crypto.randomBytes(4).toString('hex');
  const explainFile = path.join(os.tmpdir(), `gongzhi-bench-requests-explain-${db}-${o.rows}.txt`);
  const explains: string[] = [];
  try {
    await prepareDatabase(tmp, db, dataDir, url, false, log);
    await direct(async (c) => {
      await c.query('select 1');
      const fill = await fillRequests(c, o.rows, log);
      const t = Date.now();
      await c.query('vacuum analyze');
      log(`VACUUM ANALYZE in ${((Date.now() - t) / 1000).toFixed(1)} s`);
      const n = (await c.query<{ n: number }>('select count(*)::int as n from requests')).rows[0]!.n;
      const openN = (await c.query<{ n: number }>(`select count(*)::int as n from requests where status in ('submitted','accepted','assigned','in_progress')`)).rows[0]!.n;
      info[`${db} fill`] = `${n.toLocaleString('en-US')} requests in the table, ${openN.toLocaleString('en-US')} open; the fill wrote ${fill.rows.toLocaleString('en-US')} requests and ${fill.events.toLocaleString('en-US')} events at ${Math.round(fill.rowsPerSecond).toLocaleString('en-US')} requests/s`;
    });

    // Phase 1 — the server on the schema as migrated (every migration, the queue indexes of 0006 and 0008
    // included): bench residents, then the open queue as a street admin, a community worker and a commissioner.
    server = await startServer(tmp, db, dataDir, url, log);
    let target = server.target;
    const res = await benchResidents(target, 16, tag);
    const who = new Map<string, { session: Session; scope: string }>();
    for (const [name, account, role] of QUEUES) {
      const session = await withPaths(target, await signIn(target, account));
      who.set(name, { session, scope: scopeOf(session, role) });
    }
    log(`16 bench residents of compound ${res.compound.id}; scopes ${[...who.entries()].map(([n, w]) => `${n.replace('queue ', '')} ${w.scope}`).join(', ')}`);
    const street = who.get('queue street admin')!;
    const districtId = Number(street.scope.split('/')[1]);
    const ctx: Ctx = { districtId, compound: res.compound, residents: res.residents, categories: res.categories, categoryRows: new Map(), street: street.session, commissioner: who.get('queue commissioner')!.session };
    const doQueue = o.only.includes('queue');
    const doCreate = o.only.includes('create');
    if (doQueue) {
      for (const [name] of QUEUES) {
        const req = prepareGet(target, '/api/requests?status=open&sort=deadline', { Cookie: `gz_session=${who.get(name)!.session.cookie}` });
        const waited = await settle(target, log);
        if (waited > 3) info[`${db} ${name}`] = `started after waiting ${waited.toFixed(0)} s for the server to drain the previous row's abandoned requests`;
        log(`${db}: ${name}`);
        const m = await measure(o, server.proc.child.pid, httpRun(o, target, () => req));
        rows.push({ db, scenario: name, kind: 'scenario', ...m });
      }
    }
    await stopServer();

    // Phase 2 — direct SQL: the queue's ceiling and EXPLAIN ANALYZE; create's ceiling, with and without pg_notify.
    await direct(async (c) => {
      if (db === 'postgres' && !privatePg) info.postgres = `PostgreSQL ${(await c.query<{ server_version: string }>('show server_version')).rows[0]!.server_version}`;
      if (doQueue) {
        for (const [name] of QUEUES) {
          const w = who.get(name)!;
          log(`${db}: SQL ceiling for ${name}`);
          const op = () => sqlQueue(c, w.session, w.scope);
          const m = await measure(o, undefined, (durationMs, onTick) => runSqlLoad({ callers: o.connections, durationMs, maxRequests: o.maxRequests, op, onTick }));
          rows.push({ db, scenario: `${name} SQL`, kind: 'sql-ceiling', ...m });
          explains.push(`# ${db}, ${o.rows} filled rows, ${name}`, await explainQueue(c, w.scope));
        }
      }
      if (!doCreate) return;
      for (const r of (await c.query<CategoryRow & { district_id: number }>(Q.SQL_LIST_CATEGORIES, [districtId])).rows) ctx.categoryRows.set(r.id, r);
      for (const notify of [true, false]) {
        let k = 0;
        const op = () => {
          const i = k++;
          return sqlCreate(c, ctx, res.residents[i % res.residents.length]!, `sql-${tag}-${notify ? 'n' : 'q'}-${i}`, i, notify);
        };
        const name = notify ? 'create SQL' : 'create SQL without pg_notify';
        log(`${db}: SQL ceiling for ${name}`);
        const m = await measure(o, undefined, (durationMs, onTick) => runSqlLoad({ callers: o.connections, durationMs, maxRequests: o.maxRequests, op, onTick }));
        rows.push({ db, scenario: name, kind: 'sql-ceiling', ...m });
      }
    });
    if (explains.length) {
      fs.writeFileSync(explainFile, `${explains.join('\n\n')}\n`);
      log(`EXPLAIN ANALYZE of the queue statements written to ${explainFile}`);
    }

    // Phase 3 — the server: create.
    if (doCreate) {
      server = await startServer(tmp, db, dataDir, url, log);
      target = server.target;
      let seq = 0;
      const next = (): PreparedRequest => {
        const i = seq++;
        const me = res.residents[i % res.residents.length]!;
        return preparePost(target, '/api/me/requests', raiseBody(res, i), { Cookie: `gz_session=${me.cookie}`, 'X-CSRF-Token': me.csrf, 'Idempotency-Key': `bench-${tag}-${i}` });
      };
      await settle(target, log);
      log(`${db}: create`);
      const m = await measure(o, server.proc.child.pid, httpRun(o, target, next));
      rows.push({ db, scenario: 'create', kind: 'scenario', ...m });
    }
  } finally {
    await stopServer();
    privatePg?.stop();
  }
  return rows;
}

export async function runRequests(o: BenchOptions & { rows: number }, log: Log, info: Record<string, string>): Promise<BenchRow[]> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-bench-'));
  try {
    const rows: BenchRow[] = [];
    for (const db of o.dbs) rows.push(...(await runOnDatabase(o, db, tmp, log, info)));
    return rows;
  } finally {
    if (!o.keep) fs.rmSync(tmp, { recursive: true, force: true });
    else log(`kept ${tmp}`);
  }
}
