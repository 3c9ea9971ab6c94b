import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Query } from '../../../lib/api/client';

/** 社会组织 (server/src/modules/organisations). */
export const SERVICE_CATEGORIES = ['elderly', 'children', 'disability', 'environment', 'culture', 'governance', 'safety', 'health', 'other'] as const;
export type ServiceCategory = (typeof SERVICE_CATEGORIES)[number];
export const ORGANISATION_STATUSES = ['registered', 'filed', 'community_guided'] as const;
export type OrganisationStatus = (typeof ORGANISATION_STATUSES)[number];
export type IncubationMode = 'in_station' | 'off_station' | 'online';
type Named = { id: number; name: string };

export interface Organisation {
  id: number;
  name: string;
  status: OrganisationStatus;
  personInCharge: string;
  charter: string;
  categories: ServiceCategory[];
  place: Named;
  placesServed: Named[];
  memberCount: number;
  isHub: boolean;
  hub: Named | null;
  registeredOn: string | null;
  directoryCategories: ServiceCategory[];
  annualReportDue: string[];
}
export interface OrganisationDetail extends Organisation {
  incubations: { id: number; mode: IncubationMode; hub: Named | null; startedOn: string; mentorNote: string; graduatedOn: string | null }[];
  members: Named[];
  incubated: Named[];
  ratings: OrganisationRatings;
  annualReports: { id: number; deadline: string; addressee: 'sponsor' | 'registrar'; filedOn: string | null; remindedBeforeAt: string | null; remindedOverdueAt: string | null }[];
}
export interface OrganisationRatings { average: number | null; count: number; projects: number }
export interface OrganisationInput {
  name: string;
  status: OrganisationStatus;
  personInCharge: string;
  charter: string;
  categories: ServiceCategory[];
  placeId: number;
  placesServed: number[];
  memberCount: number;
  isHub: boolean;
  hubId: number | null;
  registeredOn: string | null;
}

const keys = { all: ['organisations'] as const };
export const useOrganisations = (q: Query) =>
  useQuery({ queryKey: ['organisations', 'list', q], queryFn: () => api<{ total: number; items: Organisation[] }>('/api/organisations', { query: q }) });
export const useOrganisation = (id: number) =>
  useQuery({ queryKey: ['organisations', 'one', id], queryFn: () => api<OrganisationDetail>(`/api/organisations/${id}`) });
export const useDirectory = (category?: string) =>
  useQuery({ queryKey: ['organisations', 'directory', category], queryFn: () => api<{ category: ServiceCategory; listedOn: string; organisation: Named }[]>('/api/organisations/directory', { query: { category } }) });
export const useMyOrganisations = () => useQuery({ queryKey: ['organisations', 'mine'], queryFn: () => api<Named[]>('/api/organisations/mine') });
export const usePublicOrganisation = (id: number) =>
  useQuery({ queryKey: ['public-organisation', id], queryFn: () => api<Organisation & { ratings: OrganisationRatings }>(`/api/public/organisations/${id}`, { quiet401: true }) });

function useOrgMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: keys.all }) });
}
export const useSaveOrganisation = () =>
  useOrgMutation(({ id, ...body }: OrganisationInput & { id?: number }) =>
    api<Organisation>(id ? `/api/organisations/${id}` : '/api/organisations', { method: id ? 'PATCH' : 'POST', json: body }));
export const useAddIncubation = () =>
  useOrgMutation(({ id, ...body }: { id: number; mode: IncubationMode; startedOn: string; mentorNote: string }) => api<OrganisationDetail>(`/api/organisations/${id}/incubations`, { method: 'POST', json: body }));
export const useGraduate = () =>
  useOrgMutation(({ id, incubationId, graduatedOn }: { id: number; incubationId: number; graduatedOn: string }) =>
    api<OrganisationDetail>(`/api/organisations/${id}/incubations/${incubationId}/graduate`, { method: 'POST', json: { graduatedOn } }));
export const useAddToDirectory = () =>
  useOrgMutation(({ id, ...body }: { id: number; category: ServiceCategory; listedOn: string }) => api<OrganisationDetail>(`/api/organisations/${id}/directory`, { method: 'POST', json: body }));
export const useAddMember = () =>
  useOrgMutation(({ id, personId }: { id: number; personId: number }) => api<OrganisationDetail>(`/api/organisations/${id}/members`, { method: 'POST', json: { personId } }));
export const useRemoveMember = () =>
  useOrgMutation(({ id, personId }: { id: number; personId: number }) => api<OrganisationDetail>(`/api/organisations/${id}/members/${personId}`, { method: 'DELETE' }));
export const useFileAnnualReport = () =>
  useOrgMutation(({ id, reportId, filedOn }: { id: number; reportId: number; filedOn: string }) =>
    api<OrganisationDetail>(`/api/organisations/${id}/annual-reports/${reportId}/filed`, { method: 'POST', json: { filedOn } }));
/** People in the caller's reach, to add as members. */
export const usePeopleSearch = (q: string) =>
  useQuery({ queryKey: ['organisations', 'people', q], queryFn: () => api<{ items: Named[] }>('/api/people', { query: { q, pageSize: 20 } }), enabled: q.trim().length > 0 });
/** Places by name (the server keeps the result within the caller's reach), for the places an organisation serves. */
export const usePlaceSearch = (q: string) =>
  useQuery({ queryKey: ['organisations', 'places', q], queryFn: () => api<{ items: (Named & { kind: string; pathNames: string[] })[] }>('/api/places/search', { query: { q } }), enabled: q.trim().length > 0 });
