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
import { overloadOf } from '../platform/overload.ts';
import { createPersonalDataCipher } from '../platform/personal-data.ts';
import { createDb, type DbHandle } from './create-db.ts';

/**
 * PostgreSQL restarted under the server (`npm run bench -- pg-restart` found both): a pooled connection whose
 * backend is terminated raised an 'error' event nobody listened to, which ended the process; and the requests that
 * met the dead connection were answered 500. Here the backends are terminated with pg_terminate_backend, which sends
 * them the same FATAL 57P01 a `pg_ctl stop -m fast` does.
 */
describe('overloadOf: the database briefly unreachable', () => {
  it('answers 503 for a restart, a refused or reset socket and a connection pg reports terminated, and not for other errors', () => {
    const e = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {});
    for (const err of [
      e('terminating connection due to administrator command', '57P01'),
      e('the database system is starting up', '57P03'),
      e('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
      e('read ECONNRESET', 'ECONNRESET'),
      e('connection failure', '08006'),
      e('Connection terminated unexpectedly'),
      e('Client has encountered a connection error and is not queryable'),
      new Error('wrapped', { cause: e('terminating connection due to administrator command', '57P01') }),
    ]) expect(overloadOf(err), err.message).toEqual({ code: 'DATABASE_BUSY', retryAfterS: 2 });
    expect(overloadOf(e('duplicate key', '23505'))).toBeUndefined();
    expect(overloadOf(e('Connection refused by policy'))).toBeUndefined();
  });
});

describe.runIf(usePostgres())('backends terminated under the serving pool (PostgreSQL)', () => {
  let base: Awaited<ReturnType<typeof createTestDb>>;
  let database: DbHandle;
  let app: FastifyInstance;
  let street: Session;
  let admin: pg.Client;
  const uncaught: unknown[] = [];
  const onUncaught = (err: unknown) => void uncaught.push(err);

  /** Terminates every backend of the serving pool (all sessions of the test database but the admin's own). */
  const terminateAll = async () =>
    (await admin.query<{ n: number }>(`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`)).rows[0]!.n;

  beforeAll(async () => {
    base = await createTestDb();
    const url = base.pool!.options.connectionString!;
    database = await createDb({ databaseUrl: url, poolSize: 3, statementTimeoutMs: 2000, poolWaitMs: 2000 });
    const config = { ...loadConfig({}), logLevel: 'silent' as const };
    const built = await buildApp({ config, database, cipher: createPersonalDataCipher(crypto.randomBytes(32)), clock: testClock(), sms: new CapturingSmsSender(), logger: false, webDist: null });
    app = built.app;
    await app.ready();
    const tree = await createTree(built.deps);
    const { phone } = await createPerson(built.deps, tree.districtId, '街道赵', [{ role: 'street_admin', place: tree.places.S1! }]);
    street = await signIn(app, phone, PASSWORD);
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    process.on('uncaughtException', onUncaught);
  });
  afterAll(async () => {
    process.off('uncaughtException', onUncaught);
    await admin?.end();
    await app?.close();
    await database?.db.destroy();
    await base?.drop();
  });

  it('survives its idle pooled connections being terminated, and the next request is served on a new one', async () => {
    expect((await as(app, street).get('/api/requests?status=open')).statusCode).toBe(200);
    expect(await terminateAll()).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(uncaught).toEqual([]);
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    expect((await as(app, street).get('/api/requests?status=open')).statusCode).toBe(200);
  });

  it('survives a connection terminated inside a transaction: the transaction fails (503-able), nothing committed', async () => {
    await sql`create table if not exists restart_probe (id int primary key)`.execute(database.db);
    const failed = await database.db.transaction().execute(async (trx) => {
      await sql`insert into restart_probe values (1)`.execute(trx);
      await terminateAll();
      // The FATAL arrives while this client is checked out and idle: an 'error' event on the client itself.
      await new Promise((r) => setTimeout(r, 300));
      await sql`insert into restart_probe values (2)`.execute(trx);
    }).then(() => undefined, (err: unknown) => err);
    expect(uncaught).toEqual([]);
    expect(failed).toBeInstanceOf(Error);
    expect(overloadOf(failed)).toEqual({ code: 'DATABASE_BUSY', retryAfterS: 2 });
    expect((await sql<{ n: number }>`select count(*)::int as n from restart_probe`.execute(database.db)).rows[0]!.n).toBe(0);
    expect((await as(app, street).get('/api/requests?status=open')).statusCode).toBe(200);
  });
});
