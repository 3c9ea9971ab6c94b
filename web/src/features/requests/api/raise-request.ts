import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { requestKeys, type RaiseFields, type RequestDetail } from './types';

/** `key` is made once per form submission and reused on retry, so a retry never creates a second request. */
export const raiseRequest = ({ key, body }: { key: string; body: RaiseFields }) =>
  api<RequestDetail>('/api/me/requests', { method: 'POST', json: body, headers: { 'Idempotency-Key': key } });

export function useRaiseRequest() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: raiseRequest,
    onSuccess: () => qc.invalidateQueries({ queryKey: requestKeys.mine }),
  });
}
