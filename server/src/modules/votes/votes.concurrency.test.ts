import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, type TestApp } from '../../../test/helpers.ts';
import { createPerson, createTree } from '../../../test/factories.ts';
import { usePostgres } from '../../../test/template.ts';
import { insertMany, insertPeopleReturningIds } from '../../seed/demo.repository.ts';
import { addHouseholds, call, openSession } from './vote-fixture.ts';

/**
 * Issue 7's concurrency check, on PGlite (default suite) and PostgreSQL (`npm run test:pg`): 500 owners vote at
 * once through the API, and 100 of them try a second time at the same moment → exactly 500 counted ballots, one
 * per owner; every duplicate refused with VOTE_ALREADY_CAST.
 */
const DAY = 86_400_000;
const OWNERS = 500;
let t: TestApp;
let tree: Awaited<ReturnType<typeof createTree>>;
let staffId: number;
let ownerIds: number[];
let voteId: number;

beforeAll(async () => {
  t = await buildTestApp();
  tree = await createTree(t.deps);
  staffId = (await createPerson(t.deps, tree.districtId, '专员王', [{ role: 'commissioner', place: tree.places.A! }])).id;
  const areas = Array.from({ length: OWNERS }, (_, i) => `${60 + (i % 50)}.${String(i % 100).padStart(2, '0')}`);
  const units = await addHouseholds(t.deps, tree.districtId, tree.places['A-u1']!, areas);
  ownerIds = await insertPeopleReturningIds(t.deps.db, units.map((_, i) => {
    const phone = `135${String(i).padStart(8, '0')}`;
    return { district_id: tree.districtId, name: `业主${i}`, phone_cipher: t.deps.cipher.encrypt(phone), phone_hash: t.deps.cipher.lookupHash('phone', phone) };
  }));
  await insertMany(t.deps.db, 'role_assignments', units.map((u, i) => ({
    district_id: tree.districtId, person_id: ownerIds[i]!, role: 'owner', place_id: u.id, place_path: u.path, is_local: false, valid_from: new Date('2020-01-01T00:00:00Z'),
  })));
  const s = await openSession(t.deps, tree.districtId, staffId);
  voteId = (await call(t.app, s, 'POST', '/api/votes', { scopePlaceId: tree.places['A-b1']!.id, item: 7, title: '加装电梯', description: '1幢加装电梯', windowDays: 5 })).json().id;
  await call(t.app, s, 'POST', `/api/votes/${voteId}/announce`);
  t.clock.advance(15 * DAY);
  const opened = await call(t.app, await openSession(t.deps, tree.districtId, staffId), 'POST', `/api/votes/${voteId}/open`);
  expect(opened.statusCode).toBe(200);
}, 600_000);
afterAll(() => t.close());

describe(`${OWNERS} owners voting at once (${usePostgres() ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('counts exactly one ballot per owner and refuses every duplicate', async () => {
    const sessions: Session[] = [];
    for (const id of ownerIds) sessions.push(await openSession(t.deps, tree.districtId, id));
    const choiceOf = (i: number) => (i % 4 === 0 ? 'against' : 'for');
    const attempts = [
      ...sessions.map((s, i) => ({ s, choice: choiceOf(i) })),
      // 100 owners press the button twice, at the same moment, once with the other choice.
      ...sessions.slice(0, 100).map((s, i) => ({ s, choice: choiceOf(i) === 'for' ? 'against' : 'for' })),
    ];
    const started = Date.now();
    const results = await Promise.all(attempts.map(async (a) => {
      const res = await call(t.app, a.s, 'POST', `/api/me/votes/${voteId}/ballot`, { choice: a.choice });
      return { status: res.statusCode, code: res.statusCode === 201 ? null : res.json().code };
    }));
    const ms = Date.now() - started;
    expect(results.filter((r) => r.status === 201)).toHaveLength(OWNERS);
    expect(results.filter((r) => r.status !== 201)).toEqual(Array.from({ length: 100 }, () => ({ status: 409, code: 'VOTE_ALREADY_CAST' })));

    const db = t.deps.db;
    const ballots = await db.selectFrom('owner_vote_ballots').select((eb) => eb.fn.countAll<number>().as('n')).where('vote_id', '=', voteId).executeTakeFirstOrThrow();
    const voters = await db.selectFrom('owner_vote_participation').select((eb) => eb.fn.count<number>('voter_key').distinct().as('n')).where('vote_id', '=', voteId).executeTakeFirstOrThrow();
    expect(Number(ballots.n)).toBe(OWNERS);
    expect(Number(voters.n)).toBe(OWNERS);

    t.clock.advance(5 * DAY);
    const closed = (await call(t.app, await openSession(t.deps, tree.districtId, staffId), 'POST', `/api/votes/${voteId}/close`)).json();
    expect(closed.result.participating.heads).toBe(OWNERS);
    // Which of the pair won is a race; what counts is that each owner counts once, with one of their two choices.
    expect(closed.result.for.heads + closed.result.against.heads).toBe(OWNERS);
    expect(closed.result.electorate.heads).toBe(OWNERS);
    console.log(`${OWNERS} + 100 concurrent ballots through the API: ${ms} ms (${usePostgres() ? 'PostgreSQL' : 'PGlite'})`);
  }, 600_000);
});
