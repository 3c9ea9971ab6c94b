import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHistogram } from 'node:perf_hooks';
import { newToken, sessionIdOf } from '../../../server/src/platform/auth/session-token.ts';
import { prepareGet, preparePost, type PreparedRequest, type Target } from '../lib/http-load.ts';
import { startPrivatePostgres } from '../lib/postgres.ts';
import { RssSampler } from '../lib/processes.ts';
import { pgClient, pgliteClient, type SqlClient } from '../lib/sql-client.ts';
import { runSqlLoad } from '../lib/sql-load.ts';
import { Capturer, captureEnv, replay, statementCount, type Template } from '../lib/sql-replay.ts';
import { summarise, type LoadResult } from '../lib/stats.ts';
import type { BenchOptions, BenchRow, DbKind } from '../report.ts';
import { httpCeilings, httpRun, measure, newPool, prepareDatabase, startServer } from './places.ts';
import { api, settle, sqlCreate, type CategoryRow, type Ctx, type Session } from './requests.ts';
import { fillRequests } from './requests-fill.ts';
import { SQL_LIST_CATEGORIES } from './requests-sql.ts';

/**
 * `mix`: what a district's residents and staff do all day, with `--rows` requests in the table (default 300,000,
 * the generator's district), on PGlite and/or PostgreSQL, each row beside its ceilings measured in the same run.
 *
 *   resident (2,000 owners of the street admin's street, each signed in: sessions written straight into `sessions`,
 *   as the fan-out bench does, since hashing 2,000 passwords proves nothing)
 *     H5 home          GET /api/me/home
 *     my requests      GET /api/me/requests
 *     wish wall        GET /api/wish-wall
 *     raise a request  POST /api/me/requests (own compound, unique Idempotency-Key)
 *     resident mix     35 % home, 25 % my requests, 25 % wish wall, 15 % raise
 *   staff (every street admin, community worker and commissioner of that street, one session each)
 *     queue with filters  GET /api/requests with one of four filters (open by deadline; open in a category;
 *                         submitted, newest first; overdue) as a random member of staff
 *     request detail      GET /api/requests/:id of a request in that person's queue
 *     accept and assign   POST /api/requests/:id/accept or …/assign (to the residents' committee), alternately, as
 *                         the street admin, each on its own fresh submitted request (16,000 inserted under the street)
 *     staff mix           45 % queue, 45 % detail, 5 % accept, 5 % assign
 *   vote (业主共同决定): every owner of one compound casts a ballot on one open owners' vote at once (64 at a time),
 *     10 % press twice (must answer 409), then 30 % change their ballot (PATCH); afterwards the ballots counted
 *     straight from the tables must equal the distinct owners who voted.
 *
 * SQL ceilings: each endpoint's statements as the server ran them, captured from the server itself
 * (sql-capture.mjs, a few requests each) and replayed at the same concurrency (sql-replay.ts); raise a request
 * uses the requests bench's hand-mirrored create (the new request's id threads through its statements). The vote
 * burst has no SQL ceiling (a ballot's statements carry the owner's household, voter key and session throughout).
 */

type Log = (line: string) => void;

const RESIDENTS = 2_000;
const ACCEPT_POOL = 16_000;
const SAMPLES = 8;
/** To the residents' committee: always a valid party (a category's default may be a department, which needs an id). */
const ASSIGN = { party: 'residents_committee' };

type Who = Session & { compoundId: number };
type Setup = {
  districtId: number;
  streetPath: string;
  residents: Who[];
  staff: (Session & { role: string })[];
  handlers: Session[];
  pool: number[];
  voteCompound: { id: number; path: string } | null;
  commissioner: Session | null;
  owners: Session[];
};

function session(personId: number, districtId: number): { s: Session; row: unknown[] } {
  const token = newToken();
  const csrf = newToken();
  return { s: { cookie: token, csrf, personId, sessionId: sessionIdOf(token), roles: [] }, row: [sessionIdOf(token), districtId, personId, csrf] };
}

async function insertSessions(c: SqlClient, rows: unknown[][], secondFactor: boolean): Promise<void> {
  const now = new Date().toISOString();
  for (let i = 0; i < rows.length; i += 1000) {
    const part = rows.slice(i, i + 1000);
    await c.query(
      `insert into sessions (id, district_id, person_id, csrf_token, created_at, last_seen_at, second_factor)
       select id, d, p, csrf, $5::timestamptz, $5::timestamptz, $6 from unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[]) as x(id, d, p, csrf)`,
      [part.map((r) => r[0]), part.map((r) => r[1]), part.map((r) => r[2]), part.map((r) => r[3]), now, secondFactor],
    );
  }
}

