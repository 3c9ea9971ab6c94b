import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, buildTestApp, signIn, type Session, type TestApp } from '../../../test/helpers.ts';
import { createPerson, createTree, PASSWORD } from '../../../test/factories.ts';
import { earnPoints, ledgerSummaryOf, reversePoints, type EarnInput } from './index.ts';

let t: TestApp;
let tree: Awaited<ReturnType<typeof createTree>>;
let admin: Session;
let street: Session;
let resident: { id: number; session: Session };
let phones: { admin: string; street: string; resident: string };

/** Sessions end after 30 idle minutes: sign in again after moving the clock. */
async function signInAll() {
  admin = await signIn(t.app, phones.admin, PASSWORD);
  street = await signIn(t.app, phones.street, PASSWORD);
  resident.session = await signIn(t.app, phones.resident, PASSWORD);
}

beforeAll(async () => {
  t = await buildTestApp();
  tree = await createTree(t.deps);
  const p = tree.places;
  const a = await createPerson(t.deps, tree.districtId, '区管理员', [{ role: 'district_admin', place: p.D! }]);
  const s = await createPerson(t.deps, tree.districtId, '街道赵', [{ role: 'street_admin', place: p.S1! }]);
  const r = await createPerson(t.deps, tree.districtId, '居民周', [{ role: 'resident', place: p['A-h1']! }]);
  phones = { admin: a.phone, street: s.phone, resident: r.phone };
  resident = { id: r.id, session: undefined as unknown as Session };
  await signInAll();
});
afterAll(() => t.close());

const putRules = (who: Session, body: unknown, key: string) =>
  t.app.inject({ method: 'PUT', url: '/api/points/rules', headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'idempotency-key': key }, payload: body as object });

const earn = (over: Partial<EarnInput> = {}) =>
  t.deps.db.transaction().execute((trx) => earnPoints(trx, {
    districtId: tree.districtId, personId: resident.id, rule: 'volunteer_hour', quantity: 2.5, sourceType: 'volunteer_record', sourceId: 1,
    idempotencyKey: 'volunteer_record:1', at: t.clock.now(), ...over,
  }));

