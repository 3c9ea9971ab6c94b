import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { configKeys, type Holiday } from './types';

/** POST /api/holidays — one day, one kind (a second entry for the same day answers DAY_ALREADY_SET). */
export function useAddHoliday() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Holiday) => api<Holiday>('/api/holidays', { method: 'POST', json: body }),
    onSuccess: (h) => void qc.invalidateQueries({ queryKey: configKeys.holidays(Number(h.day.slice(0, 4))) }),
  });
}
