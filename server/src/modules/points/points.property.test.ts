import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type TestApp } from '../../../test/helpers.ts';
import { createPerson, createTree, nextPhone, PASSWORD } from '../../../test/factories.ts';
import type { Caller } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { insertPerson } from '../people/people.repository.ts';
import { insertListing } from '../store/store.repository.ts';
import * as store from '../store/store.service.ts';
import { openShop } from '../store/store-fixture.ts';
import { earnPoints, ledgerSummaryOf } from './index.ts';

/**
 * Random sequences of earn / redeem / cancel / fulfil / expire (and replays) against a model of the ledger: after
 * every step each balance, lot and stock equals the model's, nothing is negative, every stored balance equals the
 * sum of its entries and the journal balances.
 */
const EXPIRY_DAYS = 10;
const RATE = 10;
const DAY = 86_400_000;

let t: TestApp;
let districtId: number;
let shop: Awaited<ReturnType<typeof openShop>>;
let runNo = 0;

beforeAll(async () => {
  t = await buildTestApp();
  const tree = await createTree(t.deps);
  districtId = tree.districtId;
  const worker = await createPerson(t.deps, districtId, '社工陈', [{ role: 'community_worker', place: tree.places.C1! }]);
  shop = await openShop(t, districtId, tree.places.C1!, await signIn(t.app, worker.phone, PASSWORD), { title: '占位', pricePoints: 1, stock: 0 });
  await t.deps.db.insertInto('points_rules').values({ district_id: districtId, rule: 'volunteer_hour', points_per_unit: RATE, active: true, updated_by: null }).execute();
  await t.deps.db.insertInto('points_settings').values({ district_id: districtId, expiry_days: EXPIRY_DAYS, updated_by: null }).execute();
});
afterAll(() => t.close());

type Op =
  | { t: 'earn'; p: number; hours: number }
  | { t: 'redeem'; p: number; l: number }
  | { t: 'replay' }
  | { t: 'cancel'; v: number; byMerchant: boolean }
  | { t: 'fulfil'; v: number }
  | { t: 'advance'; days: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ t: fc.constant('earn' as const), p: fc.nat(2), hours: fc.integer({ min: 1, max: 6 }) }), weight: 3 },
  { arbitrary: fc.record({ t: fc.constant('redeem' as const), p: fc.nat(2), l: fc.nat(1) }), weight: 4 },
  { arbitrary: fc.constant({ t: 'replay' as const }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('cancel' as const), v: fc.nat(30), byMerchant: fc.boolean() }), weight: 2 },
  { arbitrary: fc.record({ t: fc.constant('fulfil' as const), v: fc.nat(30) }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('advance' as const), days: fc.integer({ min: 1, max: 7 }) }), weight: 2 },
);

type Lot = { seq: number; remaining: number; expiresAt: number };
type Voucher = { id: number; p: number; l: number; price: number; status: 'issued' | 'fulfilled' | 'cancelled'; draws: { lot: Lot; amount: number }[]; token: string };

const callerOf = (personId: number): Caller => ({ personId, districtId, name: '', sessionId: '', csrfToken: '', roles: [], ip: null });

