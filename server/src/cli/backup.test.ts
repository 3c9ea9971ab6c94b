import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db, type DbHandle } from '../db/create-db.ts';
import { as, buildTestApp, signIn, type TestApp } from '../../test/helpers.ts';
import { createPerson, createTree, PASSWORD } from '../../test/factories.ts';
import { earnPoints } from '../modules/points/index.ts';
import { backupDatabase, checkIntegrity, restorePglite, restorePostgres } from './backup.ts';

/**
 * Backup and restore (issue 10 §5): a database with audit rows and points movements is backed up the way
 * docs/operations.md says, restored into a fresh database, and the copy must hold the same rows, its audit chain
 * must verify and its ledgers must balance. A row altered by hand in the copy must fail the same check.
 */
let t: TestApp;
let dir: string;
let restored: DbHandle | undefined;
let dropRestored = async () => {};

beforeAll(async () => {
  t = await buildTestApp();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gz-backup-'));
  const tree = await createTree(t.deps);
  const admin = await createPerson(t.deps, tree.districtId, '区管理员', [{ role: 'district_admin', place: tree.places.D! }]);
  const people = await Promise.all([1, 2, 3].map((i) => createPerson(t.deps, tree.districtId, `居民${i}`, [{ role: 'resident', place: tree.places['A-h1']! }])));
  await t.deps.db.insertInto('points_rules').values({ district_id: tree.districtId, rule: 'volunteer_hour', points_per_unit: 10 }).execute();
  for (const [i, p] of people.entries()) {
    await t.deps.db.transaction().execute((trx) => earnPoints(trx, {
      districtId: tree.districtId, personId: p.id, rule: 'volunteer_hour', quantity: i + 1, sourceType: 'test', sourceId: i, idempotencyKey: `backup-test:${i}`, at: t.clock.now(),
    }));
  }
  // Audit rows through the API: a sign-in and reads of the people list.
  const s = await signIn(t.app, admin.phone, PASSWORD);
  expect((await as(t.app, s).get('/api/people')).statusCode).toBe(200);
}, 120_000);

afterAll(async () => {
  await restored?.db.destroy();
  await dropRestored();
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const counts = async (db: Db) => {
  const one = async (table: 'audit_log' | 'points_entries' | 'people') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { audit: await one('audit_log'), entries: await one('points_entries'), people: await one('people') };
};

describe(`backup and restore (${process.env.TEST_DATABASE_URL ? 'PostgreSQL: pg_dump / pg_restore' : 'PGlite: data-dir dump'})`, () => {
  it('restores into a fresh database with the same rows, a verifying audit chain and balanced ledgers', async () => {
    const before = await counts(t.deps.db);
    expect(before.audit).toBeGreaterThan(0);
    expect(before.entries).toBe(3);
    expect((await checkIntegrity(t.deps.db)).ok).toBe(true);

    const file = path.join(dir, t.database.kind === 'postgres' ? 'gongzhi.dump' : 'gongzhi.tar.gz');
    if (t.database.kind === 'postgres') {
      const base = process.env.TEST_DATABASE_URL!;
      const source = new URL(base);
      source.pathname = `/${(await sql<{ name: string }>`select current_database() as name`.execute(t.deps.db)).rows[0]!.name}`;
      const { bytes } = await backupDatabase(t.database, file, source.toString());
      expect(bytes).toBeGreaterThan(0);
      const name = `gongzhi_restore_${process.pid}_${Date.now()}`;
      const admin = new pg.Client({ connectionString: base });
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.end();
      const target = new URL(base);
      target.pathname = `/${name}`;
      await restorePostgres(file, target.toString());
      restored = await createDb({ databaseUrl: target.toString(), poolSize: 2 });
      dropRestored = async () => {
        const c = new pg.Client({ connectionString: base });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      };
    } else {
      const { bytes } = await backupDatabase(t.database, file);
      expect(bytes).toBeGreaterThan(0);
      const pgdata = path.join(dir, 'restored', 'pgdata');
      await restorePglite(file, pgdata);
      await expect(restorePglite(file, pgdata)).rejects.toThrow(/not empty/);
      restored = await createDb({ dataDir: pgdata });
    }

    expect(await counts(restored.db)).toEqual(before);
    const report = await checkIntegrity(restored.db);
    expect(report).toMatchObject({ ok: true, auditChain: { ok: true, broken: null } });
    expect(report.pointsLedgers).toEqual([expect.objectContaining({ balanced: true, mismatched: 0, issued: 60 })]);
    expect(report.fundLedgers).toEqual([expect.objectContaining({ balanced: true, mismatched: 0 })]);
  }, 180_000);

  it('fails the same check once a row of the copy is altered by hand', async () => {
    await restored!.db.transaction().execute(async (trx) => {
      await sql`set local session_replication_role = replica`.execute(trx);
      await sql`update audit_log set action = 'person.read_nothing' where id = (select min(id) from audit_log)`.execute(trx);
    });
    const report = await checkIntegrity(restored!.db);
    expect(report.ok).toBe(false);
    expect(report.auditChain.broken).toMatch(/seq 1/);
  });
});
