import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, type TestApp } from '../../../test/helpers.ts';
import { createPerson, createTree } from '../../../test/factories.ts';
import { addHouseholds, addOwner, openSession } from './vote-fixture.ts';

/** Issue 10: a ballot sent twice with one Idempotency-Key is counted once; the same key with another choice → 422. */
let t: TestApp;
let tree: Awaited<ReturnType<typeof createTree>>;
let staffId: number;
let ownerId: number;

beforeAll(async () => {
  t = await buildTestApp();
  tree = await createTree(t.deps);
  staffId = (await createPerson(t.deps, tree.districtId, '专员王', [{ role: 'commissioner', place: tree.places.A! }])).id;
  const units = await addHouseholds(t.deps, tree.districtId, tree.places['A-u1']!, ['100.00', '60.00']);
  ownerId = await addOwner(t.deps, tree.districtId, '业主零', [units[0]!]);
  await addOwner(t.deps, tree.districtId, '业主一', [units[1]!]);
});
afterAll(() => t.close());

const send = (s: Session, method: 'POST' | 'PATCH', url: string, payload: object | undefined, key?: string) =>
  t.app.inject({ method, url, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...(key ? { 'idempotency-key': key } : {}) }, ...(payload ? { payload } : {}) });

describe('Idempotency-Key on an owner’s ballot', () => {
  it('casts once per key', async () => {
    const staff = await openSession(t.deps, tree.districtId, staffId);
    const created = await send(staff, 'POST', '/api/votes', { scopePlaceId: tree.places['A-b1']!.id, item: 7, title: '1幢加装电梯', description: '在1幢1单元北侧加装一部电梯，费用按楼层分摊。', windowDays: 10 }, 'vote-create-1');
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as number;
    expect((await send(staff, 'POST', `/api/votes/${id}/announce`, undefined, 'vote-announce-1')).statusCode).toBe(200);
    t.clock.advance(16 * 86_400_000);
    const opened = await send(await openSession(t.deps, tree.districtId, staffId), 'POST', `/api/votes/${id}/open`, undefined, 'vote-open-1');
    expect(opened.statusCode, opened.body).toBe(200);
    const owner = await openSession(t.deps, tree.districtId, ownerId);
    const ballots = async () => Number((await t.deps.db.selectFrom('owner_vote_ballots').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const first = await send(owner, 'POST', `/api/me/votes/${id}/ballot`, { choice: 'for' }, 'ballot-1');
    expect(first.statusCode, first.body).toBe(201);
    const after = await ballots();
    const again = await send(owner, 'POST', `/api/me/votes/${id}/ballot`, { choice: 'for' }, 'ballot-1');
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(await ballots()).toBe(after);
    const other = await send(owner, 'POST', `/api/me/votes/${id}/ballot`, { choice: 'against' }, 'ballot-1');
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
    const changed = await send(owner, 'PATCH', `/api/me/votes/${id}/ballot`, { choice: 'against' }, 'ballot-2');
    expect(changed.statusCode, changed.body).toBe(200);
    const changedAgain = await send(owner, 'PATCH', `/api/me/votes/${id}/ballot`, { choice: 'against' }, 'ballot-2');
    expect(changedAgain.json()).toEqual(changed.json());
    expect(await ballots()).toBe(after);
  });
});
