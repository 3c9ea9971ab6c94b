import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { consultationKeys } from './consultations.types';

type CommitteeType = 'owners_committee' | 'self_management_committee' | 'none';

/** Which committee a compound has (业委会, 自管会 or none): only that one can be invited to a consultation. */
export const getCompoundCommittee = async (compoundId: number): Promise<CommitteeType | null> => {
  const place = await api<{ compound: { committeeType: CommitteeType } | null }>(`/api/places/${compoundId}`);
  return place.compound?.committeeType ?? null;
};

export const useCompoundCommittee = (compoundId: number, enabled: boolean) =>
  useQuery({ queryKey: consultationKeys.committee(compoundId), queryFn: () => getCompoundCommittee(compoundId), enabled, staleTime: 5 * 60_000 });
