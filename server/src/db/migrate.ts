import { Migrator, type Migration, type MigrationResultSet } from 'kysely';
import { unboundedSession, type Db } from './create-db.ts';
import * as foundation from './migrations/2026-11-23-0001-foundation.ts';
import * as requests from './migrations/2026-11-23-0002-requests.ts';
import * as readIndexes from './migrations/2026-11-23-0003-read-indexes.ts';
import * as calls from './migrations/2026-11-23-0004-calls.ts';
import * as open311 from './migrations/2026-11-23-0005-open311.ts';
import * as openQueueIndexes from './migrations/2026-11-23-0006-open-queue-indexes.ts';
import * as queuePerformance from './migrations/2026-11-23-0008-queue-performance.ts';
import * as micros from './migrations/2026-11-23-0011-micros.ts';
import * as volunteering from './migrations/2026-11-23-0010-volunteering.ts';
import * as pointsStore from './migrations/2026-11-23-0009-points-store.ts';
import * as security from './migrations/2026-11-23-0012-security.ts';
import * as pointsReversal from './migrations/2026-11-24-0017-points-reversal.ts';
import * as totp from './migrations/2026-11-24-0018-totp.ts';
import * as partyCharity from './migrations/2026-11-24-0016-party-charity.ts';
import * as deliberation from './migrations/2026-11-24-0013-deliberation.ts';
import * as cockpit from './migrations/2026-11-24-0015-cockpit.ts';
import * as projects from './migrations/2026-11-24-0014-projects.ts';
import * as projectsGaps from './migrations/2026-11-24-0021-projects-gaps.ts';
import * as cockpitGauges from './migrations/2026-11-24-0019-cockpit-gauges.ts';
import * as conventionsCommittees from './migrations/2026-11-24-0020-conventions-committees.ts';
import * as bench from './migrations/2026-11-24-0024-bench.ts';
import * as cockpitCovering from './migrations/2026-11-24-0025-cockpit.ts';

/** Listed explicitly (no directory scan) so the list is the same under tsx, bundlers and tests. */
const migrations: Record<string, Migration> = {
  '2026-11-23-0001-foundation': foundation,
  '2026-11-23-0002-requests': requests,
  '2026-11-23-0003-read-indexes': readIndexes,
  '2026-11-23-0004-calls': calls,
  '2026-11-23-0005-open311': open311,
  '2026-11-23-0006-open-queue-indexes': openQueueIndexes,
  '2026-11-23-0008-queue-performance': queuePerformance,
  '2026-11-23-0011-micros': micros,
  '2026-11-23-0010-volunteering': volunteering,
  '2026-11-23-0009-points-store': pointsStore,
  '2026-11-23-0012-security': security,
  '2026-11-24-0017-points-reversal': pointsReversal,
  '2026-11-24-0018-totp': totp,
  '2026-11-24-0016-party-charity': partyCharity,
  '2026-11-24-0013-deliberation': deliberation,
  '2026-11-24-0015-cockpit': cockpit,
  '2026-11-24-0014-projects': projects,
  '2026-11-24-0021-projects-gaps': projectsGaps,
  '2026-11-24-0019-cockpit-gauges': cockpitGauges,
  '2026-11-24-0020-conventions-committees': conventionsCommittees,
  '2026-11-24-0024-bench': bench,
  '2026-11-24-0025-cockpit': cockpitCovering,
};

/**
 * Brings the schema up to date. Kysely's Postgres adapter takes an advisory lock for the run, so several
 * instances starting at once migrate once and the others wait, then find nothing to do. On PostgreSQL this runs
 * on its own connection without the serving pool's statement timeout: an index build on a big table, or waiting
 * for another instance's migration, may take minutes.
 */
export async function migrateToLatest(db: Db): Promise<MigrationResultSet> {
  const own = unboundedSession(db);
  try {
    // Modules land their migrations in parallel, so a database may have run 0009 before 0008 exists: run the missing
    // one rather than refuse to start.
    const migrator = new Migrator({ db: own ?? db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true });
    const result = await migrator.migrateToLatest();
    if (result.error) throw result.error;
    return result;
  } finally {
    await own?.destroy();
  }
}
