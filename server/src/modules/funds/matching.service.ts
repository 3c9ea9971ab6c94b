import { auditAction } from '../../platform/audit.ts';
import type { Executor } from '../../platform/audit.repository.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { scopeFor } from '../../platform/scope.ts';
import { DEFAULT_RULE, matchUnit, ratioLabel, type MatchingRule } from './matching.ts';
import * as repo from './matching.repository.ts';
import { findPlace } from './funds.repository.ts';
import type { MatchingRuleInput } from './funds.schemas.ts';

/**
 * 配套规则: set by the district (a funds manager whose reach is the whole district); read by anyone who manages
 * funds. A change applies to allocations made after it; earlier ones keep the rule they were made under
 * (project_allocations records it).
 */
function ruleDto(r: MatchingRule, extra: { note: string | null; setAt: string | null; setBy: string | null }) {
  return { ...r, ratio: ratioLabel(r.streetPerMille), unit: matchUnit(r.streetPerMille), ...extra };
}

export async function ruleInForce(db: Executor, districtId: number): Promise<MatchingRule> {
  const row = await repo.currentRule(db, districtId);
  return row ? repo.ruleFromRow(row) : DEFAULT_RULE;
}

export async function getMatchingRule(deps: Deps, caller: Caller) {
  scopeFor(caller.roles, 'funds.manage');
  const rows = await repo.rulesOf(deps.db, caller.districtId, 20);
  const dto = (r: (typeof rows)[number]) => ruleDto(repo.ruleFromRow(r), { note: r.note, setAt: r.set_at.toISOString(), setBy: r.set_by_name });
  return {
    current: rows[0] ? dto(rows[0]) : ruleDto(DEFAULT_RULE, { note: null, setAt: null, setBy: null }),
    history: rows.map(dto),
  };
}

export async function setMatchingRule(deps: Deps, caller: Caller, input: MatchingRuleInput) {
  const scope = scopeFor(caller.roles, 'funds.manage');
  const district = await findPlace(deps.db, caller.districtId);
  if (!scope.paths.includes(district!.path)) throw new AppError('FORBIDDEN');
  await deps.db.transaction().execute(async (trx) => {
    const id = await repo.insertRule(trx, {
      district_id: caller.districtId, street_per_mille: input.streetPerMille, cap_per_project: input.capPerProject, cap_per_street_year: input.capPerStreetYear,
      note: input.note ?? null, set_by: caller.personId, set_at: deps.clock.now(),
    });
    await auditAction(trx, caller, 'fund.matching_rule', { type: 'fund_matching_rule', id }, { ...input });
  });
  return getMatchingRule(deps, caller);
}
