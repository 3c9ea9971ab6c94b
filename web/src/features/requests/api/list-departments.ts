import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { requestKeys } from './types';

interface Department {
  id: number;
  name: string;
}

/**
 * The district's departments, for routing (派单) and the street's whistle (吹哨). They hang under the district, which
 * a commissioner's or street admin's place tree does not reach, so the requests module lists them itself.
 */
export const listDepartments = async (): Promise<Department[]> => (await api<{ items: Department[] }>('/api/departments')).items;

export const useDepartments = (enabled = true) =>
  useQuery({ queryKey: requestKeys.departments, queryFn: listDepartments, enabled, staleTime: 10 * 60_000 });
