/**
 * A residents' poll's outcome (城市居民委员会组织法): it counts when more than half of the electorate (adults or
 * households, as the poll says) answered, and an option is chosen when more than half of those who answered chose it.
 * Integer comparisons only.
 */
export type PollOutcome = { electorate: number; answered: number; counts: number[]; quorumMet: boolean; chosen: number | null };

export function pollOutcome(electorate: number, options: number, answers: readonly number[]): PollOutcome {
  const counts = Array.from({ length: options }, () => 0);
  for (const a of answers) {
    if (!Number.isInteger(a) || a < 0 || a >= options) throw new RangeError(`no option ${a}`);
    counts[a]! += 1;
  }
  const answered = answers.length;
  const quorumMet = 2 * answered > electorate;
  const top = counts.findIndex((c) => 2 * c > answered);
  return { electorate, answered, counts, quorumMet, chosen: quorumMet && top >= 0 ? top : null };
}
