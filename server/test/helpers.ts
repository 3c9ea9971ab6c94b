import crypto from 'node:crypto';
import fs from 'node:fs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createDb, type DbHandle } from '../src/db/create-db.ts';
import type { Clock, Deps } from '../src/platform/context.ts';
import type { TimerRunner } from '../src/platform/timers.ts';
import { createPersonalDataCipher, type PersonalDataCipher } from '../src/platform/personal-data.ts';
import type { SmsSender } from '../src/platform/sms.ts';
import { TEMPLATE_DB, TEMPLATE_FILE, usePostgres } from './template.ts';

/** A fresh database migrated from the run's template: PGlite loaded from a dump, or a PostgreSQL copy. */
export async function createTestDb(): Promise<DbHandle & { drop(): Promise<void> }> {
  if (usePostgres()) {
    const url = process.env.TEST_DATABASE_URL!;
    const name = `gongzhi_t_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name} template ${TEMPLATE_DB}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${name}`;
    const h = await createDb({ databaseUrl: u.toString(), poolSize: 10 });
    return {
      ...h,
      drop: async () => {
        await h.db.destroy();
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
  }
  const h = await createDb({ dataDir: 'memory://', loadDataDir: new Blob([fs.readFileSync(TEMPLATE_FILE)]) });
  return { ...h, drop: () => h.db.destroy() };
}

/** A clock the test moves by hand. */
export function testClock(start = new Date('2026-11-23T02:00:00Z')): Clock & { advance(ms: number): void; set(d: Date): void } {
  let t = start.getTime();
  return { now: () => new Date(t), advance: (ms) => void (t += ms), set: (d) => void (t = d.getTime()) };
}

/** Keeps the texts it would have sent, so a test can read an SMS code. */
export class CapturingSmsSender implements SmsSender {
  readonly sent: { phone: string; text: string }[] = [];
  async send(phone: string, text: string): Promise<void> {
    this.sent.push({ phone, text });
  }
  lastCodeFor(phone: string): string | undefined {
    return [...this.sent].reverse().find((m) => m.phone === phone)?.text.match(/\d{6}/)?.[0];
  }
}

export type TestApp = {
  app: FastifyInstance;
  deps: Deps;
  /** The database handle itself (its kind, and the PGlite instance for dumps). */
  database: DbHandle;
  clock: ReturnType<typeof testClock>;
  sms: CapturingSmsSender;
  timers: TimerRunner;
  close(): Promise<void>;
};

export async function buildTestApp(options: { config?: Partial<ReturnType<typeof loadConfig>>; cipher?: PersonalDataCipher } = {}): Promise<TestApp> {
  const database = await createTestDb();
  const clock = testClock();
  const sms = new CapturingSmsSender();
  const cipher = options.cipher ?? createPersonalDataCipher(crypto.randomBytes(32));
  const config = { ...loadConfig({}), logLevel: 'silent' as const, ...options.config };
  const { app, deps, timers } = await buildApp({ config, database, cipher, clock, sms, logger: false, webDist: null });
  await app.ready();
  return {
    app,
    deps,
    database,
    clock,
    sms,
    timers,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

export type Session = { cookie: string; csrf: string; personId: number };

export async function signIn(app: FastifyInstance, phone: string, password: string): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { phone, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in failed for ${phone}: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'gz_session')!;
  const body = res.json() as { csrfToken: string; person: { id: number } };
  return { cookie: `gz_session=${cookie.value}`, csrf: body.csrfToken, personId: body.person.id };
}

/** An authenticated request as `session`, with the CSRF header on writes. */
export function as(app: FastifyInstance, session: Session) {
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown): Promise<LightMyRequestResponse> =>
    app.inject({
      method,
      url,
      headers: { cookie: session.cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': session.csrf }) },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  return {
    get: (url: string) => call('GET', url),
    post: (url: string, payload?: unknown) => call('POST', url, payload ?? {}),
    patch: (url: string, payload: unknown) => call('PATCH', url, payload),
    delete: (url: string) => call('DELETE', url),
  };
}
