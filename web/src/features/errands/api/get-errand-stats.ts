import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { errandKeys, type ErrandStats } from './types';

export const getErrandStats = (placeId?: number) => api<ErrandStats>('/api/errands/stats', { query: { placeId } });
export const useErrandStats = (placeId?: number) => useQuery({ queryKey: errandKeys.stats(placeId), queryFn: () => getErrandStats(placeId) });
