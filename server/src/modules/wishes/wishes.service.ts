import crypto from 'node:crypto';
import { auditAction } from '../../platform/audit.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import { notifyPerson, notifyRoleHolders } from '../../platform/notifications.ts';
import { PERMISSIONS } from '../../platform/roles.ts';
import { assertInScope, hasPermission, scopeFor, type Scope } from '../../platform/scope.ts';
import { cancelTimer, scheduleTimer } from '../../platform/timers.ts';
import { livesUnder } from '../people/index.ts';
import { earnPoints } from '../points/index.ts';
import { reencodePhoto } from '../photos/index.ts';
import { canClaimAs, canSeeWall, communityPathOf, isReviewerOf } from './access.ts';
import * as repo from './wishes.repository.ts';
import {
  CLAIM_DAYS,
  MAX_DEADLINE_DAYS,
  type ClaimInput,
  type ConfirmInput,
  type FulfilInput,
  type PostWishInput,
  type ReviewInput,
  type WallWish,
  type WishDto,
  type WishListQuery,
  type WishStatsRow,
} from './wishes.schemas.ts';

const DAY = 24 * 60 * 60 * 1000;
export const TIMER = { claimDue: 'wish.claim_due' } as const;
const UNATTACHED_TTL_MS = DAY;

type Photo = { id: string; wish_id: number | null; purpose: string };
export const photoUrl = (id: string) => `/api/wish-photos/${id}`;

function statusOf(w: repo.WishRow) {
  return w.status as WallWish['status'];
}

/** The public face: the recipient's name and address only with their separate consent (PIPL art. 25). */
export function wallView(w: repo.WishRow, photos: Photo[], callerId: number): WallWish {
  const mine = photos.filter((p) => p.wish_id === w.id);
  return {
    id: w.id,
    place: { id: w.place_id, name: w.place_name },
    category: w.category as WallWish['category'],
    title: w.title,
    description: w.description,
    valueFen: w.value_fen,
    deadline: w.deadline.toISOString(),
    status: statusOf(w),
    recipientName: w.show_name ? w.recipient_name : null,
    address: w.show_address ? w.address_text : null,
    photos: mine.filter((p) => p.purpose === 'wish').map((p) => photoUrl(p.id)),
    claim: w.claimer_id !== null
      ? { kind: w.claimer_kind as 'party_member', unit: w.claimer_unit, claimedAt: w.claimed_at!.toISOString(), dueAt: w.claim_due_at?.toISOString() ?? null, mine: w.claimer_id === callerId }
      : null,
    proofPhotos: mine.filter((p) => p.purpose === 'proof').map((p) => photoUrl(p.id)),
    thanks: w.thanks_note,
  };
}

function fullView(w: repo.WishRow, photos: Photo[], callerId: number): Omit<WishDto, 'timeline'> {
  return {
    ...wallView(w, photos, callerId),
    recipientName: w.recipient_name,
    address: w.address_text,
    recipient: w.recipient_id !== null ? { id: w.recipient_id, name: w.recipient_name ?? '' } : null,
    postedBy: { id: w.posted_by, name: w.poster_name },
    addressText: w.address_text,
    consent: { showName: w.show_name, showAddress: w.show_address },
    reviewNote: w.review_note,
    claimer: w.claimer_id !== null ? { id: w.claimer_id, name: w.claimer_name ?? '' } : null,
    fulfilNote: w.fulfil_note,
    lapses: w.lapses,
    createdAt: w.created_at.toISOString(),
  };
}

/** The recipient, or the person who posted for them. */
const isOwnWish = (caller: Caller, w: { recipient_id: number | null; posted_by: number }) => w.recipient_id === caller.personId || w.posted_by === caller.personId;

async function loadVisible(deps: Deps, caller: Caller, id: number) {
  const w = await repo.findWish(deps.db, id);
  if (!w || w.district_id !== caller.districtId) throw new AppError('NOT_FOUND');
  return w;
}

