import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Query } from '../../../lib/api/client';

/** 微心愿: the wall, my wishes and claims, the review queue and statistics (server/src/modules/wishes). */
export const WISH_CATEGORIES = ['daily_goods', 'study', 'health', 'companionship', 'repair', 'other'] as const;
export type WishCategory = (typeof WISH_CATEGORIES)[number];
export type WishStatus = 'pending_review' | 'rejected' | 'open' | 'claimed' | 'fulfilled' | 'confirmed' | 'withdrawn';
export type ClaimerKind = 'party_member' | 'unit' | 'volunteer' | 'merchant';
export const MAX_WISH_VALUE_FEN = 200_000;

export interface WallWish {
  id: number;
  place: { id: number; name: string };
  category: WishCategory;
  title: string;
  description: string;
  valueFen: number;
  deadline: string;
  status: WishStatus;
  /** Only when the recipient separately consented (PIPL art. 25); otherwise null. */
  recipientName: string | null;
  address: string | null;
  photos: string[];
  claim: { kind: ClaimerKind; unit: string | null; claimedAt: string; dueAt: string | null; mine: boolean } | null;
  proofPhotos: string[];
  thanks: string | null;
}

export interface Wish extends WallWish {
  recipient: { id: number; name: string } | null;
  postedBy: { id: number; name: string };
  addressText: string | null;
  consent: { showName: boolean; showAddress: boolean };
  reviewNote: string | null;
  claimer: { id: number; name: string } | null;
  fulfilNote: string | null;
  lapses: number;
  createdAt: string;
  timeline?: { at: string; kind: string; actor: string | null; note: string | null }[];
}

export interface PostWishFields {
  compoundId: number;
  category: WishCategory;
  title: string;
  description: string;
  valueFen: number;
  deadline: string;
  photoIds: string[];
  addressText?: string | null;
  consent: { showName: boolean; showAddress: boolean };
}

export interface WishStatsRow {
  posted: number; pending: number; open: number; claimed: number; fulfilled: number; confirmed: number; rejected: number; lapses: number; fulfilledValueFen: number;
}
export interface WishStats { place: { id: number; name: string }; total: WishStatsRow; places: (WishStatsRow & { place: { id: number; name: string } })[] }

export const wishKeys = {
  all: ['wishes'] as const,
  wall: (placeId?: number) => ['wishes', 'wall', placeId ?? 'mine'] as const,
  mine: ['wishes', 'mine'] as const,
  claims: ['wishes', 'claims'] as const,
  list: (q: Query) => ['wishes', 'list', q] as const,
  stats: (placeId?: number) => ['wishes', 'stats', placeId ?? 'scope'] as const,
  one: (id: number) => ['wishes', 'one', id] as const,
};

export const useWall = (placeId?: number) =>
  useQuery({ queryKey: wishKeys.wall(placeId), queryFn: () => api<{ place: { id: number; name: string }; items: WallWish[] }>('/api/wish-wall', { query: { placeId } }) });
export const useMyWishes = () => useQuery({ queryKey: wishKeys.mine, queryFn: () => api<{ items: Wish[] }>('/api/me/wishes') });
export const useMyClaims = () => useQuery({ queryKey: wishKeys.claims, queryFn: () => api<{ items: WallWish[] }>('/api/me/wish-claims') });
export const useWishList = (q: Query) => useQuery({ queryKey: wishKeys.list(q), queryFn: () => api<{ total: number; items: Wish[] }>('/api/wishes', { query: q }) });
export const useWishStats = (placeId?: number) => useQuery({ queryKey: wishKeys.stats(placeId), queryFn: () => api<WishStats>('/api/wishes/stats', { query: { placeId } }) });
export const useWish = (id: number) => useQuery({ queryKey: wishKeys.one(id), queryFn: () => api<Wish>(`/api/wishes/${id}`) });

export function uploadWishPhoto(file: File, purpose: 'wish' | 'proof') {
  const form = new FormData();
  form.append('file', file);
  return api<{ id: string; url: string }>(`/api/wish-photos?purpose=${purpose}`, { method: 'POST', form });
}

/** Every wish mutation refreshes every wish query: the wall, mine, the queue and the statistics move together. */
function useWishMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: wishKeys.all }) });
}

export const usePostWish = () =>
  useWishMutation(({ key, body }: { key: string; body: PostWishFields }) => api<Wish>('/api/me/wishes', { method: 'POST', json: body, headers: { 'Idempotency-Key': key } }));
export const useReviewWish = () =>
  useWishMutation(({ id, decision, note }: { id: number; decision: 'approve' | 'reject'; note?: string }) =>
    api<Wish>(`/api/wishes/${id}/review`, { method: 'POST', json: { decision, ...(note ? { note } : {}) } }));
export const useClaimWish = () =>
  useWishMutation(({ id, as, unitName }: { id: number; as: ClaimerKind; unitName?: string }) =>
    api<WallWish>(`/api/wish-wall/${id}/claim`, { method: 'POST', json: { as, ...(unitName ? { unitName } : {}) } }));
export const useFulfilWish = () =>
  useWishMutation(({ id, photoIds, note }: { id: number; photoIds: string[]; note?: string }) =>
    api<WallWish>(`/api/wish-wall/${id}/fulfil`, { method: 'POST', json: { photoIds, ...(note ? { note } : {}) } }));
export const useConfirmWish = () =>
  useWishMutation(({ id, thanks }: { id: number; thanks?: string }) => api<Wish>(`/api/wishes/${id}/confirm`, { method: 'POST', json: thanks ? { thanks } : {} }));

/** 48000 fen → "¥480.00". */
export const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;
