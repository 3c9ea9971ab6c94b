import crypto from 'node:crypto';
import { insertAudit } from '../../platform/audit.repository.ts';
import { auditAction, type Executor } from '../../platform/audit.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Locale } from '../../platform/messages.ts';
import { pathInScope, scopeFor } from '../../platform/scope.ts';
import type { Db } from '../../db/create-db.ts';
import * as repo from './imports.repository.ts';
import { TEMPLATE_FILE_NAME } from './place-columns.ts';
import { planImport, type ExistingTree, type ImportPlan, type LevelCounts, type PlaceRef } from './place-plan.ts';
import { validateRows, type PlaceRow } from './place-rows.ts';
import { rowErrorText, problemText, type RowError } from './row-messages.ts';
import { buildPlacesTemplate, readPlacesSheet, writeErrorWorkbook, type PlacesSheet } from './workbook.ts';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;

export type ImportSummary = { rows: number; dryRun: boolean; created: LevelCounts; updated: LevelCounts; unchanged: LevelCounts };
export type RowMessage = { row: number; message: string };
export type ImportOutcome =
  | { ok: true; summary: ImportSummary }
  /** `errorFile` is the uploaded workbook with the 「错误原因」 column; null when the file could not be used at all. */
  | { ok: false; errors: RowMessage[]; errorFile: Buffer | null };

/** Records a successful import inside its transaction: the signed-in caller, or the system for the CLI. */
export type ImportAudit = (trx: Executor, summary: ImportSummary) => Promise<void>;

export type ImportRun = {
  districtId: number;
  buffer: Buffer;
  dryRun: boolean;
  locale: Locale;
  now: Date;
  audit: ImportAudit;
  progress?: (step: string) => void;
};

/** An .xlsx is a zip: the name must say so and the bytes must start with `PK\x03\x04`. */
export function assertXlsx(fileName: string, buffer: Buffer): void {
  const zip = buffer.length >= 4 && buffer[0] === 0x50 && buffer[1] === 0x4b && buffer[2] === 0x03 && buffer[3] === 0x04;
  if (!fileName.toLowerCase().endsWith('.xlsx') || !zip) throw new AppError('UNSUPPORTED_FILE', { expected: '.xlsx' });
  if (buffer.length > MAX_FILE_BYTES) throw new AppError('FILE_TOO_LARGE', { limit: '10 MB' });
}

class Rejected extends Error {
  constructor(readonly errors: RowError[]) {
    super('rejected');
  }
}

/**
 * The one import path, shared by the workbench and the CLI: read the sheet, validate every row, match the rows
 * against the district's tree, and only when nothing is wrong write it all in one transaction. The district row
 * is locked for the duration, so concurrent imports into one district cannot both create the same place.
 */
export async function runPlacesImport(db: Db, run: ImportRun): Promise<ImportOutcome> {
  const progress = run.progress ?? (() => {});
  progress('reading');
  let file: PlacesSheet;
  try {
    file = await readPlacesSheet(run.buffer);
  } catch {
    throw new AppError('UNSUPPORTED_FILE', { expected: '.xlsx' });
  }
  if (file.missing.length > 0) {
    const columns = file.missing.map((c) => c.header).join('、');
    return { ok: false, errors: [{ row: 1, message: problemText({ key: 'missingColumns', params: { columns } }, run.locale) }], errorFile: null };
  }
  if (file.rows.length === 0) return { ok: false, errors: [{ row: 1, message: problemText({ key: 'noRows' }, run.locale) }], errorFile: null };

  progress(`validating ${file.rows.length} rows`);
  const validated = validateRows(file.rows, run.now.getFullYear());
  let errors: RowError[] = validated.errors;
  let summary: ImportSummary | null = null;
  // Rows are matched against the tree only once each row is valid on its own, so every message is about a real fault.
  if (errors.length === 0) {
    try {
      summary = await db.transaction().execute(async (trx) => {
        await repo.lockDistrict(trx, run.districtId);
        const tree = await loadTree(trx, run.districtId, validated.rows);
        progress('matching');
        const { plan, errors: planErrors } = planImport(validated.rows, tree);
        if (planErrors.length > 0) throw new Rejected(planErrors);
        const result: ImportSummary = { rows: file.rows.length, dryRun: run.dryRun, created: plan.created, updated: plan.updated, unchanged: plan.unchanged };
        if (run.dryRun) return result;
        progress(`writing ${plan.creates.length} new places`);
        await writePlan(trx, run.districtId, plan, run.now, progress);
        await run.audit(trx, result);
        return result;
      });
    } catch (err) {
      if (!(err instanceof Rejected)) throw err;
      errors = err.errors;
    }
  }
  if (summary) {
    // A large import changes the tables' shape: refresh the planner's statistics (PGlite never autovacuums).
    if (!summary.dryRun && summary.rows >= 1000) await repo.analyzePlaces(db);
    return { ok: true, summary };
  }

  progress(`${errors.length} rows refused: writing the error file`);
  const messages = new Map(errors.map((e) => [e.row, rowErrorText(e, run.locale)]));
  const errorFile = await writeErrorWorkbook(file, messages);
  return { ok: false, errors: [...messages].map(([row, message]) => ({ row, message })), errorFile };
}

