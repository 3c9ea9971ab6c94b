import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createDb, type DbHandle } from '../src/db/create-db.ts';
import type { Deps } from '../src/platform/context.ts';
import { createPersonalDataCipher } from '../src/platform/personal-data.ts';
import type { TimerRunner } from '../src/platform/timers.ts';
import { createTestDb, testClock } from './helpers.ts';

export type Instance = { app: FastifyInstance; deps: Deps; timers: TimerRunner; close(): Promise<void> };

/**
 * A second handle on the same database: on PostgreSQL a separate pg pool to the same URL (what a second server
 * process would open); on PGlite the one shared instance, since it is a single connection inside this process.
 */
export async function openSecondHandle(first: DbHandle): Promise<{ handle: DbHandle; close(): Promise<void> }> {
  if (first.kind === 'postgres') {
    const url = first.pool!.options.connectionString;
    if (!url) throw new Error('the first pool has no connection string');
    const handle = await createDb({ databaseUrl: url, poolSize: 10 });
    return { handle, close: () => handle.db.destroy() };
  }
  return { handle: first, close: async () => {} };
}

/**
 * Several app instances on one fresh test database, sharing one injected clock, key and configuration, as several
 * servers behind a load balancer share a database. `add()` starts another one (a restart); `close()` ends them all
 * and drops the database.
 */
export async function buildInstances(count: number) {
  const database = await createTestDb();
  const clock = testClock();
  const cipher = createPersonalDataCipher(crypto.randomBytes(32));
  const config = { ...loadConfig({}), logLevel: 'silent' as const };
  const instances: Instance[] = [];
  const add = async (): Promise<Instance> => {
    const second = instances.length === 0 ? { handle: database as DbHandle, close: async () => {} } : await openSecondHandle(database);
    const { app, deps, timers } = await buildApp({ config, database: second.handle, cipher, clock, logger: false, webDist: null });
    await app.ready();
    let closed = false;
    const instance: Instance = {
      app,
      deps,
      timers,
      close: async () => {
        if (closed) return;
        closed = true;
        await app.close();
        await second.close();
      },
    };
    instances.push(instance);
    return instance;
  };
  for (let i = 0; i < count; i++) await add();
  return {
    instances,
    clock,
    add,
    close: async () => {
      for (const i of [...instances].reverse()) await i.close();
      await database.drop();
    },
  };
}
