import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { configKeys, type ConfigCategory } from './types';

export const listCategories = () => api<ConfigCategory[]>('/api/request-categories');
export const useConfigCategories = () => useQuery({ queryKey: configKeys.categories, queryFn: listCategories });
