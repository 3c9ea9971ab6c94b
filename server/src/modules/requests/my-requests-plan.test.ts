import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDb } from '../../../test/helpers.ts';
import { mineQuery } from './requests.repository.ts';

/**
 * 我的诉求 must not read the whole requests table: at 319,000 requests the `resident_id or raised_by` filter
 * without an index on raised_by was a sequential scan (8 requests/s, see docs/performance.md, mix bench). With
 * sequential scans priced out, the plan must reach both sides through their indexes.
 */
let db: Awaited<ReturnType<typeof createTestDb>>;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(() => db.drop());

it('my requests finds both the requests I raised and those raised for me by index', async () => {
  const plan = await db.db.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx);
    return (await mineQuery(trx, 1, 100).explain()).map((r) => Object.values(r)[0]).join('\n');
  });
  expect(plan).toContain('requests_raised_by');
  expect(plan).toContain('requests_resident');
  expect(plan).not.toMatch(/Seq Scan on requests/);
});
