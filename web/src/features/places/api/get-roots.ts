import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { placeKeys, type PlaceNode } from './types';

export const getRoots = () => api<PlaceNode[]>('/api/places/roots');
export const useRoots = () => useQuery({ queryKey: placeKeys.roots, queryFn: getRoots });
