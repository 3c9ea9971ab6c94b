/**
 * The arithmetic of an owners' joint decision (业主共同决定), 民法典 第278条 with the SPC interpretation on building
 * ownership (2020) arts. 8–9. Pure: no clock, no database; exact integer arithmetic only.
 *
 * - Area is counted in integer hundredths of a square metre (0.01 m², the register's precision), never as a float.
 * - Headcount (人数) counts voters: one unit is one person, but an owner of several units counts once, and all of the
 *   developer's unsold or undelivered units (建设单位未出售/未交付部分) count together as one person.
 * - Quorum (参与表决): voters holding ≥ 2/3 of the exclusive area AND ≥ 2/3 of the headcount take part.
 * - Approval: items 6, 7 and 8 (raising maintenance funds; rebuilding or altering buildings and facilities, e.g. a
 *   lift; changing the use of common parts) need ≥ 3/4 of the participating area AND of the participating voters;
 *   every other item needs more than 1/2 of both.
 * - Abstention (弃权) is participation that does not approve.
 * - "Non-voters follow the majority" (从众条款) is computed only when the compound's rules allow it, and reported
 *   apart from the strict result, never in place of it.
 *
 * Every comparison of fractions is a cross-multiplication of integers (a/b ≥ 2/3 ⇔ 3a ≥ 2b).
 */

/** The nine matters of art. 278 (1-based, as the law numbers them). */
export const ART_278_ITEMS = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
export type Art278Item = (typeof ART_278_ITEMS)[number];

/** Items needing the special majority of three quarters of participants (art. 278 ¶2, second sentence). */
export function needsThreeQuarters(item: Art278Item): boolean {
  return item === 6 || item === 7 || item === 8;
}

/** One exclusive unit of the electorate: its owner and its area in 0.01 m². */
export type ElectorUnit = {
  unitId: number;
  /** The owner on the register; ignored when `developerHeld` (all developer units are one voter). */
  ownerId: number;
  areaCenti: number;
  developerHeld: boolean;
};

export type Choice = 'for' | 'against' | 'abstain';

/** A ballot as counted: the voter it stands for (see `voterKeyOf`) and the choice. */
export type CountedBallot = { voterKey: string; choice: Choice };

/** Who votes for a unit: the developer as one person, anyone else by their person id. */
export const DEVELOPER_VOTER = 'developer';
export function voterKeyOf(unit: Pick<ElectorUnit, 'ownerId' | 'developerHeld'>): string {
  return unit.developerHeld ? DEVELOPER_VOTER : `p:${unit.ownerId}`;
}

/** Area (0.01 m²) and headcount together: the two measures the law always asks for. */
export type Measure = { areaCenti: number; heads: number };

export type TallyInput = {
  item: Art278Item;
  electorate: readonly ElectorUnit[];
  ballots: readonly CountedBallot[];
  /** The compound's flag: its rules provide that non-voters follow the majority. */
  followMajorityAllowed: boolean;
};

export type Tally = {
  item: Art278Item;
  electorate: Measure & { units: number };
  participating: Measure;
  for: Measure;
  against: Measure;
  abstain: Measure;
  quorum: { met: boolean; areaMet: boolean; headsMet: boolean };
  approval: { threshold: 'three_quarters' | 'more_than_half'; met: boolean; areaMet: boolean; headsMet: boolean };
  /** The strict result under art. 278: quorum and approval both met. */
  passed: boolean;
  /**
   * The result if non-voters are counted with the majority of those who voted — only when the compound's rules
   * allow it (null otherwise). `side` is the majority on both measures; with no majority on both, nothing is added.
   */
  followMajority: null | { side: 'for' | 'against' | null; added: Measure; for: Measure; passed: boolean };
};

const zero = (): Measure => ({ areaCenti: 0, heads: 0 });
const add = (m: Measure, areaCenti: number, heads: number) => {
  m.areaCenti += areaCenti;
  m.heads += heads;
};

/** a/b ≥ p/q without division (b > 0). */
const atLeast = (a: number, b: number, p: number, q: number) => q * a >= p * b;
/** a/b > 1/2 without division (b > 0). */
const moreThanHalf = (a: number, b: number) => 2 * a > b;

function approvalOf(item: Art278Item, yes: Measure, base: Measure) {
  const threshold = needsThreeQuarters(item) ? ('three_quarters' as const) : ('more_than_half' as const);
  // Nobody taking part approves nothing (and avoids 0/0).
  const areaMet = base.areaCenti > 0 && (threshold === 'three_quarters' ? atLeast(yes.areaCenti, base.areaCenti, 3, 4) : moreThanHalf(yes.areaCenti, base.areaCenti));
  const headsMet = base.heads > 0 && (threshold === 'three_quarters' ? atLeast(yes.heads, base.heads, 3, 4) : moreThanHalf(yes.heads, base.heads));
  return { threshold, met: areaMet && headsMet, areaMet, headsMet };
}

