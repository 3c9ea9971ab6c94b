import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { configKeys, type Open311Key } from './types';

/** DELETE /api/open311/keys/:id — revoked at once, for good. */
export function useRevokeOpen311Key() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api<Open311Key>(`/api/open311/keys/${id}`, { method: 'DELETE' }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: configKeys.open311Keys }),
  });
}
