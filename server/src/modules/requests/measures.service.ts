import type { z } from 'zod';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { assertInScope, scopeFor } from '../../platform/scope.ts';
import * as repo from './requests.repository.ts';
import type { measuresSchema } from './requests.schemas.ts';

const rate = (n: number, d: number) => (d === 0 ? null : n / d);
const DEFAULT_WEIGHTS = { response: 0.3, resolution: 0.35, satisfaction: 0.35 };

/**
 * 三率 per place and period (北京市接诉即办工作条例 art. 32): response rate (accepted within the limit), resolution
 * rate (resolved within the limit), satisfaction (4–5 stars among rated), with the district's weights; and each
 * whistled department's report timeliness. Outcomes only: no online time or check-ins.
 */
export async function measures(deps: Deps, caller: Caller, q: { placeId?: number; from?: string; to?: string }): Promise<z.infer<typeof measuresSchema>> {
  const scope = scopeFor(caller.roles, 'measures.read');
  const placeId = q.placeId ?? caller.roles.find((r) => scope.paths.includes(r.placePath))?.placeId;
  const place = placeId ? await repo.findPlaceBrief(deps.db, placeId) : undefined;
  assertInScope(scope, place?.path);
  const now = deps.clock.now();
  const to = q.to ? new Date(q.to) : now;
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - 30 * 24 * 3600 * 1000);
  if (from >= to) throw new AppError('VALIDATION_FAILED', {}, { issues: [{ path: ['from'], message: 'from must be before to' }] });
  const [totals] = (await repo.measureTotals(deps.db, place!.path, from, to, now)).rows;
  const departments = (await repo.measureDepartments(deps.db, place!.path, from, to)).rows;
  const w = (await repo.findWeights(deps.db, place!.district_id)) ?? DEFAULT_WEIGHTS;
  const weights = { response: Number(w.response), resolution: Number(w.resolution), satisfaction: Number(w.satisfaction) };
  const t = totals!;
  const responseRate = rate(t.responded_on_time, t.response_due);
  const resolutionRate = rate(t.resolved_on_time, t.resolution_due);
  const satisfactionRate = rate(t.satisfied, t.rated);
  const parts = [[responseRate, weights.response], [resolutionRate, weights.resolution], [satisfactionRate, weights.satisfaction]].filter(([r]) => r !== null) as [number, number][];
  const weightSum = parts.reduce((s, [, wt]) => s + wt, 0);
  return {
    place: { id: place!.id, name: place!.name },
    from: from.toISOString(),
    to: to.toISOString(),
    requests: t.requests,
    responseRate,
    resolutionRate,
    satisfactionRate,
    averageResponseMinutes: t.avg_response_min === null ? null : Math.round(t.avg_response_min),
    averageResolutionMinutes: t.avg_resolution_min === null ? null : Math.round(t.avg_resolution_min),
    score: weightSum === 0 ? null : Math.round((parts.reduce((s, [r, wt]) => s + r * wt, 0) / weightSum) * 1000) / 10,
    weights,
    departments: departments.map((d) => ({ departmentId: d.department_id, name: d.name, reports: d.reports, ackOnTime: d.ack_on_time, actionOnTime: d.action_on_time, ackMissed: d.ack_missed, actionMissed: d.action_missed })),
  };
}
