import { createRequire } from 'node:module';
import type { Executor } from '../../platform/audit.repository.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { auditAction } from '../../platform/audit.ts';
import { AppError } from '../../platform/errors.ts';
import type { Locale } from '../../platform/messages.ts';
import { hasPermission } from '../../platform/scope.ts';
import { DEFAULT_WINDOWS, type WorkCalendar } from '../../platform/working-time.ts';
import { forgetDistrictSetup } from './categories.ts';
import * as repo from './requests.repository.ts';
import type { categorySchema } from './requests.schemas.ts';
import type { z } from 'zod';

const require = createRequire(import.meta.url);

/** The State Council's holiday schedule as packaged by chinese-days (holidays and make-up workdays). */
function officialDays(districtId: number) {
  const data = require('chinese-days/dist/chinese-days.json') as { holidays: Record<string, string>; workdays: Record<string, string> };
  const rows = (kind: 'holiday' | 'workday', entries: Record<string, string>) =>
    Object.entries(entries)
      .filter(([day]) => day >= '2024-01-01')
      .map(([day, label]) => ({ district_id: districtId, day, kind, name: label.split(',')[1] ?? label }));
  return [...rows('holiday', data.holidays), ...rows('workday', data.workdays)];
}

/** A district's categories and holiday table, created with sensible defaults the first time they are needed. */
export async function ensureDistrictSetup(db: Executor, districtId: number): Promise<void> {
  const existing = await repo.listCategories(db, districtId);
  if (existing.length > 0) return;
  await repo.insertDefaultCategories(db, districtId);
  await repo.insertHolidays(db, officialDays(districtId));
}

export async function loadCalendar(db: Executor, districtId: number): Promise<WorkCalendar> {
  const rows = await repo.listHolidays(db, districtId);
  return { windows: DEFAULT_WINDOWS, days: new Map(rows.map((r) => [r.day, r.kind])) };
}

type CategoryRow = Awaited<ReturnType<typeof repo.listCategories>>[number];

export function categoryDto(c: CategoryRow, locale: Locale): z.infer<typeof categorySchema> {
  return {
    id: c.id,
    code: c.code,
    name: locale === 'en-US' ? c.name_en : c.name_zh,
    nameZh: c.name_zh,
    nameEn: c.name_en,
    defaultParty: c.default_party as 'property',
    responseMinutes: c.response_minutes,
    resolutionMinutes: c.resolution_minutes,
    workingTime: c.working_time,
    active: c.active,
  };
}

/** Anyone signed in may read their district's categories (residents pick one when they raise a request). */
export async function listCategories(deps: Deps, caller: Caller, locale: Locale) {
  await ensureDistrictSetup(deps.db, caller.districtId);
  return (await repo.listCategories(deps.db, caller.districtId)).map((c) => categoryDto(c, locale));
}

/** Only an administrator of the district itself configures its categories and its working-time calendar. */
function assertDistrictAdmin(caller: Caller): void {
  if (!caller.roles.some((r) => r.role === 'district_admin' && r.districtId === caller.districtId)) throw new AppError('FORBIDDEN');
}

/** A response limit longer than the resolution limit would make the second deadline meaningless. */
function assertLimitsInOrder(responseMinutes: number, resolutionMinutes: number): void {
  if (responseMinutes > resolutionMinutes) throw new AppError('LIMITS_OUT_OF_ORDER');
}

type CategoryPatch = {
  responseMinutes?: number; resolutionMinutes?: number; workingTime?: boolean; active?: boolean; defaultParty?: string; nameZh?: string; nameEn?: string;
};

export async function updateCategory(deps: Deps, caller: Caller, id: number, patch: CategoryPatch, locale: Locale) {
  assertDistrictAdmin(caller);
  const c = await repo.findCategory(deps.db, id);
  if (!c || c.district_id !== caller.districtId || !hasPermission(caller.roles, 'requests.read')) throw new AppError('NOT_FOUND');
  assertLimitsInOrder(patch.responseMinutes ?? c.response_minutes, patch.resolutionMinutes ?? c.resolution_minutes);
  await deps.db.transaction().execute(async (trx) => {
    await repo.updateCategory(trx, id, {
      ...(patch.responseMinutes !== undefined ? { response_minutes: patch.responseMinutes } : {}),
      ...(patch.resolutionMinutes !== undefined ? { resolution_minutes: patch.resolutionMinutes } : {}),
      ...(patch.workingTime !== undefined ? { working_time: patch.workingTime } : {}),
      ...(patch.active !== undefined ? { active: patch.active } : {}),
      ...(patch.defaultParty !== undefined ? { default_party: patch.defaultParty } : {}),
      ...(patch.nameZh !== undefined ? { name_zh: patch.nameZh } : {}),
      ...(patch.nameEn !== undefined ? { name_en: patch.nameEn } : {}),
    });
    // The old and new limits, so the log answers "who shortened the repairs deadline, and from what".
    const before = { responseMinutes: c.response_minutes, resolutionMinutes: c.resolution_minutes, workingTime: c.working_time, active: c.active, defaultParty: c.default_party };
    await auditAction(trx, caller, 'request_category.update', { type: 'request_category', id }, { fields: Object.keys(patch), before, after: patch });
  });
  forgetDistrictSetup(caller.districtId);
  return categoryDto((await repo.findCategory(deps.db, id))!, locale);
}

