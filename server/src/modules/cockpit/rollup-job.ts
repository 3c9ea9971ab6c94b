import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/create-db.ts';
import type { Executor } from '../../platform/audit.repository.ts';
import type { Clock } from '../../platform/context.ts';
import { beijingDay } from './days.ts';
import { ROLLUP_SOURCES, rowsInRange, rowsWithIds, type RollupSource } from './rollup-sources.ts';
import * as repo from './rollup.repository.ts';
import { rollupsChanged } from './summary-cache.ts';

/** Longer than any transaction may stay open (statement and idle-in-transaction timeouts are far below it). */
export const SETTLE_MS = 10 * 60 * 1000;
const BATCH = 5_000;
const COVERAGE = 'coverage';

export type RollupRun = { applied: number; snapshots: number };

/**
 * Applies one batch of one source; returns the ids it applied (none: caught up, or another instance holds the
 * cursor). A rebuild passes `after`, the last id it applied in its own transaction, so it never rescans them.
 */
async function applyBatch(trx: Executor, districtId: number, source: RollupSource, now: Date, after?: number): Promise<number[]> {
  const cursor = await repo.lockCursor(trx, districtId, source.name);
  if (!cursor) return [];
  const ids = await repo.pendingIds(trx, source.table, districtId, source.name, Math.max(cursor.low_water, after ?? 0), BATCH, source.only);
  if (ids.length > 0) {
    await repo.applyRunning(trx, districtId, await repo.addDeltas(trx, districtId, source.deltas(rowsWithIds(ids))));
    await repo.markApplied(trx, districtId, source.name, ids, now);
  }
  await repo.advanceLowWater(trx, districtId, source.name, new Date(now.getTime() - SETTLE_MS));
  return ids;
}

/** Coverage gauges: every day since the last snapshot is taken again at its end (today: as of now). */
async function snapshotDays(trx: Executor, districtId: number, now: Date): Promise<number> {
  const cursor = await repo.lockCursor(trx, districtId, COVERAGE);
  if (!cursor) return 0;
  const today = beijingDay(now);
  const first = cursor.snapshot_day ?? (await repo.firstDay(trx, districtId)) ?? today;
  const days = await repo.snapshotCoverage(trx, districtId, first < today ? first : today, today, now);
  await repo.setSnapshotDay(trx, districtId, COVERAGE, today);
  return days;
}

/**
 * The rollup job: brings every district's rollups up to date with what its sources hold. Each batch commits with
 * its cursor and the ids it applied, so a row is counted exactly once however often, and on however many
 * instances, the job runs (the cursor row is locked; a second instance skips it).
 */
export async function runRollups(db: Db, clock: Clock): Promise<RollupRun> {
  const run: RollupRun = { applied: 0, snapshots: 0 };
  for (const { district_id: districtId } of await repo.districtIds(db)) {
    for (const source of ROLLUP_SOURCES) {
      for (;;) {
        const n = (await db.transaction().execute((trx) => applyBatch(trx, districtId, source, clock.now()))).length;
        run.applied += n;
        if (n < BATCH) break;
      }
    }
    run.snapshots += await db.transaction().execute((trx) => snapshotDays(trx, districtId, clock.now()));
  }
  rollupsChanged();
  return run;
}

/** Source ids a rebuild statement covers at most (bounds one statement's work and lets it report progress). */
const REBUILD_SPAN = 1_000_000;

/**
 * Recomputes a district's rollups from the source tables, set-based: per source, one INSERT … SELECT … GROUP BY per
 * span of a million ids, then the running gauges as running sums, then the coverage snapshots. First the highest id
 * of every source is read while writers are held back for an instant (settledMaxIds), so every row up to it is
 * visible to the rebuild and the cursors start there with no list of applied ids; rows written meanwhile are above
 * it and the job applies them afterwards. One transaction: readers see the old numbers until the new ones are
 * complete.
 */
export async function rebuildRollups(db: Db, clock: Clock, districtId: number, onProgress?: (source: string, applied: number) => void): Promise<RollupRun> {
  const maxIds = await repo.settledMaxIds(db, [...new Set(ROLLUP_SOURCES.map((s) => s.table))]);
  const run = await db.transaction().execute(async (trx) => {
    await repo.clearDistrict(trx, districtId);
    const run: RollupRun = { applied: 0, snapshots: 0 };
    for (const source of ROLLUP_SOURCES) {
      const top = maxIds.get(source.table) ?? 0;
      const first = await repo.firstId(trx, source.table, districtId);
      if (first > 0) for (let after = Math.max(0, first - 1); after < top; after += REBUILD_SPAN) {
        const upTo = Math.min(top, after + REBUILD_SPAN);
        await repo.addDeltas(trx, districtId, source.deltas(rowsInRange(districtId, after, upTo)));
        run.applied += await repo.countInRange(trx, source.table, districtId, after, upTo);
        onProgress?.(source.name, run.applied);
      }
      await repo.setLowWater(trx, districtId, source.name, top);
    }
    await repo.rebuildRunning(trx, districtId);
    run.snapshots = await snapshotDays(trx, districtId, clock.now());
    return run;
  });
  // The planner's statistics of the rewritten tables, now (autovacuum would get there later, PGlite never): with
  // the old ones it may read a rebuilt table as if it were still empty. VACUUM too: see analyzeRollups.
  await repo.analyzeRollups(db);
  rollupsChanged();
  return run;
}

/** Runs the job every `intervalMs` while the server listens; one run at a time per instance. */
export class RollupPoller {
  private interval: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private readonly afterRun: ((db: Db, clock: Clock) => Promise<void>)[] = [];

  constructor(private readonly db: Db, private readonly clock: Clock, private readonly log: FastifyBaseLogger) {}

  /** Work to do after each run (alerts read the fresh rollups). */
  then(step: (db: Db, clock: Clock) => Promise<void>): void {
    this.afterRun.push(step);
  }

  async runOnce(): Promise<RollupRun> {
    const run = await runRollups(this.db, this.clock);
    for (const step of this.afterRun) await step(this.db, this.clock);
    return run;
  }

  start(intervalMs = 10_000): void {
    const tick = () => {
      if (this.running) return;
      this.running = this.runOnce()
        .catch((err: unknown) => this.log.error({ err }, 'cockpit rollup failed; retrying at the next tick'))
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
