// Shapes of the server's JSON, following server/src/modules/*/*.schemas.ts.
export type RoleName =
  | 'resident' | 'owner' | 'commissioner' | 'community_worker' | 'grid_worker' | 'residents_committee'
  | 'owners_committee' | 'self_management_committee' | 'property_staff' | 'department_staff' | 'street_admin'
  | 'district_admin' | 'org_staff' | 'volunteer' | 'party_member' | 'merchant' | 'facilitator'
  | 'system_admin' | 'security_admin' | 'audit_admin';

export const ROLE_NAMES: RoleName[] = [
  'resident', 'owner', 'commissioner', 'community_worker', 'grid_worker', 'residents_committee',
  'owners_committee', 'self_management_committee', 'property_staff', 'department_staff', 'street_admin',
  'district_admin', 'org_staff', 'volunteer', 'party_member', 'merchant', 'facilitator', 'system_admin',
  'security_admin', 'audit_admin',
];

export type PlaceKind = 'district' | 'street' | 'community' | 'compound' | 'building' | 'unit' | 'household' | 'grid';

export interface SessionRole {
  id: number;
  role: RoleName;
  placeId: number;
  placeName: string;
  placeKind: PlaceKind;
}

export interface Session {
  person: { id: number; name: string; phoneMasked: string };
  roles: SessionRole[];
  csrfToken: string;
}

export type CompoundKind = 'commercial' | 'old' | 'resettlement' | 'public_rental' | 'commercial_building' | 'mixed';
export const COMPOUND_KINDS: CompoundKind[] = [
  'commercial', 'old', 'resettlement', 'public_rental', 'commercial_building', 'mixed',
];
export type CommitteeType = 'owners_committee' | 'self_management_committee' | 'none';
export type CommunityClass = 'urban' | 'new' | 'old' | 'village_to_residence';
