import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers.ts';
import { createPerson, createTree } from '../../../test/factories.ts';
import { addHouseholds, addOwner, call, openSession } from '../votes/vote-fixture.ts';

/**
 * Conventions through the API on a real database: a first version adopted by an owners' vote (item 2) comes into
 * force; a revision shows its line diff, fails its vote and stays rejected while version 1 stays in force; a third
 * passes and supersedes version 1. Residents acknowledge once; the street accepts or returns the filing.
 */
const DAY = 86_400_000;
let t: TestApp;
let tree: Awaited<ReturnType<typeof createTree>>;
let staffId: number;
let streetId: number;
let otherStreetId: number;
let owners: number[];
let tenantId: number;

const as = (personId: number) => openSession(t.deps, tree.districtId, personId);
const V1 = '第一条 为维护小区公共秩序，制定本公约。\n第二条 养犬须牵绳。\n第三条 本公约经业主大会通过后生效。';
const V2 = '第一条 为维护小区公共秩序，制定本公约。\n第二条 养犬须牵绳，及时清理粪便。\n第三条 电动自行车不得进楼入户。\n第四条 本公约经业主大会通过后生效。';

beforeAll(async () => {
  t = await buildTestApp();
  tree = await createTree(t.deps);
  const p = tree.places;
  staffId = (await createPerson(t.deps, tree.districtId, '专员王', [{ role: 'commissioner', place: p.A! }])).id;
  streetId = (await createPerson(t.deps, tree.districtId, '街道李', [{ role: 'street_admin', place: p.S1! }])).id;
  otherStreetId = (await createPerson(t.deps, tree.districtId, '街道赵', [{ role: 'street_admin', place: p.S2! }])).id;
  const units = await addHouseholds(t.deps, tree.districtId, p['A-u1']!, ['100.00', '90.00', '80.00', '70.00']);
  owners = [];
  for (let i = 0; i < 4; i++) owners.push(await addOwner(t.deps, tree.districtId, `业主${i}`, [units[i]!]));
  tenantId = (await createPerson(t.deps, tree.districtId, '租户周', [{ role: 'resident', place: p['A-h1']! }])).id;
});
afterAll(() => t.close());

/** Announce, wait out the 15-day notice, open, cast the given choices, wait out the window, close, publish. */
async function runVote(voteId: number, choices: ('for' | 'against')[]) {
  expect((await call(t.app, await as(staffId), 'POST', `/api/votes/${voteId}/announce`)).statusCode).toBe(200);
  t.clock.advance(15 * DAY);
  expect((await call(t.app, await as(staffId), 'POST', `/api/votes/${voteId}/open`)).statusCode).toBe(200);
  for (let i = 0; i < choices.length; i++) expect((await call(t.app, await as(owners[i]!), 'POST', `/api/me/votes/${voteId}/ballot`, { choice: choices[i] })).statusCode).toBe(201);
  t.clock.advance(7 * DAY);
  expect((await call(t.app, await as(staffId), 'POST', `/api/votes/${voteId}/close`)).statusCode).toBe(200);
  const published = await call(t.app, await as(staffId), 'POST', `/api/votes/${voteId}/publish`);
  expect(published.statusCode).toBe(200);
  return published.json().result;
}

let conventionId: number;

