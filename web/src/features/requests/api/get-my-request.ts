import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { QUEUE_REFETCH_MS, requestKeys, type RequestDetail } from './types';

export const getMyRequest = (id: number) => api<RequestDetail>(`/api/me/requests/${id}`);
export const useMyRequest = (id: number) =>
  useQuery({ queryKey: requestKeys.mineDetail(id), queryFn: () => getMyRequest(id), refetchInterval: QUEUE_REFETCH_MS });
