import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import type { DbHandle } from '../db/create-db.ts';
import type { Executor } from './audit.repository.ts';
import { upsertTimer } from './timers.repository.ts';

/** The one channel new notifications are announced on; the payload is {"n": [[notificationId, personId], …]}. */
export const LIVE_CHANNEL = 'gongzhi_notifications';
/** NOTIFY payloads must stay under 8000 bytes: about 20 bytes a pair leaves ample room. */
const PAIRS_PER_NOTIFY = 300;

/** Kinds worth pushing beyond the app (SMS, WeChat Work): the ones that mean someone must act now. */
export const OUTBOUND_KINDS: readonly string[] = ['request.escalated', 'whistle'];
/** A durable timer per outbound notification: fired once across instances, after the commit, retried on failure. */
export const OUTBOUND_TIMER = 'notification.outbound';

/**
 * Announces notifications just inserted in `db`'s transaction: `pg_notify` (PostgreSQL and PGlite deliver it at
 * commit, and never on rollback) wakes the open event streams of every instance; kinds in OUTBOUND_KINDS also get
 * an outbound timer, so they reach the outbound channel exactly once.
 */
export async function announceNotifications(db: Executor, districtId: number, rows: readonly { id: number; person_id: number }[], kind: string, now: Date): Promise<void> {
  for (let i = 0; i < rows.length; i += PAIRS_PER_NOTIFY) {
    const payload = JSON.stringify({ n: rows.slice(i, i + PAIRS_PER_NOTIFY).map((r) => [r.id, r.person_id]) });
    await sql`select pg_notify(${LIVE_CHANNEL}, ${payload})`.execute(db);
  }
  if (!OUTBOUND_KINDS.includes(kind)) return;
  for (const r of rows) await upsertTimer(db, { districtId, kind: OUTBOUND_TIMER, subjectId: r.id, dueAt: now });
}

/** One open event stream of one person: told which new notifications to send, or to catch up after a gap. */
export type LiveSubscriber = {
  /** New notifications of this person (ids, in the order they were announced). */
  deliver(ids: number[]): void;
  /** Announcements may have been missed (the listener reconnected): read what is newer than what was sent. */
  resync(): void;
  /** The app is closing: end the stream. */
  end(): void;
};

type Listener = { stop(): Promise<void> };

/**
 * Fan-out of new notifications to the event streams open on this instance. On PostgreSQL one dedicated client
 * LISTENs (reconnecting with backoff when it drops, then asking every stream to catch up); on PGlite the embedded
 * instance's own LISTEN, which sees the NOTIFYs of its single connection at commit.
 */
export class LiveHub {
  private readonly subscribers = new Map<number, Set<LiveSubscriber>>();
  private listener: Listener | undefined;
  private closed = false;

  constructor(
    private readonly database: Pick<DbHandle, 'kind' | 'pglite' | 'pool'>,
    private readonly log: FastifyBaseLogger,
    private readonly backoff = { initialMs: 500, maxMs: 30_000 },
  ) {}

  async start(): Promise<void> {
    if (this.database.kind === 'postgres') this.listener = await this.listenPostgres();
    else this.listener = await this.listenPglite();
  }

  /** Registers a stream of `personId`; returns the function that removes it. */
  subscribe(personId: number, s: LiveSubscriber): () => void {
    let set = this.subscribers.get(personId);
    if (!set) this.subscribers.set(personId, (set = new Set()));
    set.add(s);
    return () => {
      set.delete(s);
      if (set.size === 0 && this.subscribers.get(personId) === set) this.subscribers.delete(personId);
    };
  }

  /** How many streams are open on this instance. */
  get streamCount(): number {
    let n = 0;
    for (const set of this.subscribers.values()) n += set.size;
    return n;
  }

  /** Ends every open stream (before the server closes, or it would wait for them) and stops listening. */
  async close(): Promise<void> {
    this.closed = true;
    for (const set of [...this.subscribers.values()]) for (const s of [...set]) s.end();
    this.subscribers.clear();
    await this.listener?.stop();
    this.listener = undefined;
  }

  /** Parses one announcement and hands each person's ids to their streams; a bad payload is logged, not thrown. */
  dispatch(payload: string): void {
    let pairs: [number, number][];
    try {
      pairs = (JSON.parse(payload) as { n: [number, number][] }).n;
      if (!Array.isArray(pairs)) throw new Error('no pairs');
    } catch (err) {
      this.log.warn({ err, payload: payload.slice(0, 200) }, 'live: unreadable notification announcement');
      return;
    }
    const byPerson = new Map<number, number[]>();
    for (const [id, personId] of pairs) {
      if (!this.subscribers.has(personId)) continue;
      const ids = byPerson.get(personId) ?? [];
      ids.push(id);
      byPerson.set(personId, ids);
    }
    for (const [personId, ids] of byPerson) for (const s of this.subscribers.get(personId) ?? []) s.deliver(ids);
  }

  private resyncAll(): void {
    for (const set of this.subscribers.values()) for (const s of set) s.resync();
  }

  private async listenPglite(): Promise<Listener> {
    const pglite = this.database.pglite!;
    // Started by buildApp before any request, so the LISTEN cannot land inside somebody's open transaction.
    const unlisten = await pglite.listen(LIVE_CHANNEL, (payload) => this.dispatch(payload));
    return {
      stop: async () => {
        if (!pglite.closed) await unlisten().catch(() => undefined);
      },
    };
  }

  private async listenPostgres(): Promise<Listener> {
    const options = this.database.pool!.options as pg.ClientConfig;
    let client: pg.Client | undefined;
    let retry: NodeJS.Timeout | undefined;
    let attempt = 0;
    let stopped = false;

    const connect = async (): Promise<void> => {
      const c = new pg.Client({ ...options, keepAlive: true });
      // A dropped connection shows as 'error' and/or 'end'; either way, start again after a pause.
      const lost = (err?: Error) => {
        if (client !== c) return;
        client = undefined;
        c.removeAllListeners('notification');
        c.end().catch(() => undefined);
        if (stopped || this.closed) return;
        this.log.warn({ err }, 'live: notification listener lost its connection; reconnecting');
        schedule();
      };
      c.on('error', lost);
      c.on('end', () => lost());
      c.on('notification', (m) => {
        if (m.channel === LIVE_CHANNEL && m.payload) this.dispatch(m.payload);
      });
      client = c;
      try {
        await c.connect();
        await c.query(`listen ${LIVE_CHANNEL}`);
      } catch (err) {
        lost(err as Error);
        return;
      }
      if (attempt > 0) {
        this.log.info({ attempts: attempt }, 'live: notification listener reconnected');
        this.resyncAll();
      }
      attempt = 0;
    };

    const schedule = () => {
      const delay = Math.min(this.backoff.maxMs, this.backoff.initialMs * 2 ** attempt) * (0.75 + Math.random() * 0.5);
      attempt++;
      retry = setTimeout(() => void connect(), delay);
      retry.unref();
    };

    await connect();
    return {
      stop: async () => {
        stopped = true;
        if (retry) clearTimeout(retry);
        const c = client;
        client = undefined;
        if (c) await c.end().catch(() => undefined);
      },
    };
  }
}
