import { AppError } from './errors.ts';
import { PERMISSIONS, type Permission, type RoleName } from './roles.ts';

/** A role the caller holds now, at a place whose materialised path is `placePath` ('/1/5/23/'). */
export type ActiveRole = { id: number; role: RoleName; placeId: number; placePath: string; districtId: number };

/** The places a caller may reach for one permission: path prefixes, each covering its subtree. */
export type Scope = { readonly paths: readonly string[] };

/**
 * The one mechanism that decides reach. A role at a place reaches that place and everything under it, never
 * sideways or up. No role carrying the permission → FORBIDDEN.
 */
export function scopeFor(roles: readonly ActiveRole[], permission: Permission): Scope {
  const allowed = PERMISSIONS[permission] as readonly RoleName[];
  const paths = roles.filter((r) => allowed.includes(r.role)).map((r) => r.placePath);
  if (paths.length === 0) throw new AppError('FORBIDDEN');
  // Drop paths already covered by a shorter one, so SQL predicates stay few.
  const sorted = [...new Set(paths)].sort((a, b) => a.length - b.length);
  const minimal: string[] = [];
  for (const p of sorted) if (!minimal.some((m) => p.startsWith(m))) minimal.push(p);
  return { paths: minimal };
}

export function hasPermission(roles: readonly ActiveRole[], permission: Permission): boolean {
  const allowed = PERMISSIONS[permission] as readonly RoleName[];
  return roles.some((r) => allowed.includes(r.role));
}

export function pathInScope(scope: Scope, path: string): boolean {
  return scope.paths.some((p) => path.startsWith(p));
}

/** Out of scope answers exactly like "does not exist", so ids outside one's reach reveal nothing. */
export function assertInScope(scope: Scope, path: string | undefined): asserts path is string {
  if (path === undefined || !pathInScope(scope, path)) throw new AppError('NOT_FOUND');
}
