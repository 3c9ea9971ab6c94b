import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson, createTree, PASSWORD } from '../../test/factories.ts';
import { as, CapturingSmsSender, createTestDb, signIn, testClock, type Session } from '../../test/helpers.ts';
import { usePostgres } from '../../test/template.ts';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import type { Deps } from '../platform/context.ts';
import { overloadOf } from '../platform/overload.ts';
import { createPersonalDataCipher } from '../platform/personal-data.ts';
import { TimerRunner } from '../platform/timers.ts';
import { createDb, POOL_WAIT_TIMEOUT_MESSAGE, unboundedSession, type DbHandle } from './create-db.ts';
import { migrateToLatest } from './migrate.ts';

describe('overloadOf', () => {
  it('knows a cancelled statement, an exhausted pool and a full server, also as a cause, and nothing else', () => {
    expect(overloadOf(Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }))).toEqual({ code: 'QUERY_TIMEOUT', retryAfterS: 5 });
    expect(overloadOf(new Error(POOL_WAIT_TIMEOUT_MESSAGE))).toEqual({ code: 'DATABASE_BUSY', retryAfterS: 2 });
    expect(overloadOf(new Error('wrapped', { cause: Object.assign(new Error('too many clients'), { code: '53300' }) }))?.code).toBe('DATABASE_BUSY');
    expect(overloadOf(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBeUndefined();
    expect(overloadOf(undefined)).toBeUndefined();
  });
});

/**
 * An abandoned slow query must not hold a pooled connection (docs/performance.md, requests finding 3): on
 * PostgreSQL the serving pool has a statement_timeout and a bounded wait for a connection, and both answer 503.
 */
describe.runIf(usePostgres())('statement timeout and pool wait (PostgreSQL)', () => {
  let base: Awaited<ReturnType<typeof createTestDb>>;
  let database: DbHandle;
  let app: FastifyInstance;
  let url: string;
  let street: Session;
  let deps: Deps;

  beforeAll(async () => {
    base = await createTestDb();
    url = base.pool!.options.connectionString!;
    // The serving pool as `gongzhi serve` opens it, with small limits so the test is quick.
    database = await createDb({ databaseUrl: url, poolSize: 2, statementTimeoutMs: 300, poolWaitMs: 400 });
    const config = { ...loadConfig({}), logLevel: 'silent' as const };
    const cipher = createPersonalDataCipher(crypto.randomBytes(32));
    const built = await buildApp({ config, database, cipher, clock: testClock(), sms: new CapturingSmsSender(), logger: false, webDist: null });
    app = built.app;
    deps = built.deps;
    await app.ready();
    const tree = await createTree(built.deps);
    const { phone } = await createPerson(built.deps, tree.districtId, '街道赵', [{ role: 'street_admin', place: tree.places.S1! }]);
    street = await signIn(app, phone, PASSWORD);
  });
  afterAll(async () => {
    await app?.close();
    await database?.db.destroy();
    await base?.drop();
  });

  it('cancels a statement that outlives the timeout, answers 503 QUERY_TIMEOUT with Retry-After, and frees the connection', async () => {
    // Another session holds a lock the queue's statements need, so they wait: a slow query the client cannot stop.
    const blocker = new pg.Client({ connectionString: url });
    await blocker.connect();
    try {
      await blocker.query('begin');
      await blocker.query('lock table requests in access exclusive mode');
      const t0 = Date.now();
      const res = await as(app, street).get('/api/requests?status=open&sort=deadline');
      const ms = Date.now() - t0;
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.json()).toMatchObject({ code: 'QUERY_TIMEOUT' });
      expect(res.json().message).toMatch(/查询用时过长/);
      expect(ms).toBeLessThan(3000);
      // PostgreSQL really cancelled it: soon no session of this database is still waiting on the lock. (The queue
      // runs its page and its count side by side; the 503 leaves with the first to time out, the other a moment later.)
      const waitingOnLock = async () =>
        (await blocker.query<{ n: number }>(
          `select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and wait_event_type = 'Lock'`,
        )).rows[0]!.n;
      let waiting = await waitingOnLock();
      for (let i = 0; waiting > 0 && i < 20; i++) {
        await new Promise((r) => setTimeout(r, 100));
        waiting = await waitingOnLock();
      }
      expect(waiting).toBe(0);
      const en = await app.inject({ method: 'GET', url: '/api/requests?status=open', headers: { cookie: street.cookie, 'accept-language': 'en-US' } });
      expect(en.statusCode).toBe(503);
      expect(en.json().message).toMatch(/took too long/);
    } finally {
      await blocker.query('rollback');
      await blocker.end();
    }
    // Both pooled connections are usable again at once.
    const [a, b] = await Promise.all([as(app, street).get('/api/requests?status=open'), as(app, street).get('/api/requests?status=open')]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
  });

  it('answers 503 DATABASE_BUSY with Retry-After when no pooled connection frees up in time, and the timer poll survives it', async () => {
    const held = [await database.pool!.connect(), await database.pool!.connect()];
    const logged: unknown[] = [];
    const runner = new TimerRunner({ ...deps, log: { ...deps.log, error: (o: unknown) => void logged.push(o) } as typeof deps.log });
    try {
      const res = await as(app, street).get('/api/requests?status=open');
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('2');
      expect(res.json()).toMatchObject({ code: 'DATABASE_BUSY' });
      // The poll fails to get a connection: before, its rejection went unhandled and ended the server (bench run).
      runner.start(100);
      await new Promise((r) => setTimeout(r, 1000));
      await runner.stop();
      expect(logged.length).toBeGreaterThan(0);
    } finally {
      for (const c of held) c.release();
    }
    expect((await as(app, street).get('/api/requests?status=open')).statusCode).toBe(200);
  });

  it('leaves migrations unbounded: they run on their own session without the timeout', async () => {
    await expect(sql`select pg_sleep(0.5)`.execute(database.db)).rejects.toMatchObject({ code: '57014' });
    const own = unboundedSession(database.db)!;
    try {
      expect((await sql<{ statement_timeout: string }>`show statement_timeout`.execute(own)).rows[0]!.statement_timeout).toBe('0');
      await sql`select pg_sleep(0.5)`.execute(own);
    } finally {
      await own.destroy();
    }
    expect((await sql<{ statement_timeout: string }>`show statement_timeout`.execute(database.db)).rows[0]!.statement_timeout).toBe('300ms');
    const result = await migrateToLatest(database.db);
    expect(result.error).toBeUndefined();
  });
});
