import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { requestKeys, type Category } from './types';

export const listCategories = () => api<Category[]>('/api/request-categories');
export const useCategories = () =>
  useQuery({ queryKey: requestKeys.categories, queryFn: listCategories, staleTime: 10 * 60_000 });
