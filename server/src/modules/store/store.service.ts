import crypto from 'node:crypto';
import { auditAction } from '../../platform/audit.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { notifyPerson } from '../../platform/notifications.ts';
import { assertInScope, scopeFor } from '../../platform/scope.ts';
import { idempotent, payMerchant, refundPerson, settleFulfilment } from '../points/index.ts';
import * as repo from './store.repository.ts';
import type { ApplyInput, DecisionInput, ListingDto, ListingInput, ListingPatch, MerchantDto, VoucherDto } from './store.schemas.ts';

/** The H5 page a voucher's QR code opens; the merchant signed in there fulfils it (核销). */
export const fulfilPath = (token: string) => `/h5/store/fulfil/${token}`;

export function merchantDto(m: repo.MerchantRow): MerchantDto {
  return {
    id: m.id, kind: m.kind, name: m.name, description: m.description, address: m.address,
    place: { id: m.place_id, name: m.place_name }, owner: { id: m.owner_id, name: m.owner_name }, status: m.status,
    appliedAt: m.applied_at.toISOString(), decidedAt: m.decided_at?.toISOString() ?? null, decisionNote: m.decision_note,
  };
}

export function listingDto(l: repo.ListingRow): ListingDto {
  return {
    id: l.id, merchant: { id: l.merchant_id, name: l.merchant_name, kind: l.merchant_kind, address: l.merchant_address },
    kind: l.kind, title: l.title, description: l.description, pricePoints: l.price_points, stock: l.stock, status: l.status,
  };
}

/** The holder sees the fulfilment link (it is what the QR code carries); the merchant and staff never need it. */
export function voucherDto(v: repo.VoucherRow, viewerId: number): VoucherDto {
  return {
    id: v.id, listingId: v.listing_id, title: v.title, pricePoints: v.price_points,
    merchant: { id: v.merchant_id, name: v.merchant_name, address: v.merchant_address }, holder: { id: v.person_id, name: v.holder_name },
    status: v.status, issuedAt: v.issued_at.toISOString(), fulfilledAt: v.fulfilled_at?.toISOString() ?? null, cancelledAt: v.cancelled_at?.toISOString() ?? null,
    fulfilUrl: v.person_id === viewerId ? fulfilPath(v.token) : null,
  };
}

// ── Merchants and skilled residents (商家、达人入驻) ────────────────────────────────────────────────────────────────

/** Anyone signed in may apply, for a community or compound of their own district; its community or street decides. */
export async function apply(deps: Deps, caller: Caller, input: ApplyInput, key: string | undefined): Promise<MerchantDto> {
  const place = await repo.findPlace(deps.db, input.placeId);
  if (!place || place.district_id !== caller.districtId) throw new AppError('NOT_FOUND');
  if (place.kind !== 'community' && place.kind !== 'compound') throw new AppError('PLACE_KIND_MISMATCH', { expected: 'community / compound' });
  const now = deps.clock.now();
  return idempotent(deps, caller, 'store.apply', key, input, async (trx) => {
    const id = await repo.insertMerchant(trx, {
      district_id: caller.districtId, place_id: place.id, place_path: place.path, kind: input.kind, name: input.name, description: input.description,
      address: input.address, owner_id: caller.personId, applied_at: now,
    });
    await auditAction(trx, caller, 'store.merchant.apply', { type: 'store_merchant', id }, { kind: input.kind, placeId: place.id });
    return merchantDto((await repo.findMerchant(trx, id))!);
  });
}

export async function myMerchants(deps: Deps, caller: Caller) {
  return { items: (await repo.merchantsOfOwner(deps.db, caller.personId)).map(merchantDto) };
}

export async function listMerchants(deps: Deps, caller: Caller, q: { status?: MerchantDto['status']; page: number; pageSize: number }) {
  const scope = scopeFor(caller.roles, 'store.manage');
  const page = await repo.listMerchants(deps.db, caller.districtId, scope, q);
  return { total: page.total, items: page.items.map(merchantDto) };
}

