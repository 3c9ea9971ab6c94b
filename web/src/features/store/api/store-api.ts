import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { api } from '../../../lib/api/client';
import { newIdempotencyKey } from '../../../lib/idempotency';

// 积分 and 贡享超市: every write carries an Idempotency-Key, made once per user action (a retry of the same action
// reuses it, so a weak network never redeems twice).

export type EntryKind = 'earn' | 'redeem' | 'cancel' | 'fulfil' | 'expire' | 'reverse';
export type AccountKind = 'person' | 'merchant' | 'issuance' | 'redemption' | 'expiry';
export type EarningRule = 'volunteer_hour' | 'wish_fulfilled' | 'deliberation_attended' | 'activity_attended' | 'proposal_adopted';
export interface MyPoints { balance: number; expiring: { points: number; at: string } | null; rules: { rule: EarningRule; pointsPerUnit: number }[] }
export interface MyEntry { id: number; kind: EntryKind; points: number; counterparty: { id: number; kind: AccountKind; name: string }; rule: EarningRule | null; sourceType: string | null; sourceId: string | null; memo: string | null; createdAt: string }
export interface Listing { id: number; merchant: { id: number; name: string; kind: 'merchant' | 'talent'; address: string | null }; kind: 'goods' | 'service'; title: string; description: string; pricePoints: number; stock: number; status: 'active' | 'withdrawn' }
export type VoucherStatus = 'issued' | 'fulfilled' | 'cancelled';
export interface Voucher { id: number; listingId: number; title: string; pricePoints: number; merchant: { id: number; name: string; address: string | null }; holder: { id: number; name: string }; status: VoucherStatus; issuedAt: string; fulfilledAt: string | null; cancelledAt: string | null; fulfilUrl: string | null }
export type MerchantStatus = 'pending' | 'approved' | 'rejected' | 'suspended';
export interface Merchant { id: number; kind: 'merchant' | 'talent'; name: string; description: string; address: string | null; place: { id: number; name: string }; owner: { id: number; name: string }; status: MerchantStatus; appliedAt: string; decidedAt: string | null; decisionNote: string | null }
export interface JournalEntry { id: number; kind: EntryKind; amount: number; debit: { id: number; kind: AccountKind; name: string }; credit: { id: number; kind: AccountKind; name: string }; rule: string | null; sourceType: string | null; sourceId: string | null; memo: string | null; createdAt: string }
export interface LedgerSummary { totals: { kind: EntryKind; total: number; count: number }[]; issued: number; heldByPeople: number; heldByMerchants: number; accounts: number; mismatched: number; balanced: boolean }
export interface SettlementRow { merchant: { id: number; name: string; kind: 'merchant' | 'talent'; status: MerchantStatus }; fulfilled: number; fulfilledPoints: number; cancelled: number; outstanding: number; outstandingPoints: number }
export interface Settlement { from: string; to: string; items: SettlementRow[]; totals: Omit<SettlementRow, 'merchant'> }
type Page<T> = { items: T[]; total: number };

export const storeKeys = {
  all: ['store'] as const,
  points: ['store', 'points'] as const,
  entries: (page: number) => ['store', 'points', 'entries', page] as const,
  shelf: (page: number, q?: string) => ['store', 'shelf', page, q ?? ''] as const,
  vouchers: (status?: VoucherStatus) => ['store', 'vouchers', status ?? 'all'] as const,
  byToken: (token: string) => ['store', 'fulfil', token] as const,
  merchants: (status: string | undefined, page: number) => ['store', 'merchants', status ?? 'all', page] as const,
  myMerchants: ['store', 'my-merchants'] as const,
  merchantListings: (id: number) => ['store', 'merchant-listings', id] as const,
  journal: (kind: string | undefined, page: number) => ['store', 'journal', kind ?? 'all', page] as const,
  summary: ['store', 'summary'] as const,
  settlement: (from: string, to: string) => ['store', 'settlement', from, to] as const,
};

const write = <T>(path: string, key: string, method: 'POST' | 'PATCH' | 'PUT' = 'POST', json: unknown = {}) =>
  api<T>(path, { method, json, headers: { 'Idempotency-Key': key } });

export const useMyPoints = () => useQuery({ queryKey: storeKeys.points, queryFn: () => api<MyPoints>('/api/me/points') });
export const useMyEntries = (page: number) =>
  useQuery({ queryKey: storeKeys.entries(page), queryFn: () => api<Page<MyEntry>>('/api/me/points/entries', { query: { page, pageSize: 20 } }), placeholderData: keepPreviousData });
export const useShelf = (page: number, q?: string) =>
  useQuery({ queryKey: storeKeys.shelf(page, q), queryFn: () => api<Page<Listing>>('/api/store/listings', { query: { page, pageSize: 20, q } }), placeholderData: keepPreviousData });
export const useMyVouchers = (status?: VoucherStatus) =>
  useQuery({ queryKey: storeKeys.vouchers(status), queryFn: () => api<Page<Voucher>>('/api/me/store/vouchers', { query: { status, pageSize: 50 } }) });
