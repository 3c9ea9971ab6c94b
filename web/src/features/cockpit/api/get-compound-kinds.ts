import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import type { CompoundKind, PlaceKind } from '../../../lib/api/types';

export type KindCounts = Record<CompoundKind, number>;
export interface CompoundKinds {
  place: { id: number; name: string; kind: PlaceKind };
  rows: { placeId: number; name: string; counts: KindCounts }[];
  totals: KindCounts;
}

export const getCompoundKinds = (placeId?: number) =>
  api<CompoundKinds>('/api/cockpit/compound-kinds', { query: { placeId } });

export const useCompoundKinds = (placeId?: number) =>
  useQuery({ queryKey: ['cockpit', 'compound-kinds', placeId ?? null], queryFn: () => getCompoundKinds(placeId), refetchInterval: 60_000 });