/** Sessions for residents, staff, the vote's owners; the accept pool. Runs on a direct connection before the server starts. */
async function setUp(c: SqlClient, log: Log): Promise<Setup> {
  const street = (await c.query<{ person_id: number; place_path: string; district_id: number }>(
    `select person_id, place_path, district_id from role_assignments where role = 'street_admin' and valid_to is null order by id limit 1`,
  )).rows[0];
  if (!street) throw new Error('mix: no street admin: is the demo district seeded?');
  const districtId = street.district_id;
  const like = `${street.place_path}%`;
  const res = (await c.query<{ person_id: number; compound_id: number }>(
    `select distinct on (person_id) person_id, split_part(place_path, '/', 5)::bigint as compound_id from role_assignments
     where role = 'owner' and valid_to is null and place_path like $1 order by person_id limit ${RESIDENTS}`, [like],
  )).rows;
  const staffRows = (await c.query<{ person_id: number; role: string }>(
    `select distinct on (person_id) person_id, role from role_assignments
     where role in ('street_admin', 'community_worker', 'commissioner') and valid_to is null and place_path like $1 order by person_id, id`, [like],
  )).rows;
  const residents: Who[] = [];
  const plain: unknown[][] = [];
  for (const r of res) {
    const { s, row } = session(r.person_id, districtId);
    residents.push({ ...s, compoundId: r.compound_id });
    plain.push(row);
  }
  const staff: (Session & { role: string })[] = [];
  const privileged: unknown[][] = [];
  for (const r of staffRows) {
    const { s, row } = session(r.person_id, districtId);
    staff.push({ ...s, role: r.role });
    privileged.push(row);
  }
  const handlers: Session[] = [];
  for (let i = 0; i < 8; i++) {
    const { s, row } = session(street.person_id, districtId);
    handlers.push(s);
    privileged.push(row);
  }
  // The vote: the first commissioner's compound, every owner in it.
  const comm = (await c.query<{ person_id: number; place_id: number; place_path: string }>(
    `select person_id, place_id, place_path from role_assignments where role = 'commissioner' and valid_to is null and place_path like $1 order by id limit 1`, [like],
  )).rows[0];
  let commissioner: Session | null = null;
  const owners: Session[] = [];
  if (comm) {
    const { s, row } = session(comm.person_id, districtId);
    commissioner = s;
    privileged.push(row);
    for (const o of (await c.query<{ person_id: number }>(`select distinct person_id from role_assignments where role = 'owner' and valid_to is null and place_path like $1`, [`${comm.place_path}%`])).rows) {
      const x = session(o.person_id, districtId);
      owners.push(x.s);
      plain.push(x.row);
    }
  }
  await insertSessions(c, plain, false);
  await insertSessions(c, privileged, true);

  // The accept pool: fresh submitted requests in the residents' compounds, due in 30 days (the end of a deadline-sorted queue).
  const compounds = new Map((await c.query<{ id: number; path: string }>(`select id, path from places where kind = 'compound' and path like $1`, [like])).rows.map((r) => [r.id, r.path]));
  const cats = (await c.query<{ id: number }>('select id from request_categories where district_id = $1 and active order by id', [districtId])).rows.map((r) => r.id);
  const pool: number[] = [];
  for (let i = 0; i < ACCEPT_POOL; i += 4000) {
    const n = Math.min(4000, ACCEPT_POOL - i);
    const who = Array.from({ length: n }, (_, k) => residents[(i + k) % residents.length]!);
    const ids = (await c.query<{ id: number }>(
      `with ins as (
         insert into requests (district_id, compound_id, compound_path, category_id, type, description, urgency, status, resident_id, raised_by, channel,
           escalation_level, response_due_at, resolution_due_at, created_at, updated_at)
         select $1, x.c, x.p, x.cat, 'help', '压测待受理诉求：楼道灯不亮', 'normal', 'submitted', x.r, x.r, 'h5', 'compound',
           now() + interval '2 days', now() + interval '30 days', now(), now()
         from unnest($2::bigint[], $3::text[], $4::bigint[], $5::bigint[]) as x(c, p, cat, r)
         returning id, district_id, raised_by, created_at)
       insert into request_events (district_id, request_id, at, actor_id, kind, to_status) select district_id, id, created_at, raised_by, 'raised', 'submitted' from ins
       returning request_id as id`,
      [districtId, who.map((w) => w.compoundId), who.map((w) => compounds.get(w.compoundId)!), who.map((_, k) => cats[(i + k) % cats.length]!), who.map((w) => w.personId)],
    )).rows.map((r) => r.id);
    pool.push(...ids);
  }
  log(`${residents.length} residents, ${staff.length} staff and ${owners.length} owners of compound ${comm?.place_id ?? '—'} signed in; ${pool.length.toLocaleString('en-US')} fresh submitted requests for accept/assign`);
  return { districtId, streetPath: street.place_path, residents, staff, handlers, pool, voteCompound: comm ? { id: comm.place_id, path: comm.place_path } : null, commissioner, owners };
}

