import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { errandKeys } from './types';

export interface ResidentHit {
  id: number;
  name: string;
  phoneMasked: string;
  roles: { role: string }[];
}

/**
 * People living in a compound, by name or full phone number (the people list, scoped to the caller). Whether one is
 * in a special group is not shown here: the server checks it when the errand is registered, and audits the check.
 */
export const searchResidents = (compoundId: number, q: string) =>
  api<{ items: ResidentHit[]; total: number }>('/api/people', { query: { placeId: compoundId, q: q.trim() || undefined, pageSize: 20 } });

export const useSearchResidents = (compoundId: number | undefined, q: string) =>
  useQuery({
    queryKey: errandKeys.residents(compoundId ?? 0, q),
    queryFn: () => searchResidents(compoundId!, q),
    enabled: compoundId !== undefined,
    placeholderData: keepPreviousData,
    select: (d) => d.items.filter((p) => p.roles.some((r) => r.role === 'resident' || r.role === 'owner')),
  });
