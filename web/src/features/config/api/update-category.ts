import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { configKeys, type CategoryFields, type ConfigCategory } from './types';

export type CategoryPatch = Partial<Omit<CategoryFields, 'code'>>;

/** PATCH /api/request-categories/:id — district admin only; the raise screens' category list refreshes too. */
export function useUpdateCategory() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: number; patch: CategoryPatch }) =>
      api<ConfigCategory>(`/api/request-categories/${id}`, { method: 'PATCH', json: patch }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: configKeys.categories });
      void qc.invalidateQueries({ queryKey: ['requests', 'categories'] });
    },
  });
}
