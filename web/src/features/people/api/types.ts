import type { PlaceKind, RoleName } from '../../../lib/api/types';

export interface RoleAssignment {
  id: number;
  role: RoleName;
  placeId: number;
  placeName: string;
  placeKind: PlaceKind;
  local: boolean;
  validFrom: string;
  validTo: string | null;
}

export interface PersonRow {
  id: number;
  name: string;
  phoneMasked: string;
  roles: RoleAssignment[];
}

export interface Person extends PersonRow {
  idNumberMasked: string | null;
  hasSensitiveFlags: boolean;
  consents: { purpose: string; grantedAt: string; withdrawnAt: string | null }[];
}

export const peopleKeys = {
  list: (f: object) => ['people', 'list', f] as const,
  detail: (id: number) => ['people', id] as const,
};
