/**
 * Counting a committee election (选举业主委员会, 民法典 第278条 第(三)项). Pure and in integers.
 *
 * - The election is one owners' joint decision, so the quorum of art. 278 applies to it as a whole: voters holding
 *   ≥ 2/3 of the area and ≥ 2/3 of the headcount take part (the linked owners' vote computes this).
 * - Item 3 is not one of items 6–8, so a candidate is elected only with more than half of the participating area
 *   AND more than half of the participating voters (a voter who took part and picked nobody counts as not for).
 * - Of those, the most voted fill the seats (by voters, then area, then the earlier nomination).
 * - The committee forms only if the number elected is odd and at least the legal minimum (业委会 5, 自管会 7), and
 *   for a self-management committee (物业管理委员会, 杭州 art. 39) at least half the members are owners.
 */
export type CommitteeKind = 'owners_committee' | 'self_management_committee';

export const SEAT_LIMITS: Record<CommitteeKind, { min: number; max: number }> = {
  owners_committee: { min: 5, max: 11 },
  self_management_committee: { min: 7, max: 11 },
};

export function seatsValid(kind: CommitteeKind, seats: number): boolean {
  const { min, max } = SEAT_LIMITS[kind];
  return Number.isInteger(seats) && seats >= min && seats <= max && seats % 2 === 1;
}

export type CandidateCount = { nominationId: number; heads: number; areaCenti: number; majority: boolean; elected: boolean };
export type ElectionCount = {
  participating: { heads: number; areaCenti: number };
  quorumMet: boolean;
  candidates: CandidateCount[];
  elected: number[];
  formed: boolean;
  /** Why no committee formed: 'quorum' | 'too_few' | 'even' | 'owners' (null when formed). */
  failure: 'quorum' | 'too_few' | 'even' | 'owners' | null;
};

export function countElection(input: {
  kind: CommitteeKind;
  seats: number;
  quorumMet: boolean;
  participants: readonly { voterKey: string; areaCenti: number }[];
  picks: readonly { voterKey: string; nominationId: number }[];
  candidates: readonly { nominationId: number; isOwner: boolean }[];
}): ElectionCount {
  const weight = new Map(input.participants.map((p) => [p.voterKey, p.areaCenti]));
  const heads = input.participants.length;
  const area = input.participants.reduce((n, p) => n + p.areaCenti, 0);
  const tallies = input.candidates.map((c) => {
    // Only picks of voters who took part count (a pick without participation cannot exist, but be strict).
    const voters = new Set(input.picks.filter((p) => p.nominationId === c.nominationId && weight.has(p.voterKey)).map((p) => p.voterKey));
    const a = [...voters].reduce((n, k) => n + weight.get(k)!, 0);
    return { nominationId: c.nominationId, heads: voters.size, areaCenti: a, majority: heads > 0 && 2 * voters.size > heads && 2 * a > area, elected: false };
  });
  const ranked = tallies.filter((t) => t.majority).sort((x, y) => y.heads - x.heads || y.areaCenti - x.areaCenti || x.nominationId - y.nominationId);
  const elected = ranked.slice(0, input.seats).map((t) => t.nominationId);
  for (const t of tallies) t.elected = elected.includes(t.nominationId);
  const owners = input.candidates.filter((c) => elected.includes(c.nominationId) && c.isOwner).length;
  let failure: ElectionCount['failure'] = null;
  if (!input.quorumMet) failure = 'quorum';
  else if (elected.length < SEAT_LIMITS[input.kind].min) failure = 'too_few';
  else if (elected.length % 2 === 0) failure = 'even';
  else if (input.kind === 'self_management_committee' && 2 * owners < elected.length) failure = 'owners';
  return { participating: { heads, areaCenti: area }, quorumMet: input.quorumMet, candidates: tallies, elected: failure ? [] : elected, formed: failure === null, failure };
}