/** A wish as the wall shows it, to anyone who may read the wall of its place (approved wishes only). */
async function onWall(deps: Deps, caller: Caller, id: number) {
  const w = await loadVisible(deps, caller, id);
  const listed = ['open', 'claimed', 'fulfilled', 'confirmed'].includes(w.status);
  if (!listed || !canSeeWall(caller, w.place_path)) throw new AppError('NOT_FOUND');
  return w;
}

function checkDeadline(deadline: Date, now: Date) {
  if (deadline.getTime() <= now.getTime() || deadline.getTime() > now.getTime() + MAX_DEADLINE_DAYS * DAY) {
    throw new AppError('WISH_DEADLINE_INVALID', { maxDays: MAX_DEADLINE_DAYS });
  }
}

async function event(trx: repo.Tx, w: { district_id: number; id: number }, at: Date, actorId: number | null, kind: string, note?: string | null, data?: Record<string, unknown>) {
  await repo.insertEvent(trx, { district_id: w.district_id, wish_id: w.id, at, actor_id: actorId, kind, note: note ?? null, data: data ? JSON.stringify(data) : null });
}

/** 发布心愿: a resident for themselves, or staff for a resident; it waits for the community's review. */
export async function postWish(deps: Deps, caller: Caller, input: PostWishInput, idempotencyKey: string | undefined): Promise<WishDto> {
  const forOther = input.recipientId !== undefined;
  const compound = await repo.findPlace(deps.db, input.compoundId);
  if (forOther) assertInScope(scopeFor(caller.roles, 'wishes.post_for'), compound?.path);
  else if (!hasPermission(caller.roles, 'wishes.post')) throw new AppError('FORBIDDEN');
  if (!compound) throw new AppError('NOT_FOUND');
  if (compound.kind !== 'compound') throw new AppError('PLACE_KIND_MISMATCH', { expected: 'compound' });
  const now = deps.clock.now();
  const recipientId = input.recipientId ?? caller.personId;
  if (!(await livesUnder(deps.db, recipientId, compound.path, now))) throw new AppError('NOT_A_RESIDENT');
  const deadline = new Date(input.deadline);
  checkDeadline(deadline, now);
  if (idempotencyKey) {
    const existing = await repo.findByIdempotencyKey(deps.db, caller.personId, idempotencyKey);
    if (existing) return getWish(deps, caller, existing.id);
  }
  const communityId = Number(communityPathOf(compound.path).split('/').filter(Boolean).at(-1));
  let id: number;
  try {
    id = await deps.db.transaction().execute(async (trx) => {
      const wishId = await repo.insertWish(trx, {
        district_id: compound.district_id, place_id: compound.id, place_path: compound.path, recipient_id: recipientId, posted_by: caller.personId,
        category: input.category, title: input.title, description: input.description, value_fen: input.valueFen, deadline,
        address_text: input.addressText ?? null, show_name: input.consent.showName, show_address: input.consent.showAddress,
        idempotency_key: idempotencyKey ?? null, created_at: now, updated_at: now,
      });
      const attached = await repo.attachPhotos(trx, wishId, input.photoIds, caller.personId, 'wish');
      if (attached !== new Set(input.photoIds).size) throw new AppError('PHOTO_NOT_FOUND');
      const w = { district_id: compound.district_id, id: wishId };
      await event(trx, w, now, caller.personId, 'posted', null, { forOther, consent: input.consent });
      await notifyRoleHolders(trx, compound.district_id, 'community_worker', [communityId], { kind: 'wish.posted', title: `新心愿待审核：${input.title}`, link: `/wishes/${wishId}` }, now);
      await emitEvent(trx, compound.district_id, 'wish.posted', { wishId, placeId: compound.id, category: input.category });
      await auditAction(trx, caller, 'wish.post', { type: 'wish', id: wishId }, { compoundId: compound.id, recipientId, forOther });
      return wishId;
    });
  } catch (err) {
    // Two submissions with the same key at once: the loser finds the winner's wish.
    if (idempotencyKey && (err as { code?: string }).code === '23505') {
      const existing = await repo.findByIdempotencyKey(deps.db, caller.personId, idempotencyKey);
      if (existing) return getWish(deps, caller, existing.id);
    }
    throw err;
  }
  return getWish(deps, caller, id);
}