/**
 * What the rows can match: the district's streets, communities and compounds, and below only the compounds the
 * file names (by name or code), so that importing into a district of 100,000 households reads little of it.
 */
async function loadTree(db: Executor, districtId: number, rows: readonly PlaceRow[]): Promise<ExistingTree> {
  const district = await repo.findDistrict(db, districtId);
  if (!district) throw new AppError('NOT_FOUND');
  const upper = await repo.findUpperPlaces(db, districtId);
  const names = new Set(rows.map((r) => r.compound));
  const codes = new Set(rows.flatMap((r) => (r.compoundCode ? [r.compoundCode] : [])));
  const compoundIds = upper.filter((p) => p.kind === 'compound' && (names.has(p.name) || (p.code !== null && codes.has(p.code)))).map((p) => Number(p.id));
  const withHouseholds = rows.some((r) => r.household);
  const buildings = withHouseholds ? await repo.findChildrenOf(db, compoundIds) : [];
  const units = await repo.findChildrenOf(db, buildings.map((p) => Number(p.id)));
  const homes = await repo.findChildrenOf(db, units.map((p) => Number(p.id)));
  const areas = await repo.findHouseholdAreas(db, homes.map((p) => Number(p.id)));
  const classes = await repo.findCommunityClasses(db, districtId);
  const compounds = await repo.findCompoundProfiles(db, districtId);
  return {
    district: { id: Number(district.id), path: district.path },
    places: [...upper, ...buildings, ...units, ...homes].map((p) => ({
      id: Number(p.id),
      parentId: p.parent_id === null ? null : Number(p.parent_id),
      kind: p.kind,
      name: p.name,
      code: p.code,
      path: p.path,
    })),
    communityClasses: new Map(classes.map((c) => [Number(c.place_id), c.community_class])),
    compoundProfiles: new Map(
      compounds.map((c) => [
        Number(c.place_id),
        {
          compoundKind: c.compound_kind,
          buildYear: c.build_year,
          propertyCompany: c.property_company,
          committeeType: c.committee_type,
          servicePointAddress: c.service_point_address,
          servicePointHours: c.service_point_hours,
        },
      ]),
    ),
    households: new Map(areas.map((h) => [Number(h.place_id), { area: h.exclusive_area === null ? null : Number(h.exclusive_area), areaSource: h.area_source }])),
  };
}

async function writePlan(trx: Executor, districtId: number, plan: ImportPlan, now: Date, progress: (step: string) => void): Promise<void> {
  const ids = await repo.reservePlaceIds(trx, plan.creates.length);
  const placed: { id: number; path: string }[] = [];
  const resolve = (ref: PlaceRef) => ('created' in ref ? placed[ref.created]! : ref);
  plan.creates.forEach((c, i) => {
    const parent = resolve(c.parent);
    placed.push({ id: ids[i]!, path: `${parent.path}${ids[i]}/` });
  });
  await repo.insertPlaces(
    trx,
    plan.creates.map((c, i) => ({
      id: placed[i]!.id,
      district_id: districtId,
      parent_id: resolve(c.parent).id,
      kind: c.kind,
      name: c.name,
      code: c.code,
      path: placed[i]!.path,
      depth: placed[i]!.path.split('/').length - 2,
      created_at: now,
      updated_at: now,
    })),
  );
  progress('profiles and areas');
  await repo.insertCommunityProfiles(trx, plan.communityProfiles.map((p) => ({ place_id: resolve(p.place).id, district_id: districtId, community_class: p.communityClass, updated_at: now })));
  await repo.insertCompoundProfiles(
    trx,
    plan.compoundProfiles.map(({ place, profile: p }) => ({
      place_id: resolve(place).id,
      district_id: districtId,
      compound_kind: p.compoundKind,
      build_year: p.buildYear,
      property_company: p.propertyCompany,
      committee_type: p.committeeType,
      service_point_address: p.servicePointAddress,
      service_point_hours: p.servicePointHours,
      updated_at: now,
    })),
  );
  await repo.insertHouseholds(trx, plan.households.map((h) => ({ place_id: resolve(h.place).id, district_id: districtId, exclusive_area: h.area, area_source: h.areaSource })));
  for (const u of plan.communityUpdates) await repo.updateCommunityClass(trx, u.id, u.communityClass, now);
  for (const u of plan.compoundUpdates) {
    if (u.name !== undefined || u.code !== undefined) await repo.updatePlaceNameAndCode(trx, u.id, { name: u.name, code: u.code }, now);
    const set: repo.CompoundProfileSet = {};
    if (u.profile.compoundKind !== undefined) set.compound_kind = u.profile.compoundKind;
    if (u.profile.buildYear !== undefined) set.build_year = u.profile.buildYear;
    if (u.profile.propertyCompany !== undefined) set.property_company = u.profile.propertyCompany;
    if (u.profile.committeeType !== undefined) set.committee_type = u.profile.committeeType;
    if (u.profile.servicePointAddress !== undefined) set.service_point_address = u.profile.servicePointAddress;
    if (u.profile.servicePointHours !== undefined) set.service_point_hours = u.profile.servicePointHours;
    if (Object.keys(set).length > 0) await repo.updateCompoundProfile(trx, u.id, set, now);
  }
  await repo.upsertHouseholds(trx, districtId, plan.householdUpdates.map((h) => ({ placeId: h.id, area: h.area, areaSource: h.areaSource })));
  progress('household counts');
  await repo.recountHouseholds(trx, plan.compounds.map((c) => resolve(c).id), now);
}

