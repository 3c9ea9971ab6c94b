import { AppError } from '../../platform/errors.ts';

/**
 * 配套规则: a street-matched project draws from the district pool and from its street's fund in the ratio the
 * district sets — the street gives `streetPerMille` fen for every 1,000 fen from the pool (1:1 is 1000, 1:0.5 is
 * 500) — and the district may cap what the pool gives per project and per street per budget year. Pure, so the
 * split is unit-tested beside it (matching.test.ts).
 */
export type MatchingRule = { id: number | null; streetPerMille: number; capPerProject: number | null; capPerStreetYear: number | null };

/** In force until the district sets one: Gongshu's 1:1, no caps. */
export const DEFAULT_RULE: MatchingRule = { id: null, streetPerMille: 1000, capPerProject: null, capPerStreetYear: null };

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The smallest amount (fen) that splits exactly under the rule: 2 for 1:1, 3 for 1:0.5, 1 when the street gives nothing. */
export function matchUnit(streetPerMille: number): number {
  return (1000 + streetPerMille) / gcd(1000, streetPerMille);
}

/** "1:1", "1:0.5", "1:0.25" — how the ratio is said on screen and in errors. */
export function ratioLabel(streetPerMille: number): string {
  return `1:${Number((streetPerMille / 1000).toFixed(3))}`;
}

/**
 * Splits `amount` into the pool's and the street's share, exact to the fen (else MATCH_AMOUNT_ODD / _UNEVEN), and
 * refuses a pool share beyond either cap, given what the pool already gave this project and this street this year.
 */
export function splitMatched(amount: number, rule: MatchingRule, used: { poolToProject: number; poolToStreetThisYear: number }): { pool: number; street: number } {
  const unit = matchUnit(rule.streetPerMille);
  if (amount % unit !== 0) {
    if (rule.streetPerMille === 1000) throw new AppError('MATCH_AMOUNT_ODD');
    throw new AppError('MATCH_AMOUNT_UNEVEN', { ratio: ratioLabel(rule.streetPerMille), unit });
  }
  const pool = (amount / unit) * (1000 / gcd(1000, rule.streetPerMille));
  const street = amount - pool;
  if (rule.capPerProject !== null && used.poolToProject + pool > rule.capPerProject) {
    throw new AppError('MATCH_CAP_PROJECT', { cap: rule.capPerProject, used: used.poolToProject, share: pool });
  }
  if (rule.capPerStreetYear !== null && used.poolToStreetThisYear + pool > rule.capPerStreetYear) {
    throw new AppError('MATCH_CAP_STREET_YEAR', { cap: rule.capPerStreetYear, used: used.poolToStreetThisYear, share: pool });
  }
  return { pool, street };
}
