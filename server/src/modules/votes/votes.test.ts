import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, type TestApp } from '../../../test/helpers.ts';
import { createPerson, createTree } from '../../../test/factories.ts';
import { addHouseholds, addOwner, call, openSession } from './vote-fixture.ts';

/**
 * Owners' votes through the API: a lift for building 1 of compound A (item 7), the notice period, ballots online,
 * by proxy and on paper, a changed ballot, an undo, the close, publication and the recount; a secret vote leaves
 * nothing that links a ballot to a voter.
 */
const DAY = 86_400_000;
let t: TestApp;
let tree: Awaited<ReturnType<typeof createTree>>;
let staffId: number;
let outsiderId: number;
/** Owners 0–6 (owner 0 holds two units) and the developer (two unsold units, one voter): 8 voters, 10 units. */
let owners: number[];
let developerId: number;
let agentId: number;

const staff = () => openSession(t.deps, tree.districtId, staffId);
const as = async (personId: number) => openSession(t.deps, tree.districtId, personId);

beforeAll(async () => {
  t = await buildTestApp();
  tree = await createTree(t.deps);
  const p = tree.places;
  staffId = (await createPerson(t.deps, tree.districtId, '专员王', [{ role: 'commissioner', place: p.A! }])).id;
  outsiderId = (await createPerson(t.deps, tree.districtId, '专员赵', [{ role: 'commissioner', place: p.B! }])).id;
  agentId = (await createPerson(t.deps, tree.districtId, '代理人钱', [])).id;
  // Building 1 of A already has two households (88.50 m² each) without owners; add ten more units.
  const units = await addHouseholds(t.deps, tree.districtId, p['A-u1']!, ['100.00', '60.00', '75.25', '90.00', '90.00', '80.00', '70.00', '65.50', '120.00', '120.00']);
  owners = [];
  owners.push(await addOwner(t.deps, tree.districtId, '业主零', [units[0]!, units[1]!]));
  for (let i = 2; i <= 7; i++) owners.push(await addOwner(t.deps, tree.districtId, `业主${i}`, [units[i]!]));
  developerId = await addOwner(t.deps, tree.districtId, '示范置业', [units[8]!]);
  // A second company of the developer's group holds the other unsold unit; both are registered as the developer.
  const sister = await addOwner(t.deps, tree.districtId, '示范置业二公司', [units[9]!]);
  await t.deps.db.insertInto('compound_developers').values([{ district_id: tree.districtId, compound_id: p.A!.id, person_id: developerId }, { district_id: tree.districtId, compound_id: p.A!.id, person_id: sister }]).execute();
});
afterAll(() => t.close());

let voteId: number;
const lift = { scopePlaceId: 0, item: 7, title: '1幢加装电梯', description: '在1幢1单元北侧加装一部电梯，费用按楼层分摊。', windowDays: 10 };

