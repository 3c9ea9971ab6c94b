import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { DEFAULT_RULE, matchUnit, ratioLabel, splitMatched } from './matching.ts';

const none = { poolToProject: 0, poolToStreetThisYear: 0 };
const code = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    return err instanceof AppError ? err.code : 'other';
  }
  return 'none';
};

describe('the matching rule (配套规则)', () => {
  it('splits 1:1 in halves and refuses an odd amount', () => {
    expect(splitMatched(4_000_000, DEFAULT_RULE, none)).toEqual({ pool: 2_000_000, street: 2_000_000 });
    expect(code(() => splitMatched(1_000_001, DEFAULT_RULE, none))).toBe('MATCH_AMOUNT_ODD');
  });

  it('splits 1:0.5 in thirds, exact to the fen, and says the unit otherwise', () => {
    const rule = { ...DEFAULT_RULE, streetPerMille: 500 };
    expect(matchUnit(500)).toBe(3);
    expect(splitMatched(3_000_000, rule, none)).toEqual({ pool: 2_000_000, street: 1_000_000 });
    expect(code(() => splitMatched(1_000_000, rule, none))).toBe('MATCH_AMOUNT_UNEVEN');
    expect(ratioLabel(500)).toBe('1:0.5');
  });

  it('handles odd ratios and a street that gives nothing', () => {
    expect(matchUnit(300)).toBe(13);
    expect(splitMatched(1300, { ...DEFAULT_RULE, streetPerMille: 300 }, none)).toEqual({ pool: 1000, street: 300 });
    expect(splitMatched(777, { ...DEFAULT_RULE, streetPerMille: 0 }, none)).toEqual({ pool: 777, street: 0 });
  });

  it('caps the pool share per project and per street per year', () => {
    const rule = { ...DEFAULT_RULE, capPerProject: 1_000_000, capPerStreetYear: 3_000_000 };
    expect(splitMatched(2_000_000, rule, none).pool).toBe(1_000_000);
    expect(code(() => splitMatched(2_000_002, rule, none))).toBe('MATCH_CAP_PROJECT');
    expect(code(() => splitMatched(2, rule, { poolToProject: 1_000_000, poolToStreetThisYear: 0 }))).toBe('MATCH_CAP_PROJECT');
    expect(code(() => splitMatched(2_000_000, rule, { poolToProject: 0, poolToStreetThisYear: 2_500_000 }))).toBe('MATCH_CAP_STREET_YEAR');
    expect(splitMatched(1_000_000, rule, { poolToProject: 0, poolToStreetThisYear: 2_500_000 }).pool).toBe(500_000);
  });
});
