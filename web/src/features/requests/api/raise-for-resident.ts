import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import type { RaiseFields, RequestDetail } from './types';

export interface RaiseForBody extends RaiseFields {
  residentId?: number;
  channel: 'phone' | 'walk_in' | 'visit';
}
/** Staff raise a request on a resident's behalf (phone, walk-in, visit); `key` guards against double submission. */
export const raiseForResident = ({ key, body }: { key: string; body: RaiseForBody }) =>
  api<RequestDetail>('/api/requests', { method: 'POST', json: body, headers: { 'Idempotency-Key': key } });

export function useRaiseForResident() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: raiseForResident, onSuccess: () => qc.invalidateQueries({ queryKey: ['requests', 'queue'] }) });
}
