import { auditAction } from '../../platform/audit.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import { assertInScope, hasPermission, scopeFor } from '../../platform/scope.ts';
import * as repo from './charity.repository.ts';
import { available, outstandingByPledge, totalsOf } from './ledger.ts';
import { MAX_DRIVE_DAYS, type CreateDriveInput, type DriveDto, type EntryDto, type EntryInput } from './charity.schemas.ts';

/**
 * 微公益: charity events and donation drives for goods and pledged money (recorded in fen; no payment is processed
 * here). The ledger is public: what came in and where it went. Nothing goes out that did not come in — every
 * disbursement is checked against the receipts under a lock on the drive, in the transaction that writes it.
 */

const DAY = 24 * 60 * 60 * 1000;
const yuan = (fen: number) => (fen / 100).toFixed(2);

function driveDto(d: repo.DriveRow, entries: repo.EntryRow[]): DriveDto {
  return {
    id: d.id, place: { id: d.place_id, name: d.place_name }, kind: d.kind as DriveDto['kind'], title: d.title, description: d.description, goalFen: d.goal_fen,
    goodsWanted: d.goods_wanted, startsAt: d.starts_at.toISOString(), endsAt: d.ends_at.toISOString(), status: d.status as DriveDto['status'],
    totals: totalsOf(entries.filter((e) => e.drive_id === d.id)),
  };
}

function publicEntry(e: repo.EntryRow) {
  return {
    id: e.id, kind: e.kind as EntryDto['kind'], form: e.form as EntryDto['form'], amountFen: e.amount_fen, item: e.item, quantity: e.quantity,
    donor: e.show_donor ? e.donor_name : null, counterpart: e.counterpart, pledgeId: e.pledge_id, occurredAt: e.occurred_at.toISOString(),
  };
}

function fullEntry(e: repo.EntryRow, outstanding: Map<number, number>): EntryDto {
  const left = e.kind === 'pledge' ? outstanding.get(e.id) ?? 0 : null;
  return {
    ...publicEntry(e), donorName: e.donor_name, showDonor: e.show_donor, note: e.note, recordedBy: e.recorder_name,
    outstandingFen: left !== null && e.form === 'money' ? left : null, outstandingQuantity: left !== null && e.form === 'goods' ? left : null,
  };
}

async function driveInScope(deps: Deps, caller: Caller, id: number) {
  const d = await repo.findDrive(deps.db, id);
  assertInScope(scopeFor(caller.roles, 'charity.manage'), d && d.district_id === caller.districtId ? d.place_path : undefined);
  return d!;
}

export async function createDrive(deps: Deps, caller: Caller, input: CreateDriveInput) {
  const place = await repo.findPlace(deps.db, input.placeId);
  assertInScope(scopeFor(caller.roles, 'charity.manage'), place?.path);
  if (!['community', 'compound'].includes(place!.kind)) throw new AppError('PLACE_KIND_MISMATCH', { expected: 'community / compound' });
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  if (endsAt <= startsAt || endsAt.getTime() - startsAt.getTime() > MAX_DRIVE_DAYS * DAY) throw new AppError('CHARITY_DATES_INVALID');
  const now = deps.clock.now();
  const id = await deps.db.transaction().execute(async (trx) => {
    const driveId = await repo.insertDrive(trx, {
      district_id: place!.district_id, place_id: place!.id, place_path: place!.path, kind: input.kind, title: input.title, description: input.description,
      goal_fen: input.goalFen ?? null, goods_wanted: input.goodsWanted ?? null, starts_at: startsAt, ends_at: endsAt, created_by: caller.personId, created_at: now, updated_at: now,
    });
    await emitEvent(trx, place!.district_id, 'charity.drive_created', { driveId, placeId: place!.id, kind: input.kind });
    await auditAction(trx, caller, 'charity.drive.create', { type: 'charity_drive', id: driveId }, { placeId: place!.id });
    return driveId;
  });
  return getLedger(deps, caller, id);
}

export async function listDrives(deps: Deps, caller: Caller, q: { placeId?: number; status?: 'open' | 'closed' }) {
  const scope = scopeFor(caller.roles, 'charity.manage');
  let placePath: string | undefined;
  if (q.placeId !== undefined) {
    const place = await repo.findPlace(deps.db, q.placeId);
    assertInScope(scope, place?.path);
    placePath = place!.path;
  }
  const drives = await repo.listDrives(deps.db, { districtId: caller.districtId, scope, placePath, status: q.status });
  const entries = await repo.entriesOf(deps.db, drives.map((d) => d.id));
  return { items: drives.map((d) => driveDto(d, entries)) };
}

/** The full ledger for those who keep it: donors' names (consented or not) and who recorded each line. */
export async function getLedger(deps: Deps, caller: Caller, id: number) {
  const d = await driveInScope(deps, caller, id);
  const entries = await repo.entriesOf(deps.db, [id]);
  const outstanding = outstandingByPledge(entries);
  return { drive: driveDto(d, entries), entries: entries.map((e) => fullEntry(e, outstanding)) };
}

