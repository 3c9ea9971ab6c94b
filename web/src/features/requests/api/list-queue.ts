import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { QUEUE_REFETCH_MS, requestKeys, type EscalationLevel, type Party, type RequestPage, type RequestStatus } from './types';

export interface QueueFilter {
  status?: RequestStatus | 'open';
  categoryId?: number;
  placeId?: number;
  overdue?: 'true';
  escalation?: EscalationLevel;
  party?: Party;
  sort: 'deadline' | 'newest';
  page: number;
  pageSize: number;
}

export const listQueue = (f: QueueFilter) => api<RequestPage>('/api/requests', { query: { ...f } });

export const useQueue = (f: QueueFilter) =>
  useQuery({
    queryKey: requestKeys.queue(f),
    queryFn: () => listQueue(f),
    placeholderData: keepPreviousData,
    refetchInterval: QUEUE_REFETCH_MS,
  });
