import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { configKeys, type CategoryFields, type ConfigCategory } from './types';

/** POST /api/request-categories — a district's own category; the code is new in the district. */
export function useCreateCategory() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CategoryFields) => api<ConfigCategory>('/api/request-categories', { method: 'POST', json: body }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: configKeys.categories });
      void qc.invalidateQueries({ queryKey: ['requests', 'categories'] });
    },
  });
}