/** The whole wish: for the recipient, the poster, and reviewers of its place (their read is audited). */
export async function getWish(deps: Deps, caller: Caller, id: number): Promise<WishDto> {
  const w = await loadVisible(deps, caller, id);
  const own = isOwnWish(caller, w);
  if (!own && !isReviewerOf(caller, w.place_path)) throw new AppError('NOT_FOUND');
  if (!own) await auditAction(deps.db, caller, 'wish.read', { type: 'wish', id }, { recipientId: w.recipient_id });
  const [photos, events] = await Promise.all([repo.photosOf(deps.db, [id]), repo.listEvents(deps.db, id)]);
  return {
    ...fullView(w, photos, caller.personId),
    timeline: events.map((e) => ({ at: e.at.toISOString(), kind: e.kind, actor: e.actor_name, note: e.note })),
  };
}

export async function getWallWish(deps: Deps, caller: Caller, id: number): Promise<WallWish> {
  const w = await onWall(deps, caller, id);
  return wallView(w, await repo.photosOf(deps.db, [id]), caller.personId);
}

/** 审核: approve puts the wish on the wall; reject needs a reason, which the poster sees. */
export async function reviewWish(deps: Deps, caller: Caller, id: number, input: ReviewInput): Promise<WishDto> {
  const w = await loadVisible(deps, caller, id);
  assertInScope(scopeFor(caller.roles, 'wishes.review'), w.place_path);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const locked = (await repo.lockWish(trx, id))!;
    if (locked.status !== 'pending_review') throw new AppError('WISH_WRONG_STATUS', { status: locked.status });
    const status = input.decision === 'approve' ? 'open' : 'rejected';
    await repo.updateWish(trx, id, { status, review_note: input.note ?? null, reviewed_by: caller.personId, reviewed_at: now, updated_at: now });
    await event(trx, w, now, caller.personId, input.decision === 'approve' ? 'approved' : 'rejected', input.note ?? null);
    const notice = input.decision === 'approve'
      ? { kind: 'wish.approved', title: `心愿已通过审核并上墙：${w.title}`, link: `/h5/wishes/${id}` }
      : { kind: 'wish.rejected', title: `心愿未通过审核：${w.title}`, body: input.note, link: `/h5/wishes/${id}` };
    await notifyPerson(trx, w.district_id, w.posted_by, notice, now);
    await emitEvent(trx, w.district_id, notice.kind, { wishId: id, placeId: w.place_id });
    await auditAction(trx, caller, 'wish.review', { type: 'wish', id }, { decision: input.decision });
  });
  return getWish(deps, caller, id);
}

/** 认领: one claimer; a second claim is refused and changes nothing. The claim lapses at its due time (a durable timer). */
export async function claimWish(deps: Deps, caller: Caller, id: number, input: ClaimInput): Promise<WallWish> {
  if (!hasPermission(caller.roles, 'wishes.claim')) throw new AppError('FORBIDDEN');
  const w = await onWall(deps, caller, id);
  if (!canClaimAs(caller, input.as, w.place_path)) throw new AppError('WISH_CLAIM_ROLE');
  if (input.as === 'unit' && !input.unitName) throw new AppError('WISH_UNIT_REQUIRED');
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const locked = (await repo.lockWish(trx, id))!;
    if (locked.status === 'claimed' || locked.status === 'fulfilled' || locked.status === 'confirmed') throw new AppError('WISH_ALREADY_CLAIMED');
    if (locked.status !== 'open') throw new AppError('WISH_NOT_OPEN', { status: locked.status });
    if (locked.deadline.getTime() <= now.getTime()) throw new AppError('WISH_EXPIRED');
    const dueAt = new Date(Math.min(now.getTime() + CLAIM_DAYS * DAY, locked.deadline.getTime()));
    const claimed = await repo.claimIfOpen(trx, id, {
      status: 'claimed', claimer_id: caller.personId, claimer_kind: input.as, claimer_unit: input.as === 'unit' ? input.unitName! : null,
      claimed_at: now, claim_due_at: dueAt, updated_at: now,
    });
    if (!claimed) throw new AppError('WISH_ALREADY_CLAIMED');
    await scheduleTimer(trx, { districtId: w.district_id, kind: TIMER.claimDue, subjectId: id, dueAt });
    await event(trx, w, now, caller.personId, 'claimed', input.unitName ?? null, { as: input.as, dueAt: dueAt.toISOString() });
    await notifyPerson(trx, w.district_id, w.posted_by, { kind: 'wish.claimed', title: `您的心愿已被认领：${w.title}`, link: `/h5/wishes/${id}` }, now);
    await emitEvent(trx, w.district_id, 'wish.claimed', { wishId: id, placeId: w.place_id, claimerId: caller.personId, as: input.as, unit: input.unitName ?? null });
    await auditAction(trx, caller, 'wish.claim', { type: 'wish', id }, { as: input.as });
  });
  return getWallWish(deps, caller, id);
}

