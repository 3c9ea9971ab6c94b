import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { placeKeys, type CompoundProfile, type PlaceDetail } from './types';

export type CompoundPatch = Partial<Omit<CompoundProfile, 'commissioners'>>;

export const updateCompound = (id: number, patch: CompoundPatch) =>
  api<PlaceDetail>(`/api/places/${id}/compound`, { method: 'PATCH', json: patch });

export function useUpdateCompound(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: CompoundPatch) => updateCompound(id, patch),
    onSuccess: (detail) => qc.setQueryData(placeKeys.detail(id), detail),
  });
}
