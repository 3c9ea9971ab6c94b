import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import type { RoleName } from '../../../lib/api/types';
import { peopleKeys, type RoleAssignment } from './types';

export interface NewAssignment {
  personId: number;
  role: RoleName;
  placeId: number;
  local?: boolean;
  validFrom?: string;
  validTo?: string;
}

export const assignRole = (body: NewAssignment) =>
  api<RoleAssignment>('/api/role-assignments', { method: 'POST', json: body });

export function useAssignRole(personId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: assignRole,
    onSuccess: () => qc.invalidateQueries({ queryKey: peopleKeys.detail(personId) }),
  });
}