export const useVoucherByToken = (token: string) =>
  useQuery({ queryKey: storeKeys.byToken(token), queryFn: () => api<Voucher>(`/api/store/fulfil/${token}`), retry: false });
export const useMyMerchants = () => useQuery({ queryKey: storeKeys.myMerchants, queryFn: () => api<{ items: Merchant[] }>('/api/me/store/merchants') });
export const useMerchantListings = (id: number | undefined) =>
  useQuery({ queryKey: storeKeys.merchantListings(id ?? 0), queryFn: () => api<Page<Listing>>(`/api/store/merchants/${id}/listings`), enabled: id !== undefined });
export const useMerchants = (status: MerchantStatus | undefined, page: number) =>
  useQuery({ queryKey: storeKeys.merchants(status, page), queryFn: () => api<Page<Merchant>>('/api/store/merchants', { query: { status, page, pageSize: 20 } }), placeholderData: keepPreviousData });
export const useJournal = (kind: EntryKind | undefined, page: number) =>
  useQuery({ queryKey: storeKeys.journal(kind, page), queryFn: () => api<Page<JournalEntry>>('/api/points/journal', { query: { kind, page, pageSize: 20 } }), placeholderData: keepPreviousData });
export interface RuleRow { rule: EarningRule; pointsPerUnit: number; active: boolean }
export interface PointsRules { rules: RuleRow[]; expiryDays: number | null }
export const usePointsRules = () => useQuery({ queryKey: [...storeKeys.all, 'rules'], queryFn: () => api<PointsRules>('/api/points/rules') });
export const useSavePointsRules = () => useKeyedMutation((body: PointsRules, key) => write<PointsRules>('/api/points/rules', key, 'PUT', body));
export const useLedgerSummary = () => useQuery({ queryKey: storeKeys.summary, queryFn: () => api<LedgerSummary>('/api/points/summary') });
export const useSettlement = (from: string, to: string) =>
  useQuery({ queryKey: storeKeys.settlement(from, to), queryFn: () => api<Settlement>('/api/store/settlement', { query: { from, to } }) });

/** A mutation whose key is made once per action and kept across retries of that action. */
function useKeyedMutation<V, T>(run: (v: V, key: string) => Promise<T>) {
  const qc = useQueryClient();
  const keys = useRef(new Map<string, string>()).current;
  return useMutation({
    mutationFn: (v: V) => {
      const id = JSON.stringify(v);
      const key = keys.get(id) ?? newIdempotencyKey();
      keys.set(id, key);
      return run(v, key).then((r) => {
        keys.delete(id);
        return r;
      });
    },
    onSettled: () => qc.invalidateQueries({ queryKey: storeKeys.all }),
  });
}

export const useRedeem = () => useKeyedMutation((listingId: number, key) => write<Voucher>(`/api/store/listings/${listingId}/redeem`, key));
export const useCancelVoucher = () => useKeyedMutation((id: number, key) => write<Voucher>(`/api/store/vouchers/${id}/cancel`, key));
export const useFulfil = () => useKeyedMutation((token: string, key) => write<Voucher>(`/api/store/fulfil/${token}`, key));
export const useApplyMerchant = () =>
  useKeyedMutation((body: { kind: 'merchant' | 'talent'; name: string; description: string; address: string | null; placeId: number }, key) => write<Merchant>('/api/store/merchants', key, 'POST', body));
export const useCreateListing = () =>
  useKeyedMutation((v: { merchantId: number; body: { kind: 'goods' | 'service'; title: string; description: string; pricePoints: number; stock: number } }, key) =>
    write<Listing>(`/api/store/merchants/${v.merchantId}/listings`, key, 'POST', v.body));
export const useUpdateListing = () =>
  useKeyedMutation((v: { id: number; patch: { stockDelta?: number; status?: 'active' | 'withdrawn' } }, key) => write<Listing>(`/api/store/listings/${v.id}`, key, 'PATCH', v.patch));
export const useDecideMerchant = () =>
  useKeyedMutation((v: { id: number; decision: 'approve' | 'reject' | 'suspend'; note?: string }, key) =>
    write<Merchant>(`/api/store/merchants/${v.id}/decision`, key, 'POST', { decision: v.decision, ...(v.note ? { note: v.note } : {}) }));

/** Where the caller may open a shop: the compounds and communities of their own homes. */
export const useMyPlaces = () =>
  useQuery({
    queryKey: ['store', 'my-places'],
    queryFn: async () => {
      const r = await api<{ homes: { compound: { id: number; name: string }; community: { id: number; name: string } }[] }>('/api/me/home');
      const seen = new Map<number, string>();
      for (const h of r.homes) {
        seen.set(h.compound.id, h.compound.name);
        seen.set(h.community.id, h.community.name);
      }
      return [...seen.entries()].map(([id, name]) => ({ id, name }));
    },
  });
