import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { placeKeys, type PlaceDetail } from './types';

export const getPlace = (id: number) => api<PlaceDetail>(`/api/places/${id}`);
export const usePlace = (id: number | undefined) =>
  useQuery({ queryKey: placeKeys.detail(id ?? 0), queryFn: () => getPlace(id!), enabled: id !== undefined });
