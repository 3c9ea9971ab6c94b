import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, type TestApp } from '../../../test/helpers.ts';
import { createPerson, createTree } from '../../../test/factories.ts';
import { addHouseholds, addOwner, call, openSession } from './vote-fixture.ts';

/**
 * Property: whatever owners do through the API while a vote is open — cast, cast again, change, undo, a paper
 * ballot — the result published at the close equals a recount made independently from a model of the last choice
 * of each voter (per unit, BigInt), and equals the server's own recount from the stored ballots. Open and secret.
 */
const DAY = 86_400_000;
let t: TestApp;
let tree: Awaited<ReturnType<typeof createTree>>;
let staffId: number;
/** Owner i holds units[i] (and owner 0 also the last unit). */
let owners: number[];
let areaOf: Map<number, number>; // person → 0.01 m² summed
let total: number;

beforeAll(async () => {
  t = await buildTestApp();
  tree = await createTree(t.deps);
  staffId = (await createPerson(t.deps, tree.districtId, '专员王', [{ role: 'commissioner', place: tree.places.A! }])).id;
  const areas = ['61.25', '70.00', '88.88', '95.10', '102.33', '120.00', '55.55'];
  const units = await addHouseholds(t.deps, tree.districtId, tree.places['A-u1']!, areas);
  owners = [];
  for (let i = 0; i < 6; i++) owners.push(await addOwner(t.deps, tree.districtId, `业主${i}`, i === 0 ? [units[0]!, units[6]!] : [units[i]!]));
  const centi = areas.map((a) => Math.round(Number(a) * 100));
  areaOf = new Map(owners.map((o, i) => [o, i === 0 ? centi[0]! + centi[6]! : centi[i]!]));
  total = centi.reduce((n, a) => n + a, 0);
});
afterAll(() => t.close());

type Op = { kind: 'cast' | 'change' | 'undo' | 'paper'; who: number; choice: 'for' | 'against' | 'abstain' };
const opArb = fc.record({ kind: fc.constantFrom<Op['kind']>('cast', 'cast', 'change', 'undo', 'paper'), who: fc.nat({ max: 5 }), choice: fc.constantFrom<Op['choice']>('for', 'against', 'abstain') });

describe('property: the published tally equals a recount from the ballots (through the API)', () => {
  it('for random casts, changes, undos and paper ballots, open or secret, on any matter', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 14 }), fc.boolean(), fc.integer({ min: 1, max: 9 }), async (ops, secret, item) => {
        const staff = await openSession(t.deps, tree.districtId, staffId);
        const id = (await call(t.app, staff, 'POST', '/api/votes', { scopePlaceId: tree.places['A-b1']!.id, item, title: '性质测试', description: '—', windowDays: 5, secret })).json().id;
        await call(t.app, staff, 'POST', `/api/votes/${id}/announce`);
        t.clock.advance(15 * DAY);
        expect((await call(t.app, await openSession(t.deps, tree.districtId, staffId), 'POST', `/api/votes/${id}/open`)).statusCode).toBe(200);
        const sessions = new Map<number, Session>();
        for (const o of owners) sessions.set(o, await openSession(t.deps, tree.districtId, o));
        const staff2 = await openSession(t.deps, tree.districtId, staffId);
        // The model: each voter's last standing choice and whether it was cast online (undo applies to those only).
        const model = new Map<number, { choice: Op['choice']; online: boolean }>();
        for (const op of ops) {
          const who = owners[op.who]!;
          const s = sessions.get(who)!;
          const has = model.has(who);
          if (op.kind === 'cast') {
            const r = await call(t.app, s, 'POST', `/api/me/votes/${id}/ballot`, { choice: op.choice });
            expect(r.statusCode).toBe(has ? 409 : 201);
            if (!has) model.set(who, { choice: op.choice, online: true });
          } else if (op.kind === 'change') {
            const r = await call(t.app, s, 'PATCH', `/api/me/votes/${id}/ballot`, { choice: op.choice });
            expect(r.statusCode).toBe(has ? 200 : 409);
            if (has) model.set(who, { ...model.get(who)!, choice: op.choice });
          } else if (op.kind === 'undo') {
            const r = await call(t.app, s, 'DELETE', `/api/me/votes/${id}/ballot`);
            expect(r.statusCode).toBe(has && model.get(who)!.online ? 200 : 409);
            if (has && model.get(who)!.online) model.delete(who);
          } else {
            const r = await call(t.app, staff2, 'POST', `/api/votes/${id}/paper-ballots`, { ownerId: who, choice: op.choice, scanRef: `S-${op.who}` });
            expect(r.statusCode).toBe(has ? 409 : 201);
            if (!has) model.set(who, { choice: op.choice, online: false });
          }
        }
        t.clock.advance(5 * DAY);
        const closed = (await call(t.app, await openSession(t.deps, tree.districtId, staffId), 'POST', `/api/votes/${id}/close`)).json();
        const r = closed.result;
        // The independent recount from the model, with BigInt thresholds as the law states them.
        const sum = (c: Op['choice']) => [...model].filter(([, m]) => m.choice === c).reduce((n, [o]) => n + areaOf.get(o)!, 0);
        const heads = (c: Op['choice']) => [...model.values()].filter((m) => m.choice === c).length;
        expect(r.electorate).toEqual({ areaCenti: total, heads: 6, units: 7 });
        expect([r.for, r.against, r.abstain]).toEqual((['for', 'against', 'abstain'] as const).map((c) => ({ areaCenti: sum(c), heads: heads(c) })));
        const partArea = BigInt(sum('for') + sum('against') + sum('abstain'));
        const partHeads = BigInt(model.size);
        const quorum = partArea * 3n >= BigInt(total) * 2n && partHeads * 3n >= 12n;
        const yesA = BigInt(sum('for'));
        const yesH = BigInt(heads('for'));
        const approve = partHeads > 0n && ([6, 7, 8].includes(item) ? yesA * 4n >= partArea * 3n && yesH * 4n >= partHeads * 3n : yesA * 2n > partArea && yesH * 2n > partHeads);
        expect(r.passed).toBe(quorum && approve);
        const recount = (await call(t.app, await openSession(t.deps, tree.districtId, staffId), 'GET', `/api/votes/${id}/recount`)).json();
        expect(recount.matches).toBe(true);
        expect(recount.ballots).toBe(model.size);
      }),
      {
        numRuns: 20,
        // Once found at random: a paper ballot changed online must not become undoable (its paper record would go).
        examples: [[[{ kind: 'paper', who: 1, choice: 'for' }, { kind: 'change', who: 1, choice: 'for' }, { kind: 'undo', who: 1, choice: 'for' }, { kind: 'cast', who: 0, choice: 'for' }], false, 1]],
      },
    );
  }, 600_000);
});
