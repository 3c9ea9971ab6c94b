import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { configKeys, type Open311Key } from './types';

export const listOpen311Keys = () => api<Open311Key[]>('/api/open311/keys');
export const useOpen311Keys = () => useQuery({ queryKey: configKeys.open311Keys, queryFn: listOpen311Keys });
