import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { requestKeys, type RequestDetail } from './types';

/** Shared by the resident's own steps (confirm, reopen, cancel): post, then show the new state everywhere. */
export function useMineMutation<B>(id: number, step: 'confirm' | 'reopen' | 'cancel') {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: B) => api<RequestDetail>(`/api/me/requests/${id}/${step}`, { method: 'POST', json: body }),
    onSuccess: (d) => {
      qc.setQueryData(requestKeys.mineDetail(id), d);
      void qc.invalidateQueries({ queryKey: requestKeys.mine });
    },
    // INVALID_TRANSITION: the request moved on meanwhile; show its current state.
    onError: () => void qc.invalidateQueries({ queryKey: requestKeys.mineDetail(id) }),
  });
}
