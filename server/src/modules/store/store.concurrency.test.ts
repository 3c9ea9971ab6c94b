import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Session, type TestApp } from '../../../test/helpers.ts';
import { createPerson, createTree, PASSWORD } from '../../../test/factories.ts';
import { usePostgres } from '../../../test/template.ts';
import { ledgerSummaryOf } from '../points/index.ts';
import { giveHours, openShop, send, setHourRate } from './store-fixture.ts';

/**
 * Issue 5's concurrency check, on PGlite (default suite) and PostgreSQL (`npm run test:pg`): 200 concurrent
 * redemptions by 50 residents of an item with stock 10.
 */
let t: TestApp;
let tree: Awaited<ReturnType<typeof createTree>>;
let residents: { id: number; session: Session }[];
let shop: Awaited<ReturnType<typeof openShop>>;
const PRICE = 10;

beforeAll(async () => {
  t = await buildTestApp();
  tree = await createTree(t.deps);
  const worker = await createPerson(t.deps, tree.districtId, '社工陈', [{ role: 'community_worker', place: tree.places.C1! }]);
  shop = await openShop(t, tree.districtId, tree.places.C1!, await signIn(t.app, worker.phone, PASSWORD), { title: '爱心大米5kg', pricePoints: PRICE, stock: 10 });
  await setHourRate(t, tree.districtId, 10);
  residents = [];
  for (let i = 0; i < 50; i++) {
    const p = await createPerson(t.deps, tree.districtId, `居民${i}`, [{ role: 'resident', place: tree.places[i % 2 ? 'A-h1' : 'B-h2']! }]);
    // Every fifth resident can afford nothing (5 points); the others up to three redemptions (30 points).
    await giveHours(t, tree.districtId, p.id, i % 5 === 0 ? 0.5 : 3);
    residents.push({ id: p.id, session: await signIn(t.app, p.phone, PASSWORD) });
  }
}, 600_000);
afterAll(() => t.close());

async function state() {
  const db = t.deps.db;
  const balances = await db.selectFrom('points_accounts').select(['kind', 'balance']).where('district_id', '=', tree.districtId).where('balance', 'is not', null).execute();
  const stock = (await db.selectFrom('store_listings').select('stock').where('id', '=', shop.listingId).executeTakeFirstOrThrow()).stock;
  const vouchers = await db.selectFrom('store_vouchers').select(['id', 'person_id', 'status']).orderBy('id').execute();
  const entries = Number((await db.selectFrom('points_entries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { balances, stock, vouchers, entries, summary: await ledgerSummaryOf(db, tree.districtId) };
}

describe(`200 concurrent redemptions of stock 10 (${usePostgres() ? 'PostgreSQL' : 'PGlite'})`, () => {
  const requests = () => Array.from({ length: 200 }, (_, n) => ({ who: residents[n % 50]!, key: `storm-key-${n}` }));
  let first: { status: number; body: string }[];
  let before: Awaited<ReturnType<typeof state>>;

  it('lets exactly 10 succeed, conserves the points, and leaves nothing negative', async () => {
    before = await state();
    const total = (s: typeof before) => s.balances.reduce((n, b) => n + Number(b.balance), 0);
    first = await Promise.all(requests().map(async (r) => {
      const res = await send(t, r.who.session, 'POST', `/api/store/listings/${shop.listingId}/redeem`, r.key);
      return { status: res.statusCode, body: res.body };
    }));
    const ok = first.filter((r) => r.status === 201);
    expect(ok).toHaveLength(10);
    const refused = first.filter((r) => r.status !== 201).map((r) => [r.status, JSON.parse(r.body).code]);
    expect(refused).toHaveLength(190);
    for (const [status, code] of refused) expect([409, ['OUT_OF_STOCK', 'INSUFFICIENT_POINTS']]).toEqual([status, expect.arrayContaining([code])]);

    const after = await state();
    expect(after.stock).toBe(0);
    expect(after.vouchers).toHaveLength(10);
    expect(total(after)).toBe(total(before)); // conservation: points only moved between residents and the merchant
    expect(after.balances.every((b) => Number(b.balance) >= 0)).toBe(true);
    expect(after.balances.filter((b) => b.kind === 'merchant').map((b) => Number(b.balance))).toEqual([10 * PRICE]);
    expect(after.summary).toMatchObject({ mismatched: 0, balanced: true, heldByMerchants: 10 * PRICE });
    // Nobody paid without a voucher, nobody got a voucher they could not pay for.
    const poor = new Set(residents.filter((_, i) => i % 5 === 0).map((r) => r.id));
    expect(after.vouchers.some((v) => poor.has(v.person_id))).toBe(false);
    expect(after.entries - before.entries).toBe(10);
  });

  it('changes nothing when every request is replayed with its key, concurrently', async () => {
    const before2 = await state();
    const again = await Promise.all(requests().map(async (r) => {
      const res = await send(t, r.who.session, 'POST', `/api/store/listings/${shop.listingId}/redeem`, r.key);
      return { status: res.statusCode, body: res.body };
    }));
    // Each success answers its first voucher again; each refusal is refused again (stock is gone).
    first.forEach((f, i) => {
      if (f.status === 201) expect(again[i]).toEqual(f);
      else expect(again[i]!.status).toBe(409);
    });
    expect(await state()).toEqual(before2);
  });

  it('cancels all ten concurrently (holders and merchant racing on each): stock and points return exactly once', async () => {
    const vouchers = await t.deps.db.selectFrom('store_vouchers').select(['id', 'person_id']).execute();
    const results = await Promise.all(vouchers.flatMap((v) => {
      const holder = residents.find((r) => r.id === v.person_id)!;
      return [
        send(t, holder.session, 'POST', `/api/store/vouchers/${v.id}/cancel`, `cancel-holder-${v.id}`),
        send(t, shop.session, 'POST', `/api/store/vouchers/${v.id}/cancel`, `cancel-merchant-${v.id}`),
      ];
    }));
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(10);
    expect(results.filter((r) => r.statusCode === 409).map((r) => r.json().code)).toEqual(Array(10).fill('VOUCHER_CLOSED'));
    const after = await state();
    expect(after.stock).toBe(10);
    expect(after.summary).toMatchObject({ mismatched: 0, balanced: true, heldByMerchants: 0, heldByPeople: before.summary.heldByPeople });
  });
});