async function attempt<T>(f: () => Promise<T>): Promise<T | string> {
  try {
    return await f();
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
}

describe('points ledger against a model (fast-check)', () => {
  it('keeps balances, lots and stock equal to the model through random earn / redeem / cancel / fulfil / expire', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), async (ops) => {
        runNo += 1;
        const people: number[] = [];
        for (let i = 0; i < 3; i++) {
          const phone = nextPhone();
          people.push(await insertPerson(t.deps.db, { districtId, name: `模型居民${runNo}-${i}`, phoneCipher: t.deps.cipher.encrypt(phone), phoneHash: t.deps.cipher.lookupHash('phone', phone), idNumberCipher: null, idNumberHash: null, flagsCipher: null, passwordHash: null }));
        }
        const now0 = t.clock.now();
        const listings = [
          { id: await insertListing(t.deps.db, { district_id: districtId, merchant_id: shop.merchantId, kind: 'goods', title: `米${runNo}`, description: '', price_points: 15, stock: 3, created_at: now0, updated_at: now0 }), price: 15, stock: 3 },
          { id: await insertListing(t.deps.db, { district_id: districtId, merchant_id: shop.merchantId, kind: 'service', title: `理发${runNo}`, description: '', price_points: 40, stock: 2, created_at: now0, updated_at: now0 }), price: 40, stock: 2 },
        ];
        const lots: Lot[][] = [[], [], []];
        const vouchers: Voucher[] = [];
        let lotSeq = 0;
        let keySeq = 0;
        let lastRedeem: { p: number; l: number; key: string; answer: unknown } | undefined;
        const balance = (p: number) => lots[p]!.reduce((n, l) => n + l.remaining, 0);

        for (const op of ops) {
          const now = t.clock.now().getTime();
          if (op.t === 'earn') {
            keySeq += 1;
            const r = await t.deps.db.transaction().execute((trx) => earnPoints(trx, {
              districtId, personId: people[op.p]!, rule: 'volunteer_hour', quantity: op.hours, sourceType: 'model', sourceId: keySeq, idempotencyKey: `model:${runNo}:${keySeq}`, at: t.clock.now(),
            }));
            expect(r).toMatchObject({ status: 'earned', points: op.hours * RATE });
            lots[op.p]!.push({ seq: ++lotSeq, remaining: op.hours * RATE, expiresAt: now + EXPIRY_DAYS * DAY });
          } else if (op.t === 'redeem') {
            const key = `redeem-${runNo}-${++keySeq}`;
            const l = listings[op.l]!;
            const r = await attempt(() => store.redeem(t.deps, callerOf(people[op.p]!), l.id, key));
            if (l.stock === 0) expect(r).toBe('OUT_OF_STOCK');
            else if (balance(op.p) < l.price) expect(r).toBe('INSUFFICIENT_POINTS');
            else {
              expect(r).toMatchObject({ status: 'issued', pricePoints: l.price });
              l.stock -= 1;
              // Soonest to expire first, then oldest.
              const open = lots[op.p]!.filter((x) => x.remaining > 0).sort((a, b) => a.expiresAt - b.expiresAt || a.seq - b.seq);
              let left = l.price;
              const draws: Voucher['draws'] = [];
              for (const lot of open) {
                if (left === 0) break;
                const take = Math.min(left, lot.remaining);
                lot.remaining -= take;
                left -= take;
                draws.push({ lot, amount: take });
              }
              const v = r as Awaited<ReturnType<typeof store.redeem>>;
              vouchers.push({ id: v.id, p: op.p, l: op.l, price: l.price, status: 'issued', draws, token: v.fulfilUrl!.split('/').at(-1)! });
            }
            lastRedeem = { p: op.p, l: op.l, key, answer: r };
          } else if (op.t === 'replay') {
            if (!lastRedeem) continue;
            const r = await attempt(() => store.redeem(t.deps, callerOf(people[lastRedeem!.p]!), listings[lastRedeem!.l]!.id, lastRedeem!.key));
            // A success answers the same voucher; a refusal stored nothing and is decided afresh by the same rules.
            if (typeof lastRedeem.answer !== 'string') expect(r).toEqual(lastRedeem.answer);
            else if (typeof r !== 'string') {
              // The state changed since (points earned or stock returned): the retry is a new redemption. Rare; the model follows.
              const l = listings[lastRedeem.l]!;
              l.stock -= 1;
              const open = lots[lastRedeem.p]!.filter((x) => x.remaining > 0).sort((a, b) => a.expiresAt - b.expiresAt || a.seq - b.seq);
              let left = l.price;
              const draws: Voucher['draws'] = [];
              for (const lot of open) {
                if (left === 0) break;
                const take = Math.min(left, lot.remaining);
                lot.remaining -= take;
                left -= take;
                draws.push({ lot, amount: take });
              }
              vouchers.push({ id: r.id, p: lastRedeem.p, l: lastRedeem.l, price: l.price, status: 'issued', draws, token: r.fulfilUrl!.split('/').at(-1)! });
              lastRedeem.answer = r;
            }
          } else if (op.t === 'cancel' || op.t === 'fulfil') {
            if (vouchers.length === 0) continue;
            const v = vouchers[op.v % vouchers.length]!;
            const key = `${op.t}-${runNo}-${++keySeq}`;
            const r = op.t === 'cancel'
              ? await attempt(() => store.cancel(t.deps, callerOf(op.byMerchant ? shop.owner.id : people[v.p]!), v.id, key))
              : await attempt(() => store.fulfil(t.deps, callerOf(shop.owner.id), v.token, key));
            if (v.status !== 'issued') {
              expect(r).toBe('VOUCHER_CLOSED');
              continue;
            }
            expect(r).toMatchObject({ status: op.t === 'cancel' ? 'cancelled' : 'fulfilled' });
            if (op.t === 'cancel') {
              v.status = 'cancelled';
              listings[v.l]!.stock += 1;
              // Points drawn from a lot that has expired since go back and expire at once.
              for (const d of v.draws) if (d.lot.expiresAt > now) d.lot.remaining += d.amount;
            } else v.status = 'fulfilled';
          } else {
            t.clock.advance(op.days * DAY);
            await t.timers.runDue();
            const later = t.clock.now().getTime();
            for (const own of lots) for (const lot of own) if (lot.expiresAt <= later) lot.remaining = 0;
          }

          // Invariants after every step.
          for (let p = 0; p < 3; p++) {
            const a = await t.deps.db.selectFrom('points_accounts').select('balance').where('district_id', '=', districtId).where('kind', '=', 'person').where('owner_id', '=', people[p]!).executeTakeFirst();
            expect(Number(a?.balance ?? 0)).toBe(balance(p));
          }
          for (const l of listings) {
            expect((await t.deps.db.selectFrom('store_listings').select('stock').where('id', '=', l.id).executeTakeFirstOrThrow()).stock).toBe(l.stock);
          }
          const summary = await ledgerSummaryOf(t.deps.db, districtId);
          expect(summary.mismatched).toBe(0);
          expect(summary.balanced).toBe(true);
          expect(summary.heldByPeople).toBeGreaterThanOrEqual(0);
        }
        const merchantHeld = vouchers.filter((v) => v.status === 'issued').reduce((n, v) => n + v.price, 0);
        const ownMerchant = await t.deps.db.selectFrom('store_vouchers').select((eb) => eb.fn.sum<number>('price_points').as('s')).where('status', '=', 'issued').where('listing_id', 'in', listings.map((l) => l.id)).executeTakeFirstOrThrow();
        expect(Number(ownMerchant.s ?? 0)).toBe(merchantHeld);
      }),
      { numRuns: 25, seed: Number(process.env.GZ_FC_SEED ?? Date.now() % 2 ** 31), verbose: 1 },
    );
  });
});
