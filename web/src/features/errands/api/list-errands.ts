import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { errandKeys, type Errand, type ErrandStatus } from './types';

export interface ErrandsFilter {
  status?: ErrandStatus;
  /** A community or compound; the caller's whole reach when absent. */
  placeId?: number;
  page: number;
  pageSize: number;
}

export const listErrands = (f: ErrandsFilter) => api<{ items: Errand[]; total: number }>('/api/errands', { query: { ...f } });

export const useErrands = (f: ErrandsFilter) =>
  useQuery({ queryKey: errandKeys.list(f), queryFn: () => listErrands(f), placeholderData: keepPreviousData });
