import { AppError } from '../../platform/errors.ts';

/**
 * The pure rules of a project, with unit tests beside them (rules.test.ts).
 *
 * 立项 by amount: up to 50,000 yuan the community approves, up to 200,000 yuan the street, above that the
 * district (Gongshu's district pool funds the larger ones). Amounts in fen.
 */
export const APPROVAL_LIMITS = { community: 5_000_000, street: 20_000_000 } as const;
export type ApprovalLevel = 'community' | 'street' | 'district';
const LEVEL_DEPTH: Record<ApprovalLevel, number> = { district: 1, street: 2, community: 3 };

export function approvalLevelFor(budgetFen: number): ApprovalLevel {
  if (budgetFen <= APPROVAL_LIMITS.community) return 'community';
  if (budgetFen <= APPROVAL_LIMITS.street) return 'street';
  return 'district';
}

/** A role at `rolePath` may approve at `level` for a project at `projectPath`: it covers the project, at that level or above. */
export function canApproveAt(rolePath: string, projectPath: string, level: ApprovalLevel): boolean {
  const depth = rolePath.split('/').filter(Boolean).length;
  return projectPath.startsWith(rolePath) && depth <= LEVEL_DEPTH[level];
}

/** Budget lines are whole fen above zero; the first bad line is named (1-based). */
export function budgetTotal(lines: readonly { amount: number }[]): number {
  lines.forEach((l, i) => {
    if (!Number.isSafeInteger(l.amount) || l.amount <= 0) throw new AppError('BUDGET_LINE_INVALID', { line: i + 1 });
  });
  return lines.reduce((n, l) => n + l.amount, 0);
}

/** Days between two calendar days (YYYY-MM-DD). */
function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** The day one, or three, years after `start` (29 February maps to 28 February). */
function yearsAfter(start: string, years: number): string {
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  return `${y + years}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * 政府购买服务管理办法 Art 24: a contract runs at most one year, or at most three when the service is stable
 * and funded — which the buyer must say. The end day is inclusive of the anniversary.
 */
export function checkContractTerm(startsOn: string, endsOn: string, reason: string | undefined | null): void {
  if (daysBetween(startsOn, endsOn) <= 0) throw new AppError('VALIDATION_FAILED');
  if (endsOn <= yearsAfter(startsOn, 1)) return;
  if (endsOn > yearsAfter(startsOn, 3)) throw new AppError('CONTRACT_TERM_TOO_LONG');
  if (!reason || reason.trim().length < 4) throw new AppError('CONTRACT_REASON_REQUIRED');
}

/** Tranches add up to the contract amount, and only the last one waits for a passing evaluation (尾款). */
export function checkTranches(amount: number, tranches: readonly { amount: number; afterEvaluation: boolean }[]): void {
  const sum = tranches.reduce((n, t) => n + t.amount, 0);
  const last = tranches.at(-1);
  if (sum !== amount || !last?.afterEvaluation || tranches.slice(0, -1).some((t) => t.afterEvaluation)) throw new AppError('TRANCHES_MISMATCH');
}

/** 评估: residents 30 %, community 30 %, experts 40 %; 60 passes. */
export const PASS_SCORE = 60;
export function evaluationScore(s: { residentsScore: number; communityScore: number; expertScore: number }): { score: number; passed: boolean } {
  const score = Math.round(s.residentsScore * 0.3 + s.communityScore * 0.3 + s.expertScore * 0.4);
  return { score, passed: score >= PASS_SCORE };
}

/** A rubric score: every criterion present, whole points within its maximum; answers the total. */
export function scoreAgainstRubric(rubric: readonly { key: string; max: number }[], scores: Record<string, number>): number {
  for (const key of Object.keys(scores)) {
    const c = rubric.find((r) => r.key === key);
    if (!c) throw new AppError('SCORE_OUT_OF_RUBRIC', { key, max: 0 });
  }
  let total = 0;
  for (const c of rubric) {
    const v = scores[c.key];
    if (v === undefined || !Number.isInteger(v) || v < 0 || v > c.max) throw new AppError('SCORE_OUT_OF_RUBRIC', { key: c.key, max: c.max });
    total += v;
  }
  return total;
}

/** 公示 lasts five days by default (local rounds use 5–7). */
export const NOTICE_DAYS = 5;
