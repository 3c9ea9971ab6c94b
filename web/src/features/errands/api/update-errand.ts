import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { errandKeys, type Errand } from './types';

export interface UpdateErrandBody {
  checklist?: { index: number; done: boolean }[];
  /** The resident went in person once more. */
  residentTripsDelta?: 1;
  status?: 'done' | 'cancelled';
}

/** Ticks checklist items, counts a trip, finishes or cancels; the answer replaces the cached errand. */
export const updateErrand = (id: number, body: UpdateErrandBody) => api<Errand>(`/api/errands/${id}`, { method: 'PATCH', json: body });

export function useUpdateErrand(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateErrandBody) => updateErrand(id, body),
    onSuccess: (e) => {
      qc.setQueryData(errandKeys.detail(id), e);
      void qc.invalidateQueries({ queryKey: ['errands', 'list'] });
      void qc.invalidateQueries({ queryKey: ['errands', 'stats'] });
    },
    onError: () => void qc.invalidateQueries({ queryKey: errandKeys.detail(id) }),
  });
}
