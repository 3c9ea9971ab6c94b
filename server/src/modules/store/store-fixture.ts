import type { LightMyRequestResponse } from 'fastify';
import { signIn, type Session, type TestApp } from '../../../test/helpers.ts';
import { createPerson, PASSWORD, type TreePlace } from '../../../test/factories.ts';
import { earnPoints } from '../points/index.ts';

/** A write with an Idempotency-Key, as the faces send it. */
export function send(t: TestApp, who: Session, method: 'POST' | 'PATCH' | 'PUT', url: string, key: string | null, payload: unknown = {}): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method, url, payload: payload as object,
    headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, ...(key ? { 'idempotency-key': key } : {}) },
  });
}

/** Sets the district's points per volunteer hour, straight in the table (the API path is tested in points.test.ts). */
export async function setHourRate(t: TestApp, districtId: number, perHour: number): Promise<void> {
  await t.deps.db.insertInto('points_rules').values({ district_id: districtId, rule: 'volunteer_hour', points_per_unit: perHour, active: true, updated_by: null })
    .onConflict((oc) => oc.columns(['district_id', 'rule']).doUpdateSet({ points_per_unit: perHour })).execute();
}

let earned = 0;
/** Gives a person points the way volunteering will: a confirmed hour record earning under the district's rule. */
export async function giveHours(t: TestApp, districtId: number, personId: number, hours: number): Promise<void> {
  earned += 1;
  const key = `test-record:${process.pid}:${earned}`;
  await t.deps.db.transaction().execute((trx) => earnPoints(trx, {
    districtId, personId, rule: 'volunteer_hour', quantity: hours, sourceType: 'test_record', sourceId: earned, idempotencyKey: key, at: t.clock.now(),
  }));
}

/** An approved merchant owned by a new person, with one listing; answers the owner's session and the ids. */
export async function openShop(t: TestApp, districtId: number, place: TreePlace, approver: Session, listing: { title: string; pricePoints: number; stock: number }) {
  const owner = await createPerson(t.deps, districtId, '店主李', [{ role: 'merchant', place }]);
  const session = await signIn(t.app, owner.phone, PASSWORD);
  const applied = await send(t, session, 'POST', '/api/store/merchants', `shop-apply-${owner.id}`, { kind: 'merchant', name: `便民超市${owner.id}`, placeId: place.id, address: '幸福路1号' });
  if (applied.statusCode !== 201) throw new Error(applied.body);
  const merchantId = applied.json().id as number;
  const ok = await send(t, approver, 'POST', `/api/store/merchants/${merchantId}/decision`, `shop-approve-${merchantId}`, { decision: 'approve' });
  if (ok.statusCode !== 200) throw new Error(ok.body);
  const l = await send(t, session, 'POST', `/api/store/merchants/${merchantId}/listings`, `shop-list-${merchantId}`, { kind: 'goods', description: '', ...listing });
  if (l.statusCode !== 201) throw new Error(l.body);
  return { owner, session, merchantId, listingId: l.json().id as number };
}
