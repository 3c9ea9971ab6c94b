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
