import { createRequire } from 'node:module';
import type { Executor } from '../../platform/audit.repository.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { auditAction } from '../../platform/audit.ts';
import { AppError } from '../../platform/errors.ts';
import type { Locale } from '../../platform/messages.ts';
import { hasPermission } from '../../platform/scope.ts';
import { DEFAULT_WINDOWS, type WorkCalendar } from '../../platform/working-time.ts';
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
  return { windows: DEFAULT_WINDOWS, days: new Map(rows.map((r) => [String(r.day).slice(0, 10), r.kind])) };
}

type CategoryRow = Awaited<ReturnType<typeof repo.listCategories>>[number];

export function categoryDto(c: CategoryRow, locale: Locale): z.infer<typeof categorySchema> {
  return {
    id: c.id,
    code: c.code,
    name: locale === 'en-US' ? c.name_en : c.name_zh,
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

export async function updateCategory(
  deps: Deps,
  caller: Caller,
  id: number,
  patch: { responseMinutes?: number; resolutionMinutes?: number; workingTime?: boolean; active?: boolean; defaultParty?: string },
  locale: Locale,
) {
  if (!caller.roles.some((r) => r.role === 'district_admin' && r.districtId === caller.districtId)) throw new AppError('FORBIDDEN');
  const c = await repo.findCategory(deps.db, id);
  if (!c || c.district_id !== caller.districtId || !hasPermission(caller.roles, 'requests.read')) throw new AppError('NOT_FOUND');
  await deps.db.transaction().execute(async (trx) => {
    await repo.updateCategory(trx, id, {
      ...(patch.responseMinutes !== undefined ? { response_minutes: patch.responseMinutes } : {}),
      ...(patch.resolutionMinutes !== undefined ? { resolution_minutes: patch.resolutionMinutes } : {}),
      ...(patch.workingTime !== undefined ? { working_time: patch.workingTime } : {}),
      ...(patch.active !== undefined ? { active: patch.active } : {}),
      ...(patch.defaultParty !== undefined ? { default_party: patch.defaultParty } : {}),
    });
    await auditAction(trx, caller, 'request_category.update', { type: 'request_category', id }, { fields: Object.keys(patch) });
  });
  return categoryDto((await repo.findCategory(deps.db, id))!, locale);
}

/** The district's categories as rows (for the demo seed and other bulk loaders). */
export function categoriesOf(db: Executor, districtId: number) {
  return repo.listCategories(db, districtId);
}
