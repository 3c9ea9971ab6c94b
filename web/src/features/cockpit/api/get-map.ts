import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';

export interface AreaMap {
  type: 'FeatureCollection';
  features: { type: 'Feature'; properties: { id: number; name: string }; geometry: { type: 'Polygon'; coordinates: [number, number][][] } }[];
}

/** The synthetic outline of a place's children (generated on the server from the place tree; no online tiles). */
export const useAreaMap = (placeId: number | undefined) =>
  useQuery({
    queryKey: ['cockpit', 'map', placeId ?? null],
    queryFn: () => api<AreaMap>('/api/cockpit/map', { query: { placeId } }),
    enabled: placeId !== undefined,
    staleTime: 10 * 60_000,
  });
