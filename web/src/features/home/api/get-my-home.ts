import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';

export interface MyHome {
  householdId: number;
  householdName: string;
  relation: 'owner' | 'resident';
  compound: { id: number; name: string; servicePoint: { address: string | null; hours: string | null } };
  community: { id: number; name: string };
  commissioners: { name: string; phone: string }[];
}

export const getMyHome = () => api<{ homes: MyHome[] }>('/api/me/home');
export const useMyHome = () => useQuery({ queryKey: ['me', 'home'], queryFn: getMyHome });
