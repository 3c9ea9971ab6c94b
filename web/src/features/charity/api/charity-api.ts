import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';

/** 微公益: drives and their ledger (server/src/modules/charity). Money in fen. */
export type EntryKind = 'pledge' | 'receipt' | 'disbursement';
export type EntryForm = 'money' | 'goods';
type Named = { id: number; name: string };

export interface Totals {
  money: { pledgedFen: number; receivedFen: number; disbursedFen: number; balanceFen: number; outstandingPledgesFen: number };
  goods: { item: string; pledged: number; received: number; disbursed: number; balance: number }[];
}
export interface Drive {
  id: number; place: Named; kind: 'event' | 'drive'; title: string; description: string; goalFen: number | null; goodsWanted: string | null;
  startsAt: string; endsAt: string; status: 'open' | 'closed'; totals: Totals;
}
export interface PublicEntry {
  id: number; kind: EntryKind; form: EntryForm; amountFen: number | null; item: string | null; quantity: number | null; donor: string | null;
  counterpart: string | null; pledgeId: number | null; occurredAt: string;
}
export interface Entry extends PublicEntry {
  donorName: string | null; showDonor: boolean; note: string | null; recordedBy: string; outstandingFen: number | null; outstandingQuantity: number | null;
}
export interface EntryFields {
  kind: EntryKind; form: EntryForm; amountFen?: number; item?: string; quantity?: number; donorName?: string; showDonor?: boolean;
  counterpart?: string; pledgeId?: number; note?: string;
}

export const charityKeys = {
  all: ['charity'] as const,
  places: ['charity', 'places'] as const,
  drives: ['charity', 'drives'] as const,
  ledger: (id: number) => ['charity', 'ledger', id] as const,
  mine: ['charity', 'mine'] as const,
  public: (id: number) => ['charity', 'public', id] as const,
};

export const useDrivePlaces = () => useQuery({ queryKey: charityKeys.places, queryFn: () => api<{ items: (Named & { kind: string })[] }>('/api/charity/places') });
export const useDrives = () => useQuery({ queryKey: charityKeys.drives, queryFn: () => api<{ items: Drive[] }>('/api/charity/drives') });
export const useLedger = (id: number) => useQuery({ queryKey: charityKeys.ledger(id), queryFn: () => api<{ drive: Drive; entries: Entry[] }>(`/api/charity/drives/${id}`) });
export const useMyDrives = () => useQuery({ queryKey: charityKeys.mine, queryFn: () => api<{ items: Drive[] }>('/api/me/charity-drives') });
export const usePublicLedger = (id: number) =>
  useQuery({ queryKey: charityKeys.public(id), queryFn: () => api<{ drive: Drive; entries: PublicEntry[] }>(`/api/public/charity-drives/${id}`, { quiet401: true }) });

function useCharityMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: charityKeys.all }) });
}

export const useCreateDrive = () =>
  useCharityMutation((body: { placeId: number; kind: 'event' | 'drive'; title: string; description: string; goalFen?: number; goodsWanted?: string; startsAt: string; endsAt: string }) =>
    api<{ drive: Drive }>('/api/charity/drives', { method: 'POST', json: body }));
export const useRecordEntry = (driveId: number) =>
  useCharityMutation(({ key, body }: { key: string; body: EntryFields }) =>
    api<{ drive: Drive; entries: Entry[] }>(`/api/charity/drives/${driveId}/entries`, { method: 'POST', json: body, headers: { 'Idempotency-Key': key } }));
export const useCloseDrive = () => useCharityMutation((id: number) => api<{ drive: Drive }>(`/api/charity/drives/${id}/close`, { method: 'POST', json: {} }));

/** 48000 fen → "¥480.00". */
export const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;
