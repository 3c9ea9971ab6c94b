import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { requestKeys, type RequestDetail } from './types';

/**
 * Shared by the workbench steps on one request: post, put the answer in the cache, refresh the queues.
 * On any error (INVALID_TRANSITION: someone else acted first) the detail is refetched so the buttons are current.
 */
export function useStaffMutation<B>(id: number, path: (id: number) => string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: B) => api<RequestDetail>(path(id), { method: 'POST', json: body ?? {} }),
    onSuccess: (d) => {
      qc.setQueryData(requestKeys.detail(id), d);
      void qc.invalidateQueries({ queryKey: ['requests', 'queue'] });
    },
    onError: () => void qc.invalidateQueries({ queryKey: requestKeys.detail(id) }),
  });
}