/** 审核: approve or reject an application, or suspend an approved merchant (its shelf disappears; vouchers stand). */
export async function decide(deps: Deps, caller: Caller, id: number, input: DecisionInput, key: string | undefined): Promise<MerchantDto> {
  const scope = scopeFor(caller.roles, 'store.manage');
  const m = await repo.findMerchant(deps.db, id);
  assertInScope(scope, m?.place_path);
  const now = deps.clock.now();
  return idempotent(deps, caller, 'store.decide', key, { id, ...input }, async (trx) => {
    const locked = (await repo.lockMerchant(trx, id))!;
    const allowed = input.decision === 'suspend' ? locked.status === 'approved' : locked.status === 'pending' || (input.decision === 'approve' && locked.status === 'suspended');
    if (!allowed) throw new AppError('MERCHANT_DECIDED', { status: locked.status });
    const status = ({ approve: 'approved', reject: 'rejected', suspend: 'suspended' } as const)[input.decision];
    await repo.decideMerchant(trx, id, { status, decided_at: now, decided_by: caller.personId, decision_note: input.note ?? null });
    await notifyPerson(trx, m!.district_id, m!.owner_id, {
      kind: `store.merchant.${status}`,
      title: status === 'approved' ? `入驻申请已通过：${m!.name}` : status === 'rejected' ? `入驻申请未通过：${m!.name}` : `已暂停：${m!.name}`,
      body: input.note, link: '/h5/store/shop',
    }, now);
    await auditAction(trx, caller, 'store.merchant.decide', { type: 'store_merchant', id }, { decision: input.decision, note: input.note ?? null });
    return merchantDto((await repo.findMerchant(trx, id))!);
  });
}

/** A merchant is managed by its owner (listings, fulfilment), and seen by staff with the store in reach. */
async function ownMerchant(deps: Deps, caller: Caller, id: number) {
  const m = await repo.findMerchant(deps.db, id);
  if (!m || m.district_id !== caller.districtId || m.owner_id !== caller.personId) throw new AppError('NOT_FOUND');
  return m;
}

async function visibleMerchant(deps: Deps, caller: Caller, id: number) {
  const m = await repo.findMerchant(deps.db, id);
  if (m && m.owner_id === caller.personId) return m;
  assertInScope(scopeFor(caller.roles, 'store.manage'), m?.place_path);
  return m!;
}

// ── Listings (上架) ─────────────────────────────────────────────────────────────────────────────────────────────────

export async function createListing(deps: Deps, caller: Caller, merchantId: number, input: ListingInput, key: string | undefined): Promise<ListingDto> {
  const m = await ownMerchant(deps, caller, merchantId);
  if (m.status !== 'approved') throw new AppError('MERCHANT_NOT_APPROVED');
  const now = deps.clock.now();
  return idempotent(deps, caller, 'store.listing.create', key, { merchantId, ...input }, async (trx) => {
    const id = await repo.insertListing(trx, {
      district_id: m.district_id, merchant_id: m.id, kind: input.kind, title: input.title, description: input.description,
      price_points: input.pricePoints, stock: input.stock, created_at: now, updated_at: now,
    });
    await auditAction(trx, caller, 'store.listing.create', { type: 'store_listing', id }, { merchantId, pricePoints: input.pricePoints, stock: input.stock });
    return listingDto((await repo.findListing(trx, id))!);
  });
}

export async function updateListing(deps: Deps, caller: Caller, id: number, patch: ListingPatch, key: string | undefined): Promise<ListingDto> {
  const l = await repo.findListing(deps.db, id);
  if (!l || l.district_id !== caller.districtId || l.owner_id !== caller.personId) throw new AppError('NOT_FOUND');
  const now = deps.clock.now();
  return idempotent(deps, caller, 'store.listing.update', key, { id, ...patch }, async (trx) => {
    const ok = await repo.updateListing(trx, id, {
      ...(patch.title !== undefined ? { title: patch.title } : {}), ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.pricePoints !== undefined ? { price_points: patch.pricePoints } : {}), ...(patch.status !== undefined ? { status: patch.status } : {}), updated_at: now,
    }, patch.stockDelta ?? 0);
    if (!ok) throw new AppError('VALIDATION_FAILED', {}, { issues: [{ path: ['stockDelta'], message: 'stock cannot go below zero' }] });
    await auditAction(trx, caller, 'store.listing.update', { type: 'store_listing', id }, patch);
    return listingDto((await repo.findListing(trx, id))!);
  });
}

export async function shelf(deps: Deps, caller: Caller, q: { merchantId?: number; q?: string; page: number; pageSize: number }) {
  const page = await repo.listActiveListings(deps.db, caller.districtId, q);
  return { total: page.total, items: page.items.map(listingDto) };
}

