import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { QUEUE_REFETCH_MS, requestKeys, type RequestPage } from './types';

export const listMyRequests = () => api<RequestPage>('/api/me/requests');
export const useMyRequests = () =>
  useQuery({ queryKey: requestKeys.mine, queryFn: listMyRequests, refetchInterval: QUEUE_REFETCH_MS });
