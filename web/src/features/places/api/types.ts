import type { CommitteeType, CommunityClass, CompoundKind, PlaceKind } from '../../../lib/api/types';

export interface PlaceNode {
  id: number;
  parentId: number | null;
  kind: PlaceKind;
  name: string;
  code: string | null;
  childCount: number;
}

export interface Commissioner {
  personId: number;
  name: string;
  phoneMasked: string;
  local: boolean;
}

export interface CompoundProfile {
  compoundKind: CompoundKind;
  buildYear: number | null;
  householdCount: number;
  propertyCompany: string | null;
  committeeType: CommitteeType;
  followMajority: boolean;
  convention: string | null;
  servicePoint: { address: string | null; hours: string | null };
  commissioners: Commissioner[];
}

export interface CommunityProfile {
  communityClass: CommunityClass;
  tags: string[];
  playbook: string | null;
}

export interface PlaceDetail {
  id: number;
  parentId: number | null;
  kind: PlaceKind;
  name: string;
  code: string | null;
  ancestors: { id: number; kind: PlaceKind; name: string }[];
  childCount: number;
  compound: CompoundProfile | null;
  community: CommunityProfile | null;
}

export const placeKeys = {
  roots: ['places', 'roots'] as const,
  children: (id: number) => ['places', id, 'children'] as const,
  detail: (id: number) => ['places', id] as const,
  search: (q: string, kind?: string) => ['places', 'search', q, kind ?? ''] as const,
};
