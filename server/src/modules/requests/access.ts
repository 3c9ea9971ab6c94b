import type { Caller } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { PERMISSIONS, type RoleName } from '../../platform/roles.ts';
import type { RequestAccess } from './requests.repository.ts';

/** Party roles see, in their subtree, only what is routed to their party (三方 each see their own work). */
export const PARTY_OF_ROLE: Partial<Record<RoleName, string>> = {
  property_staff: 'property',
  owners_committee: 'owners_committee',
  self_management_committee: 'self_management_committee',
  residents_committee: 'residents_committee',
};

/** The requests a caller may see, from the roles they hold; FORBIDDEN when none lets them see any. */
export function requestAccess(caller: Caller): RequestAccess {
  const readers = PERMISSIONS['requests.read'] as readonly RoleName[];
  const access: RequestAccess = { paths: [], partyPaths: [], departments: [] };
  for (const r of caller.roles) {
    if (!readers.includes(r.role)) continue;
    const party = PARTY_OF_ROLE[r.role];
    if (r.role === 'department_staff') access.departments.push(r.placeId);
    else if (party) access.partyPaths.push({ path: r.placePath, party });
    else access.paths.push(r.placePath);
  }
  if (!access.paths.length && !access.partyPaths.length && !access.departments.length) throw new AppError('FORBIDDEN');
  return access;
}