const cookie = (s: Session) => ({ Cookie: `gz_session=${s.cookie}` });
const writeHeaders = (s: Session, key?: string) => ({ ...cookie(s), 'X-CSRF-Token': s.csrf, ...(key ? { 'Idempotency-Key': key } : {}) });
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;

/** Picks by weight: [[weight, value], …]. */
function weighted<T>(entries: [number, T][]): () => T {
  const total = entries.reduce((a, [w]) => a + w, 0);
  return () => {
    let r = Math.random() * total;
    for (const [w, v] of entries) if ((r -= w) < 0) return v;
    return entries[entries.length - 1]![1];
  };
}

type Op = { name: string; http: () => PreparedRequest; sql: (c: SqlClient) => Promise<void> };

async function okJson<T>(p: Promise<{ status: number; json: T }>, what: string): Promise<T> {
  const r = await p;
  if (r.status < 200 || r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.json).slice(0, 300)}`);
  return r.json;
}

async function onDatabase(o: BenchOptions & { rows: number }, db: DbKind, tmp: string, log: Log, info: Record<string, string>): Promise<BenchRow[]> {
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
  const direct = async <T>(fn: (c: SqlClient) => Promise<T>): Promise<T> => {
    const c = url ? pgClient(newPool(url)) : await pgliteClient(dataDir);
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
  const doResident = o.only.includes('resident');
  const doStaff = o.only.includes('staff');
  const doVote = o.only.includes('vote');
  try {
    await prepareDatabase(tmp, db, dataDir, url, false, log);
    const setup = await direct(async (c) => {
      const fill = await fillRequests(c, o.rows, log);
      const s = await setUp(c, log);
      const t = Date.now();
      await c.query('vacuum analyze');
      log(`VACUUM ANALYZE in ${((Date.now() - t) / 1000).toFixed(1)} s`);
      const n = (await c.query<{ n: number }>('select count(*)::int as n from requests')).rows[0]!.n;
      info[`${db} data`] = `${n.toLocaleString('en-US')} requests in the table (${fill.rows.toLocaleString('en-US')} filled, ${s.pool.length.toLocaleString('en-US')} of them fresh submitted ones for accept/assign)`;
      return s;
    });
    const capFile = path.join(tmp, `capture-${db}.jsonl`);
    server = await startServer(tmp, db, dataDir, url, log, captureEnv(capFile));
    const target: Target = server.target;
    const cap = new Capturer(capFile, server.proc.child.pid!);
    const templates = new Map<string, Template[]>();
    const get = (s: Session, p: string) => okJson(api(target, s, 'GET', p), `GET ${p}`);
    const learn = async (name: string, fn: () => Promise<unknown>) => {
      const t = await cap.capture(fn);
      templates.set(name, [...(templates.get(name) ?? []), t]);
      return t;
    };
    const sqlOf = (name: string) => (c: SqlClient) => replay(c, pick(templates.get(name)!));

    // Residents.
    const residentOps: Op[] = [];
    let categoryRows = new Map<number, CategoryRow>();
    let categories: number[] = [];
    if (doResident) {
      const sample = setup.residents.slice(0, SAMPLES);
      for (const [name, p] of [['resident: H5 home', '/api/me/home'], ['resident: my requests', '/api/me/requests'], ['resident: wish wall', '/api/wish-wall']] as const) {
        for (const s of sample) await learn(name, () => get(s, p));
        const reqs = setup.residents.map((s) => prepareGet(target, p, cookie(s)));
        residentOps.push({ name: `${name} (GET ${p})`, http: () => pick(reqs), sql: sqlOf(name) });
      }
      categories = (await get(setup.residents[0]!, '/api/request-categories') as { id: number; active: boolean }[]).filter((c) => c.active).map((c) => c.id);
      let seq = 0;
      residentOps.push({
        name: 'resident: raise a request (POST /api/me/requests)',
        http: () => {
          const i = seq++;
          const me = setup.residents[i % setup.residents.length]!;
          return preparePost(target, '/api/me/requests', { compoundId: me.compoundId, categoryId: categories[i % categories.length]!, type: 'help', description: `压测诉求 #${i}：楼道灯不亮`, urgency: 'normal' }, writeHeaders(me, `mix-${tag}-${i}`));
        },
        sql: async (c) => {
          const i = seq++;
          const me = setup.residents[i % setup.residents.length]!;
          const ctx: Ctx = { districtId: setup.districtId, compound: { id: me.compoundId, path: '' }, residents: setup.residents, categories, categoryRows, street: me, commissioner: me };
          await sqlCreate(c, ctx, me, `mixsql-${tag}-${i}`, i);
        },
      });
      const [home, mine, wall, raise] = residentOps;
      const choose = weighted<Op>([[35, home!], [25, mine!], [25, wall!], [15, raise!]]);
      residentOps.push({ name: 'resident mix (35/25/25/15)', http: () => choose().http(), sql: (c) => choose().sql(c) });
      info[`${db} resident templates`] = [...templates.entries()].filter(([k]) => k.startsWith('resident')).map(([k, ts]) => `${k.replace('resident: ', '')} ${ts.map(statementCount).join('/')} statements`).join('; ');
    }

    // Staff.
    const staffOps: Op[] = [];
    let poolAt = 0;
    const nextId = () => {
      const id = setup.pool[poolAt++];
      if (id === undefined) throw new Error('the accept pool is used up: lower --duration or raise ACCEPT_POOL');
      return id;
    };
    if (doStaff) {
      const cat = categories[0] ?? ((await get(setup.staff[0]!, '/api/request-categories')) as { id: number }[])[0]!.id;
      const filters = ['status=open&sort=deadline', `status=open&categoryId=${cat}&sort=deadline`, 'status=submitted&sort=newest', 'overdue=true&sort=deadline'];
      const queueReqs = setup.staff.flatMap((s) => filters.map((f) => prepareGet(target, `/api/requests?${f}`, cookie(s))));
      const detailReqs: PreparedRequest[] = [];
      const detailSamples: [Session, number][] = [];
      for (const s of setup.staff) {
        const page = (await get(s, '/api/requests?status=open&sort=deadline&pageSize=50')) as { items: { id: number }[] };
        for (const r of page.items) detailReqs.push(prepareGet(target, `/api/requests/${r.id}`, cookie(s)));
        if (page.items.length && detailSamples.length < SAMPLES) detailSamples.push([s, page.items[Math.floor(page.items.length / 2)]!.id]);
      }
      for (let i = 0; i < SAMPLES; i++) await learn('staff: queue', () => get(setup.staff[i % setup.staff.length]!, `/api/requests?${filters[i % filters.length]}`));
      for (const [s, id] of detailSamples) await learn('staff: detail', () => get(s, `/api/requests/${id}`));
      // accept / assign: templates learnt on pool requests, replayed on others (their id substituted).
      const acceptT: [number, Template][] = [];
      const assignT: [number, Template][] = [];
      for (let i = 0; i < 4; i++) {
        const id = nextId();
        const h = setup.handlers[i % setup.handlers.length]!;
        acceptT.push([id, await learn('staff: accept', () => okJson(api(target, h, 'POST', `/api/requests/${id}/accept`, {}), `accept ${id}`))]);
        const other = nextId();
        assignT.push([other, await learn('staff: assign', () => okJson(api(target, h, 'POST', `/api/requests/${other}/assign`, ASSIGN), `assign ${other}`))]);
      }
      const within = (id: number) => [new RegExp(`/requests/${id}\\b`, 'g'), new RegExp(`"requestId":${id}\\b`, 'g')];
      const actSql = (ts: [number, Template][]) => async (c: SqlClient) => {
        const [from, t] = pick(ts);
        const to = nextId();
        await replay(c, t, [{ from, to, within: within(from) }]);
      };
      staffOps.push({ name: 'staff: queue with filters (GET /api/requests?…)', http: () => pick(queueReqs), sql: sqlOf('staff: queue') });
      staffOps.push({ name: 'staff: request detail (GET /api/requests/:id)', http: () => pick(detailReqs), sql: sqlOf('staff: detail') });
      // Accept one fresh request, assign another (assign also takes a submitted request): each id is used once, so
      // no step races another on the same request.
      let turn = false;
      const acceptOrAssign = () => {
        const h = pick(setup.handlers);
        turn = !turn;
        return turn ? preparePost(target, `/api/requests/${nextId()}/accept`, {}, writeHeaders(h)) : preparePost(target, `/api/requests/${nextId()}/assign`, ASSIGN, writeHeaders(h));
      };
      let flip = false;
      const acceptSql = actSql(acceptT);
      const assignSql = actSql(assignT);
      staffOps.push({ name: 'staff: accept and assign (POST …/accept, …/assign)', http: acceptOrAssign, sql: (c) => {
        flip = !flip;
        return flip ? acceptSql(c) : assignSql(c);
      } });
      const [queue, detail, act] = staffOps;
      const choose = weighted<Op>([[45, queue!], [45, detail!], [10, act!]]);
      staffOps.push({ name: 'staff mix (45/45/10)', http: () => choose().http(), sql: (c) => choose().sql(c) });
      info[`${db} staff templates`] = [...templates.entries()].filter(([k]) => k.startsWith('staff')).map(([k, ts]) => `${k.replace('staff: ', '')} ${ts.map(statementCount).join('/')} statements`).join('; ') + `; ${setup.staff.length} staff, ${detailReqs.length} requests to open`;
    }

    // HTTP rows.
    for (const op of [...residentOps, ...staffOps]) {
      await settle(target, log);
      log(`${db}: ${op.name}`);
      const m = await measure(o, server.proc.child.pid, httpRun(o, target, op.http));
      rows.push({ db, scenario: op.name, kind: 'scenario', ...m });
    }
    const voteId = doVote ? await announceVote(target, setup, tag) : null;
    await stopServer();

    // SQL ceilings on a direct connection (the server stopped: PGlite is one process's database).
    await direct(async (c) => {
      if (doResident) categoryRows = new Map((await c.query<CategoryRow>(SQL_LIST_CATEGORIES, [setup.districtId])).rows.map((r) => [r.id, r]));
      for (const op of [...residentOps, ...staffOps]) {
        log(`${db}: SQL ceiling for ${op.name}`);
        const m = await measure(o, undefined, (durationMs, onTick) => runSqlLoad({ callers: o.connections, durationMs, maxRequests: o.maxRequests, op: () => op.sql(c), onTick }));
        rows.push({ db, scenario: `${op.name} SQL`, kind: 'sql-ceiling', ...m });
      }
      if (voteId !== null) {
        // The notice period over (it is 15 days); every bench session seen now (they end after 30 idle minutes).
        await c.query('update owner_votes set notice_ends_at = $2 where id = $1', [voteId, new Date(Date.now() - 60_000).toISOString()]);
        const all = [...setup.owners, setup.commissioner!].map((s) => s.sessionId);
        await c.query('update sessions set last_seen_at = $2 where id = any($1::text[])', [all, new Date().toISOString()]);
      }
    });
    if (voteId !== null) {
      server = await startServer(tmp, db, dataDir, url, log);
      rows.push(...(await voteBurst(o, db, server.target, setup, voteId, server.proc.child.pid, log, info)));
      await stopServer();
      await direct(async (c) => {
        const ballots = (await c.query<{ n: number }>('select count(*)::int as n from owner_vote_ballots where vote_id = $1', [voteId])).rows[0]!.n;
        const voters = (await c.query<{ n: number }>('select count(distinct voter_key)::int as n from owner_vote_participation where vote_id = $1', [voteId])).rows[0]!.n;
        const expected = Number(info[`${db} vote cast`] ?? -1);
        info[`${db} vote check`] = `${ballots} ballots and ${voters} distinct voters in the tables for ${setup.owners.length} owners, ${expected} first ballots answered 201 — ${ballots === expected && voters === expected && expected === setup.owners.length ? 'one ballot per owner: OK' : 'MISMATCH'}`;
        if (!info[`${db} vote check`]!.endsWith('OK')) log(info[`${db} vote check`]!);
        delete info[`${db} vote cast`];
      });
    }
    info[`${db} accept pool`] = `${poolAt.toLocaleString('en-US')} of ${setup.pool.length.toLocaleString('en-US')} fresh requests used`;
  } finally {
    await stopServer();
    privatePg?.stop();
  }
  return rows;
}

