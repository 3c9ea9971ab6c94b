import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { placeKeys, type PlaceNode } from './types';

export const getChildren = (id: number) => api<PlaceNode[]>(`/api/places/${id}/children`);
export const useChildren = (id: number, enabled = true) =>
  useQuery({ queryKey: placeKeys.children(id), queryFn: () => getChildren(id), enabled });