export async function getListing(deps: Deps, caller: Caller, id: number): Promise<ListingDto> {
  const l = await repo.findListing(deps.db, id);
  if (!l || l.district_id !== caller.districtId) throw new AppError('NOT_FOUND');
  const shown = l.status === 'active' && l.merchant_status === 'approved';
  if (!shown && l.owner_id !== caller.personId) await visibleMerchant(deps, caller, l.merchant_id);
  return listingDto(l);
}

export async function merchantListings(deps: Deps, caller: Caller, merchantId: number) {
  await visibleMerchant(deps, caller, merchantId);
  return { items: (await repo.listingsOfMerchant(deps.db, merchantId)).map(listingDto), total: 0 };
}

// ── Redemption, vouchers, fulfilment (兑换、兑换券、核销) ─────────────────────────────────────────────────────────

/**
 * 兑换: one transaction takes one from stock, moves the price from the person to the merchant and issues a
 * voucher, or does nothing at all. Stock and balance are each one conditional UPDATE, so neither goes below zero
 * however many redeem at once; the key makes a retried request answer the first voucher.
 */
export async function redeem(deps: Deps, caller: Caller, listingId: number, key: string | undefined): Promise<VoucherDto> {
  const now = deps.clock.now();
  return idempotent(deps, caller, 'store.redeem', key, { listingId }, async (trx) => {
    const taken = await repo.takeStock(trx, listingId, caller.districtId);
    if (!taken) {
      const l = await repo.findListing(trx, listingId);
      if (!l || l.district_id !== caller.districtId) throw new AppError('NOT_FOUND');
      if (l.merchant_status !== 'approved') throw new AppError('MERCHANT_NOT_APPROVED');
      if (l.status !== 'active') throw new AppError('LISTING_UNAVAILABLE');
      throw new AppError('OUT_OF_STOCK');
    }
    const voucherId = await repo.nextVoucherId(trx);
    const entryId = await payMerchant(trx, {
      districtId: caller.districtId, personId: caller.personId, merchantId: taken.merchant_id, amount: taken.price_points, at: now,
      sourceType: 'store_voucher', sourceId: String(voucherId), memo: taken.title, createdBy: caller.personId,
    });
    await repo.insertVoucher(trx, {
      id: voucherId, district_id: caller.districtId, listing_id: listingId, merchant_id: taken.merchant_id, person_id: caller.personId,
      title: taken.title, price_points: taken.price_points, token: crypto.randomBytes(18).toString('base64url'), status: 'issued',
      redeem_entry_id: entryId, issued_at: now,
    });
    const voucher = voucherDto((await repo.findVoucher(trx, voucherId))!, caller.personId);
    // Last: the audit insert takes the district's hash-chain head until commit, so it should hold it briefly.
    await auditAction(trx, caller, 'store.redeem', { type: 'store_voucher', id: voucherId }, { listingId, points: taken.price_points });
    return voucher;
  });
}

export async function myVouchers(deps: Deps, caller: Caller, q: { status?: VoucherDto['status']; page: number; pageSize: number }) {
  const page = await repo.vouchersOf(deps.db, { personId: caller.personId }, q);
  return { total: page.total, items: page.items.map((v) => voucherDto(v, caller.personId)) };
}

export async function merchantVouchers(deps: Deps, caller: Caller, merchantId: number, q: { status?: VoucherDto['status']; page: number; pageSize: number }) {
  await visibleMerchant(deps, caller, merchantId);
  const page = await repo.vouchersOf(deps.db, { merchantId }, q);
  return { total: page.total, items: page.items.map((v) => voucherDto(v, caller.personId)) };
}

/** The QR link opened by the merchant: only the owner of the voucher's merchant may see it through the token. */
async function voucherForMerchant(deps: Deps, caller: Caller, token: string) {
  const v = await repo.findVoucherByToken(deps.db, token);
  if (!v || v.district_id !== caller.districtId || v.owner_id !== caller.personId) throw new AppError('NOT_FOUND');
  return v;
}

export async function voucherByToken(deps: Deps, caller: Caller, token: string): Promise<VoucherDto> {
  return voucherDto(await voucherForMerchant(deps, caller, token), caller.personId);
}

