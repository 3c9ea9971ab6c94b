import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers.ts';
import { createPerson, createTree } from '../../../test/factories.ts';
import { addHouseholds, addOwner, call, openSession } from '../votes/vote-fixture.ts';
import { termOf } from './committees.service.ts';

/**
 * An owners' committee (业委会) election through the API on a real database: odd seat counts only, nominations by
 * self and by another owner, a duplicate refused, a non-owner refused, review, the item-3 vote with up to five
 * picks each, settlement after publication, roles (one chair), the roster on the compound profile and its expiry.
 */
const DAY = 86_400_000;
let t: TestApp;
let tree: Awaited<ReturnType<typeof createTree>>;
let staffId: number;
let tenantId: number;
let owners: number[];
const as = (personId: number) => openSession(t.deps, tree.districtId, personId);

beforeAll(async () => {
  t = await buildTestApp();
  tree = await createTree(t.deps);
  const p = tree.places;
  staffId = (await createPerson(t.deps, tree.districtId, '社工王', [{ role: 'community_worker', place: p.C1! }])).id;
  tenantId = (await createPerson(t.deps, tree.districtId, '租户周', [{ role: 'resident', place: p['A-h1']! }])).id;
  const units = await addHouseholds(t.deps, tree.districtId, p['A-u1']!, Array.from({ length: 9 }, (_, i) => `${80 + i}.00`));
  owners = [];
  for (let i = 0; i < 9; i++) owners.push(await addOwner(t.deps, tree.districtId, `业主${i}`, [units[i]!]));
});
afterAll(() => t.close());

let electionId: number;

