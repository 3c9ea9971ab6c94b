import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Deps } from './context.ts';
import { claimDueTimer, deleteTimer, markTimerFired, postponeTimer, upsertTimer, upsertTimers } from './timers.repository.ts';

export { deleteTimer as cancelTimer, upsertTimer as scheduleTimer, upsertTimers as scheduleTimers };

export type DueTimer = { id: number; districtId: number; kind: string; subjectId: number; dueAt: Date };
/** Runs inside the transaction that marks the timer fired: the effect and the firing commit together or not at all. */
export type TimerHandler = (trx: Transaction<Database>, timer: DueTimer, now: Date) => Promise<void>;

/**
 * Durable timers (SLA deadlines, claim lapses …): rows in the database, claimed with FOR UPDATE SKIP LOCKED, so
 * they survive restarts, catch up on start and fire exactly once across several server instances.
 */
export class TimerRunner {
  private readonly handlers = new Map<string, TimerHandler>();
  private interval: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(private readonly deps: Deps) {}

  on(kind: string, handler: TimerHandler): void {
    this.handlers.set(kind, handler);
  }

  /** Fires every timer due at the clock's now, one transaction each; returns how many fired. */
  async runDue(max = 10_000): Promise<number> {
    let fired = 0;
    while (fired < max) {
      const now = this.deps.clock.now();
      let claimed: DueTimer | undefined;
      let failing: number | undefined;
      try {
        claimed = await this.deps.db.transaction().execute(async (trx) => {
          const row = await claimDueTimer(trx, now);
          if (!row) return undefined;
          failing = row.id;
          const timer = { id: row.id, districtId: row.district_id, kind: row.kind, subjectId: row.subject_id, dueAt: row.due_at };
          const handler = this.handlers.get(row.kind);
          if (handler) await handler(trx, timer, now);
          else this.deps.log.warn({ kind: row.kind }, 'timer of unknown kind: marked fired');
          await markTimerFired(trx, row.id, now);
          return timer;
        });
      } catch (err) {
        // A failing handler must not block the queue: log it and retry that timer in five minutes.
        this.deps.log.error({ err, timerId: failing }, 'timer handler failed');
        if (failing === undefined) throw err;
        await postponeTimer(this.deps.db, failing, new Date(now.getTime() + 5 * 60 * 1000));
        continue;
      }
      if (!claimed) break;
      fired++;
    }
    return fired;
  }

  /** Polls for due timers; one poll at a time per instance. */
  start(intervalMs = 5_000): void {
    const tick = () => {
      if (this.running) return;
      // A poll that cannot reach the database (pool wait or statement timeout under load, a restart of PostgreSQL)
      // must not become an unhandled rejection, which ends the process: log it and poll again at the next tick.
      this.running = this.runDue()
        .catch((err: unknown) => {
          this.deps.log.error({ err }, 'timer poll failed; retrying at the next tick');
          return 0;
        })
        .finally(() => (this.running = undefined));
    };
    tick();
    this.interval = setInterval(tick, intervalMs);
    this.interval.unref();
  }

  async stop(): Promise<void> {
    if (this.interval) clearInterval(this.interval);
    await this.running;
  }
}