/** 核销: the merchant fulfils; the points leave the merchant's account for the redemption sink. */
export async function fulfil(deps: Deps, caller: Caller, token: string, key: string | undefined): Promise<VoucherDto> {
  const v = await voucherForMerchant(deps, caller, token);
  const now = deps.clock.now();
  return idempotent(deps, caller, 'store.fulfil', key, { token }, async (trx) => {
    const locked = (await repo.lockVoucher(trx, v.id))!;
    if (locked.status !== 'issued') throw new AppError('VOUCHER_CLOSED', { status: locked.status });
    await settleFulfilment(trx, { districtId: v.district_id, merchantId: v.merchant_id, amount: v.price_points, at: now, sourceType: 'store_voucher', sourceId: String(v.id), createdBy: caller.personId });
    await repo.closeVoucher(trx, v.id, { status: 'fulfilled', fulfilled_at: now, fulfilled_by: caller.personId });
    await notifyPerson(trx, v.district_id, v.person_id, { kind: 'store.voucher.fulfilled', title: `兑换券已核销：${v.title}`, link: '/h5/store/vouchers' }, now);
    const done = voucherDto((await repo.findVoucher(trx, v.id))!, caller.personId);
    await auditAction(trx, caller, 'store.fulfil', { type: 'store_voucher', id: v.id }, { points: v.price_points });
    return done;
  });
}

/** An unfulfilled voucher is cancelled by its holder or its merchant: stock and points go back. */
export async function cancel(deps: Deps, caller: Caller, id: number, key: string | undefined): Promise<VoucherDto> {
  const v = await repo.findVoucher(deps.db, id);
  if (!v || v.district_id !== caller.districtId || (v.person_id !== caller.personId && v.owner_id !== caller.personId)) throw new AppError('NOT_FOUND');
  const now = deps.clock.now();
  return idempotent(deps, caller, 'store.cancel', key, { id }, async (trx) => {
    const locked = (await repo.lockVoucher(trx, id))!;
    if (locked.status !== 'issued') throw new AppError('VOUCHER_CLOSED', { status: locked.status });
    await repo.returnStock(trx, v.listing_id);
    await refundPerson(trx, {
      districtId: v.district_id, personId: v.person_id, merchantId: v.merchant_id, redeemEntryId: v.redeem_entry_id, amount: v.price_points, at: now,
      sourceType: 'store_voucher', sourceId: String(id), memo: `取消兑换：${v.title}`, createdBy: caller.personId,
    });
    await repo.closeVoucher(trx, id, { status: 'cancelled', cancelled_at: now, cancelled_by: caller.personId });
    if (caller.personId !== v.person_id) {
      await notifyPerson(trx, v.district_id, v.person_id, { kind: 'store.voucher.cancelled', title: `商家取消了兑换，积分已退回：${v.title}`, link: '/h5/points' }, now);
    }
    const cancelled = voucherDto((await repo.findVoucher(trx, id))!, caller.personId);
    await auditAction(trx, caller, 'store.cancel', { type: 'store_voucher', id }, { points: v.price_points });
    return cancelled;
  });
}

// ── Settlement (结算) ──────────────────────────────────────────────────────────────────────────────────────────────

/** Beijing days [from, to] as instants: settlement periods are calendar days in China Standard Time. */
function beijingDay(day: string, endOfDay: boolean): Date {
  const start = new Date(`${day}T00:00:00+08:00`);
  return endOfDay ? new Date(start.getTime() + 86_400_000) : start;
}

export async function settlement(deps: Deps, caller: Caller, q: { from: string; to: string; merchantId?: number }) {
  const scope = scopeFor(caller.roles, 'store.manage');
  const from = beijingDay(q.from, false);
  const to = beijingDay(q.to, true);
  if (to <= from) throw new AppError('VALIDATION_FAILED', {}, { issues: [{ path: ['to'], message: 'to must not be before from' }] });
  const rows = await repo.settlement(deps.db, caller.districtId, scope, from, to, q.merchantId);
  const items = rows.map((r) => ({
    merchant: { id: r.id, name: r.name, kind: r.kind, status: r.status },
    fulfilled: r.fulfilled, fulfilledPoints: r.fulfilled_points, cancelled: r.cancelled, outstanding: r.outstanding, outstandingPoints: r.outstanding_points,
  }));
  const sum = (k: 'fulfilled' | 'fulfilledPoints' | 'cancelled' | 'outstanding' | 'outstandingPoints') => items.reduce((n, i) => n + i[k], 0);
  return { from: q.from, to: q.to, items, totals: { fulfilled: sum('fulfilled'), fulfilledPoints: sum('fulfilledPoints'), cancelled: sum('cancelled'), outstanding: sum('outstanding'), outstandingPoints: sum('outstandingPoints') } };
}