describe('an owners’ vote on adding a lift (item 7)', () => {
  it('refuses a window outside 5–60 days, a district, and another compound’s commissioner', async () => {
    const s = await staff();
    expect((await call(t.app, s, 'POST', '/api/votes', { ...lift, scopePlaceId: tree.places['A-b1']!.id, windowDays: 4 })).statusCode).toBe(400);
    expect((await call(t.app, s, 'POST', '/api/votes', { ...lift, scopePlaceId: tree.places['A-b1']!.id, windowDays: 61 })).statusCode).toBe(400);
    expect((await call(t.app, s, 'POST', '/api/votes', { ...lift, scopePlaceId: tree.places.A!.id, item: 10 })).statusCode).toBe(400);
    const other = await as(outsiderId);
    expect((await call(t.app, other, 'POST', '/api/votes', { ...lift, scopePlaceId: tree.places['A-b1']!.id })).statusCode).toBe(404);
  });

  it('will not open an unannounced matter, nor before the 15-day notice ends', async () => {
    const s = await staff();
    const created = await call(t.app, s, 'POST', '/api/votes', { ...lift, scopePlaceId: tree.places['A-b1']!.id });
    expect(created.statusCode).toBe(201);
    voteId = created.json().id;
    expect(created.json().status).toBe('draft');
    const early = await call(t.app, s, 'POST', `/api/votes/${voteId}/open`);
    expect([early.statusCode, early.json().code]).toEqual([409, 'VOTE_NOT_ANNOUNCED']);
    const announced = await call(t.app, s, 'POST', `/api/votes/${voteId}/announce`);
    expect(announced.json().noticeEndsAt).toBe(new Date(t.clock.now().getTime() + 15 * DAY).toISOString());
    t.clock.advance(15 * DAY - 60_000);
    const s2 = await staff();
    const notYet = await call(t.app, s2, 'POST', `/api/votes/${voteId}/open`);
    expect([notYet.statusCode, notYet.json().code]).toEqual([409, 'VOTE_NOTICE_NOT_OVER']);
    expect(notYet.json().message).toContain('公告期');
  });

  it('opens after the notice, freezing the register: 10 units, 8 voters (one two-unit owner, the developer as one)', async () => {
    t.clock.advance(60_000);
    const opened = await call(t.app, await staff(), 'POST', `/api/votes/${voteId}/open`);
    expect(opened.statusCode).toBe(200);
    expect(opened.json().status).toBe('open');
    const electorate = await t.deps.db.selectFrom('owner_vote_electorate').select(['voter_key', 'area_centi']).where('vote_id', '=', voteId).execute();
    // The two original households of A have no owner and are not in the electorate.
    expect(electorate).toHaveLength(10);
    expect(new Set(electorate.map((e) => e.voter_key)).size).toBe(8);
    expect(electorate.filter((e) => e.voter_key === 'developer').map((e) => Number(e.area_centi)).sort()).toEqual([12000, 12000]);
    expect(opened.json().result.electorate).toEqual({ areaCenti: 87075, heads: 8, units: 10 });
  });

  it('takes one ballot per owner: a second cast is refused, a change replaces, an outsider is refused', async () => {
    const o0 = await as(owners[0]!);
    const first = await call(t.app, o0, 'POST', `/api/me/votes/${voteId}/ballot`, { choice: 'against' });
    expect(first.statusCode).toBe(201);
    expect(first.json().mine).toMatchObject({ voted: true, choice: 'against', channel: 'online' });
    const again = await call(t.app, o0, 'POST', `/api/me/votes/${voteId}/ballot`, { choice: 'for' });
    expect([again.statusCode, again.json().code]).toEqual([409, 'VOTE_ALREADY_CAST']);
    const changed = await call(t.app, o0, 'PATCH', `/api/me/votes/${voteId}/ballot`, { choice: 'for' });
    expect(changed.json().mine.choice).toBe('for');
    const stranger = await call(t.app, await as(agentId), 'POST', `/api/me/votes/${voteId}/ballot`, { choice: 'for' });
    expect(stranger.statusCode).toBe(404); // does not live there: the vote is not even visible
    expect(await t.deps.db.selectFrom('owner_vote_ballots').select('choice').where('vote_id', '=', voteId).execute()).toEqual([{ choice: 'for' }]);
  });

  it('lets an owner undo within 10 minutes, not after', async () => {
    const o2 = await as(owners[1]!);
    await call(t.app, o2, 'POST', `/api/me/votes/${voteId}/ballot`, { choice: 'against' });
    const undone = await call(t.app, o2, 'DELETE', `/api/me/votes/${voteId}/ballot`);
    expect(undone.json().mine).toMatchObject({ voted: false, choice: null });
    await call(t.app, o2, 'POST', `/api/me/votes/${voteId}/ballot`, { choice: 'for' });
    t.clock.advance(10 * 60_000 + 1000);
    const late = await call(t.app, await as(owners[1]!), 'DELETE', `/api/me/votes/${voteId}/ballot`);
    expect([late.statusCode, late.json().code]).toEqual([409, 'VOTE_UNDO_EXPIRED']);
  });

  it('takes a ballot from a registered agent only, and a paper ballot with its scan reference', async () => {
    const agent = await as(agentId);
    const refused = await call(t.app, agent, 'POST', `/api/me/votes/${voteId}/ballot`, { choice: 'for', forOwnerId: owners[2] });
    expect(refused.statusCode).toBe(404); // not visible to someone who neither lives there nor holds a proxy yet
    const s = await staff();
    expect((await call(t.app, s, 'POST', `/api/votes/${voteId}/proxies`, { ownerId: owners[2], agentId, authorisationRef: '委托书2026-001' })).statusCode).toBe(201);
    // The agent lives elsewhere: the registered proxy is what lets them see this vote and cast for owner 3.
    const byAgent = await call(t.app, await as(agentId), 'POST', `/api/me/votes/${voteId}/ballot`, { choice: 'for', forOwnerId: owners[2] });
    expect(byAgent.statusCode).toBe(201);
    const paper = await call(t.app, s, 'POST', `/api/votes/${voteId}/paper-ballots`, { ownerId: owners[3], choice: 'for', scanRef: 'SCAN-0004' });
    expect(paper.statusCode).toBe(201);
    const list = (await call(t.app, s, 'GET', `/api/votes/${voteId}/participation`)).json();
    expect(list.items.map((i: { ownerName: string; channel: string; paperRef: string | null }) => [i.ownerName, i.channel, i.paperRef]).sort()).toEqual([
      ['业主2', 'online', null], ['业主3', 'proxy', null], ['业主4', 'paper', 'SCAN-0004'], ['业主零', 'online', null],
    ].sort());
    expect(list.items.every((i: { choice: string | null }) => i.choice === 'for')).toBe(true); // an open vote shows choices to staff
  });

  it('refuses to close before the window ends; then closes, counts, publishes and recounts', async () => {
    await call(t.app, await as(owners[4]!), 'POST', `/api/me/votes/${voteId}/ballot`, { choice: 'for' });
    await call(t.app, await as(owners[5]!), 'POST', `/api/me/votes/${voteId}/ballot`, { choice: 'against' });
    await call(t.app, await as(developerId), 'POST', `/api/me/votes/${voteId}/ballot`, { choice: 'for' });
    const early = await call(t.app, await staff(), 'POST', `/api/votes/${voteId}/close`);
    expect([early.statusCode, early.json().code]).toEqual([409, 'VOTE_WINDOW_NOT_OVER']);
    // Voters do not see the count while the vote is open.
    expect((await call(t.app, await as(owners[0]!), 'GET', `/api/votes/${voteId}`)).json().result).toBeNull();
    t.clock.advance(10 * DAY);
    const late = await call(t.app, await as(owners[6]!), 'POST', `/api/me/votes/${voteId}/ballot`, { choice: 'for' });
    expect([late.statusCode, late.json().code]).toEqual([409, 'VOTE_NOT_OPEN']);
    const closed = await call(t.app, await staff(), 'POST', `/api/votes/${voteId}/close`);
    expect(closed.statusCode).toBe(200);
    const r = closed.json().result;
    // 7 of 8 voters took part (all but owner 6, 65.50 m²); 6 for (owners 0–4 and the developer), 1 against.
    expect(r.electorate).toEqual({ areaCenti: 87075, heads: 8, units: 10 });
    expect(r.participating).toEqual({ areaCenti: 87075 - 6550, heads: 7 });
    expect(r.for).toEqual({ areaCenti: 16000 + 7525 + 9000 + 9000 + 8000 + 24000, heads: 6 });
    expect(r.against).toEqual({ areaCenti: 7000, heads: 1 });
    expect(r.abstain).toEqual({ areaCenti: 0, heads: 0 });
    expect(r.quorum.met).toBe(true);
    expect(r.approval).toEqual({ threshold: 'three_quarters', met: true, areaMet: true, headsMet: true });
    expect(r.passed).toBe(true);
    const published = await call(t.app, await staff(), 'POST', `/api/votes/${voteId}/publish`);
    expect(published.json().status).toBe('published');
    const seen = (await call(t.app, await as(owners[0]!), 'GET', `/api/votes/${voteId}`)).json();
    expect(seen.result).toEqual(r);
    const recount = (await call(t.app, await as(owners[0]!), 'GET', `/api/votes/${voteId}/recount`)).json();
    expect(recount).toMatchObject({ matches: true, ballots: 7 });
  });

  it('publishes by itself 3 days after a close if staff do not', async () => {
    const s = await staff();
    const id = (await call(t.app, s, 'POST', '/api/votes', { ...lift, item: 4, title: '续聘物业', scopePlaceId: tree.places.A!.id, extraordinary: true, windowDays: 5 })).json().id;
    const ann = (await call(t.app, s, 'POST', `/api/votes/${id}/announce`)).json();
    expect(new Date(ann.noticeEndsAt).getTime() - t.clock.now().getTime()).toBe(7 * DAY);
    t.clock.advance(7 * DAY);
    await call(t.app, await staff(), 'POST', `/api/votes/${id}/open`);
    t.clock.advance(5 * DAY);
    await t.timers.runDue();
    expect((await t.deps.db.selectFrom('owner_votes').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('closed');
    t.clock.advance(3 * DAY);
    await t.timers.runDue();
    expect((await t.deps.db.selectFrom('owner_votes').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('published');
  });
});

describe('a secret vote', () => {
  let id: number;
  let sessions: Session[];
  it('stores no link from a ballot to its voter, and shows voters no tally while open', async () => {
    const s = await staff();
    id = (await call(t.app, s, 'POST', '/api/votes', { ...lift, item: 3, title: '选举业主委员会', scopePlaceId: tree.places.A!.id, secret: true, windowDays: 5 })).json().id;
    await call(t.app, s, 'POST', `/api/votes/${id}/announce`);
    t.clock.advance(15 * DAY);
    await call(t.app, await staff(), 'POST', `/api/votes/${id}/open`);
    sessions = await Promise.all(owners.slice(0, 7).map((o) => as(o)));
    const choices = ['for', 'for', 'against', 'for', 'abstain', 'for', 'for'] as const;
    for (const [i, sess] of sessions.entries()) expect((await call(t.app, sess, 'POST', `/api/me/votes/${id}/ballot`, { choice: choices[i] })).statusCode).toBe(201);
    // The voter sees their own choice (recomputed from their key) but no tally.
    const mine = (await call(t.app, sessions[2]!, 'GET', `/api/votes/${id}`)).json();
    expect(mine.mine.choice).toBe('against');
    expect(mine.result).toBeNull();
    // Staff see the live tally but not who chose what.
    const live = (await call(t.app, await staff(), 'GET', `/api/votes/${id}`)).json();
    expect(live.result.for.heads).toBe(5);
    const list = (await call(t.app, await staff(), 'GET', `/api/votes/${id}/participation`)).json();
    expect(list.items).toHaveLength(7);
    expect(list.items.every((i: { choice: unknown }) => i.choice === null)).toBe(true);
    // In storage: no voter key, no person id and no time on a ballot; tokens are not voter keys.
    const rows = await t.deps.db.selectFrom('owner_vote_ballots').selectAll().where('vote_id', '=', id).execute();
    expect(rows).toHaveLength(7);
    for (const r of rows) {
      expect(r.token).toMatch(/^[0-9a-f]{64}$/);
      expect(r.cast_at).toBeNull();
    }
    // The audit log does not carry the choice of a secret ballot.
    const audit = await t.deps.db.selectFrom('audit_log').select('detail').where('action', '=', 'vote.ballot.cast').where('target_id', '=', String(id)).execute();
    expect(JSON.stringify(audit)).not.toMatch(/against|abstain|"for"/);
  });

  it('destroys the ballot key at close, so nobody can link a ballot to a voter afterwards, and the recount still matches', async () => {
    t.clock.advance(5 * DAY);
    const closed = (await call(t.app, await staff(), 'POST', `/api/votes/${id}/close`)).json();
    expect(closed.result.for.heads).toBe(5);
    const row = await t.deps.db.selectFrom('owner_votes').select('ballot_key').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.ballot_key).toBeNull();
    expect((await call(t.app, await staff(), 'GET', `/api/votes/${id}/recount`)).json().matches).toBe(true);
    // The voter's own choice can no longer be found either.
    expect((await call(t.app, await as(owners[2]!), 'GET', `/api/votes/${id}`)).json().mine).toMatchObject({ voted: true, choice: null });
  });
});
