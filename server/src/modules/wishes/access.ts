import type { Caller } from '../../platform/context.ts';
import { hasPermission, pathInScope, scopeFor } from '../../platform/scope.ts';
import { PERMISSIONS, type RoleName } from '../../platform/roles.ts';
import type { ClaimInput } from './wishes.schemas.ts';

/**
 * Who reaches a wish. Reviewers reach their subtree (as everywhere). The wall is wider on purpose: a resident of
 * compound A sees the wall of A's whole community, and a party member registered at a community (双报到) or a
 * volunteer of one of its compounds may claim anywhere in that community.
 */

/** The community a place lies in: '/district/street/community/' (the first three levels of the path). */
export function communityPathOf(path: string): string {
  const parts = path.split('/').filter(Boolean);
  return parts.length >= 3 ? `/${parts.slice(0, 3).join('/')}/` : path;
}

function rolesWith(caller: Caller, roles: readonly RoleName[]) {
  return caller.roles.filter((r) => roles.includes(r.role));
}

/** The role reaches `path` downward, or belongs to the same community as `path`. */
function reaches(rolePath: string, path: string): boolean {
  return path.startsWith(rolePath) || rolePath.startsWith(communityPathOf(path));
}

export function canSeeWall(caller: Caller, placePath: string): boolean {
  return rolesWith(caller, PERMISSIONS['wishes.wall']).some((r) => reaches(r.placePath, placePath));
}

export function isReviewerOf(caller: Caller, placePath: string): boolean {
  return hasPermission(caller.roles, 'wishes.review') && pathInScope(scopeFor(caller.roles, 'wishes.review'), placePath);
}

/** The roles that may claim in each capacity; a unit claims through its party member or social-organisation staff. */
const CLAIM_ROLES: Record<ClaimInput['as'], readonly RoleName[]> = {
  party_member: ['party_member'],
  volunteer: ['volunteer'],
  merchant: ['merchant'],
  unit: ['party_member', 'org_staff'],
};

export function canClaimAs(caller: Caller, as: ClaimInput['as'], placePath: string): boolean {
  return rolesWith(caller, CLAIM_ROLES[as]).some((r) => reaches(r.placePath, placePath));
}
