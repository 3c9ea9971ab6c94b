import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { placeKeys, type CommunityProfile, type PlaceDetail } from './types';

export type CommunityPatch = Partial<Pick<CommunityProfile, 'communityClass' | 'tags'>>;

export const updateCommunity = (id: number, patch: CommunityPatch) =>
  api<PlaceDetail>(`/api/places/${id}/community`, { method: 'PATCH', json: patch });

export function useUpdateCommunity(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: CommunityPatch) => updateCommunity(id, patch),
    onSuccess: (detail) => qc.setQueryData(placeKeys.detail(id), detail),
  });
}
