import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { assertInScope, scopeFor, type Scope } from '../../platform/scope.ts';
import type { Permission } from '../../platform/roles.ts';
import * as repo from './party.repository.ts';

/** A community the caller manages for `permission` (out of scope answers 404, a place of another kind 422). */
export async function communityInScope(deps: Deps, caller: Caller, permission: Permission, communityId: number) {
  const place = await repo.findPlace(deps.db, communityId);
  assertInScope(scopeFor(caller.roles, permission), place?.path);
  if (place!.kind !== 'community') throw new AppError('PLACE_KIND_MISMATCH', { expected: 'community' });
  return place!;
}

/** The place a list or report is about: the one asked for (in scope), or the caller's first place in scope. */
export async function placeInScope(deps: Deps, scope: Scope, placeId: number | undefined) {
  const id = placeId ?? Number(scope.paths[0]!.split('/').filter(Boolean).at(-1));
  const place = await repo.findPlace(deps.db, id);
  assertInScope(scope, place?.path);
  return place!;
}

export const named = (id: number, name: string) => ({ id, name });
