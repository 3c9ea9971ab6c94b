import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import type { Party } from './types';

export interface BulkAssignResult {
  results: { id: number; ok: boolean; code?: string }[];
}
export const bulkAssign = (body: { ids: number[]; party?: Party }) =>
  api<BulkAssignResult>('/api/requests/bulk-assign', { method: 'POST', json: body });

export function useBulkAssign() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: bulkAssign, onSettled: () => qc.invalidateQueries({ queryKey: ['requests'] }) });
}
