import crypto from 'node:crypto';
import sharp from 'sharp';
import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { as, type TestApp } from '../helpers.ts';
import { createPerson, type TreePlace } from '../factories.ts';
import { earnPoints } from '../../src/modules/points/index.ts';
import type { Caller } from './world.ts';

/**
 * Rows of kinds the demo district does not seed, made through the API as the in-scope callers, so the access matrix
 * drives the routes that name them with a real id (not only one that does not exist): an errand, a ledger export, a
 * survey, a consultation, a whistle's department reports, an issued store voucher and a request photo. Each step must
 * succeed; a failure says which and why.
 */
export async function fillGaps(t: TestApp, callers: Caller[], anchors: { compound: string; household: string }): Promise<void> {
  const db = t.deps.db;
  const who = (role: Caller['role']) => callers.find((c) => c.role === role && c.position === 'in')!;
  const must = (what: string, res: LightMyRequestResponse) => {
    if (res.statusCode >= 300) throw new Error(`access world: ${what} failed: ${res.statusCode} ${res.body.slice(0, 300)}`);
    return res.json() as Record<string, unknown>;
  };
  const placeAt = (path: string) => db.selectFrom('places').select(['id', 'path', 'name', 'district_id']).where('path', '=', path).executeTakeFirstOrThrow();
  const compound = await placeAt(anchors.compound);
  const household = await placeAt(anchors.household);

  // 代办: an errand for an elderly resident living alone in the first compound.
  const districtId = Number(compound.district_id);
  const elder = await createPerson(t.deps, districtId, '独居老人（矩阵）', [{ role: 'resident', place: household as TreePlace }], { flags: { elderlyAlone: true, disability: false, lowIncome: false } });
  must('an errand', await as(t.app, who('commissioner')).post('/api/errands', { compoundId: compound.id, residentId: elder.id, title: '高龄津贴申领', checklist: [{ item: '身份证复印件', kind: 'document' }] }));

  // 台账: a ledger export of the compound's requests.
  const today = t.clock.now().toISOString().slice(0, 10);
  must('a ledger export', await as(t.app, who('commissioner')).post('/api/ledgers/exports', { ledger: 'requests', placeId: compound.id, from: '2026-01-01', to: today }));

  // 问卷: a survey of the compound.
  must('a survey', await as(t.app, who('community_worker')).post('/api/surveys', { placeId: compound.id, title: '小区需求调查（矩阵）', questions: [{ kind: 'single', text: '最需要的服务？', options: ['老年食堂', '停车'] }] }));

  // 贡享超市: a voucher issued and not yet fulfilled (the demo's one was fulfilled), paid from points earned here.
  const owner = who('owner');
  const listing = (await sql<{ id: number; price_points: number }>`select l.id, l.price_points from store_listings l
    where l.district_id = ${districtId} and l.status = 'active' and l.stock > 0 order by l.price_points limit 1`.execute(db)).rows[0]!;
  await grantPoints(t, districtId, owner.personId, listing.price_points);
  const redeemed = await t.app.inject({ method: 'POST', url: `/api/store/listings/${listing.id}/redeem`, payload: {}, headers: { cookie: owner.cookie, 'x-csrf-token': owner.csrf, 'idempotency-key': crypto.randomUUID() } });
  must('a redemption', redeemed);

  // 随手拍: a request raised with a photo; and another, newer than the matrix's target request (the compound's oldest),
  // taken to a consultation (小区协商铃) and whistled to the demo department (街道吹哨), which may then see it.
  const jpeg = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#7a8b9c' } }).jpeg().toBuffer();
  const boundary = '----gongzhi-access-world';
  const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`), jpeg, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  const photo = must('a photo upload', await t.app.inject({ method: 'POST', url: '/api/request-photos', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: owner.cookie, 'x-csrf-token': owner.csrf } }));
  const category = Number((await db.selectFrom('request_categories').select('id').where('active', '=', true).orderBy('id').limit(1).executeTakeFirstOrThrow()).id);
  const raise = async (description: string, photoIds: unknown[]) => must('a request', await t.app.inject({
    method: 'POST', url: '/api/me/requests', headers: { cookie: owner.cookie, 'x-csrf-token': owner.csrf, 'idempotency-key': crypto.randomUUID() },
    payload: { compoundId: compound.id, categoryId: category, type: 'help', description, photoIds },
  }));
  await raise('楼道灯不亮（矩阵）', [photo.id]);
  const request = Number((await raise('单元门禁失灵（矩阵）', [])).id);
  const inOneDay = new Date(t.clock.now().getTime() + 86_400_000).toISOString();
  must('a consultation', await as(t.app, who('commissioner')).post(`/api/requests/${request}/consultations`, { scheduledAt: inOneDay, parties: ['property'] }));
  const department = Number(who('department_staff').placePath.split('/').filter(Boolean).at(-1));
  must('a whistle', await as(t.app, who('street_admin')).post(`/api/requests/${request}/whistle`, { departmentIds: [department], reason: '矩阵：点名部门报到' }));
}

/** Points on the owner's account through the ledger's own earning path (hours at the demo's 10 points an hour). */
async function grantPoints(t: TestApp, districtId: number, personId: number, points: number): Promise<void> {
  const at = t.clock.now();
  const key = `access_matrix:${crypto.randomUUID()}`;
  const r = await t.deps.db.transaction().execute((trx) => earnPoints(trx, { districtId, personId, rule: 'volunteer_hour', quantity: Math.ceil(points / 10), sourceType: 'access_matrix', sourceId: key, idempotencyKey: key, at }));
  if (r.status !== 'earned') throw new Error(`access world: points not earned (${r.status})`);
}
