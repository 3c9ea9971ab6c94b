import { PERMISSIONS, type Permission, type RoleName } from '../../src/platform/roles.ts';
import type { Caller, World } from './world.ts';
import type { Target } from './targets.ts';
import { ACCESS_POLICY, NOT_SEEDED } from './policy-table.ts';

export { ACCESS_POLICY, NOT_SEEDED };

/**
 * How a route decides who may call it (issue 10 §2). The table itself is `policy-table.ts`: one line per route.
 * - public: anyone, signed in or not (public pages, Open311 discovery); never canary-checked.
 * - signed-in: any signed-in person, about themselves (their requests, points, notifications).
 * - district: any signed-in person of the same district as the target (what a district shows all its residents).
 * - roles: a caller holding one of the roles at a place whose subtree holds the target (or, with no target, anywhere).
 * - owner: only the person the target belongs to (their voucher, their export), and optionally staff roles in scope.
 * - skip: not driven here, with the reason (a stream that never ends, signing out).
 */
export type Rule =
  | { kind: 'public' }
  | { kind: 'signed-in' }
  | { kind: 'district' }
  | { kind: 'roles'; roles: readonly RoleName[]; reach?: Reach; why?: string }
  | { kind: 'owner'; staff?: readonly RoleName[] }
  | { kind: 'skip'; why: string };

/**
 * How far a role at a place reaches a target (a place or what belongs to one):
 * - tree (default): the target lies in the subtree of the caller's place (scope.ts);
 * - member: that, or the caller lives or works inside the target's place (a resident sees their compound's votes);
 * - community: that, or caller and target share a community (the wish wall of the community one belongs to);
 * - district: anywhere in the caller's district (the registry of organisations, open calls, the store);
 * - assigned: the caller works at the place the row is assigned to (the department a whistle named, 部门报到).
 */
export type Reach = 'tree' | 'member' | 'community' | 'district' | 'assigned';

/** The roles that hold any of these permissions (roles.ts is the one table of who may do what). */
export function perm(...permissions: Permission[]): Rule & { kind: 'roles' } {
  return { kind: 'roles', roles: [...new Set(permissions.flatMap((p) => PERMISSIONS[p] as readonly RoleName[]))] };
}

/** Roles a service names itself rather than through a permission (the district's own settings), with the reason. */
export function only(roles: RoleName[], why: string): Rule & { kind: 'roles' } {
  return { kind: 'roles', roles, why };
}

/** The same roles, reaching further than their subtree. */
export function reaching(reach: Reach, rule: Rule & { kind: 'roles' }, why?: string): Rule {
  return { ...rule, reach, ...(why ? { why } : {}) };
}

/** Extra roles on top of a permission's, with the reason (a party sees what is routed to it). */
export function plus(rule: Rule & { kind: 'roles' }, roles: RoleName[], why: string): Rule & { kind: 'roles' } {
  return { ...rule, roles: [...new Set([...rule.roles, ...roles])], why };
}

function reaches(reach: Reach, caller: Caller, target: Target | null, world: World): boolean {
  if (!target) return true;
  const t = target.path;
  const c = caller.placePath;
  if (t === '/' || t.startsWith(c)) return true;
  switch (reach) {
    case 'tree':
      return false;
    case 'member':
      return c.startsWith(t);
    case 'community': {
      const community = `${t.split('/').slice(0, 4).join('/')}/`;
      return c.startsWith(t) || (t.split('/').length > 5 && c.startsWith(community));
    }
    case 'district':
      return c.startsWith(world.anchors.district) === t.startsWith(world.anchors.district);
    case 'assigned':
      return target.assignedPath !== undefined && c.startsWith(target.assignedPath);
  }
}

/** Whether a caller outside the first street may see what lies there (then a canary in the answer is no leak). */
export function mayReachFirstStreet(rule: Rule, caller: Caller, world: World): boolean {
  const sameDistrict = caller.placePath.startsWith(world.anchors.district);
  if (rule.kind === 'public') return true;
  if (rule.kind === 'district') return sameDistrict;
  if (rule.kind === 'roles' && rule.reach === 'district') return sameDistrict && rule.roles.includes(caller.role);
  return false;
}

/** The person a row belongs to (its owner or its holder) sees it whole, wherever they live or trade. */
export function ownsTarget(caller: Caller, target: Target | null): boolean {
  return target !== null && (target.ownerId === caller.personId || target.holderId === caller.personId);
}

export function expectedAccess(rule: Rule, caller: Caller, target: Target | null, world: World): boolean {
  const inTree = reaches('tree', caller, target, world);
  switch (rule.kind) {
    case 'public':
    case 'signed-in':
      return true;
    case 'district':
      return !target || caller.placePath.startsWith(world.anchors.district);
    case 'roles':
      return rule.roles.includes(caller.role) && reaches(rule.reach ?? 'tree', caller, target, world);
    case 'owner':
      return ownsTarget(caller, target) || ((rule.staff ?? []).includes(caller.role) && inTree);
    case 'skip':
      return false;
  }
}
