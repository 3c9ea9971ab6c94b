import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, buildTestApp, signIn, type Session, type TestApp } from '../../../test/helpers.ts';
import { createPerson, createTree, PASSWORD } from '../../../test/factories.ts';
import { ledgerSummaryOf } from '../points/index.ts';
import { giveHours, send, setHourRate } from './store-fixture.ts';

let t: TestApp;
let tree: Awaited<ReturnType<typeof createTree>>;
let s: Record<'worker' | 'workerC3' | 'owner' | 'alice' | 'bob', Session>;
let ids: Record<keyof typeof s, number>;
let merchantId: number;
let listingId: number;

beforeAll(async () => {
  t = await buildTestApp();
  tree = await createTree(t.deps);
  const p = tree.places;
  const people = {
    worker: await createPerson(t.deps, tree.districtId, '社工陈', [{ role: 'community_worker', place: p.C1! }]),
    workerC3: await createPerson(t.deps, tree.districtId, '社工丙', [{ role: 'community_worker', place: p.C3! }]),
    owner: await createPerson(t.deps, tree.districtId, '店主李', [{ role: 'resident', place: p['A-h2']! }]),
    alice: await createPerson(t.deps, tree.districtId, '居民周', [{ role: 'resident', place: p['A-h1']! }]),
    bob: await createPerson(t.deps, tree.districtId, '居民吴', [{ role: 'resident', place: p['B-h1']! }]),
  };
  ids = Object.fromEntries(Object.entries(people).map(([k, v]) => [k, v.id])) as typeof ids;
  s = Object.fromEntries(await Promise.all(Object.entries(people).map(async ([k, v]) => [k, await signIn(t.app, v.phone, PASSWORD)]))) as typeof s;
  await setHourRate(t, tree.districtId, 10);
  await giveHours(t, tree.districtId, ids.alice, 5); // 50
  await giveHours(t, tree.districtId, ids.bob, 1); // 10
});
afterAll(() => t.close());

