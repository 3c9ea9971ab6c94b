import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { createDb } from '../../db/create-db.ts';
import type { Deps } from '../../platform/context.ts';
import { notifyPerson } from '../../platform/notifications.ts';
import { createPersonalDataCipher } from '../../platform/personal-data.ts';
import { as, CapturingSmsSender, createTestDb, signIn, testClock, type Session } from '../../../test/helpers.ts';
import { createPerson, createTree, PASSWORD } from '../../../test/factories.ts';
import { usePostgres } from '../../../test/template.ts';
import type { OutboundChannel, OutboundNotice } from './index.ts';
import { liveReadsFor, sessionWatchFor } from './live-reads.ts';
import { IDLE_TIMEOUT_MS } from '../../platform/auth/session-token.ts';

class CapturingOutbound implements OutboundChannel {
  readonly sent: { personId: number; notice: OutboundNotice }[] = [];
  async send(personId: number, notice: OutboundNotice): Promise<void> {
    this.sent.push({ personId, notice });
  }
}

type Database = Awaited<ReturnType<typeof createTestDb>>;

/** An app like buildTestApp's, but on a given database, with a capturing outbound channel. */
async function startApp(database: Omit<Database, 'drop'>, clock = testClock()) {
  const outbound = new CapturingOutbound();
  const config = { ...loadConfig({}), logLevel: 'silent' as const };
  const cipher = createPersonalDataCipher(KEY);
  const built = await buildApp({ config, database, cipher, clock, sms: new CapturingSmsSender(), outbound, logger: false, webDist: null });
  await built.app.listen({ port: 0, host: '127.0.0.1' });
  return { ...built, clock, outbound, port: (built.app.server.address() as AddressInfo).port };
}
const KEY = crypto.randomBytes(32);

type SseEvent = { id?: string; event?: string; data?: string };

