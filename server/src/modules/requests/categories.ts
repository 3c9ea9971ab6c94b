import type { Selectable } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { WorkCalendar } from '../../platform/working-time.ts';

/**
 * The categories a district starts with (districts edit them). Limits in minutes; `working` counts office hours of
 * working days (see platform/working-time.ts), otherwise calendar time. Parties: property 物业, owners_committee
 * 业委会/自管会 (whichever the compound has), residents_committee 居委会, department 职能部门.
 */
export const DEFAULT_CATEGORIES = [
  { code: 'repairs', zh: '报修（共用部位、设施）', en: 'Repairs', party: 'property', response: 30, resolution: 2 * 1440, working: false },
  { code: 'sanitation', zh: '环境卫生', en: 'Environment and sanitation', party: 'property', response: 60, resolution: 1440, working: false },
  { code: 'parking', zh: '停车管理', en: 'Parking', party: 'property', response: 60, resolution: 3 * 1440, working: false },
  { code: 'noise', zh: '噪声扰民', en: 'Noise', party: 'residents_committee', response: 60, resolution: 2 * 1440, working: false },
  { code: 'neighbour_dispute', zh: '邻里纠纷', en: 'Neighbour dispute', party: 'residents_committee', response: 120, resolution: 5 * 450, working: true },
  { code: 'security', zh: '治安安全', en: 'Security', party: 'department', response: 30, resolution: 1440, working: false },
  { code: 'lifts', zh: '电梯', en: 'Lifts', party: 'property', response: 30, resolution: 1440, working: false },
  { code: 'public_facilities', zh: '公共设施', en: 'Public facilities', party: 'owners_committee', response: 120, resolution: 10 * 450, working: true },
  { code: 'property_fees', zh: '物业费用', en: 'Property fees', party: 'owners_committee', response: 240, resolution: 10 * 450, working: true },
  { code: 'pets', zh: '宠物管理', en: 'Pets', party: 'residents_committee', response: 120, resolution: 5 * 450, working: true },
  { code: 'elderly_care', zh: '养老助老', en: 'Elderly care', party: 'residents_committee', response: 60, resolution: 3 * 450, working: true },
  { code: 'other', zh: '其他', en: 'Other', party: 'residents_committee', response: 240, resolution: 10 * 450, working: true },
] as const;

/** A district's own holiday table starts from this (国务院办公厅 annual notices, as packaged by chinese-days). */
export const REQUEST_TYPES = ['enquiry', 'help', 'complaint', 'report', 'suggestion'] as const;

// The district setup cache -------------------------------------------------------------------------------------
// Every create needs the district's categories and its working-time calendar (节假日与调休); they change a few
// times a year, so each server process keeps them instead of reading them per request (docs/performance.md).

/** What createRequest needs of a district's setup: its category rows and its working-time calendar. */
export type DistrictSetup = {
  categories: readonly Selectable<Database['request_categories']>[];
  calendar: WorkCalendar;
};

/**
 * How long a cached setup is trusted. Edits made through this process are seen at once (forgetDistrictSetup);
 * an edit made on another server instance is seen here within this time.
 */
export const DISTRICT_SETUP_TTL_MS = 30_000;

type Entry = { setup: DistrictSetup; generation: number; loadedAt: number };
/** Keyed by the database handle first, so two databases in one process (tests) never share an entry. */
const cache = new WeakMap<object, Map<number, Entry>>();
const generations = new Map<number, number>();

/** Monotonic milliseconds: a cache age, not a domain time (the injected clock may stand still or jump in tests). */
const nowMs = () => performance.now();

export function districtSetupGeneration(districtId: number): number {
  return generations.get(districtId) ?? 0;
}

/**
 * Call after committing any change to a district's categories or holiday table (setup.service.ts: category
 * create/update, holiday add/delete): the next deadline in this process reads them afresh. Also drops a load that
 * was in flight when the change happened (its generation no longer matches).
 */
export function forgetDistrictSetup(districtId: number): void {
  generations.set(districtId, districtSetupGeneration(districtId) + 1);
}

export function cachedDistrictSetup(db: object, districtId: number): DistrictSetup | undefined {
  const e = cache.get(db)?.get(districtId);
  if (!e || e.generation !== districtSetupGeneration(districtId) || nowMs() - e.loadedAt > DISTRICT_SETUP_TTL_MS) return undefined;
  return e.setup;
}

/** Keeps a setup read when the district's generation was `generation` (read it before loading). */
export function rememberDistrictSetup(db: object, districtId: number, generation: number, setup: DistrictSetup): void {
  if (generation !== districtSetupGeneration(districtId)) return;
  let perDb = cache.get(db);
  if (!perDb) cache.set(db, (perDb = new Map()));
  perDb.set(districtId, { setup, generation, loadedAt: nowMs() });
}