export type CategoryInput = {
  code: string; nameZh: string; nameEn: string; defaultParty: string; responseMinutes: number; resolutionMinutes: number; workingTime: boolean; active: boolean;
};

/** A district adds a category of its own; its code must be new in the district (it is the Open311 service_code). */
export async function createCategory(deps: Deps, caller: Caller, input: CategoryInput, locale: Locale) {
  assertDistrictAdmin(caller);
  assertLimitsInOrder(input.responseMinutes, input.resolutionMinutes);
  await ensureDistrictSetup(deps.db, caller.districtId);
  const id = await deps.db.transaction().execute(async (trx) => {
    const newId = await repo.insertCategory(trx, {
      district_id: caller.districtId, code: input.code, name_zh: input.nameZh, name_en: input.nameEn, default_party: input.defaultParty,
      response_minutes: input.responseMinutes, resolution_minutes: input.resolutionMinutes, working_time: input.workingTime, active: input.active,
      sort: await repo.nextCategorySort(trx, caller.districtId),
    });
    if (newId === null) throw new AppError('CATEGORY_CODE_TAKEN', { code: input.code });
    await auditAction(trx, caller, 'request_category.create', { type: 'request_category', id: newId }, { code: input.code });
    return newId;
  });
  forgetDistrictSetup(caller.districtId);
  return categoryDto((await repo.findCategory(deps.db, id))!, locale);
}

// The working-time calendar (节假日与调休) -------------------------------------------------------------------------
// Each change drops this process's cached setup (forgetDistrictSetup), so the next deadline reads the table afresh.

export type Holiday = { day: string; kind: 'holiday' | 'workday'; name: string };

function kindLabel(kind: 'holiday' | 'workday', locale: Locale): string {
  if (locale === 'en-US') return kind === 'holiday' ? 'holiday' : 'make-up workday';
  return kind === 'holiday' ? '节假日' : '调休工作日';
}

/** District staff who handle requests may read the calendar (deadlines depend on it); only the district admin edits it. */
export async function listHolidays(deps: Deps, caller: Caller, year: number): Promise<Holiday[]> {
  if (!hasPermission(caller.roles, 'requests.read')) throw new AppError('FORBIDDEN');
  await ensureDistrictSetup(deps.db, caller.districtId);
  return repo.listHolidaysOfYear(deps.db, caller.districtId, year);
}

export async function addHoliday(deps: Deps, caller: Caller, input: Holiday, locale: Locale): Promise<Holiday> {
  assertDistrictAdmin(caller);
  await ensureDistrictSetup(deps.db, caller.districtId);
  const weekday = new Date(`${input.day}T00:00:00Z`).getUTCDay();
  if (input.kind === 'workday' && weekday >= 1 && weekday <= 5) throw new AppError('WORKDAY_ON_WEEKDAY', { day: input.day });
  const added = await deps.db.transaction().execute(async (trx) => {
    if (!(await repo.insertHoliday(trx, { districtId: caller.districtId, ...input }))) {
      const existing = (await repo.findHoliday(trx, caller.districtId, input.day))!;
      throw new AppError('DAY_ALREADY_SET', { day: input.day, name: `${existing.name}，${kindLabel(existing.kind, locale)}` });
    }
    await auditAction(trx, caller, 'holiday.create', { type: 'holiday', id: input.day }, { day: input.day, kind: input.kind, name: input.name });
    return (await repo.findHoliday(trx, caller.districtId, input.day))!;
  });
  forgetDistrictSetup(caller.districtId);
  return added;
}

export async function deleteHoliday(deps: Deps, caller: Caller, day: string): Promise<Holiday> {
  assertDistrictAdmin(caller);
  const removed = await deps.db.transaction().execute(async (trx) => {
    const existing = await repo.findHoliday(trx, caller.districtId, day);
    if (!existing) throw new AppError('NOT_FOUND');
    await repo.deleteHoliday(trx, caller.districtId, day);
    await auditAction(trx, caller, 'holiday.delete', { type: 'holiday', id: day }, { ...existing });
    return existing;
  });
  forgetDistrictSetup(caller.districtId);
  return removed;
}

/** The district's categories as rows (for the demo seed and other bulk loaders). */
export function categoriesOf(db: Executor, districtId: number) {
  return repo.listCategories(db, districtId);
}
