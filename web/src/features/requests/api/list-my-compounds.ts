import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { requestKeys } from './types';

/** The compounds a resident lives in (from 我的家): where they may raise a request. */
export interface MyCompound {
  householdId: number;
  householdName: string;
  compound: { id: number; name: string };
}

export const listMyCompounds = () => api<{ homes: MyCompound[] }>('/api/me/home');
export const useMyCompounds = () => useQuery({ queryKey: requestKeys.homes, queryFn: listMyCompounds });
