import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { errandKeys } from './types';

export interface CompoundHit {
  id: number;
  name: string;
  pathNames: string[];
}
/** Compounds by name, for the list filter and the new-errand form. */
export const searchCompounds = (q: string) => api<{ items: CompoundHit[] }>('/api/places/search', { query: { q, kind: 'compound' } });

export const useSearchCompounds = (q: string) =>
  useQuery({ queryKey: errandKeys.compounds(q), queryFn: () => searchCompounds(q), enabled: q.trim().length > 0 });
