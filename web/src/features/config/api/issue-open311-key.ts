import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { configKeys, type IssuedKey } from './types';

/** POST /api/open311/keys — the answer holds the full key, the only time it is ever sent. */
export function useIssueOpen311Key() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api<IssuedKey>('/api/open311/keys', { method: 'POST', json: { name } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: configKeys.open311Keys }),
  });
}