/** 实现心愿: the claimer uploads photo proof before the claim lapses. */
export async function fulfilWish(deps: Deps, caller: Caller, id: number, input: FulfilInput): Promise<WallWish> {
  const w = await onWall(deps, caller, id);
  if (w.claimer_id !== caller.personId) throw new AppError('WISH_WRONG_STATUS', { status: w.status });
  if (input.photoIds.length === 0) throw new AppError('WISH_PROOF_REQUIRED');
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const locked = (await repo.lockWish(trx, id))!;
    if (locked.status !== 'claimed' || locked.claimer_id !== caller.personId) throw new AppError('WISH_WRONG_STATUS', { status: locked.status });
    const attached = await repo.attachPhotos(trx, id, input.photoIds, caller.personId, 'proof');
    if (attached !== new Set(input.photoIds).size) throw new AppError('PHOTO_NOT_FOUND');
    await repo.updateWish(trx, id, { status: 'fulfilled', fulfilled_at: now, fulfil_note: input.note ?? null, claim_due_at: null, updated_at: now });
    await cancelTimer(trx, TIMER.claimDue, id);
    await event(trx, w, now, caller.personId, 'fulfilled', input.note ?? null, { photos: attached });
    const notice = { kind: 'wish.fulfilled', title: `心愿已实现，请确认：${w.title}`, link: `/h5/wishes/${id}` };
    await notifyPerson(trx, w.district_id, w.posted_by, notice, now);
    if (w.recipient_id !== null && w.recipient_id !== w.posted_by) await notifyPerson(trx, w.district_id, w.recipient_id, notice, now);
    await emitEvent(trx, w.district_id, 'wish.fulfilled', { wishId: id, placeId: w.place_id, claimerId: caller.personId });
    await auditAction(trx, caller, 'wish.fulfil', { type: 'wish', id }, { photos: attached });
  });
  return getWallWish(deps, caller, id);
}

/** 确认: the recipient (or the worker who posted for them) confirms, with an optional thank-you note. */
export async function confirmWish(deps: Deps, caller: Caller, id: number, input: ConfirmInput): Promise<WishDto> {
  const w = await loadVisible(deps, caller, id);
  if (!isOwnWish(caller, w)) throw new AppError('NOT_FOUND');
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const locked = (await repo.lockWish(trx, id))!;
    if (locked.status !== 'fulfilled') throw new AppError('WISH_WRONG_STATUS', { status: locked.status });
    await repo.updateWish(trx, id, { status: 'confirmed', confirmed_at: now, confirmed_by: caller.personId, thanks_note: input.thanks ?? null, updated_at: now });
    await event(trx, w, now, caller.personId, 'confirmed', input.thanks ?? null);
    await notifyPerson(trx, w.district_id, locked.claimer_id!, { kind: 'wish.confirmed', title: `您认领的心愿已确认实现：${w.title}`, body: input.thanks, link: `/h5/wall` }, now);
    // Volunteering and points consume this (service recorded for the claimer and their unit).
    await emitEvent(trx, w.district_id, 'wish.confirmed', {
      wishId: id, placeId: w.place_id, claimerId: locked.claimer_id, as: locked.claimer_kind, unit: locked.claimer_unit, valueFen: locked.value_fen,
    });
    // 积分: the claimer earns what the district's 'wish_fulfilled' rule gives, in this transaction, once per wish.
    const points = await earnPoints(trx, {
      districtId: w.district_id, personId: locked.claimer_id!, rule: 'wish_fulfilled', quantity: 1, sourceType: 'wish', sourceId: id,
      idempotencyKey: `wish_fulfilled:${id}`, at: now, createdBy: caller.personId, memo: w.title,
    });
    await auditAction(trx, caller, 'wish.confirm', { type: 'wish', id }, { points: points.status === 'earned' ? points.points : 0 });
  });
  return getWish(deps, caller, id);
}

