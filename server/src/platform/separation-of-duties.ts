import { AppError } from './errors.ts';
import type { RoleName } from './roles.ts';

/**
 * 三权分立 (等保 2.0 level 3, DESIGN.md "Security and personal data"): system, security and audit administration
 * are held by three different people, so nobody audits their own work or grants themselves the means to hide
 * it. One person may hold one of these roles (at several places, or again after it ended), never two.
 */
export const SEPARATED_ADMIN_ROLES: readonly RoleName[] = ['system_admin', 'security_admin', 'audit_admin'];

export const isSeparatedAdminRole = (role: string): boolean => (SEPARATED_ADMIN_ROLES as readonly string[]).includes(role);

/** The separated role already held that `role` would clash with, if any. */
export function separatedRoleClash(held: readonly string[], role: string): string | null {
  if (!isSeparatedAdminRole(role)) return null;
  return held.find((h) => isSeparatedAdminRole(h) && h !== role) ?? null;
}

/** Throws ADMIN_ROLES_SEPARATED (409), with the role the person already holds as `heldRole`. */
export function assertAdminRolesApart(held: readonly string[], role: string): void {
  const clash = separatedRoleClash(held, role);
  if (clash) throw new AppError('ADMIN_ROLES_SEPARATED', {}, { heldRole: clash });
}
