import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { signIn, type Session, type TestApp } from '../../../test/helpers.ts';
import { createPerson, createTree, PASSWORD } from '../../../test/factories.ts';

let keys = 0;
/** A request as the faces send it: CSRF on writes, and an Idempotency-Key when `key` is not null. */
export function call(t: TestApp, who: Session, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown, key: string | null = `k-${process.pid}-${++keys}`): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method, url, ...(payload === undefined ? {} : { payload: payload as object }),
    headers: { cookie: who.cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': who.csrf, ...(key ? { 'idempotency-key': key } : {}) }) },
  });
}

/** Expects a status and answers the JSON body, printing the body when the status differs. */
export async function ok<T = Record<string, unknown>>(res: Promise<LightMyRequestResponse> | LightMyRequestResponse, status = 200): Promise<T> {
  const r = await res;
  if (r.statusCode !== status) expect.fail(`expected ${status}, got ${r.statusCode}: ${r.body}`);
  return r.json() as T;
}

/** The test district with the people a project needs, signed in. */
export async function projectWorld(t: TestApp) {
  const tree = await createTree(t.deps);
  const p = tree.places;
  const person = async (name: string, roles: Parameters<typeof createPerson>[3]) => {
    const made = await createPerson(t.deps, tree.districtId, name, roles);
    return { id: made.id, phone: made.phone, session: await signIn(t.app, made.phone, PASSWORD) };
  };
  return {
    tree,
    district: await person('区管理员', [{ role: 'district_admin', place: p.D! }]),
    street: await person('街道管理员', [{ role: 'street_admin', place: p.S1! }]),
    worker: await person('社工陈', [{ role: 'community_worker', place: p.C1! }]),
    expert: await person('专家周', [{ role: 'facilitator', place: p.S1! }]),
    orgStaffA: await person('组织甲社工', [{ role: 'org_staff', place: p.C1! }]),
    orgStaffB: await person('组织乙社工', [{ role: 'org_staff', place: p.C1! }]),
    resident: await person('居民王', [{ role: 'resident', place: p['A-h1']! }]),
    outsider: await person('外区居民', [{ role: 'resident', place: p['E']! }]),
  };
}
export type World = Awaited<ReturnType<typeof projectWorld>>;

/** After the test clock jumps days ahead (a notice period), sessions have idled out: everyone signs in again. */
export async function signInAgain(t: TestApp, w: World): Promise<void> {
  for (const who of [w.district, w.street, w.worker, w.expert, w.orgStaffA, w.orgStaffB, w.resident, w.outsider]) {
    Object.assign(who.session, await signIn(t.app, who.phone, PASSWORD));
  }
}

/** Two organisations of community C1 with their staff as members; the first in the directory for `elderly`. */
export async function twoOrganisations(t: TestApp, w: World) {
  const mk = async (name: string) => ok<{ id: number }>(call(t, w.worker.session, 'POST', '/api/organisations', {
    name, status: 'filed', personInCharge: '李负责人', charter: '简易章程：服务社区老人', categories: ['elderly'], placeId: w.tree.places.C1!.id,
    placesServed: [w.tree.places.A!.id, w.tree.places.B!.id], memberCount: 12,
  }), 201);
  const a = await mk('甲社区银龄互助社');
  const b = await mk('乐龄公益服务中心');
  await ok(call(t, w.worker.session, 'POST', `/api/organisations/${a.id}/members`, { personId: w.orgStaffA.id }));
  await ok(call(t, w.worker.session, 'POST', `/api/organisations/${b.id}/members`, { personId: w.orgStaffB.id }));
  await ok(call(t, w.worker.session, 'POST', `/api/organisations/${a.id}/directory`, { category: 'elderly', listedOn: '2026-01-10' }));
  return { a: a.id, b: b.id };
}

/** The district pool and street S1's match, with money in them (fen). */
export async function fundedPoolAndStreet(t: TestApp, w: World, pool: number, street: number) {
  const poolFund = await ok<{ id: number }>(call(t, w.district.session, 'POST', '/api/funds', { kind: 'district_pool', placeId: w.tree.districtId, name: '区级资金池' }), 201);
  await ok(call(t, w.district.session, 'POST', `/api/funds/${poolFund.id}/receipts`, { amount: pool, source: 'appropriation', memo: '年度区级资金池' }), 201);
  const streetFund = await ok<{ id: number }>(call(t, w.street.session, 'POST', '/api/funds', { kind: 'street_match', placeId: w.tree.places.S1!.id, name: '一街道配套资金' }), 201);
  await ok(call(t, w.street.session, 'POST', `/api/funds/${streetFund.id}/receipts`, { amount: street, source: 'appropriation', memo: '街道 1:1 配套' }), 201);
  return { pool: poolFund.id, street: streetFund.id };
}

export const budget = (lines: [string, number][]) => lines.map(([item, amount]) => ({ item, amount }));

/** An approved project at compound A of `amount` fen (community level when ≤ 5,000,000). */
export async function approvedProject(t: TestApp, w: World, title: string, amount: number) {
  const p = await ok<{ id: number }>(call(t, w.worker.session, 'POST', '/api/projects', {
    placeId: w.tree.places.A!.id, title, category: 'elderly', goals: '为独居老人提供每周上门探访', beneficiaries: 'A小区独居老人 20 人', budgetLines: budget([['服务费', amount]]),
  }), 201);
  const approver = amount <= 5_000_000 ? w.worker : amount <= 20_000_000 ? w.street : w.district;
  await ok(call(t, approver.session, 'POST', `/api/projects/${p.id}/decision`, { decision: 'approve' }));
  return p.id;
}
