import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import type { RoleName } from '../../../lib/api/types';
import { peopleKeys, type PersonRow } from './types';

export interface PeopleFilter {
  placeId?: number;
  role?: RoleName;
  q?: string;
  page: number;
  pageSize: number;
}

export const listPeople = (f: PeopleFilter) =>
  api<{ items: PersonRow[]; total: number }>('/api/people', { query: { ...f } });

export const usePeople = (f: PeopleFilter) =>
  useQuery({ queryKey: peopleKeys.list(f), queryFn: () => listPeople(f), placeholderData: keepPreviousData });
