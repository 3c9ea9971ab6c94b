import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import type { PlaceKind } from '../../../lib/api/types';

// The role form picks a place; features do not import each other, so this reads the search endpoint itself.
export interface PlaceOption {
  id: number;
  kind: PlaceKind;
  name: string;
  pathNames: string[];
}

export const searchPlaceOptions = (q: string) => api<{ items: PlaceOption[] }>('/api/places/search', { query: { q } });
export const usePlaceOptions = (q: string) =>
  useQuery({ queryKey: ['places', 'search', q, ''], queryFn: () => searchPlaceOptions(q), enabled: q.trim().length > 0 });
