import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { approvalLevelFor, budgetTotal, canApproveAt, checkContractTerm, checkTranches, evaluationScore, scoreAgainstRubric } from './rules.ts';

const code = (f: () => unknown) => {
  try {
    f();
    return 'ok';
  } catch (err) {
    return err instanceof AppError ? err.code : String(err);
  }
};

describe('project rules', () => {
  it('asks the community, street or district to approve by amount (fen)', () => {
    expect(approvalLevelFor(5_000_000)).toBe('community');
    expect(approvalLevelFor(5_000_001)).toBe('street');
    expect(approvalLevelFor(20_000_000)).toBe('street');
    expect(approvalLevelFor(20_000_001)).toBe('district');
    expect(canApproveAt('/1/2/3/', '/1/2/3/9/', 'community')).toBe(true);
    expect(canApproveAt('/1/2/3/', '/1/2/3/9/', 'street')).toBe(false);
    expect(canApproveAt('/1/2/', '/1/2/3/9/', 'street')).toBe(true);
    expect(canApproveAt('/1/4/', '/1/2/3/9/', 'street')).toBe(false);
    expect(canApproveAt('/1/', '/1/2/3/9/', 'district')).toBe(true);
  });

  it('names the first budget line that is not whole fen above zero', () => {
    expect(budgetTotal([{ amount: 100 }, { amount: 250 }])).toBe(350);
    expect(code(() => budgetTotal([{ amount: 100 }, { amount: -5 }]))).toBe('BUDGET_LINE_INVALID');
    expect(code(() => budgetTotal([{ amount: 1.5 }]))).toBe('BUDGET_LINE_INVALID');
  });

  it('allows one year, three with a reason, never more', () => {
    expect(code(() => checkContractTerm('2026-01-01', '2027-01-01', null))).toBe('ok');
    expect(code(() => checkContractTerm('2026-01-01', '2027-01-02', null))).toBe('CONTRACT_REASON_REQUIRED');
    expect(code(() => checkContractTerm('2026-01-01', '2028-12-31', '服务长期稳定，资金有保障'))).toBe('ok');
    expect(code(() => checkContractTerm('2026-01-01', '2029-01-02', '服务长期稳定，资金有保障'))).toBe('CONTRACT_TERM_TOO_LONG');
    expect(code(() => checkContractTerm('2024-02-29', '2025-02-28', null))).toBe('ok');
  });

  it('wants tranches that add up and a final one after evaluation', () => {
    expect(code(() => checkTranches(100, [{ amount: 60, afterEvaluation: false }, { amount: 40, afterEvaluation: true }]))).toBe('ok');
    expect(code(() => checkTranches(100, [{ amount: 60, afterEvaluation: false }, { amount: 30, afterEvaluation: true }]))).toBe('TRANCHES_MISMATCH');
    expect(code(() => checkTranches(100, [{ amount: 60, afterEvaluation: false }, { amount: 40, afterEvaluation: false }]))).toBe('TRANCHES_MISMATCH');
  });

  it('weighs evaluations 30/30/40 and scores rubrics within their maxima', () => {
    expect(evaluationScore({ residentsScore: 80, communityScore: 70, expertScore: 50 })).toEqual({ score: 65, passed: true });
    expect(evaluationScore({ residentsScore: 50, communityScore: 50, expertScore: 60 })).toEqual({ score: 54, passed: false });
    const rubric = [{ key: 'need', max: 40 }, { key: 'plan', max: 60 }];
    expect(scoreAgainstRubric(rubric, { need: 30, plan: 50 })).toBe(80);
    expect(code(() => scoreAgainstRubric(rubric, { need: 41, plan: 50 }))).toBe('SCORE_OUT_OF_RUBRIC');
    expect(code(() => scoreAgainstRubric(rubric, { need: 30 }))).toBe('SCORE_OUT_OF_RUBRIC');
    expect(code(() => scoreAgainstRubric(rubric, { need: 30, plan: 10, extra: 1 }))).toBe('SCORE_OUT_OF_RUBRIC');
  });
});
