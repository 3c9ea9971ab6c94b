import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { errandKeys, type ChecklistKind, type Errand } from './types';

export interface CreateErrandBody {
  compoundId: number;
  residentId: number;
  title: string;
  checklist: { item: string; kind: ChecklistKind }[];
}

/** 登记代办: the server checks that the resident lives there and is in a special group, without saying which. */
export const createErrand = (body: CreateErrandBody) => api<Errand>('/api/errands', { method: 'POST', json: body });

export function useCreateErrand() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: createErrand, onSuccess: () => qc.invalidateQueries({ queryKey: errandKeys.all }) });
}