const voteKey = () => `vote-${crypto.randomUUID()}`;

/** The commissioner drafts and announces the vote; its notice period (15 days by default) is then cut short in the database. */
async function announceVote(target: Target, setup: Setup, voteTag: string): Promise<number | null> {
  const c = setup.commissioner;
  if (!c || !setup.voteCompound) return null;
  const vote = await okJson(api<{ id: number }>(target, c, 'POST', '/api/votes', { scopePlaceId: setup.voteCompound.id, item: 7, title: `压测表决 ${voteTag}`, description: '压测：加装电梯', windowDays: 5 }, { 'idempotency-key': voteKey() }), 'create vote');
  await okJson(api(target, c, 'POST', `/api/votes/${vote.id}/announce`, {}, { 'idempotency-key': voteKey() }), 'announce');
  return vote.id;
}

/** Every owner of one compound votes at once; some twice; some change their ballot. */
async function voteBurst(o: BenchOptions, db: DbKind, target: Target, setup: Setup, voteId: number, pid: number | undefined, log: Log, info: Record<string, string>): Promise<BenchRow[]> {
  const c = setup.commissioner!;
  await okJson(api(target, c, 'POST', `/api/votes/${voteId}/open`, {}, { 'idempotency-key': voteKey() }), 'open');
  const vote = { id: voteId };
  const owners = setup.owners;
  type Attempt = { s: Session; method: 'POST' | 'PATCH'; choice: string; expect: number };
  const first: Attempt[] = owners.map((s, i) => ({ s, method: 'POST', choice: i % 4 === 0 ? 'against' : 'for', expect: 201 }));
  // 10 % press the button twice at once, with the other choice: exactly one of each pair may count.
  const twice: Attempt[] = owners.filter((_, i) => i % 10 === 0).map((s, i) => ({ s, method: 'POST', choice: i % 4 === 0 ? 'for' : 'against', expect: 409 }));
  const rows: BenchRow[] = [];
  const run = async (name: string, attempts: Attempt[]) => {
    const hist = createHistogram();
    const statuses = new Map<number, number>();
    let at = 0;
    const t0 = performance.now();
    const rssPeak = { v: 0 };
    const rss = new RssSampler(pid);
    const tick = setInterval(rss.sample, 250);
    await Promise.all(Array.from({ length: Math.min(o.connections, attempts.length) }, async () => {
      while (at < attempts.length) {
        const a = attempts[at++]!;
        const t = performance.now();
        const r = await api(target, a.s, a.method, `/api/me/votes/${vote.id}/ballot`, { choice: a.choice });
        hist.record(Math.max(1, Math.round((performance.now() - t) * 1000)));
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      }
    }));
    clearInterval(tick);
    rss.sample();
    rssPeak.v = rss.peak;
    const ok = [...statuses].filter(([s]) => s >= 200 && s < 300).reduce((n, [, k]) => n + k, 0);
    const result: LoadResult = summarise(hist, { ok, errors: 0, elapsedMs: performance.now() - t0, firstErrors: [] });
    result.requests = attempts.length;
    info[`${db} ${name}`] = `${attempts.length} attempts: ${[...statuses].sort().map(([s, k]) => `${k}× ${s}`).join(', ')}`;
    log(`${db}: ${name}: ${info[`${db} ${name}`]}`);
    rows.push({ db, scenario: name, kind: 'scenario', result, rssMiB: rssPeak.v, cpuMsPerRequest: null });
    return statuses;
  };
  // Shuffle the duplicates in among the first ballots, so pairs race.
  const mixed = [...first, ...twice].map((a) => [Math.random(), a] as const).sort((x, y) => x[0] - y[0]).map(([, a]) => a);
  const cast = await run(`vote burst: ${owners.length} owners cast (+${twice.length} twice)`, mixed);
  info[`${db} vote cast`] = String(cast.get(201) ?? 0);
  await run(`vote burst: ${Math.round(owners.length * 0.3)} change their ballot`, owners.filter((_, i) => i % 10 < 3).map((s, i) => ({ s, method: 'PATCH', choice: i % 2 ? 'abstain' : 'against', expect: 200 })));
  return rows;
}

export async function runMixes(o: BenchOptions & { rows: number }, log: Log, info: Record<string, string>): Promise<BenchRow[]> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-bench-mix-'));
  try {
    const rows = await httpCeilings(o, tmp, log);
    for (const db of o.dbs) rows.push(...(await onDatabase(o, db, tmp, log, info)));
    return rows;
  } finally {
    if (!o.keep) fs.rmSync(tmp, { recursive: true, force: true });
    else log(`kept ${tmp}`);
  }
}
