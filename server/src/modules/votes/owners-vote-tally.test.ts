import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatArea, parseAreaCenti, tallyOwnersVote, voterKeyOf, type Art278Item, type Choice, type CountedBallot, type ElectorUnit } from './owners-vote-tally.ts';

/** n units of equal area, each with its own owner (ids 1..n). */
const units = (n: number, areaCenti = 10_000): ElectorUnit[] => Array.from({ length: n }, (_, i) => ({ unitId: i + 1, ownerId: i + 1, areaCenti, developerHeld: false }));
const ballots = (spec: [number, Choice][]): CountedBallot[] => spec.map(([owner, choice]) => ({ voterKey: `p:${owner}`, choice }));
const firstN = (n: number, choice: Choice, from = 1): [number, Choice][] => Array.from({ length: n }, (_, i) => [from + i, choice]);

describe('owners vote arithmetic (民法典 第278条)', () => {
  it('counts an owner of several units once by headcount, with the area of all their units', () => {
    // Owner 1 holds three units; owners 2 and 3 one each → 3 voters, 5 units.
    const e: ElectorUnit[] = [
      { unitId: 1, ownerId: 1, areaCenti: 9_000, developerHeld: false },
      { unitId: 2, ownerId: 1, areaCenti: 9_000, developerHeld: false },
      { unitId: 3, ownerId: 1, areaCenti: 9_000, developerHeld: false },
      { unitId: 4, ownerId: 2, areaCenti: 9_000, developerHeld: false },
      { unitId: 5, ownerId: 3, areaCenti: 9_000, developerHeld: false },
    ];
    const t = tallyOwnersVote({ item: 4, electorate: e, ballots: ballots([[1, 'for'], [2, 'for']]), followMajorityAllowed: false });
    expect(t.electorate).toEqual({ areaCenti: 45_000, heads: 3, units: 5 });
    expect(t.participating).toEqual({ areaCenti: 36_000, heads: 2 });
    expect(t.for).toEqual({ areaCenti: 36_000, heads: 2 });
    expect(t.quorum.met).toBe(true); // 4/5 of area, 2/3 of heads
    expect(t.passed).toBe(true);
    // Owner 1 alone has 3/5 of the area but 1/3 of the heads: no quorum.
    const alone = tallyOwnersVote({ item: 4, electorate: e, ballots: ballots([[1, 'for']]), followMajorityAllowed: false });
    expect(alone.quorum).toEqual({ met: false, areaMet: false, headsMet: false });
  });

  it("counts all of the developer's unsold units as one person, whoever holds them on the register", () => {
    const e: ElectorUnit[] = [
      ...units(4),
      // Four unsold units, two of them registered to a subsidiary: still one voter, the developer.
      { unitId: 11, ownerId: 100, areaCenti: 10_000, developerHeld: true },
      { unitId: 12, ownerId: 100, areaCenti: 10_000, developerHeld: true },
      { unitId: 13, ownerId: 101, areaCenti: 10_000, developerHeld: true },
      { unitId: 14, ownerId: 101, areaCenti: 10_000, developerHeld: true },
    ];
    const t = tallyOwnersVote({ item: 4, electorate: e, ballots: [...ballots(firstN(3, 'for')), { voterKey: 'developer', choice: 'against' }], followMajorityAllowed: false });
    expect(t.electorate).toEqual({ areaCenti: 80_000, heads: 5, units: 8 });
    expect(t.against).toEqual({ areaCenti: 40_000, heads: 1 });
    expect(t.for).toEqual({ areaCenti: 30_000, heads: 3 });
    // More than half by heads (3/4) but not by area (30/70): refused.
    expect(t.approval).toMatchObject({ areaMet: false, headsMet: true, met: false });
    expect(voterKeyOf({ ownerId: 101, developerHeld: true })).toBe('developer');
  });

  it('accepts participation at exactly 2/3 of area and heads, and refuses one vote less', () => {
    const e = units(9);
    const exact = tallyOwnersVote({ item: 4, electorate: e, ballots: ballots(firstN(6, 'for')), followMajorityAllowed: false });
    expect(exact.participating).toEqual({ areaCenti: 60_000, heads: 6 });
    expect(exact.quorum).toEqual({ met: true, areaMet: true, headsMet: true });
    const short = tallyOwnersVote({ item: 4, electorate: e, ballots: ballots(firstN(5, 'for')), followMajorityAllowed: false });
    expect(short.quorum.met).toBe(false);
    // 2/3 of heads but one hundredth of a square metre short of 2/3 of the area.
    const e2: ElectorUnit[] = [{ unitId: 1, ownerId: 1, areaCenti: 100, developerHeld: false }, { unitId: 2, ownerId: 2, areaCenti: 100, developerHeld: false }, { unitId: 3, ownerId: 3, areaCenti: 101, developerHeld: false }];
    const hair = tallyOwnersVote({ item: 4, electorate: e2, ballots: ballots([[1, 'for'], [2, 'for']]), followMajorityAllowed: false });
    expect(hair.quorum).toEqual({ met: false, areaMet: false, headsMet: true }); // 200/301 < 2/3
  });

  it('passes item 7 (adding a lift) at exactly 3/4 of participants, and not one below', () => {
    const e = units(8);
    const exactly = tallyOwnersVote({ item: 7, electorate: e, ballots: ballots([...firstN(6, 'for'), [7, 'against'], [8, 'abstain']]), followMajorityAllowed: false });
    expect(exactly.approval).toEqual({ threshold: 'three_quarters', met: true, areaMet: true, headsMet: true });
    expect(exactly.passed).toBe(true);
    const below = tallyOwnersVote({ item: 7, electorate: e, ballots: ballots([...firstN(5, 'for'), [6, 'abstain'], [7, 'against'], [8, 'abstain']]), followMajorityAllowed: false });
    expect(below.approval.met).toBe(false); // 5/8 < 3/4
    expect(below.passed).toBe(false);
  });

  it('passes item 4 (hiring the property company) at just over 1/2, and not at exactly 1/2; the same votes fail item 7', () => {
    const e = units(9);
    const justOver = ballots([...firstN(5, 'for'), ...firstN(4, 'against', 6)]); // 5/9
    expect(tallyOwnersVote({ item: 4, electorate: e, ballots: justOver, followMajorityAllowed: false }).passed).toBe(true);
    expect(tallyOwnersVote({ item: 7, electorate: e, ballots: justOver, followMajorityAllowed: false }).passed).toBe(false);
    const half = ballots([...firstN(4, 'for'), ...firstN(4, 'against', 5)]); // 4/8 of participants
    const t = tallyOwnersVote({ item: 4, electorate: e, ballots: half, followMajorityAllowed: false });
    expect(t.quorum.met).toBe(true);
    expect(t.approval).toMatchObject({ threshold: 'more_than_half', met: false, areaMet: false, headsMet: false });
  });

  it('applies "non-voters follow the majority" only where allowed, and reports it apart from the strict result', () => {
    const e = units(9);
    const b = ballots([...firstN(4, 'for'), [5, 'against']]); // 5 of 9 take part: no quorum
    const strict = tallyOwnersVote({ item: 4, electorate: e, ballots: b, followMajorityAllowed: false });
    expect(strict.passed).toBe(false);
    expect(strict.followMajority).toBeNull();
    const flagged = tallyOwnersVote({ item: 4, electorate: e, ballots: b, followMajorityAllowed: true });
    expect(flagged.passed).toBe(false); // the strict result is unchanged
    expect(flagged.followMajority).toEqual({ side: 'for', added: { areaCenti: 40_000, heads: 4 }, for: { areaCenti: 80_000, heads: 8 }, passed: true });
    // No majority on both measures → nothing is added.
    const tied = tallyOwnersVote({ item: 4, electorate: e, ballots: ballots([[1, 'for'], [2, 'against']]), followMajorityAllowed: true });
    expect(tied.followMajority).toMatchObject({ side: null, added: { areaCenti: 0, heads: 0 }, passed: false });
  });

  it('refuses a ballot from outside the electorate and a second ballot from the same voter', () => {
    expect(() => tallyOwnersVote({ item: 1, electorate: units(2), ballots: ballots([[3, 'for']]), followMajorityAllowed: false })).toThrow(/not in the electorate/);
    expect(() => tallyOwnersVote({ item: 1, electorate: units(2), ballots: ballots([[1, 'for'], [1, 'against']]), followMajorityAllowed: false })).toThrow(/second ballot/);
    expect(() => tallyOwnersVote({ item: 1, electorate: [{ unitId: 1, ownerId: 1, areaCenti: 88.5, developerHeld: false }], ballots: [], followMajorityAllowed: false })).toThrow(/integer/);
  });

  it('reads and writes areas exactly', () => {
    expect(parseAreaCenti('88.50')).toBe(8850);
    expect(parseAreaCenti('88.5')).toBe(8850);
    expect(parseAreaCenti('120')).toBe(12000);
    expect(parseAreaCenti(0.1 + 0.2)).toBe(30);
    expect(formatArea(123456)).toBe('1234.56');
    expect(formatArea(5)).toBe('0.05');
  });
});

