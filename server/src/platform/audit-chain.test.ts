import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditVerifyCommand } from '../cli/audit-verify.ts';
import type { Db } from '../db/create-db.ts';
import { as, buildTestApp, createTestDb, signIn, type TestApp } from '../../test/helpers.ts';
import { createPerson, createTree, PASSWORD } from '../../test/factories.ts';
import { GENESIS_HASH, verifyAuditChain } from './audit-chain.ts';
import { insertAudit } from './audit.repository.ts';

const entry = (districtId: number, i: number) => ({
  districtId,
  actorId: 7,
  action: 'test.write',
  targetType: 'thing',
  targetId: i,
  result: 'ok' as const,
  ip: '10.0.0.1',
  detail: { i, note: '小区 “引号” | pipe 1:2 ~', nested: { b: 2, a: [1, null] } },
});

/** What a tamperer with the database's superuser must do: switch triggers off (append-only and chaining alike). */
const byHand = (db: Db, statement: ReturnType<typeof sql>) =>
  db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    await statement.execute(trx);
  });

const rowAt = async (db: Db, districtId: number, seq: number) =>
  (await db.selectFrom('audit_log').select(['id', 'seq', 'hash']).where('district_id', '=', districtId).where('seq', '=', seq as never).executeTakeFirstOrThrow());

describe('the audit chain on a normal run', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('chains what the services write and verifies', async () => {
    const tree = await createTree(t.deps);
    const p = await createPerson(t.deps, tree.districtId, '专员甲', [{ role: 'commissioner', place: tree.places.A! }]);
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { phone: p.phone, password: 'Wrong@pass1' } });
    expect(wrong.statusCode).toBe(401);
    const s = await signIn(t.app, p.phone, PASSWORD);
    expect((await as(t.app, s).post('/api/auth/logout')).statusCode).toBeLessThan(300);

    const rows = await t.deps.db.selectFrom('audit_log').select(['seq', 'prev_hash', 'hash']).where('district_id', '=', tree.districtId).orderBy('seq').execute();
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);

    const report = await verifyAuditChain(t.deps.db);
    expect(report).toMatchObject({ ok: true });
    expect(report.districts.find((d) => d.districtId === tree.districtId)).toMatchObject({ rows: rows.length, headSeq: rows.length, headHash: rows.at(-1)!.hash });
    const cli = await auditVerifyCommand(t.deps.db);
    expect(cli.exitCode).toBe(0);
    expect(cli.human).toContain('audit chain intact');
  });
});

describe('the audit chain under tampering', () => {
  let db: Db;
  let drop: () => Promise<void>;
  afterEach(() => drop());
  const fresh = async (n = 6) => {
    const h = await createTestDb();
    db = h.db;
    drop = h.drop;
    for (let i = 1; i <= n; i++) await insertAudit(db, entry(1, i));
    for (let i = 1; i <= 3; i++) await insertAudit(db, entry(2, i));
    expect((await verifyAuditChain(db)).ok).toBe(true);
  };

  it('keeps one chain per district, unforked by concurrent writers', async () => {
    await fresh(0);
    await Promise.all(Array.from({ length: 24 }, (_, i) => db.transaction().execute((trx) => insertAudit(trx, entry(1 + (i % 2), 100 + i)))));
    const report = await verifyAuditChain(db);
    expect(report.broken).toBeUndefined();
    expect(report.districts.map((d) => [d.districtId, d.rows])).toEqual([[1, 12], [2, 15]]);
    // Keyset paging walks the same chain.
    expect(await verifyAuditChain(db, { pageSize: 5 })).toEqual(report);
  });

  it('names a row altered by hand', async () => {
    await fresh();
    const victim = await rowAt(db, 1, 3);
    await byHand(db, sql`update audit_log set result = 'denied' where id = ${victim.id}`);
    const report = await verifyAuditChain(db);
    expect(report.ok).toBe(false);
    expect(report.broken).toMatchObject({ districtId: 1, id: victim.id, seq: 3, reason: expect.stringContaining('altered') });
    const cli = await auditVerifyCommand(db);
    expect(cli.exitCode).toBe(3);
    expect(cli.human).toContain(`at row id ${victim.id} (seq 3)`);
  });

  it('names an altered row even when its own hash was recomputed (the next link breaks)', async () => {
    await fresh();
    const victim = await rowAt(db, 1, 2);
    await byHand(db, sql`update audit_log set detail = '{"i": 999}'::jsonb where id = ${victim.id}`);
    await byHand(db, sql`update audit_log set hash = audit_log_hash(prev_hash, audit_log) where id = ${victim.id}`);
    const next = await rowAt(db, 1, 3);
    expect((await verifyAuditChain(db)).broken).toMatchObject({ id: next.id, seq: 3, reason: expect.stringContaining('prev_hash') });
  });

  it('names the row after one deleted by hand', async () => {
    await fresh();
    const gone = await rowAt(db, 1, 4);
    const next = await rowAt(db, 1, 5);
    await byHand(db, sql`delete from audit_log where id = ${gone.id}`);
    expect((await verifyAuditChain(db)).broken).toMatchObject({ districtId: 1, id: next.id, seq: 5, reason: expect.stringContaining('expected seq 4') });
  });

  it('sees the last rows deleted by hand against the chain head', async () => {
    await fresh();
    const last = await rowAt(db, 1, 6);
    const before = await rowAt(db, 1, 5);
    await byHand(db, sql`delete from audit_log where id = ${last.id}`);
    expect((await verifyAuditChain(db)).broken).toMatchObject({ districtId: 1, id: before.id, seq: 5, reason: expect.stringContaining('head says seq 6') });
  });

  it('names a row inserted by hand', async () => {
    await fresh();
    const head = await rowAt(db, 1, 6);
    // A forged row at the end, with a plausible link to the real last row…
    await byHand(db, sql`insert into audit_log (district_id, actor_id, action, result, seq, prev_hash, hash)
      values (1, 7, 'test.forged', 'ok', 7, ${head.hash}, ${'f'.repeat(64)})`);
    const forged = await db.selectFrom('audit_log').select('id').where('action', '=', 'test.forged').executeTakeFirstOrThrow();
    expect((await verifyAuditChain(db)).broken).toMatchObject({ districtId: 1, id: forged.id, seq: 7, reason: expect.stringContaining('past the chain head') });
  });

  it('names a row slipped into the middle by renumbering the rows after it', async () => {
    await fresh();
    const at3 = await rowAt(db, 1, 3);
    await byHand(db, sql`update audit_log set seq = seq + 100 where district_id = 1 and seq >= 3`);
    await byHand(db, sql`update audit_log set seq = seq - 99 where district_id = 1 and seq >= 103`);
    await byHand(db, sql`insert into audit_log (district_id, actor_id, action, result, seq, prev_hash, hash)
      values (1, 7, 'test.forged', 'ok', 3, ${(await rowAt(db, 1, 2)).hash}, ${at3.hash})`);
    const forged = await db.selectFrom('audit_log').select('id').where('action', '=', 'test.forged').executeTakeFirstOrThrow();
    expect((await verifyAuditChain(db)).broken).toMatchObject({ districtId: 1, id: forged.id, seq: 3, reason: expect.stringContaining('altered') });
  });
});