describe('points ledger (积分)', () => {
  it('earns nothing where the district has no rule, and says so', async () => {
    expect(await earn()).toEqual({ status: 'no_rule', rule: 'volunteer_hour' });
    expect((await as(t.app, resident.session).get('/api/me/points')).json()).toEqual({ balance: 0, expiring: null, rules: [] });
  });

  it('lets only the district admin set rules; each write needs a key, and a reused key with another body is refused', async () => {
    const body = { rules: [{ rule: 'volunteer_hour', pointsPerUnit: 10, active: true }, { rule: 'wish_fulfilled', pointsPerUnit: 5, active: true }], expiryDays: 365 };
    expect((await putRules(street, body, 'rules-key-0001')).statusCode).toBe(403);
    const missing = await as(t.app, admin).patch('/api/points/rules', body);
    expect(missing.statusCode).toBe(404); // only PUT exists
    const noKey = await t.app.inject({ method: 'PUT', url: '/api/points/rules', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf }, payload: body });
    expect(noKey.statusCode).toBe(400);
    expect(noKey.json().code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    const ok = await putRules(admin, body, 'rules-key-0001');
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ rules: [{ rule: 'volunteer_hour', pointsPerUnit: 10, active: true }, { rule: 'wish_fulfilled', pointsPerUnit: 5, active: true }], expiryDays: 365 });
    const again = await putRules(admin, body, 'rules-key-0001');
    expect(again.json()).toEqual(ok.json());
    const other = await putRules(admin, { ...body, expiryDays: 30 }, 'rules-key-0001');
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await as(t.app, admin).get('/api/points/rules')).json().expiryDays).toBe(365);
  });

  it('earns by the rule (rounded down), once per key, and shows balance, expiry and history', async () => {
    const first = await earn();
    expect(first).toMatchObject({ status: 'earned', points: 25, balance: 25 });
    expect(await earn()).toEqual({ status: 'duplicate', entryId: (first as { entryId: number }).entryId, points: 25 });
    await expect(earn({ quantity: 3 })).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await earn({ rule: 'deliberation_attended', quantity: 1, idempotencyKey: 'delib:1' })).toEqual({ status: 'no_rule', rule: 'deliberation_attended' });
    expect(await earn({ rule: 'volunteer_hour', quantity: 0.05, idempotencyKey: 'volunteer_record:2' })).toEqual({ status: 'zero', rule: 'volunteer_hour' });
    t.clock.advance(86_400_000);
    expect(await earn({ rule: 'wish_fulfilled', quantity: 1, sourceType: 'wish', sourceId: 7, idempotencyKey: 'wish:7' })).toMatchObject({ status: 'earned', points: 5, balance: 30 });
    await signInAll();

    const mine = (await as(t.app, resident.session).get('/api/me/points')).json();
    expect(mine).toEqual({
      balance: 30,
      expiring: { points: 25, at: new Date(Date.parse('2026-11-23T02:00:00Z') + 365 * 86_400_000).toISOString() },
      rules: [{ rule: 'volunteer_hour', pointsPerUnit: 10 }, { rule: 'wish_fulfilled', pointsPerUnit: 5 }],
    });
    const history = (await as(t.app, resident.session).get('/api/me/points/entries')).json();
    expect(history.total).toBe(2);
    expect(history.items.map((e: { kind: string; points: number; counterparty: { kind: string } }) => [e.kind, e.points, e.counterparty.kind])).toEqual([['earn', 5, 'issuance'], ['earn', 25, 'issuance']]);
  });

  it('expires what an earning has left on its day, through the durable timer', async () => {
    t.clock.advance(365 * 86_400_000 - 86_400_000 + 1000);
    expect(await t.timers.runDue()).toBe(1);
    await signInAll();
    expect((await as(t.app, resident.session).get('/api/me/points')).json()).toMatchObject({ balance: 5, expiring: { points: 5 } });
    const summary = await ledgerSummaryOf(t.deps.db, tree.districtId);
    expect(summary).toMatchObject({ issued: 30, heldByPeople: 5, heldByMerchants: 0, mismatched: 0, balanced: true });
    expect(summary.totals).toEqual(expect.arrayContaining([{ kind: 'earn', total: 30, count: 2 }, { kind: 'expire', total: 25, count: 1 }]));
  });

  it('shows the journal and the summary to the district admin only', async () => {
    expect((await as(t.app, street).get('/api/points/journal')).statusCode).toBe(403);
    const j = await as(t.app, admin).get('/api/points/journal?kind=expire');
    expect(j.statusCode, j.body).toBe(200);
    expect(j.json().items).toEqual([expect.objectContaining({ kind: 'expire', amount: 25, debit: expect.objectContaining({ kind: 'person', name: '居民周' }), credit: expect.objectContaining({ kind: 'expiry', name: '积分到期' }) })]);
    expect((await as(t.app, admin).get('/api/points/summary')).json()).toMatchObject({ mismatched: 0, balanced: true });
  });

  it('reverses only what the person still holds (冲正), reports the rest, and the ledger still balances', async () => {
    const reverse = () => t.deps.db.transaction().execute((trx) => reversePoints(trx, {
      districtId: tree.districtId, personId: resident.id, amount: 8, sourceType: 'volunteer_hours', sourceId: '9', idempotencyKey: 'volunteer_hours:9:reverse',
      at: t.clock.now(), createdBy: resident.id, memo: '测试冲正',
    }));
    expect(await reverse()).toEqual({ reversed: 5, shortfall: 3 });
    expect((await as(t.app, resident.session).get('/api/me/points')).json()).toMatchObject({ balance: 0 });
    expect(await ledgerSummaryOf(t.deps.db, tree.districtId)).toMatchObject({ issued: 25, heldByPeople: 0, mismatched: 0, balanced: true });
    expect(await reverse()).toEqual({ reversed: 0, shortfall: 8 }); // nothing left to take; nothing goes negative
  });

  it('refuses to change or delete an entry, whoever asks', async () => {
    await expect(t.deps.db.updateTable('points_entries').set({ amount: 1 }).execute()).rejects.toThrow(/append-only/);
    await expect(t.deps.db.deleteFrom('points_entries').execute()).rejects.toThrow(/append-only/);
  });
});
