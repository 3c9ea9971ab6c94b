import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { hasPermission, pathInScope, scopeFor } from '../../platform/scope.ts';
import { isMember } from '../organisations/index.ts';
import * as repo from './projects.repository.ts';

/**
 * Who reaches a project: staff who manage projects at or above its place, experts on the scoring panel in that
 * reach, and the staff of the organisation that holds it. Anyone else gets 404, like a project that is not there.
 */
export async function readable(deps: Deps, caller: Caller, id: number): Promise<repo.ProjectRow> {
  const p = await repo.findProject(deps.db, id);
  if (!p || p.district_id !== caller.districtId) throw new AppError('NOT_FOUND');
  for (const perm of ['projects.manage', 'projects.score'] as const) {
    if (hasPermission(caller.roles, perm) && pathInScope(scopeFor(caller.roles, perm), p.place_path)) return p;
  }
  if (hasPermission(caller.roles, 'projects.deliver') && p.organisation_id && (await isMember(deps, p.organisation_id, caller.personId))) return p;
  // Organisations read a project whose call is open (the call is public), and one they applied to.
  if (hasPermission(caller.roles, 'projects.deliver') && ((await repo.roundIsOpen(deps.db, id)) || (await repo.appliedBy(deps.db, id, caller.personId)))) return p;
  throw new AppError('NOT_FOUND');
}

/** A project the caller manages (propose, allocate, procure, contract, evaluate, pay, close). */
export async function managed(deps: Deps, caller: Caller, id: number): Promise<repo.ProjectRow> {
  const p = await repo.findProject(deps.db, id);
  if (!p || p.district_id !== caller.districtId || !pathInScope(scopeFor(caller.roles, 'projects.manage'), p.place_path)) throw new AppError('NOT_FOUND');
  return p;
}

/** Acting for an organisation: org staff who are its members, or project managers in reach. */
export async function actsFor(deps: Deps, caller: Caller, organisationId: number, projectPath: string): Promise<void> {
  if (hasPermission(caller.roles, 'projects.manage') && pathInScope(scopeFor(caller.roles, 'projects.manage'), projectPath)) return;
  if (hasPermission(caller.roles, 'projects.deliver') && (await isMember(deps, organisationId, caller.personId))) return;
  throw new AppError('NOT_ORGANISATION_MEMBER');
}

export function wrongStatus(status: string): never {
  throw new AppError('PROJECT_WRONG_STATUS', { status });
}
