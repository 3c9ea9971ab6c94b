import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { requestKeys } from './types';

export interface CompoundHit {
  id: number;
  name: string;
  pathNames: string[];
}
/** Compounds by name, for the queue filter and the raise-on-behalf form. */
export const searchCompounds = (q: string) =>
  api<{ items: CompoundHit[] }>('/api/places/search', { query: { q, kind: 'compound' } });

export const useSearchCompounds = (q: string) =>
  useQuery({ queryKey: requestKeys.compounds(q), queryFn: () => searchCompounds(q), enabled: q.trim().length > 0 });