/** 记账: a pledge, a receipt or a disbursement, checked against the ledger under the drive's lock. */
export async function recordEntry(deps: Deps, caller: Caller, id: number, input: EntryInput, idempotencyKey: string | undefined) {
  const d = await driveInScope(deps, caller, id);
  if (idempotencyKey && (await repo.findEntryByKey(deps.db, id, idempotencyKey))) return getLedger(deps, caller, id);
  const now = deps.clock.now();
  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : now;
  if (occurredAt.getTime() > now.getTime() + 60_000) {
    throw new AppError('VALIDATION_FAILED', {}, { issues: [{ path: ['occurredAt'], message: 'an entry records what already happened' }] });
  }
  try {
    await deps.db.transaction().execute(async (trx) => {
      const locked = (await repo.lockDrive(trx, id))!;
      if (locked.status !== 'open' && input.kind !== 'disbursement') throw new AppError('CHARITY_DRIVE_CLOSED');
      const entries = await repo.entriesOf(trx, [id]);
      const size = input.form === 'money' ? input.amountFen! : input.quantity!;
      if (input.kind === 'disbursement') {
        const have = available(entries, input.form, input.item ?? null);
        if (size > have) {
          if (input.form === 'money') throw new AppError('CHARITY_INSUFFICIENT_FUNDS', { requested: yuan(size), available: yuan(have) }, { availableFen: have });
          throw new AppError('CHARITY_INSUFFICIENT_GOODS', { item: input.item!, requested: size, available: have }, { available: have });
        }
      }
      if (input.pledgeId !== undefined) {
        const pledge = entries.find((e) => e.id === input.pledgeId && e.kind === 'pledge');
        const left = pledge ? outstandingByPledge(entries).get(pledge.id)! : 0;
        const fits = pledge && pledge.form === input.form && (input.form === 'money' || pledge.item === input.item) && size <= left;
        if (!fits) throw new AppError('CHARITY_PLEDGE_MISMATCH', { remaining: pledge ? (pledge.form === 'money' ? `${yuan(left)} 元` : `${left}`) : '0' });
      }
      const entryId = await repo.insertEntry(trx, {
        district_id: d.district_id, drive_id: id, kind: input.kind, form: input.form, amount_fen: input.form === 'money' ? input.amountFen! : null,
        item: input.form === 'goods' ? input.item! : null, quantity: input.form === 'goods' ? input.quantity! : null, donor_name: input.donorName ?? null,
        show_donor: input.showDonor, counterpart: input.counterpart ?? null, pledge_id: input.pledgeId ?? null, note: input.note ?? null,
        occurred_at: occurredAt, recorded_by: caller.personId, recorded_at: now, idempotency_key: idempotencyKey ?? null,
      });
      await emitEvent(trx, d.district_id, `charity.${input.kind}`, { driveId: id, entryId, form: input.form, amountFen: input.amountFen ?? null, item: input.item ?? null, quantity: input.quantity ?? null });
      await auditAction(trx, caller, `charity.entry.${input.kind}`, { type: 'charity_drive', id }, { entryId, form: input.form, size });
    });
  } catch (err) {
    // The same key sent twice at once: the loser finds the winner's line.
    if (idempotencyKey && (err as { code?: string }).code === '23505' && (await repo.findEntryByKey(deps.db, id, idempotencyKey))) return getLedger(deps, caller, id);
    throw err;
  }
  return getLedger(deps, caller, id);
}

export async function closeDrive(deps: Deps, caller: Caller, id: number) {
  await driveInScope(deps, caller, id);
  await deps.db.transaction().execute(async (trx) => {
    const locked = (await repo.lockDrive(trx, id))!;
    if (locked.status !== 'open') throw new AppError('CHARITY_DRIVE_CLOSED');
    await repo.closeDrive(trx, id, deps.clock.now());
    await auditAction(trx, caller, 'charity.drive.close', { type: 'charity_drive', id });
  });
  return getLedger(deps, caller, id);
}

/** The public ledger (公示): anyone, signed in or not; donors' names only with their consent. */
export async function publicLedger(deps: Deps, id: number) {
  const d = await repo.findDrive(deps.db, id);
  if (!d) throw new AppError('NOT_FOUND');
  const entries = await repo.entriesOf(deps.db, [id]);
  return { drive: driveDto(d, entries), entries: entries.map(publicEntry) };
}

/** H5: the drives of the places I live in or serve (their ledgers are public anyway). */
export async function myDrives(deps: Deps, caller: Caller) {
  if (!hasPermission(caller.roles, 'charity.read')) throw new AppError('FORBIDDEN');
  const within = caller.roles.map((r) => r.placePath);
  // A community-level role sees its community's drives and those of its compounds.
  const scopePaths = scopeFor(caller.roles, 'charity.read').paths;
  const drives = await repo.listDrives(deps.db, { districtId: caller.districtId, within });
  const below = await repo.listDrives(deps.db, { districtId: caller.districtId, scope: { paths: scopePaths } });
  const all = [...new Map([...drives, ...below].map((d) => [d.id, d])).values()].sort((a, b) => (a.status === b.status ? b.id - a.id : a.status === 'open' ? -1 : 1));
  const entries = await repo.entriesOf(deps.db, all.map((d) => d.id));
  return { items: all.map((d) => driveDto(d, entries)) };
}

/** The communities and compounds where the caller may start a drive (for pickers). */
export async function drivePlaces(deps: Deps, caller: Caller) {
  return { items: await repo.placesInScope(deps.db, scopeFor(caller.roles, 'charity.manage')) };
}