/**
 * The claim deadline passed without fulfilment: the wish returns to the wall. Runs in the timer's transaction, so
 * it happens exactly once; a claim moved or fulfilled meanwhile is left alone.
 */
export async function lapseClaim(trx: repo.Tx, wishId: number, now: Date): Promise<void> {
  const w = await repo.lockWish(trx, wishId);
  if (!w || w.status !== 'claimed' || !w.claim_due_at || w.claim_due_at.getTime() > now.getTime()) return;
  await repo.updateWish(trx, wishId, {
    status: 'open', claimer_id: null, claimer_kind: null, claimer_unit: null, claimed_at: null, claim_due_at: null, lapses: w.lapses + 1, updated_at: now,
  });
  await event(trx, w, now, null, 'claim_lapsed', null, { claimerId: w.claimer_id });
  await notifyPerson(trx, w.district_id, w.claimer_id!, { kind: 'wish.claim_lapsed', title: `认领已到期，心愿已退回心愿墙：${w.title}`, link: `/h5/wall` }, now);
  await emitEvent(trx, w.district_id, 'wish.claim_lapsed', { wishId, placeId: w.place_id, claimerId: w.claimer_id });
}

/** 审核队列: wishes under the reviewer's places. */
export async function listWishes(deps: Deps, caller: Caller, q: WishListQuery) {
  const scope = scopeFor(caller.roles, 'wishes.review');
  const place = await placeInScope(deps, scope, q.placeId);
  const page = await repo.listWishes(deps.db, scope, { placePath: place?.path, status: q.status, page: q.page, pageSize: q.pageSize });
  const photos = await repo.photosOf(deps.db, page.items.map((w) => w.id));
  return { total: page.total, items: page.items.map((w) => fullView(w, photos, caller.personId)) };
}

async function placeInScope(deps: Deps, scope: Scope, placeId: number | undefined) {
  if (placeId === undefined) return undefined;
  const place = await repo.findPlace(deps.db, placeId);
  assertInScope(scope, place?.path);
  return place!;
}

/** Without a place, the wall of the community of the caller's first role that reads walls (a resident's home, a party member's community). */
function defaultWallPlace(caller: Caller): number {
  const role = caller.roles.find((r) => (PERMISSIONS['wishes.wall'] as readonly string[]).includes(r.role));
  if (!role) throw new AppError('FORBIDDEN');
  return Number(communityPathOf(role.placePath).split('/').filter(Boolean).at(-1));
}

/** 心愿墙 of a community or compound (default: the caller's own community). */
export async function wall(deps: Deps, caller: Caller, placeId: number | undefined) {
  const place = await repo.findPlace(deps.db, placeId ?? defaultWallPlace(caller));
  if (!place || place.district_id !== caller.districtId || !['community', 'compound'].includes(place.kind) || !canSeeWall(caller, place.path)) throw new AppError('NOT_FOUND');
  const rows = await repo.listWall(deps.db, place.path, 200);
  const photos = await repo.photosOf(deps.db, rows.map((w) => w.id));
  return { place: { id: place.id, name: place.name }, items: rows.map((w) => wallView(w, photos, caller.personId)) };
}

/** Wishes I posted or receive (full), H5 我的心愿. */
export async function myWishes(deps: Deps, caller: Caller) {
  const rows = (await repo.listMine(deps.db, caller.personId, 100)).filter((w) => isOwnWish(caller, w));
  const photos = await repo.photosOf(deps.db, rows.map((w) => w.id));
  return { items: rows.map((w) => fullView(w, photos, caller.personId)) };
}