describe('contribution store (贡享超市)', () => {
  it('takes an application from a resident and lets only the community in reach decide it', async () => {
    const res = await send(t, s.owner, 'POST', '/api/store/merchants', 'apply-0001', { kind: 'talent', name: '李师傅修家电', description: '小家电维修', placeId: tree.places.C1!.id });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'talent', name: '李师傅修家电', status: 'pending', place: { id: tree.places.C1!.id }, owner: { id: ids.owner } });
    merchantId = res.json().id;
    expect((await send(t, s.owner, 'POST', '/api/store/merchants', 'apply-0001', { kind: 'talent', name: '李师傅修家电', description: '小家电维修', placeId: tree.places.C1!.id })).json().id).toBe(merchantId);
    expect(await t.deps.db.selectFrom('store_merchants').select('id').execute()).toHaveLength(1);

    // Not approved yet: no listing.
    expect((await send(t, s.owner, 'POST', `/api/store/merchants/${merchantId}/listings`, 'list-0001', { kind: 'service', title: '上门修电饭煲', pricePoints: 20, stock: 3 })).json().code).toBe('MERCHANT_NOT_APPROVED');
    expect((await send(t, s.workerC3, 'POST', `/api/store/merchants/${merchantId}/decision`, 'dec-0001', { decision: 'approve' })).statusCode).toBe(404);
    expect((await send(t, s.alice, 'POST', `/api/store/merchants/${merchantId}/decision`, 'dec-0002', { decision: 'approve' })).statusCode).toBe(403);
    const reject = await send(t, s.worker, 'POST', `/api/store/merchants/${merchantId}/decision`, 'dec-0003', { decision: 'reject' });
    expect(reject.statusCode).toBe(400); // a rejection needs a reason
    const ok = await send(t, s.worker, 'POST', `/api/store/merchants/${merchantId}/decision`, 'dec-0004', { decision: 'approve' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().status).toBe('approved');
    const again = await send(t, s.worker, 'POST', `/api/store/merchants/${merchantId}/decision`, 'dec-0005', { decision: 'approve' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('MERCHANT_DECIDED');
    expect((await as(t.app, s.worker).get('/api/store/merchants?status=approved')).json().total).toBe(1);
    expect((await as(t.app, s.workerC3).get('/api/store/merchants')).json().total).toBe(0);
    expect((await as(t.app, s.owner).get('/api/me/store/merchants')).json().items[0].status).toBe('approved');
  });

  it('lists a service on the shelf; only its owner edits it, and stock never goes below zero', async () => {
    const res = await send(t, s.owner, 'POST', `/api/store/merchants/${merchantId}/listings`, 'list-0002', { kind: 'service', title: '上门修电饭煲', pricePoints: 20, stock: 2 });
    expect(res.statusCode, res.body).toBe(201);
    listingId = res.json().id;
    expect((await send(t, s.alice, 'PATCH', `/api/store/listings/${listingId}`, 'edit-0001', { stockDelta: 5 })).statusCode).toBe(404);
    expect((await send(t, s.owner, 'PATCH', `/api/store/listings/${listingId}`, 'edit-0002', { stockDelta: -3 })).statusCode).toBe(400);
    const shelf = (await as(t.app, s.alice).get('/api/store/listings')).json();
    expect(shelf).toMatchObject({ total: 1, items: [{ id: listingId, title: '上门修电饭煲', pricePoints: 20, stock: 2, merchant: { name: '李师傅修家电', kind: 'talent' } }] });
  });

  it('redeems: takes stock and points, issues a voucher whose QR link only the holder sees; a retry with the same key gives the same voucher', async () => {
    expect((await send(t, s.alice, 'POST', `/api/store/listings/${listingId}/redeem`, null)).json().code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    const res = await send(t, s.alice, 'POST', `/api/store/listings/${listingId}/redeem`, 'redeem-alice-1');
    expect(res.statusCode, res.body).toBe(201);
    const v = res.json();
    expect(v).toMatchObject({ title: '上门修电饭煲', pricePoints: 20, status: 'issued', holder: { id: ids.alice, name: '居民周' } });
    expect(v.fulfilUrl).toMatch(/^\/h5\/store\/fulfil\/[A-Za-z0-9_-]{24}$/);
    const replay = await send(t, s.alice, 'POST', `/api/store/listings/${listingId}/redeem`, 'redeem-alice-1');
    expect(replay.statusCode).toBe(201);
    expect(replay.json()).toEqual(v);
    expect((await send(t, s.alice, 'POST', `/api/store/listings/${listingId + 1000}/redeem`, 'redeem-alice-1')).statusCode).toBe(422);
    expect((await as(t.app, s.alice).get('/api/me/points')).json().balance).toBe(30);
    expect((await as(t.app, s.alice).get(`/api/store/listings/${listingId}`)).json().stock).toBe(1);
    const history = (await as(t.app, s.alice).get('/api/me/points/entries')).json();
    expect(history.items[0]).toMatchObject({ kind: 'redeem', points: -20, counterparty: { kind: 'merchant', name: '李师傅修家电' }, sourceType: 'store_voucher', sourceId: String(v.id) });

    // Bob has 10 points: not enough, and nothing is taken.
    const poor = await send(t, s.bob, 'POST', `/api/store/listings/${listingId}/redeem`, 'redeem-bob-1');
    expect(poor.statusCode).toBe(409);
    expect(poor.json()).toMatchObject({ code: 'INSUFFICIENT_POINTS', message: '积分不足：需要 20 分，当前可用 10 分。' });
    expect((await as(t.app, s.alice).get(`/api/store/listings/${listingId}`)).json().stock).toBe(1);

    // The merchant opens the QR link and fulfils it; the holder cannot, and the points leave the merchant for the sink.
    const token = v.fulfilUrl.split('/').at(-1);
    expect((await as(t.app, s.alice).get(`/api/store/fulfil/${token}`)).statusCode).toBe(404);
    const seen = await as(t.app, s.owner).get(`/api/store/fulfil/${token}`);
    expect(seen.json()).toMatchObject({ id: v.id, status: 'issued', holder: { name: '居民周' }, fulfilUrl: null });
    const done = await send(t, s.owner, 'POST', `/api/store/fulfil/${token}`, 'fulfil-0001');
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'fulfilled', fulfilledAt: t.clock.now().toISOString() });
    expect((await send(t, s.owner, 'POST', `/api/store/fulfil/${token}`, 'fulfil-0001')).json()).toEqual(done.json());
    const twice = await send(t, s.owner, 'POST', `/api/store/fulfil/${token}`, 'fulfil-0002');
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('VOUCHER_CLOSED');
    expect((await send(t, s.alice, 'POST', `/api/store/vouchers/${v.id}/cancel`, 'cancel-0001')).json().code).toBe('VOUCHER_CLOSED');
  });

  it('cancels an unfulfilled voucher: stock and points return; sold out means sold out', async () => {
    const v = (await send(t, s.alice, 'POST', `/api/store/listings/${listingId}/redeem`, 'redeem-alice-2')).json();
    expect((await as(t.app, s.alice).get('/api/me/points')).json().balance).toBe(10);
    const out = await send(t, s.alice, 'POST', `/api/store/listings/${listingId}/redeem`, 'redeem-alice-3');
    expect(out.json().code).toBe('OUT_OF_STOCK');
    expect((await send(t, s.bob, 'POST', `/api/store/vouchers/${v.id}/cancel`, 'cancel-bob-1')).statusCode).toBe(404);
    const c = await send(t, s.owner, 'POST', `/api/store/vouchers/${v.id}/cancel`, 'cancel-owner-1');
    expect(c.statusCode, c.body).toBe(200);
    expect(c.json().status).toBe('cancelled');
    expect((await as(t.app, s.alice).get('/api/me/points')).json().balance).toBe(30);
    expect((await as(t.app, s.alice).get(`/api/store/listings/${listingId}`)).json().stock).toBe(1);
    const mine = (await as(t.app, s.alice).get('/api/me/store/vouchers')).json();
    expect(mine.items.map((x: { status: string }) => x.status)).toEqual(['cancelled', 'fulfilled']);
    const notice = await t.deps.db.selectFrom('notifications').select('title').where('person_id', '=', ids.alice).where('kind', '=', 'store.voucher.cancelled').execute();
    expect(notice).toEqual([{ title: '商家取消了兑换，积分已退回：上门修电饭煲' }]);
  });

  it('suspending a merchant takes its shelf away', async () => {
    const sus = await send(t, s.worker, 'POST', `/api/store/merchants/${merchantId}/decision`, 'dec-0006', { decision: 'suspend', note: '居民投诉核实中' });
    expect(sus.json().status).toBe('suspended');
    expect((await as(t.app, s.alice).get('/api/store/listings')).json().total).toBe(0);
    expect((await send(t, s.alice, 'POST', `/api/store/listings/${listingId}/redeem`, 'redeem-alice-4')).json().code).toBe('MERCHANT_NOT_APPROVED');
    await send(t, s.worker, 'POST', `/api/store/merchants/${merchantId}/decision`, 'dec-0007', { decision: 'approve' });
  });

  it('reports settlement per merchant and period from the ledger, and the ledger reconciles', async () => {
    const day = t.clock.now().toISOString().slice(0, 10);
    const res = await as(t.app, s.worker).get(`/api/store/settlement?from=${day}&to=${day}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      items: [{ merchant: { id: merchantId, name: '李师傅修家电' }, fulfilled: 1, fulfilledPoints: 20, cancelled: 1, outstanding: 0, outstandingPoints: 0 }],
      totals: { fulfilled: 1, fulfilledPoints: 20, cancelled: 1 },
    });
    expect((await as(t.app, s.worker).get('/api/store/settlement?from=2026-01-01&to=2026-01-31')).json().totals.fulfilled).toBe(0);
    expect((await as(t.app, s.alice).get(`/api/store/settlement?from=${day}&to=${day}`)).statusCode).toBe(403);
    const summary = await ledgerSummaryOf(t.deps.db, tree.districtId);
    expect(summary).toMatchObject({ issued: 60, heldByPeople: 40, heldByMerchants: 0, mismatched: 0, balanced: true });
  });
});
