import { describe, expect, it } from 'vitest';
import { countElection, seatsValid } from './committee-count.ts';

const voters = (n: number, area = 10_000) => Array.from({ length: n }, (_, i) => ({ voterKey: `p:${i}`, areaCenti: area }));
const cands = (n: number, owner = true) => Array.from({ length: n }, (_, i) => ({ nominationId: i + 1, isOwner: owner }));
/** Every voter in `who` picks candidates `ids`. */
const pick = (who: number[], ids: number[]) => who.flatMap((v) => ids.map((nominationId) => ({ voterKey: `p:${v}`, nominationId })));
const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

describe('committee seats', () => {
  it('accepts only odd sizes within the legal range', () => {
    expect([4, 5, 6, 7, 9, 11, 13].map((s) => seatsValid('owners_committee', s))).toEqual([false, true, false, true, true, true, false]);
    expect([5, 7, 8, 11].map((s) => seatsValid('self_management_committee', s))).toEqual([false, true, false, true]);
  });
});

describe('countElection', () => {
  it('elects the candidates with more than half of participating heads and area, most voted first, up to the seats', () => {
    const picks = [...pick(range(0, 10), [1, 2, 3, 4, 5]), ...pick(range(0, 6), [6]), ...pick(range(0, 4), [7])];
    const r = countElection({ kind: 'owners_committee', seats: 5, quorumMet: true, participants: voters(10), picks, candidates: cands(7) });
    expect(r.elected).toEqual([1, 2, 3, 4, 5]);
    expect(r.formed).toBe(true);
    // Candidate 6 had a majority (6 of 10) but the five seats were taken by those with more votes.
    expect(r.candidates.find((c) => c.nominationId === 6)).toMatchObject({ heads: 6, majority: true, elected: false });
  });

  it('does not elect at exactly half (more than half is required)', () => {
    const picks = [...pick(range(0, 10), [1, 2, 3, 4]), ...pick(range(0, 5), [5])];
    const r = countElection({ kind: 'owners_committee', seats: 5, quorumMet: true, participants: voters(10), picks, candidates: cands(5) });
    expect(r.candidates.find((c) => c.nominationId === 5)!.majority).toBe(false);
    expect([r.formed, r.failure]).toEqual([false, 'too_few']);
  });

  it('needs the area too: a majority of heads holding half the area or less is not enough', () => {
    const participants = [...voters(6, 5_000), ...voters(0), { voterKey: 'p:big1', areaCenti: 30_000 }, { voterKey: 'p:big2', areaCenti: 30_000 }];
    // Six small voters (30 000) against two large ones (60 000): 6 of 8 heads but a third of the area.
    const r = countElection({ kind: 'owners_committee', seats: 5, quorumMet: true, participants, picks: pick(range(0, 6), [1]), candidates: cands(1) });
    expect(r.candidates[0]).toMatchObject({ heads: 6, areaCenti: 30_000, majority: false });
  });

  it('forms no committee of an even size, without the quorum, or a self-management committee of mostly non-owners', () => {
    const six = countElection({ kind: 'owners_committee', seats: 7, quorumMet: true, participants: voters(10), picks: pick(range(0, 10), [1, 2, 3, 4, 5, 6]), candidates: cands(7) });
    expect([six.formed, six.failure, six.elected]).toEqual([false, 'even', []]);
    const noQuorum = countElection({ kind: 'owners_committee', seats: 5, quorumMet: false, participants: voters(10), picks: pick(range(0, 10), [1, 2, 3, 4, 5]), candidates: cands(5) });
    expect(noQuorum.failure).toBe('quorum');
    const mixed = [...cands(3), ...cands(4, false).map((c) => ({ ...c, nominationId: c.nominationId + 3 }))];
    const sm = countElection({ kind: 'self_management_committee', seats: 7, quorumMet: true, participants: voters(10), picks: pick(range(0, 10), [1, 2, 3, 4, 5, 6, 7]), candidates: mixed });
    expect(sm.failure).toBe('owners');
  });
});