/** Wishes I claimed: the public face only — a claimer learns the recipient's name only if they consented. */
export async function myClaims(deps: Deps, caller: Caller) {
  const rows = (await repo.listMine(deps.db, caller.personId, 100)).filter((w) => w.claimer_id === caller.personId && !isOwnWish(caller, w));
  const photos = await repo.photosOf(deps.db, rows.map((w) => w.id));
  return { items: rows.map((w) => wallView(w, photos, caller.personId)) };
}

function statsOf(rows: repo.StatsRow[]): WishStatsRow {
  const sum = (k: keyof repo.StatsRow) => rows.reduce((n, r) => n + Number(r[k]), 0);
  return {
    posted: sum('posted'), pending: sum('pending'), open: sum('open'), claimed: sum('claimed'), fulfilled: sum('fulfilled'), confirmed: sum('confirmed'),
    rejected: sum('rejected'), lapses: sum('lapses'), fulfilledValueFen: sum('fulfilled_value_fen'),
  };
}

/** Per-place statistics under `placeId` (default: the reviewer's own place). */
export async function wishStats(deps: Deps, caller: Caller, placeId: number | undefined) {
  const scope = scopeFor(caller.roles, 'wishes.review');
  const id = placeId ?? Number(scope.paths[0]!.split('/').filter(Boolean).at(-1));
  const place = (await placeInScope(deps, scope, id))!;
  const rows = await repo.wishStats(deps.db, scope, place);
  const names = new Map((await repo.findPlaces(deps.db, rows.map((r) => Number(r.place_id)))).map((p) => [p.id, p.name]));
  return {
    place: { id: place.id, name: place.name },
    total: statsOf(rows),
    places: rows.map((r) => ({ place: { id: Number(r.place_id), name: names.get(Number(r.place_id)) ?? '' }, ...statsOf([r]) })),
  };
}

/** Wish photos go through the photos module's pipeline (re-encoded, metadata and GPS stripped), stored here. */
export async function uploadPhoto(deps: Deps, caller: Caller, purpose: 'wish' | 'proof', readFile: () => Promise<Buffer>) {
  const may = purpose === 'proof'
    ? hasPermission(caller.roles, 'wishes.claim')
    : hasPermission(caller.roles, 'wishes.post') || hasPermission(caller.roles, 'wishes.post_for');
  if (!may) throw new AppError('FORBIDDEN');
  const image = await reencodePhoto(await readFile());
  const id = crypto.randomBytes(16).toString('base64url');
  const now = deps.clock.now();
  await repo.insertPhoto(deps.db, {
    id, district_id: caller.districtId, wish_id: null, purpose, uploaded_by: caller.personId, mime: 'image/jpeg',
    width: image.width, height: image.height, bytes: image.content.length, content: image.content, created_at: now,
  });
  await repo.deleteUnattachedBefore(deps.db, caller.districtId, new Date(now.getTime() - UNATTACHED_TTL_MS), 100);
  return { id, purpose, url: photoUrl(id), width: image.width, height: image.height, bytes: image.content.length };
}

/** The uploader, or anyone who may see the wish it belongs to (on the wall, their own, or as reviewer). */
export async function readPhoto(deps: Deps, caller: Caller, id: string) {
  const meta = await repo.findPhotoMeta(deps.db, id);
  if (!meta || meta.district_id !== caller.districtId) throw new AppError('NOT_FOUND');
  let allowed = meta.uploaded_by === caller.personId;
  if (!allowed && meta.wish_id !== null) {
    const w = await repo.findWish(deps.db, meta.wish_id);
    allowed = !!w && (isOwnWish(caller, w) || isReviewerOf(caller, w.place_path) || (['open', 'claimed', 'fulfilled', 'confirmed'].includes(w.status) && canSeeWall(caller, w.place_path)));
  }
  if (!allowed) throw new AppError('NOT_FOUND');
  const content = (await repo.findPhotoContent(deps.db, id))!;
  return { mime: meta.mime, content: Buffer.from(content.buffer, content.byteOffset, content.byteLength) };
}