/**
 * An independent recount: per unit instead of per voter, with BigInt fractions, and the thresholds written as the
 * law states them. The published tally must always agree with it.
 */
function recount(item: Art278Item, electorate: ElectorUnit[], cast: CountedBallot[]) {
  const choiceOf = new Map(cast.map((b) => [b.voterKey, b.choice]));
  const keyOf = (u: ElectorUnit) => (u.developerHeld ? 'developer' : `p:${u.ownerId}`);
  let total = 0n;
  const sums = { for: 0n, against: 0n, abstain: 0n };
  for (const u of electorate) {
    total += BigInt(u.areaCenti);
    const c = choiceOf.get(keyOf(u));
    if (c) sums[c] += BigInt(u.areaCenti);
  }
  const heads = new Set(electorate.map(keyOf)).size;
  const headsOf = (c: Choice) => cast.filter((b) => b.choice === c).length;
  const partArea = sums.for + sums.against + sums.abstain;
  const partHeads = cast.length;
  const quorum = partArea * 3n >= total * 2n && partHeads * 3 >= heads * 2;
  const special = [6, 7, 8].includes(item);
  const approve = partHeads > 0 && (special ? sums.for * 4n >= partArea * 3n && headsOf('for') * 4 >= partHeads * 3 : sums.for * 2n > partArea && headsOf('for') * 2 > partHeads);
  return { total: Number(total), heads, for: Number(sums.for), against: Number(sums.against), abstain: Number(sums.abstain), passed: quorum && approve };
}

