import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { peopleKeys, type Person } from './types';

export const getPerson = (id: number) => api<Person>(`/api/people/${id}`);
export const usePerson = (id: number) => useQuery({ queryKey: peopleKeys.detail(id), queryFn: () => getPerson(id) });
