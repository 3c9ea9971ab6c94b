import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import type { RoleName } from '../../../lib/api/types';
import type { PersonRow } from './types';

export interface NewPerson {
  name: string;
  phone: string;
  idNumber?: string;
  password?: string;
  /** Everybody hangs somewhere in the tree: the first role places the person in someone's scope. */
  role: RoleName;
  placeId: number;
}

export const createPerson = (body: NewPerson) => api<PersonRow>('/api/people', { method: 'POST', json: body });

export function useCreatePerson() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: createPerson, onSuccess: () => qc.invalidateQueries({ queryKey: ['people', 'list'] }) });
}