describe('a compound convention', () => {
  it('is drafted by staff for a compound only, in scope', async () => {
    const s = await as(staffId);
    expect((await call(t.app, s, 'POST', '/api/conventions', { compoundId: tree.places.B!.id, title: '小区公约', body: V1 })).statusCode).toBe(404);
    const wrongKind = await call(t.app, s, 'POST', '/api/conventions', { compoundId: tree.places['A-b1']!.id, title: '小区公约', body: V1 });
    expect([wrongKind.statusCode, wrongKind.json().code]).toEqual([422, 'PLACE_KIND_MISMATCH']);
    expect((await call(t.app, s, 'POST', '/api/conventions', { compoundId: tree.places.A!.id, title: '', body: V1 })).statusCode).toBe(400);
    const created = await call(t.app, s, 'POST', '/api/conventions', { compoundId: tree.places.A!.id, title: '明月花园小区公约', body: V1 });
    expect(created.statusCode).toBe(201);
    conventionId = created.json().id;
    expect(created.json().versions).toMatchObject([{ versionNo: 1, status: 'draft', diff: null }]);
    // A resident does not see a draft.
    const mine = await call(t.app, await as(owners[0]!), 'GET', '/api/me/conventions');
    expect(mine.json().items[0].versions).toEqual([]);
  });

  it('comes into force when its owners\' vote passes; residents acknowledge once and staff see the count', async () => {
    const s = await as(staffId);
    const v1 = (await call(t.app, s, 'GET', `/api/conventions/${conventionId}`)).json().versions[0];
    const voted = await call(t.app, s, 'POST', `/api/conventions/${conventionId}/versions/${v1.id}/vote`, { windowDays: 7 });
    expect(voted.statusCode).toBe(200);
    const vote = voted.json().versions[0].vote;
    expect(voted.json().versions[0].status).toBe('voting');
    const detail = (await call(t.app, s, 'GET', `/api/votes/${vote.id}`)).json();
    expect([detail.item, detail.status]).toEqual([2, 'draft']);
    // Acknowledging before it is in force is refused.
    const early = await call(t.app, await as(owners[0]!), 'POST', `/api/me/convention-versions/${v1.id}/acknowledge`);
    expect([early.statusCode, early.json().code]).toEqual([409, 'CONVENTION_NOT_IN_FORCE']);
    const result = await runVote(vote.id, ['for', 'for', 'for', 'against']);
    expect(result.passed).toBe(true);
    const after = (await call(t.app, await as(staffId), 'GET', `/api/conventions/${conventionId}`)).json();
    expect(after.inForceVersionNo).toBe(1);
    expect(after.versions[0]).toMatchObject({ status: 'in_force', vote: { id: vote.id, status: 'published', passed: true }, acknowledgements: 0 });

    const ack = await call(t.app, await as(owners[0]!), 'POST', `/api/me/convention-versions/${v1.id}/acknowledge`);
    expect(ack.statusCode).toBe(201);
    expect(ack.json().versions[0]).toMatchObject({ acknowledgedByMe: true, acknowledgements: null });
    const again = await call(t.app, await as(owners[0]!), 'POST', `/api/me/convention-versions/${v1.id}/acknowledge`);
    expect([again.statusCode, again.json().code]).toEqual([409, 'CONVENTION_ALREADY_ACKNOWLEDGED']);
    // A tenant living there reads and acknowledges it too; someone from elsewhere cannot see it.
    expect((await call(t.app, await as(tenantId), 'POST', `/api/me/convention-versions/${v1.id}/acknowledge`)).statusCode).toBe(201);
    expect((await call(t.app, await as(otherStreetId), 'GET', `/api/conventions/${conventionId}`)).statusCode).toBe(404);
    const counted = (await call(t.app, await as(staffId), 'GET', `/api/conventions/${conventionId}`)).json();
    expect(counted.versions[0].acknowledgements).toBe(2);
  });

  it('shows a revision\'s line diff; a failed vote leaves it rejected and version 1 in force', async () => {
    const s = await as(staffId);
    const added = await call(t.app, s, 'POST', `/api/conventions/${conventionId}/versions`, { body: V2, changeNote: '增加电动自行车条款' });
    expect(added.statusCode).toBe(201);
    const v2 = added.json().versions[1];
    expect(v2.versionNo).toBe(2);
    expect(v2.diffStats).toEqual({ added: 3, removed: 2 });
    expect(v2.diff.filter((d: { op: string }) => d.op === 'added').map((d: { text: string }) => d.text)).toContain('第三条 电动自行车不得进楼入户。');
    // Only one pending version at a time.
    const second = await call(t.app, s, 'POST', `/api/conventions/${conventionId}/versions`, { body: V2 + '\n第五条', changeNote: '再改' });
    expect([second.statusCode, second.json().code]).toEqual([409, 'CONVENTION_VERSION_PENDING']);
    const voted = await call(t.app, s, 'POST', `/api/conventions/${conventionId}/versions/${v2.id}/vote`, { windowDays: 7 });
    const result = await runVote(voted.json().versions[1].vote.id, ['for', 'against', 'against', 'against']);
    expect(result.passed).toBe(false);
    const after = (await call(t.app, await as(staffId), 'GET', `/api/conventions/${conventionId}`)).json();
    expect(after.versions.map((v: { status: string }) => v.status)).toEqual(['in_force', 'rejected']);
    expect(after.inForceVersionNo).toBe(1);
    // Residents do not see the rejected text.
    const mine = (await call(t.app, await as(owners[1]!), 'GET', '/api/me/conventions')).json();
    expect(mine.items[0].versions.map((v: { versionNo: number }) => v.versionNo)).toEqual([1]);
  });

  it('a passed revision supersedes the version in force', async () => {
    const s = await as(staffId);
    const added = await call(t.app, s, 'POST', `/api/conventions/${conventionId}/versions`, { body: V2, changeNote: '修改后重新提交' });
    const v3 = added.json().versions[2];
    // The diff is against the version before it (the rejected one), which had the same text.
    expect(v3.diffStats).toEqual({ added: 0, removed: 0 });
    const voted = await call(t.app, s, 'POST', `/api/conventions/${conventionId}/versions/${v3.id}/vote`, { windowDays: 7 });
    await runVote(voted.json().versions[2].vote.id, ['for', 'for', 'for', 'for']);
    const after = (await call(t.app, await as(staffId), 'GET', `/api/conventions/${conventionId}`)).json();
    expect(after.versions.map((v: { status: string }) => v.status)).toEqual(['superseded', 'rejected', 'in_force']);
    expect(after.inForceVersionNo).toBe(3);
    expect(after.versions[0].supersededAt).toBe(after.versions[2].inForceAt);
    const old = await call(t.app, await as(owners[1]!), 'POST', `/api/me/convention-versions/${after.versions[0].id}/acknowledge`);
    expect(old.json().code).toBe('CONVENTION_NOT_IN_FORCE');
  });

  it('is filed with the street: returned with a reason, submitted again, accepted; only its own street decides', async () => {
    const s = await as(staffId);
    const c = (await call(t.app, s, 'GET', `/api/conventions/${conventionId}`)).json();
    const inForce = c.versions[2];
    const superseded = await call(t.app, s, 'POST', `/api/conventions/${conventionId}/versions/${c.versions[0].id}/filings`);
    expect(superseded.json().code).toBe('CONVENTION_NOT_IN_FORCE');
    const submitted = await call(t.app, s, 'POST', `/api/conventions/${conventionId}/versions/${inForce.id}/filings`);
    expect(submitted.statusCode).toBe(201);
    const twice = await call(t.app, s, 'POST', `/api/conventions/${conventionId}/versions/${inForce.id}/filings`);
    expect([twice.statusCode, twice.json().code]).toEqual([409, 'CONVENTION_FILING_PENDING']);
    // The commissioner cannot decide; another street does not even see it.
    const filingId = submitted.json().versions[2].filings[0].id;
    expect((await call(t.app, s, 'POST', `/api/convention-filings/${filingId}/accept`)).statusCode).toBe(403);
    expect((await call(t.app, await as(otherStreetId), 'POST', `/api/convention-filings/${filingId}/accept`)).statusCode).toBe(404);
    const street = await as(streetId);
    const list = (await call(t.app, street, 'GET', '/api/convention-filings?status=submitted')).json();
    expect(list.items.map((f: { id: number }) => f.id)).toEqual([filingId]);
    const noReason = await call(t.app, street, 'POST', `/api/convention-filings/${filingId}/return`, { reason: ' ' });
    expect([noReason.statusCode, noReason.json().code]).toEqual([422, 'CONVENTION_RETURN_REASON_REQUIRED']);
    expect(noReason.json().message).toContain('原因');
    const returned = await call(t.app, street, 'POST', `/api/convention-filings/${filingId}/return`, { reason: '缺少业主大会决议的签字页' });
    expect(returned.json()).toMatchObject({ status: 'returned', reason: '缺少业主大会决议的签字页', decidedBy: '街道李' });
    const decidedTwice = await call(t.app, street, 'POST', `/api/convention-filings/${filingId}/accept`);
    expect(decidedTwice.json().code).toBe('CONVENTION_FILING_WRONG_STATUS');
    const resubmitted = await call(t.app, await as(staffId), 'POST', `/api/conventions/${conventionId}/versions/${inForce.id}/filings`);
    expect(resubmitted.statusCode).toBe(201);
    const second = resubmitted.json().versions[2].filings[1].id;
    const accepted = await call(t.app, await as(streetId), 'POST', `/api/convention-filings/${second}/accept`);
    expect(accepted.json().status).toBe('accepted');
    const audit = await t.deps.db.selectFrom('audit_log').select('action').where('target_type', '=', 'convention_filing').execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['convention.filing.accept', 'convention.filing.return', 'convention.filing.submit', 'convention.filing.submit']);
  });
});
