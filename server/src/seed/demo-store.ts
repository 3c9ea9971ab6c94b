import crypto from 'node:crypto';
import type { Db } from '../db/create-db.ts';
import type { PersonalDataCipher } from '../platform/personal-data.ts';
import { earnPoints, payMerchant, settleFulfilment } from '../modules/points/index.ts';
import { insertListing, insertMerchant, insertVoucher, nextVoucherId, decideMerchant, takeStock } from '../modules/store/store.repository.ts';

/**
 * The demo district's points and contribution store (贡享超市), synthetic: earning rules, points earned by the demo
 * resident and some owners of the first community, the demo merchant's approved shop, a skilled resident (达人),
 * one application waiting for the community worker, and one redemption already fulfilled (for settlement).
 * Written through the ledger's own functions, so every balance is the sum of its entries.
 */
export async function seedDemoStore(deps: { db: Db; cipher: PersonalDataCipher }, now: Date, districtId: number): Promise<void> {
  const db = deps.db;
  const byPhone = async (phone: string) => {
    const p = await db.selectFrom('people as p').innerJoin('role_assignments as r', 'r.person_id', 'p.id')
      .select(['p.id', 'r.place_id', 'r.place_path']).where('p.phone_hash', '=', deps.cipher.lookupHash('phone', phone)).executeTakeFirstOrThrow();
    return p;
  };
  const resident = await byPhone('13800000005');
  const merchant = await byPhone('13800000017');
  const worker = await byPhone('13800000003');
  // Owners under the merchant's community: the first few become earners, one a 达人, one a pending applicant.
  // (An owner of several households holds several roles: one row per person.)
  const neighbours = await db.selectFrom('role_assignments').select('person_id').distinct().where('district_id', '=', districtId).where('role', '=', 'owner')
    .where('place_path', 'like', `${merchant.place_path}%`).where('person_id', '<>', resident.id).orderBy('person_id').limit(22).execute();

  await db.insertInto('points_rules').values([
    { district_id: districtId, rule: 'volunteer_hour', points_per_unit: 10, active: true, updated_by: null, updated_at: now },
    { district_id: districtId, rule: 'wish_fulfilled', points_per_unit: 20, active: true, updated_by: null, updated_at: now },
    { district_id: districtId, rule: 'deliberation_attended', points_per_unit: 5, active: true, updated_by: null, updated_at: now },
  ]).execute();
  await db.insertInto('points_settings').values({ district_id: districtId, expiry_days: 730, updated_by: null, updated_at: now }).execute();

  await db.transaction().execute(async (trx) => {
    const day = (n: number) => new Date(now.getTime() - n * 86_400_000);
    const earn = (personId: number, rule: 'volunteer_hour' | 'wish_fulfilled' | 'deliberation_attended', quantity: number, n: number, daysAgo: number) =>
      earnPoints(trx, { districtId, personId, rule, quantity, sourceType: 'demo', sourceId: `${personId}-${n}`, idempotencyKey: `demo:${personId}:${n}`, at: day(daysAgo), memo: '演示数据' });
    await earn(resident.id, 'volunteer_hour', 4, 1, 40);
    await earn(resident.id, 'volunteer_hour', 2.5, 2, 21);
    await earn(resident.id, 'wish_fulfilled', 1, 3, 14);
    await earn(resident.id, 'deliberation_attended', 1, 4, 7);
    await earn(resident.id, 'volunteer_hour', 6, 5, 3);
    for (const [i, n] of neighbours.entries()) {
      await earn(n.person_id, 'volunteer_hour', 1 + (i % 5), 1, 30 - i);
      if (i % 3 === 0) await earn(n.person_id, 'wish_fulfilled', 1, 2, 10);
    }

    const shop = await insertMerchant(trx, {
      district_id: districtId, place_id: merchant.place_id, place_path: merchant.place_path, kind: 'merchant', name: '幸福便民超市（演示）',
      description: '社区门口的便民超市，积分可兑换米面粮油和日用品。', address: '社区服务中心东侧底商', owner_id: merchant.id, applied_at: day(60),
    });
    await decideMerchant(trx, shop, { status: 'approved', decided_at: day(59), decided_by: worker.id, decision_note: null });
    const talentOwner = neighbours[0]!.person_id;
    const talent = await insertMerchant(trx, {
      district_id: districtId, place_id: merchant.place_id, place_path: merchant.place_path, kind: 'talent', name: '王师傅家电维修（达人）',
      description: '退休电工，上门维修小家电、更换灯具。', address: null, owner_id: talentOwner, applied_at: day(45),
    });
    await decideMerchant(trx, talent, { status: 'approved', decided_at: day(44), decided_by: worker.id, decision_note: null });
    await insertMerchant(trx, {
      district_id: districtId, place_id: merchant.place_id, place_path: merchant.place_path, kind: 'merchant', name: '街角花店',
      description: '鲜花绿植，愿为社区活动提供布置。', address: '幸福路12号', owner_id: neighbours[1]!.person_id, applied_at: day(2),
    });
    const listings = [
      { merchant_id: shop, kind: 'goods' as const, title: '东北大米 5kg', description: '新米，到店自提。', price_points: 100, stock: 20 },
      { merchant_id: shop, kind: 'goods' as const, title: '洗衣液 2kg', description: '', price_points: 60, stock: 30 },
      { merchant_id: shop, kind: 'goods' as const, title: '鸡蛋一盒（10枚）', description: '', price_points: 30, stock: 50 },
      { merchant_id: talent, kind: 'service' as const, title: '上门维修小家电（一次）', description: '电饭煲、电风扇、台灯等；材料费另计。', price_points: 120, stock: 5 },
      { merchant_id: talent, kind: 'service' as const, title: '更换灯具（一处）', description: '', price_points: 50, stock: 8 },
    ];
    const ids: number[] = [];
    for (const l of listings) ids.push(await insertListing(trx, { district_id: districtId, ...l, created_at: day(40), updated_at: day(40) }));

    // One neighbour already redeemed eggs and the shop fulfilled it: settlement has something to show.
    const buyer = neighbours[2]!.person_id;
    const taken = (await takeStock(trx, ids[2]!, districtId))!;
    const voucherId = await nextVoucherId(trx);
    const entryId = await payMerchant(trx, { districtId, personId: buyer, merchantId: shop, amount: taken.price_points, at: day(5), sourceType: 'store_voucher', sourceId: String(voucherId), memo: taken.title, createdBy: buyer });
    await insertVoucher(trx, { id: voucherId, district_id: districtId, listing_id: ids[2]!, merchant_id: shop, person_id: buyer, title: taken.title, price_points: taken.price_points, token: crypto.randomBytes(18).toString('base64url'), status: 'issued', redeem_entry_id: entryId, issued_at: day(5) });
    await settleFulfilment(trx, { districtId, merchantId: shop, amount: taken.price_points, at: day(4), sourceType: 'store_voucher', sourceId: String(voucherId), createdBy: merchant.id });
    await trx.updateTable('store_vouchers').set({ status: 'fulfilled', fulfilled_at: day(4), fulfilled_by: merchant.id }).where('id', '=', voucherId).execute();
  });
}
