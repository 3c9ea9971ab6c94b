import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { peopleKeys } from './types';

export const revokeRole = (assignmentId: number) =>
  api<void>(`/api/role-assignments/${assignmentId}`, { method: 'DELETE' });

export function useRevokeRole(personId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: revokeRole,
    onSuccess: () => qc.invalidateQueries({ queryKey: peopleKeys.detail(personId) }),
  });
}