/** The caller's district, when they may import into it (a district_admin or system_admin at the district). */
async function importableDistrict(deps: Deps, caller: Caller) {
  const scope = scopeFor(caller.roles, 'imports.places');
  const district = await repo.findDistrict(deps.db, caller.districtId);
  if (!district || !pathInScope(scope, district.path)) throw new AppError('FORBIDDEN');
  return district;
}

export type ImportResult = { dryRun: boolean; rows: number; created: LevelCounts; updated: LevelCounts; unchanged: LevelCounts };

const toResult = (s: ImportSummary): ImportResult => ({ dryRun: s.dryRun, rows: s.rows, created: s.created, updated: s.updated, unchanged: s.unchanged });

/** POST /api/imports/places: imports an uploaded workbook, or refuses it with the rows to fix and an error file. */
export async function importPlacesUpload(
  deps: Deps,
  caller: Caller,
  upload: { fileName: string; buffer: Buffer },
  options: { dryRun: boolean; locale: Locale },
): Promise<ImportResult> {
  const district = await importableDistrict(deps, caller);
  assertXlsx(upload.fileName, upload.buffer);
  const now = deps.clock.now();
  const outcome = await runPlacesImport(deps.db, {
    districtId: Number(district.id),
    buffer: upload.buffer,
    dryRun: options.dryRun,
    locale: options.locale,
    now,
    audit: (trx, s) => auditAction(trx, caller, 'imports.places', { type: 'place', id: district.id }, { fileName: upload.fileName, rows: s.rows, created: s.created, updated: s.updated }),
  });
  if (outcome.ok) return toResult(outcome.summary);
  let errorFileUrl: string | undefined;
  if (outcome.errorFile) {
    const id = crypto.randomUUID();
    // Error files hold residents' rows: they are kept a short while only, and expired ones go as new ones arrive.
    await repo.deleteErrorFilesBefore(deps.db, errorFilesNotBefore(now));
    const base = upload.fileName.replace(/\.xlsx$/i, '');
    await repo.insertErrorFile(deps.db, { id, districtId: Number(district.id), personId: caller.personId, fileName: `${base}-错误原因.xlsx`, content: outcome.errorFile, now });
    errorFileUrl = `/api/imports/error-files/${id}`;
  }
  throw new AppError('IMPORT_REJECTED', { count: outcome.errors.length }, { errors: outcome.errors, ...(errorFileUrl ? { errorFileUrl } : {}) });
}

/** How long an import's error file can be downloaded. */
export const ERROR_FILE_TTL_MS = 24 * 3600_000;
const errorFilesNotBefore = (now: Date) => new Date(now.getTime() - ERROR_FILE_TTL_MS);

/** An error file, to the person who uploaded the workbook only, for a day (anyone else, or later: as if it did not exist). */
export async function getErrorFile(deps: Deps, caller: Caller, id: string): Promise<{ fileName: string; content: Buffer }> {
  const file = await repo.findErrorFile(deps.db, id, caller.personId, errorFilesNotBefore(deps.clock.now()));
  if (!file) throw new AppError('NOT_FOUND');
  return { fileName: file.file_name, content: Buffer.from(file.content) };
}

export async function placesTemplate(): Promise<{ fileName: string; content: Buffer }> {
  return { fileName: TEMPLATE_FILE_NAME, content: await buildPlacesTemplate() };
}

/** The CLI acts as the system: no actor, its own action name. */
export function systemAudit(districtId: number, fileName: string): ImportAudit {
  return (trx, s) =>
    insertAudit(trx, { districtId, actorId: null, action: 'cli.import_places', targetType: 'place', targetId: districtId, result: 'ok', detail: { fileName, rows: s.rows, created: s.created, updated: s.updated } });
}

export const findImportDistrict = (db: Db, code: string | undefined) => repo.findDistrictByCode(db, code);