/** Area per voter: a voter's units summed (one voter, however many units). */
export function votersOf(electorate: readonly ElectorUnit[]): Map<string, number> {
  const voters = new Map<string, number>();
  for (const u of electorate) {
    if (!Number.isSafeInteger(u.areaCenti) || u.areaCenti <= 0) throw new RangeError(`unit ${u.unitId}: area must be a positive integer of 0.01 m²`);
    const key = voterKeyOf(u);
    voters.set(key, (voters.get(key) ?? 0) + u.areaCenti);
  }
  return voters;
}

/**
 * Counts the ballots of an owners' vote from the register. Each voter counts once with the whole area of their
 * units; a ballot from someone outside the electorate, or a second ballot from the same voter, is an error in the
 * caller — refused here rather than silently counted or dropped.
 */
export function tallyOwnersVote(input: TallyInput): Tally {
  const voters = votersOf(input.electorate);
  const total = { areaCenti: 0, heads: voters.size };
  for (const area of voters.values()) total.areaCenti += area;
  const seen = new Set<string>();
  const weighted = input.ballots.map((b) => {
    const area = voters.get(b.voterKey);
    if (area === undefined) throw new RangeError(`ballot from ${b.voterKey}, who is not in the electorate`);
    if (seen.has(b.voterKey)) throw new RangeError(`second ballot from ${b.voterKey}`);
    seen.add(b.voterKey);
    return { areaCenti: area, choice: b.choice };
  });
  return countWeightedBallots({ item: input.item, electorate: { ...total, units: input.electorate.length }, ballots: weighted, followMajorityAllowed: input.followMajorityAllowed });
}

/** A ballot with its weight: the area (0.01 m²) of all the voter's units; by headcount every ballot weighs one. */
export type WeightedBallot = { areaCenti: number; choice: Choice };

/**
 * The count itself, from weighted ballots and the electorate's totals. A secret vote is counted this way: its
 * ballots carry their weight but no voter (docs/votes.md).
 */
export function countWeightedBallots(input: { item: Art278Item; electorate: Measure & { units: number }; ballots: readonly WeightedBallot[]; followMajorityAllowed: boolean }): Tally {
  const { electorate } = input;
  const byChoice: Record<Choice, Measure> = { for: zero(), against: zero(), abstain: zero() };
  for (const b of input.ballots) {
    if (!Number.isSafeInteger(b.areaCenti) || b.areaCenti <= 0) throw new RangeError('a ballot must weigh a positive integer of 0.01 m²');
    add(byChoice[b.choice], b.areaCenti, 1);
  }
  const participating = zero();
  for (const m of Object.values(byChoice)) add(participating, m.areaCenti, m.heads);
  if (participating.heads > electorate.heads || participating.areaCenti > electorate.areaCenti) throw new RangeError('more ballots than the electorate holds');

  const quorumAreaMet = electorate.areaCenti > 0 && atLeast(participating.areaCenti, electorate.areaCenti, 2, 3);
  const quorumHeadsMet = electorate.heads > 0 && atLeast(participating.heads, electorate.heads, 2, 3);
  const quorum = { met: quorumAreaMet && quorumHeadsMet, areaMet: quorumAreaMet, headsMet: quorumHeadsMet };
  const approval = approvalOf(input.item, byChoice.for, participating);

  let followMajority: Tally['followMajority'] = null;
  if (input.followMajorityAllowed) {
    const f = byChoice.for;
    const a = byChoice.against;
    const side = f.areaCenti > a.areaCenti && f.heads > a.heads ? 'for' : a.areaCenti > f.areaCenti && a.heads > f.heads ? 'against' : null;
    const added = side ? { areaCenti: electorate.areaCenti - participating.areaCenti, heads: electorate.heads - participating.heads } : zero();
    const yes = { ...f };
    if (side === 'for') add(yes, added.areaCenti, added.heads);
    // With the clause, the non-voters count as taking part: the base is the participants plus those added.
    const base = { areaCenti: participating.areaCenti + added.areaCenti, heads: participating.heads + added.heads };
    const q = base.areaCenti > 0 && atLeast(base.areaCenti, electorate.areaCenti, 2, 3) && atLeast(base.heads, electorate.heads, 2, 3);
    followMajority = { side, added, for: yes, passed: q && approvalOf(input.item, yes, base).met };
  }

  return {
    item: input.item,
    electorate: { areaCenti: electorate.areaCenti, heads: electorate.heads, units: electorate.units },
    participating,
    for: byChoice.for,
    against: byChoice.against,
    abstain: byChoice.abstain,
    quorum,
    approval,
    passed: quorum.met && approval.met,
    followMajority,
  };
}

/** 0.01 m² → "1234.56" for display, exactly (no float rounding). */
export function formatArea(areaCenti: number): string {
  const sign = areaCenti < 0 ? '-' : '';
  const abs = Math.abs(areaCenti);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** "88.50" or numeric(10,2) text from PostgreSQL → 8850, exactly. */
export function parseAreaCenti(text: string | number): number {
  const s = typeof text === 'number' ? text.toFixed(2) : text.trim();
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) throw new RangeError(`not an area: ${s}`);
  return Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
}