/** A real EventSource-like client over node:http (inject cannot stream). */
function openStream(port: number, session: Session, lastEventId?: number) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; events: SseEvent[]; comments: string[]; ended: Promise<void>; next(pred: (e: SseEvent) => boolean, ms?: number): Promise<SseEvent>; close(): void }>((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/api/events/stream', headers: { cookie: session.cookie, accept: 'text/event-stream', ...(lastEventId !== undefined ? { 'last-event-id': String(lastEventId) } : {}) } }, (res) => {
      const events: SseEvent[] = [];
      const comments: string[] = [];
      const waiters: { pred: (e: SseEvent) => boolean; done: (e: SseEvent) => void }[] = [];
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buf += chunk;
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const e: SseEvent = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else if (line.startsWith('id: ')) e.id = line.slice(4);
            else if (line.startsWith('event: ')) e.event = line.slice(7);
            else if (line.startsWith('data: ')) e.data = line.slice(6);
          }
          if (e.event) {
            events.push(e);
            for (const w of [...waiters]) if (w.pred(e)) { waiters.splice(waiters.indexOf(w), 1); w.done(e); }
          }
        }
      });
      const ended = new Promise<void>((r) => res.on('close', () => r()));
      resolve({
        status: res.statusCode!, headers: res.headers, events, comments, ended,
        next: (pred, ms = 10_000) => {
          const found = events.find(pred);
          if (found) return Promise.resolve(found);
          return new Promise((done, fail) => {
            const timer = setTimeout(() => fail(new Error(`no matching event within ${ms} ms; got ${JSON.stringify(events)}`)), ms);
            waiters.push({ pred, done: (e) => { clearTimeout(timer); done(e); } });
          });
        },
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const isRaised = (e: SseEvent) => e.event === 'notification' && JSON.parse(e.data!).kind === 'request.raised';

async function seed(deps: Deps) {
  const tree = await createTree(deps);
  const p = tree.places;
  const mk = async (name: string, roles: Parameters<typeof createPerson>[3]) => (await createPerson(deps, tree.districtId, name, roles)).phone;
  const phones = {
    resident: await mk('居民张', [{ role: 'resident', place: p['A-h1']! }]),
    commissioner: await mk('专员王', [{ role: 'commissioner', place: p.A! }]),
    commissioner2: await mk('专员钱', [{ role: 'commissioner', place: p.A! }]),
    commissionerB: await mk('专员吴', [{ role: 'commissioner', place: p.B! }]),
    communityWorker: await mk('社工陈', [{ role: 'community_worker', place: p.C1! }]),
    streetS2: await mk('街道赵', [{ role: 'street_admin', place: p.S2! }]),
  };
  return { tree, phones };
}

let db: Database;
let a: Awaited<ReturnType<typeof startApp>>;
let s: Awaited<ReturnType<typeof seed>>;
let resident: Session;
let commissioner: Session;
let commissioner2: Session;
let commissionerB: Session;
let communityWorker: Session;
let streetS2: Session;
let repairs: number;

async function signInAll() {
  const si = (k: keyof typeof s.phones) => signIn(a.app, s.phones[k], PASSWORD);
  resident = await si('resident');
  commissioner = await si('commissioner');
  commissioner2 = await si('commissioner2');
  commissionerB = await si('commissionerB');
  communityWorker = await si('communityWorker');
  streetS2 = await si('streetS2');
}

beforeAll(async () => {
  db = await createTestDb();
  a = await startApp(db);
  s = await seed(a.deps);
  await signInAll();
  repairs = (await as(a.app, resident).get('/api/request-categories')).json().find((c: { code: string }) => c.code === 'repairs').id;
});
afterAll(async () => {
  await a.app.close();
  await db.drop();
});

const raise = (description: string) =>
  as(a.app, resident).post('/api/me/requests', { compoundId: s.tree.places.A!.id, categoryId: repairs, type: 'help', description });

describe('notifications inbox', () => {
  it('lists the caller’s own, newest first, keyset-paged; marks one or all read', async () => {
    for (const d of ['一号楼灯坏了', '二号楼漏水', '三号楼电梯异响']) expect((await raise(d)).statusCode).toBe(201);
    const c = as(a.app, commissioner);
    const first = (await c.get('/api/notifications?limit=2')).json();
    expect(first.items.map((n: { body: string }) => n.body)).toEqual(['三号楼电梯异响', '二号楼漏水']);
    expect(first.items[0]).toMatchObject({ kind: 'request.raised', readAt: null, link: expect.stringMatching(/^\/requests\/\d+$/) });
    expect(first.unreadCount).toBe(3);
    const second = (await c.get(`/api/notifications?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.items.map((n: { body: string }) => n.body)).toEqual(['一号楼灯坏了']);
    expect(second.nextCursor).toBeNull();

    // Another person's notification is not there to read.
    const others = (await as(a.app, commissioner2).get('/api/notifications')).json();
    expect((await c.post(`/api/notifications/${others.items[0].id}/read`)).statusCode).toBe(404);

    const read = (await c.post(`/api/notifications/${first.items[1].id}/read`)).json();
    expect(read.readAt).toBe(a.clock.now().toISOString());
    const unread = (await c.get('/api/notifications?unread=true')).json();
    expect(unread.items).toHaveLength(2);
    expect(unread.unreadCount).toBe(2);
    expect((await c.post('/api/notifications/read-all')).json()).toEqual({ updated: 2 });
    expect((await c.get('/api/notifications?unread=true')).json()).toMatchObject({ items: [], unreadCount: 0 });
    expect((await a.app.inject('/api/notifications')).statusCode).toBe(401);
  });
});

describe('call my commissioner (一键呼叫专员)', () => {
  it('gives a resident the commissioners’ names and phones, records the call and notifies them', async () => {
    const res = await as(a.app, resident).post('/api/me/commissioner-calls', { compoundId: s.tree.places.A!.id });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().commissioners).toEqual(expect.arrayContaining([{ name: '专员王', phone: s.phones.commissioner }, { name: '专员钱', phone: s.phones.commissioner2 }]));
    expect(res.json().commissioners).toHaveLength(2);
    const note = (await as(a.app, commissioner).get('/api/notifications?limit=1')).json().items[0];
    expect(note).toMatchObject({ kind: 'commissioner.called', title: '居民 居民张 呼叫专员', body: 'A小区' });
    // Not a resident of compound B; staff cannot use the resident's button.
    expect((await as(a.app, resident).post('/api/me/commissioner-calls', { compoundId: s.tree.places.B!.id })).json().code).toBe('NOT_A_RESIDENT');
    expect((await as(a.app, commissioner).post('/api/me/commissioner-calls', { compoundId: s.tree.places.A!.id })).json().code).toBe('FORBIDDEN');

    // Staff see the calls in their places only.
    const mine = (await as(a.app, commissioner).get('/api/commissioner-calls')).json();
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0]).toMatchObject({ compoundId: s.tree.places.A!.id, compoundName: 'A小区', residentName: '居民张', calledAt: a.clock.now().toISOString() });
    expect((await as(a.app, communityWorker).get(`/api/commissioner-calls?placeId=${s.tree.places.C1!.id}`)).json().items).toHaveLength(1);
    expect((await as(a.app, commissionerB).get('/api/commissioner-calls')).json().items).toHaveLength(0);
    expect((await as(a.app, streetS2).get(`/api/commissioner-calls?placeId=${s.tree.places.A!.id}`)).statusCode).toBe(404);
    expect((await as(a.app, resident).get('/api/commissioner-calls')).statusCode).toBe(403);

    // Keyset paging.
    a.clock.advance(60_000);
    await as(a.app, resident).post('/api/me/commissioner-calls', { compoundId: s.tree.places.A!.id });
    const page1 = (await as(a.app, commissioner).get('/api/commissioner-calls?limit=1')).json();
    const page2 = (await as(a.app, commissioner).get(`/api/commissioner-calls?limit=1&cursor=${page1.nextCursor}`)).json();
    expect(page2.items[0].id).toBe(mine.items[0].id);
    expect(page2.items[0].calledAt < page1.items[0].calledAt).toBe(true);
    expect(page2.nextCursor).toBeNull();
  });
});

describe('real time (SSE)', () => {
  it('streams a new request to the commissioner as it is raised; Last-Event-ID replays only what is newer', async () => {
    const stream = await openStream(a.port, commissioner);
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(stream.headers['cache-control']).toBe('no-cache, no-transform');
    expect(stream.headers['x-accel-buffering']).toBe('no');
    await sleep(200); // subscribed and at its starting point
    // Nothing old is replayed without Last-Event-ID (the inbox already holds it).
    expect(stream.events).toHaveLength(0);

    expect((await raise('四号楼门禁坏了')).statusCode).toBe(201);
    const first = await stream.next(isRaised);
    expect(first.id).toMatch(/^\d+$/);
    expect(JSON.parse(first.data!)).toMatchObject({ id: Number(first.id), kind: 'request.raised', body: '四号楼门禁坏了' });
    // Someone else's stream does not get it.
    stream.close();
    await stream.ended;

    // While disconnected: two more.
    await raise('五号楼路灯不亮');
    await raise('六号楼垃圾未清运');
    const again = await openStream(a.port, commissioner, Number(first.id));
    const sixth = await again.next((e) => isRaised(e) && JSON.parse(e.data!).body === '六号楼垃圾未清运');
    const bodies = again.events.map((e) => JSON.parse(e.data!).body);
    expect(bodies).toEqual(['五号楼路灯不亮', '六号楼垃圾未清运']);
    expect(Number(sixth.id)).toBeGreaterThan(Number(first.id));

    // Live again after the replay.
    await raise('七号楼水压低');
    await again.next((e) => isRaised(e) && JSON.parse(e.data!).body === '七号楼水压低');
    again.close();
  });

  it('delivers at commit and never on rollback', async () => {
    const stream = await openStream(a.port, resident);
    await sleep(200);
    await a.deps.db.transaction().execute(async (trx) => {
      await notifyPerson(trx, s.tree.districtId, resident.personId, { kind: 'test.committed', title: '提交了' }, a.clock.now());
    });
    await a.deps.db.transaction().execute(async (trx) => {
      await notifyPerson(trx, s.tree.districtId, resident.personId, { kind: 'test.rolled_back', title: '回滚了' }, a.clock.now());
      throw new Error('roll back');
    }).catch(() => undefined);
    await a.deps.db.transaction().execute(async (trx) => {
      await notifyPerson(trx, s.tree.districtId, resident.personId, { kind: 'test.after', title: '之后' }, a.clock.now());
    });
    await stream.next((e) => JSON.parse(e.data!).kind === 'test.after');
    expect(stream.events.map((e) => JSON.parse(e.data!).kind)).toEqual(['test.committed', 'test.after']);
    stream.close();
  });

  it('one broadcast to many streams costs one read, and every stream gets its own notifications only', async () => {
    const people = [resident, commissioner, commissioner2, commissionerB, communityWorker];
    // Two streams of the same commissioner (a phone and a workbench tab) both get it.
    const streams = await Promise.all([...people, commissioner].map((p) => openStream(a.port, p)));
    await sleep(300); // every stream at its starting point
    const reader = liveReadsFor(a.deps.db);
    const before = reader.reads;
    await a.deps.db.transaction().execute(async (trx) => {
      for (const p of people) await notifyPerson(trx, s.tree.districtId, p.personId, { kind: 'test.broadcast', title: `给${p.personId}` }, a.clock.now());
    });
    const got = await Promise.all(streams.map((st) => st.next((e) => e.event === 'notification' && JSON.parse(e.data!).kind === 'test.broadcast')));
    expect(got.map((e) => JSON.parse(e.data!).title)).toEqual([...people, commissioner].map((p) => `给${p.personId}`));
    await sleep(200);
    for (const st of streams) expect(st.events.filter((e) => JSON.parse(e.data!).kind === 'test.broadcast')).toHaveLength(1);
    expect(reader.reads - before).toBe(1);
    for (const st of streams) st.close();
  });

  it('checks every open stream’s session in one sweep, and ends the streams of a signed-out session only', async () => {
    const leaving = await signIn(a.app, s.phones.resident, PASSWORD);
    const streams = await Promise.all([leaving, commissioner, commissioner2, commissionerB].map((p) => openStream(a.port, p)));
    await sleep(200);
    expect((await as(a.app, leaving).post('/api/auth/logout', {})).statusCode).toBeLessThan(300);
    const watch = sessionWatchFor(a.deps.db, () => a.clock.now(), IDLE_TIMEOUT_MS, 20_000);
    const before = watch.reads;
    await watch.sweep();
    expect(watch.reads - before).toBe(1);
    await streams[0]!.next((e) => e.event === 'session-ended');
    await streams[0]!.ended;
    await sleep(100);
    for (const st of streams.slice(1)) expect(st.events.some((e) => e.event === 'session-ended')).toBe(false);
    for (const st of streams.slice(1)) st.close();
  });

  it('needs a session', async () => {
    const res = await new Promise<http.IncomingMessage>((r) => http.get({ host: '127.0.0.1', port: a.port, path: '/api/events/stream' }, r));
    expect(res.statusCode).toBe(401);
    res.resume();
  });

  it('sends escalations and whistles to the outbound channel once, after the commit', async () => {
    await raise('小区门口道路塌陷');
    const before = a.outbound.sent.length;
    a.clock.advance(31 * 60_000); // past the 30-minute response limit: escalated to the community
    await a.timers.runDue();
    const escalated = a.outbound.sent.slice(before);
    expect(escalated.length).toBeGreaterThanOrEqual(1);
    expect(escalated.every((x) => x.notice.kind === 'request.escalated')).toBe(true);
    expect(escalated.map((x) => x.personId)).toContain(communityWorker.personId);
    // request.raised is in-app only.
    expect(a.outbound.sent.some((x) => x.notice.kind === 'request.raised')).toBe(false);
    expect(await a.timers.runDue()).toBe(0);
    expect(a.outbound.sent.length).toBe(before + escalated.length);
    await signInAll();
  });

  it('ends open streams when the app closes', async () => {
    const other = await startApp(db);
    const stream = await openStream(other.port, commissioner);
    await sleep(100);
    await other.app.close();
    await stream.ended;
  });
});

describe.runIf(usePostgres())('real time across instances (PostgreSQL LISTEN/NOTIFY)', () => {
  it('a request raised through one instance reaches a stream on another, also after the listener reconnects', async () => {
    const url = new URL((db.pool!.options as { connectionString: string }).connectionString);
    const second = await createDb({ databaseUrl: url.toString(), poolSize: 2 });
    const b = await startApp(second, a.clock);
    try {
      const stream = await openStream(b.port, commissioner);
      await sleep(300);
      await raise('跨实例：八号楼漏水');
      await stream.next((e) => isRaised(e) && JSON.parse(e.data!).body === '跨实例：八号楼漏水');

      // Drop every listener connection: both instances reconnect with backoff and catch up.
      const killed = await sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query ilike 'listen %'`.execute(a.deps.db);
      expect(killed.rows.length).toBe(2);
      await sleep(100);
      await raise('跨实例：断线期间');
      await stream.next((e) => isRaised(e) && JSON.parse(e.data!).body === '跨实例：断线期间', 15_000);
      await raise('跨实例：重连之后');
      await stream.next((e) => isRaised(e) && JSON.parse(e.data!).body === '跨实例：重连之后', 15_000);
      stream.close();
    } finally {
      await b.app.close();
      await second.db.destroy();
    }
  });
});