describe('an owners’ committee election', () => {
  it('takes only an odd number of seats within 5–11 (自管会 7–11)', async () => {
    const s = await as(staffId);
    for (const [kind, seats] of [['owners_committee', 4], ['owners_committee', 6], ['owners_committee', 13], ['self_management_committee', 5]] as const) {
      const r = await call(t.app, s, 'POST', '/api/committee-elections', { compoundId: tree.places.A!.id, kind, seats });
      expect([r.statusCode, r.json().code]).toEqual([422, 'COMMITTEE_SEATS_INVALID']);
      expect(r.json().message).toContain('单数');
    }
    const ok = await call(t.app, s, 'POST', '/api/committee-elections', { compoundId: tree.places.A!.id, kind: 'owners_committee', seats: 5 });
    expect(ok.statusCode).toBe(201);
    electionId = ok.json().id;
    expect(ok.json()).toMatchObject({ status: 'nominating', seats: 5, termYears: 5 });
  });

  it('takes nominations from owners (self or another owner), refuses a duplicate and a non-owner', async () => {
    const self = await call(t.app, await as(owners[0]!), 'POST', `/api/committee-elections/${electionId}/nominations`, { statement: '退休教师，愿为邻里服务' });
    expect(self.statusCode).toBe(201);
    expect(self.json().candidates).toMatchObject([{ name: '业主0', selfNominated: true, status: 'pending', isOwner: true }]);
    const byOther = await call(t.app, await as(owners[1]!), 'POST', `/api/committee-elections/${electionId}/nominations`, { personId: owners[2] });
    expect(byOther.statusCode).toBe(201);
    const dup = await call(t.app, await as(owners[3]!), 'POST', `/api/committee-elections/${electionId}/nominations`, { personId: owners[0] });
    expect([dup.statusCode, dup.json().code]).toEqual([409, 'COMMITTEE_ALREADY_NOMINATED']);
    const tenant = await call(t.app, await as(tenantId), 'POST', `/api/committee-elections/${electionId}/nominations`, {});
    expect([tenant.statusCode, tenant.json().code]).toEqual([422, 'COMMITTEE_NOT_ELIGIBLE']);
    expect(tenant.json().message).toContain('业主');
    const byTenant = await call(t.app, await as(tenantId), 'POST', `/api/committee-elections/${electionId}/nominations`, { personId: owners[4] });
    expect(byTenant.json().code).toBe('COMMITTEE_NOT_ELIGIBLE');
    const s = await as(staffId);
    for (const o of owners.slice(3, 8)) expect((await call(t.app, s, 'POST', `/api/committee-elections/${electionId}/nominations`, { personId: o })).statusCode).toBe(201);
    const eligible = (await call(t.app, s, 'GET', `/api/committee-elections/${electionId}/eligible`)).json();
    expect(eligible.items).toHaveLength(9);
  });

  it('is reviewed; a rejection needs a reason; the vote waits for as many approved candidates as seats', async () => {
    const s = await as(staffId);
    const e = (await call(t.app, s, 'GET', `/api/committee-elections/${electionId}`)).json();
    expect(e.candidates).toHaveLength(7);
    const noReason = await call(t.app, s, 'POST', `/api/committee-nominations/${e.candidates[6].nominationId}/review`, { approve: false });
    expect(noReason.statusCode).toBe(400);
    await call(t.app, s, 'POST', `/api/committee-nominations/${e.candidates[6].nominationId}/review`, { approve: false, note: '本人书面表示放弃' });
    for (const c of e.candidates.slice(0, 4)) await call(t.app, s, 'POST', `/api/committee-nominations/${c.nominationId}/review`, { approve: true });
    const tooFew = await call(t.app, s, 'POST', `/api/committee-elections/${electionId}/vote`, { windowDays: 7 });
    expect([tooFew.statusCode, tooFew.json().code]).toEqual([409, 'COMMITTEE_TOO_FEW_CANDIDATES']);
    await call(t.app, s, 'POST', `/api/committee-nominations/${e.candidates[4].nominationId}/review`, { approve: true });
    await call(t.app, s, 'POST', `/api/committee-nominations/${e.candidates[5].nominationId}/review`, { approve: true });
    // Residents see the six approved candidates only.
    const mine = (await call(t.app, await as(owners[8]!), 'GET', '/api/me/committee-elections')).json();
    expect(mine.items[0].candidates).toHaveLength(6);
    const started = await call(t.app, s, 'POST', `/api/committee-elections/${electionId}/vote`, { windowDays: 7 });
    expect(started.json()).toMatchObject({ status: 'voting', vote: { status: 'draft' } });
    const late = await call(t.app, await as(owners[8]!), 'POST', `/api/committee-elections/${electionId}/nominations`, {});
    expect(late.json().code).toBe('COMMITTEE_WRONG_STATUS');
  });

  it('lets each owner pick up to five candidates while the vote is open, and change the picks', async () => {
    const s = await as(staffId);
    const e = (await call(t.app, s, 'GET', `/api/committee-elections/${electionId}`)).json();
    const voteId = e.vote.id;
    const approved = e.candidates.filter((c: { status: string }) => c.status === 'approved').map((c: { nominationId: number }) => c.nominationId);
    const notOpen = await call(t.app, await as(owners[0]!), 'PUT', `/api/me/committee-elections/${electionId}/ballot`, { nominationIds: approved.slice(0, 5) });
    expect(notOpen.json().code).toBe('VOTE_NOT_OPEN');
    await call(t.app, await as(staffId), 'POST', `/api/votes/${voteId}/announce`);
    t.clock.advance(15 * DAY);
    expect((await call(t.app, await as(staffId), 'POST', `/api/votes/${voteId}/open`)).statusCode).toBe(200);
    const six = await call(t.app, await as(owners[0]!), 'PUT', `/api/me/committee-elections/${electionId}/ballot`, { nominationIds: approved });
    expect([six.statusCode, six.json().code]).toEqual([422, 'COMMITTEE_TOO_MANY_PICKS']);
    const rejectedOne = e.candidates.find((c: { status: string }) => c.status === 'rejected').nominationId;
    expect((await call(t.app, await as(owners[0]!), 'PUT', `/api/me/committee-elections/${electionId}/ballot`, { nominationIds: [rejectedOne] })).json().code).toBe('COMMITTEE_NOT_CANDIDATE');
    expect((await call(t.app, await as(tenantId), 'PUT', `/api/me/committee-elections/${electionId}/ballot`, { nominationIds: [approved[0]] })).json().code).toBe('VOTE_NOT_IN_ELECTORATE');
    // Eight of nine owners take part: all pick the first four; five pick candidate 5, three pick candidate 6.
    for (let i = 0; i < 8; i++) {
      const picks = [...approved.slice(0, 4), i < 5 ? approved[4] : approved[5]];
      expect((await call(t.app, await as(owners[i]!), 'PUT', `/api/me/committee-elections/${electionId}/ballot`, { nominationIds: picks })).statusCode).toBe(200);
    }
    // Owner 7 changes from candidate 6 to candidate 5 (his ballot is replaced, not added to).
    const changed = await call(t.app, await as(owners[7]!), 'PUT', `/api/me/committee-elections/${electionId}/ballot`, { nominationIds: [...approved.slice(0, 4), approved[4]] });
    expect(changed.json().myPicks.sort()).toEqual([...approved.slice(0, 5)].sort());
    const live = (await call(t.app, await as(staffId), 'GET', `/api/committee-elections/${electionId}`)).json();
    expect(live.participating.heads).toBe(8);
    expect(live.candidates.find((c: { nominationId: number }) => c.nominationId === approved[4]).votes.heads).toBe(6);
    const turnout = (await call(t.app, await as(staffId), 'GET', `/api/votes/${voteId}`)).json().turnout;
    expect(turnout.heads).toBe(8);
  });

  it('settles after the result is published: five elected, a 5-year term, roles with one chair', async () => {
    const s = await as(staffId);
    const voteId = (await call(t.app, s, 'GET', `/api/committee-elections/${electionId}`)).json().vote.id;
    expect((await call(t.app, s, 'POST', `/api/committee-elections/${electionId}/settle`)).json().code).toBe('COMMITTEE_VOTE_NOT_PUBLISHED');
    t.clock.advance(7 * DAY);
    const s2 = await as(staffId);
    await call(t.app, s2, 'POST', `/api/votes/${voteId}/close`);
    const published = await call(t.app, s2, 'POST', `/api/votes/${voteId}/publish`);
    expect(published.json().result.quorum.met).toBe(true);
    const settled = await call(t.app, s2, 'POST', `/api/committee-elections/${electionId}/settle`);
    expect(settled.statusCode).toBe(200);
    const e = settled.json();
    expect([e.status, e.failure, e.members.length]).toEqual(['formed', null, 5]);
    expect(e.members.map((m: { name: string }) => m.name).sort()).toEqual(['业主0', '业主2', '业主3', '业主4', '业主5']);
    expect(e.candidates.find((c: { name: string }) => c.name === '业主6').votes).toMatchObject({ heads: 2, elected: false });
    const start = e.members[0].termStart;
    expect(e.members[0].termEnd).toBe(termOf(start, 5).end);
    expect((await call(t.app, s2, 'POST', `/api/committee-elections/${electionId}/settle`)).json().code).toBe('COMMITTEE_WRONG_STATUS');
    expect((await call(t.app, s2, 'PATCH', `/api/committee-members/${e.members[0].id}`, { role: 'chair' })).statusCode).toBe(200);
    const second = await call(t.app, s2, 'PATCH', `/api/committee-members/${e.members[1].id}`, { role: 'chair' });
    expect([second.statusCode, second.json().code]).toEqual([409, 'COMMITTEE_ONE_CHAIR']);
    const vice = await call(t.app, s2, 'PATCH', `/api/committee-members/${e.members[1].id}`, { role: 'vice_chair' });
    expect(vice.json().members.slice(0, 2).map((m: { role: string }) => m.role)).toEqual(['chair', 'vice_chair']);
  });

  it('shows on the compound profile, and as expired once the term has run', async () => {
    const profile = await call(t.app, await as(owners[8]!), 'GET', `/api/places/${tree.places.A!.id}/committee`);
    expect(profile.statusCode).toBe(200);
    expect(profile.json().committee).toMatchObject({ kind: 'owners_committee', expired: false });
    expect(profile.json().committee.members[0]).toMatchObject({ role: 'chair' });
    expect((await call(t.app, await as(owners[8]!), 'GET', `/api/places/${tree.places.B!.id}/committee`)).statusCode).toBe(404);
    expect((await call(t.app, await as(staffId), 'GET', `/api/places/${tree.places.B!.id}/committee`)).json()).toEqual({ committee: null });
    t.clock.advance(5 * 366 * DAY);
    const later = await call(t.app, await as(owners[8]!), 'GET', `/api/places/${tree.places.A!.id}/committee`);
    expect(later.json().committee.expired).toBe(true);
  });

  it('counts the term in calendar days: five years end the day before the fifth anniversary', () => {
    expect(termOf('2026-11-24', 5)).toEqual({ start: '2026-11-24', end: '2031-11-23' });
    expect(termOf('2028-02-29', 5).end).toBe('2033-02-28');
  });
});
