import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { requestKeys } from './types';

interface PlaceBrief {
  id: number;
  kind: string;
  name: string;
  ancestors?: { id: number; kind: string; name: string }[];
}

/** Departments are places of kind 'department' under the district: find the district from one of my places. */
export async function listDepartments(myPlaceId: number): Promise<PlaceBrief[]> {
  const place = await api<PlaceBrief>(`/api/places/${myPlaceId}`);
  const districtId = place.kind === 'district' ? place.id : place.ancestors?.find((a) => a.kind === 'district')?.id;
  if (!districtId) return [];
  const children = await api<PlaceBrief[]>(`/api/places/${districtId}/children`);
  return children.filter((c) => c.kind === 'department');
}

export const useDepartments = (myPlaceId: number | undefined, enabled = true) =>
  useQuery({
    queryKey: [...requestKeys.departments, myPlaceId],
    queryFn: () => listDepartments(myPlaceId!),
    enabled: enabled && !!myPlaceId,
    staleTime: 10 * 60_000,
  });
