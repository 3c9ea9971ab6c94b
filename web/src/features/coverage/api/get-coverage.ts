import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';

export interface Coverage {
  streets: { placeId: number; name: string; compounds: number; uncovered: number; commissioners: number; localShare: number }[];
  uncovered: { placeId: number; name: string; communityName: string; streetName: string }[];
}

export const getCoverage = (placeId?: number) => api<Coverage>('/api/coverage', { query: { placeId } });
export const useCoverage = (placeId?: number) =>
  useQuery({ queryKey: ['coverage', placeId ?? null], queryFn: () => getCoverage(placeId) });
