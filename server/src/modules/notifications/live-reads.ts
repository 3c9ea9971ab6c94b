import type { Db } from '../../db/create-db.ts';
import * as repo from './notifications.repository.ts';

/** Ids per statement: well under PostgreSQL's 65,535 parameters, and one page of the id index each. */
const IDS_PER_READ = 2_000;

type Wanted = { personId: number; ids: readonly number[]; resolve: (rows: repo.NotificationRow[]) => void; reject: (err: unknown) => void };

/**
 * The reads of live deliveries, pooled: one announcement wakes every open stream of its recipients at once (a
 * broadcast to 5,000 residents wakes 5,000), and each used to read its own rows — 5,000 statements queued on a pool
 * of 10, the last answered seconds later, and 5,000 pending reads held in memory meanwhile. Every stream's wish
 * made in the same turn of the event loop is now answered by one `id in (…)` read per 2,000 ids, whose rows are
 * handed back by person (a stream only ever receives its own person's notifications, as before).
 */
export class LiveReads {
  private pending: Wanted[] = [];
  private scheduled = false;
  /** Statements issued so far (the fan-out test and the bench read it). */
  reads = 0;

  constructor(private readonly db: Db) {}

  /** This person's notifications among `ids`, oldest first (what findForPersonByIds returns), read with the others. */
  forPerson(personId: number, ids: readonly number[]): Promise<repo.NotificationRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.pending.push({ personId, ids, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.scheduled = false;
    const all = [...new Set(batch.flatMap((w) => w.ids))];
    const byId = new Map<number, repo.NotificationRow & { person_id: number }>();
    try {
      for (let i = 0; i < all.length; i += IDS_PER_READ) {
        this.reads++;
        for (const r of await repo.findByIds(this.db, all.slice(i, i + IDS_PER_READ))) byId.set(r.id, r);
      }
    } catch (err) {
      for (const w of batch) w.reject(err);
      return;
    }
    for (const w of batch) {
      const rows: repo.NotificationRow[] = [];
      for (const id of w.ids) {
        const r = byId.get(id);
        if (r && r.person_id === w.personId) rows.push(withoutPerson(r));
      }
      w.resolve(rows.sort((a, b) => a.id - b.id));
    }
  }
}

function withoutPerson(r: repo.NotificationRow & { person_id: number }): repo.NotificationRow {
  const { person_id: _, ...row } = r;
  return row;
}

const readers = new WeakMap<Db, LiveReads>();

/** The one pooled reader of this database handle (one per app). */
export function liveReadsFor(db: Db): LiveReads {
  let r = readers.get(db);
  if (!r) readers.set(db, (r = new LiveReads(db)));
  return r;
}

/**
 * The open streams' session checks, pooled the same way: every stream used to read its own session at each
 * heartbeat, so 5,000 streams opened together read 5,000 sessions in the same second, every 20 seconds, queued
 * on the pool ahead of the next broadcast's delivery. One sweep per period now reads every watched session, 2,000
 * to a statement, and ends the streams whose session has ended or gone idle.
 */
export class SessionWatch {
  private readonly watches = new Set<{ sessionId: string; ended: () => void }>();
  private timer: NodeJS.Timeout | undefined;
  /** Statements issued so far. */
  reads = 0;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
    private readonly idleMs: number,
    private readonly everyMs: number,
  ) {}

  /** Watches one stream's session; `ended` is called once when it ends. Returns the function that stops watching. */
  add(sessionId: string, ended: () => void): () => void {
    const w = { sessionId, ended };
    this.watches.add(w);
    if (!this.timer) {
      this.timer = setInterval(() => void this.sweep().catch(() => undefined), this.everyMs);
      this.timer.unref();
    }
    return () => {
      this.watches.delete(w);
      if (this.watches.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    };
  }

  /** Reads every watched session once and ends the streams of those no longer open (a failed read ends nobody). */
  async sweep(): Promise<void> {
    const watches = [...this.watches];
    const ids = [...new Set(watches.map((w) => w.sessionId))];
    const seen = new Map<string, Date>();
    for (let i = 0; i < ids.length; i += IDS_PER_READ) {
      this.reads++;
      for (const r of await repo.findOpenSessionsSeen(this.db, ids.slice(i, i + IDS_PER_READ))) seen.set(r.id, r.last_seen_at);
    }
    const now = this.now().getTime();
    for (const w of watches) {
      const last = seen.get(w.sessionId);
      if (last && now - last.getTime() <= this.idleMs) continue;
      this.watches.delete(w);
      w.ended();
    }
  }
}

const watches = new WeakMap<Db, SessionWatch>();

/** The one session watch of this database handle (one per app). */
export function sessionWatchFor(db: Db, now: () => Date, idleMs: number, everyMs: number): SessionWatch {
  let w = watches.get(db);
  if (!w) watches.set(db, (w = new SessionWatch(db, now, idleMs, everyMs)));
  return w;
}
