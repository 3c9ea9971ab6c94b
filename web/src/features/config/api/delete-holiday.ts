import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { configKeys, type Holiday } from './types';

/** DELETE /api/holidays/:day — the day then follows the Monday–Friday rule again. */
export function useDeleteHoliday() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (day: string) => api<Holiday>(`/api/holidays/${day}`, { method: 'DELETE' }),
    onSuccess: (h) => void qc.invalidateQueries({ queryKey: configKeys.holidays(Number(h.day.slice(0, 4))) }),
  });
}
