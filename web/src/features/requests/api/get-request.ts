import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { QUEUE_REFETCH_MS, requestKeys, type RequestDetail } from './types';

export const getRequest = (id: number) => api<RequestDetail>(`/api/requests/${id}`);
export const useRequest = (id: number) =>
  useQuery({ queryKey: requestKeys.detail(id), queryFn: () => getRequest(id), refetchInterval: QUEUE_REFETCH_MS });
