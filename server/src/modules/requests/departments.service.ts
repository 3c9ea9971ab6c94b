import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { hasPermission } from '../../platform/scope.ts';
import * as repo from './departments.repository.ts';

/**
 * The departments a request can be routed to (派单) or whistled to (吹哨). They hang under the district, not under the
 * street or compound, so a commissioner or street admin cannot reach them through the place tree; their names are
 * public, so whoever may route or whistle sees all of the district's.
 */
export async function listDepartments(deps: Deps, caller: Caller): Promise<{ items: { id: number; name: string }[] }> {
  if (!hasPermission(caller.roles, 'requests.handle') && !hasPermission(caller.roles, 'requests.whistle')) throw new AppError('FORBIDDEN');
  return { items: await repo.listDistrictDepartments(deps.db, caller.districtId) };
}
