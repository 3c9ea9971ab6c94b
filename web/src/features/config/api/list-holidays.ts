import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { configKeys, type Holiday } from './types';

export const listHolidays = (year: number) => api<Holiday[]>('/api/holidays', { query: { year } });
export const useHolidays = (year: number) => useQuery({ queryKey: configKeys.holidays(year), queryFn: () => listHolidays(year) });
