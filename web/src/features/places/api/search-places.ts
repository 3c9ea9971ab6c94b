import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import type { PlaceKind } from '../../../lib/api/types';
import { placeKeys, type PlaceNode } from './types';

export type PlaceHit = PlaceNode & { pathNames: string[] };

export const searchPlaces = (q: string, kind?: PlaceKind) =>
  api<{ items: PlaceHit[] }>('/api/places/search', { query: { q, kind } });

export const useSearchPlaces = (q: string, kind?: PlaceKind) =>
  useQuery({
    queryKey: placeKeys.search(q, kind),
    queryFn: () => searchPlaces(q, kind),
    enabled: q.trim().length > 0,
  });
