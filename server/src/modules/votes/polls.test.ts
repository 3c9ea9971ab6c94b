import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, buildTestApp, signIn, type Session, type TestApp } from '../../../test/helpers.ts';
import { createPerson, createTree, PASSWORD } from '../../../test/factories.ts';
import { pollOutcome } from './poll-outcome.ts';

/** Residents' polls: one answer per verified resident or household; outcome by the residents' meeting rule. */
let t: TestApp;
let tree: Awaited<ReturnType<typeof createTree>>;
let s: Record<'staff' | 'zhang' | 'zhangSpouse' | 'li' | 'outsider', Session>;

beforeAll(async () => {
  t = await buildTestApp();
  tree = await createTree(t.deps);
  const p = tree.places;
  const people = {
    staff: await createPerson(t.deps, tree.districtId, '专员王', [{ role: 'commissioner', place: p.A! }]),
    zhang: await createPerson(t.deps, tree.districtId, '居民张', [{ role: 'owner', place: p['A-h1']! }]),
    zhangSpouse: await createPerson(t.deps, tree.districtId, '居民张妻', [{ role: 'resident', place: p['A-h1']! }]),
    li: await createPerson(t.deps, tree.districtId, '居民李', [{ role: 'resident', place: p['A-h2']! }]),
    outsider: await createPerson(t.deps, tree.districtId, '居民钱', [{ role: 'resident', place: p['B-h1']! }]),
  };
  s = Object.fromEntries(await Promise.all(Object.entries(people).map(async ([k, v]) => [k, await signIn(t.app, v.phone, PASSWORD)]))) as typeof s;
});
afterAll(() => t.close());

describe('pollOutcome (more than half take part; more than half of them decide)', () => {
  it('needs more than half of the electorate, and more than half of the answers for an option', () => {
    expect(pollOutcome(4, 2, [0, 0])).toMatchObject({ quorumMet: false, chosen: null });
    expect(pollOutcome(4, 2, [0, 0, 1])).toMatchObject({ quorumMet: true, chosen: 0, counts: [2, 1] });
    expect(pollOutcome(4, 2, [0, 0, 1, 1])).toMatchObject({ quorumMet: true, chosen: null });
    expect(() => pollOutcome(4, 2, [2])).toThrow(/no option/);
  });
});

describe('a residents’ poll', () => {
  it('takes one answer per household when the poll says so', async () => {
    const created = await as(t.app, s.staff).post('/api/polls', { placeId: tree.places.A!.id, question: '充电棚建在东侧还是北侧？', options: ['东侧', '北侧'], per: 'household', days: 7 });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    expect((await as(t.app, s.zhang).post(`/api/me/polls/${id}/answer`, { option: 0 })).statusCode).toBe(201);
    const second = await as(t.app, s.zhangSpouse).post(`/api/me/polls/${id}/answer`, { option: 1 });
    expect([second.statusCode, second.json().code]).toEqual([409, 'SURVEY_ALREADY_ANSWERED']);
    expect((await as(t.app, s.zhangSpouse).get('/api/me/polls')).json().items[0]).toMatchObject({ answeredByMe: true, outcome: null });
    expect((await as(t.app, s.li).post(`/api/me/polls/${id}/answer`, { option: 5 })).statusCode).toBe(400);
    expect((await as(t.app, s.li).post(`/api/me/polls/${id}/answer`, { option: 0 })).statusCode).toBe(201);
    expect((await as(t.app, s.outsider).post(`/api/me/polls/${id}/answer`, { option: 0 })).statusCode).toBe(404);
    expect((await as(t.app, s.staff).get(`/api/polls/${id}`)).json().outcome).toEqual({ electorate: 2, answered: 2, counts: [2, 0], quorumMet: true, chosen: 0 });
    t.clock.advance(8 * 86_400_000);
    const late = await signIn(t.app, (await createPerson(t.deps, tree.districtId, '居民赵', [{ role: 'resident', place: tree.places['A-h2']! }])).phone, PASSWORD);
    expect((await as(t.app, late).post(`/api/me/polls/${id}/answer`, { option: 1 })).statusCode).toBe(409);
    expect((await as(t.app, late).get(`/api/polls/${id}`)).json()).toMatchObject({ open: false, outcome: { chosen: 0 } });
  });

  it('takes one answer per resident when the poll says so', async () => {
    const fresh = await Promise.all((['staff', 'zhang', 'zhangSpouse'] as const).map(async (k) => [k, await signIn(t.app, (await createPerson(t.deps, tree.districtId, `新${k}`, k === 'staff' ? [{ role: 'commissioner', place: tree.places.A! }] : [{ role: 'resident', place: tree.places['A-h1']! }])).phone, PASSWORD)] as const));
    const [staff, a, b] = fresh.map(([, x]) => x);
    const id = (await as(t.app, staff!).post('/api/polls', { placeId: tree.places.A!.id, question: '是否同意周末开放议事厅？', options: ['同意', '不同意'], per: 'resident', days: 3 })).json().id;
    expect((await as(t.app, a!).post(`/api/me/polls/${id}/answer`, { option: 0 })).statusCode).toBe(201);
    expect((await as(t.app, b!).post(`/api/me/polls/${id}/answer`, { option: 0 })).statusCode).toBe(201);
    const outcome = (await as(t.app, staff!).get(`/api/polls/${id}`)).json().outcome;
    // Everyone living in A now: 张, 张妻, 李, 赵 and the two new residents.
    expect(outcome).toMatchObject({ electorate: 6, answered: 2, quorumMet: false, chosen: null });
  });
});
