import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { errandKeys, type Errand } from './types';

export const getErrand = (id: number) => api<Errand>(`/api/errands/${id}`);
export const useErrand = (id: number) => useQuery({ queryKey: errandKeys.detail(id), queryFn: () => getErrand(id) });