describe('property: the published tally equals a recount from the ballots', () => {
  const electorateArb = fc
    .array(fc.record({ ownerId: fc.integer({ min: 1, max: 12 }), areaCenti: fc.integer({ min: 1, max: 30_000 }), developerHeld: fc.boolean() }), { minLength: 1, maxLength: 30 })
    .map((us) => us.map((u, i) => ({ ...u, developerHeld: u.developerHeld && i % 3 === 0, unitId: i + 1 })));

  it('for any register, item and ballots (changed ones replaced, not added)', () => {
    fc.assert(
      fc.property(
        electorateArb,
        fc.constantFrom<Art278Item>(1, 2, 3, 4, 5, 6, 7, 8, 9),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom<Choice>('for', 'against', 'abstain')), { maxLength: 60 }),
        fc.boolean(),
        (electorate, item, castOps, follow) => {
          // A ballot box: each op casts or changes the ballot of one voter; the last choice counts.
          const keys = [...new Set(electorate.map((u) => voterKeyOf(u)))];
          const box = new Map<string, Choice>();
          for (const [i, choice] of castOps) box.set(keys[i % keys.length]!, choice);
          const cast = [...box].map(([voterKey, choice]) => ({ voterKey, choice }));
          const t = tallyOwnersVote({ item, electorate, ballots: cast, followMajorityAllowed: follow });
          const r = recount(item, electorate, cast);
          expect(t.electorate.areaCenti).toBe(r.total);
          expect(t.electorate.heads).toBe(r.heads);
          expect([t.for.areaCenti, t.against.areaCenti, t.abstain.areaCenti]).toEqual([r.for, r.against, r.abstain]);
          expect(t.participating.heads).toBe(cast.length);
          expect(t.passed).toBe(r.passed);
          expect(t.followMajority === null).toBe(!follow);
          // Order of ballots never matters.
          expect(tallyOwnersVote({ item, electorate, ballots: [...cast].reverse(), followMajorityAllowed: follow })).toEqual(t);
        },
      ),
      { numRuns: 500 },
    );
  });
});
