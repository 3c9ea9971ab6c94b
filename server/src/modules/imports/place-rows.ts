import { PLACE_COLUMNS, type ColumnKey, type Options } from './place-columns.ts';
import type { RowError, RowProblem } from './row-messages.ts';

/** One data row as read from the sheet: its spreadsheet row number and the trimmed text of each known column. */
export type RawRow = { row: number; values: Partial<Record<ColumnKey, string>> };

export type HouseholdRow = { building: string; unit: string; name: string; area: number | null; areaSource: string | null };

/** A row that passed validation; blank optional cells are null ("leave unchanged" for existing places). */
export type PlaceRow = {
  row: number;
  street: string;
  community: string;
  communityClass: string | null;
  compound: string;
  compoundCode: string | null;
  compoundKind: string | null;
  buildYear: number | null;
  propertyCompany: string | null;
  committeeType: string | null;
  servicePointAddress: string | null;
  servicePointHours: string | null;
  household: HouseholdRow | null;
};

const MAX_LENGTH: Partial<Record<ColumnKey, number>> = {
  street: 100,
  community: 100,
  compound: 100,
  compoundCode: 50,
  propertyCompany: 100,
  servicePointAddress: 200,
  servicePointHours: 100,
  building: 100,
  unit: 100,
  household: 100,
};

const optionsOf = (key: ColumnKey): Options => PLACE_COLUMNS.find((c) => c.key === key)!.options!;

/** A label from the dropdown, or the stored value itself (files exported by other tools), or undefined. */
function option(key: ColumnKey, text: string): string | undefined {
  const opts = optionsOf(key);
  if (text in opts) return opts[text];
  return Object.values(opts).includes(text) ? text : undefined;
}

/** Checks one row on its own. Pure: the current year comes in, so tests need no clock. */
export function validateRow(raw: RawRow, currentYear: number): { row: PlaceRow; problems: [] } | { row: null; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const text = (key: ColumnKey): string | null => {
    const v = raw.values[key]?.trim();
    if (!v) return null;
    const max = MAX_LENGTH[key];
    if (max && [...v].length > max) problems.push({ key: 'tooLong', column: key, params: { max } });
    return v;
  };
  const required = (key: ColumnKey): string => {
    const v = text(key);
    if (v === null) problems.push({ key: 'required', column: key });
    return v ?? '';
  };
  const enumerated = (key: ColumnKey): string | null => {
    const v = text(key);
    if (v === null) return null;
    const value = option(key, v);
    if (value === undefined) problems.push({ key: 'unknownOption', column: key, params: { value: v, options: Object.keys(optionsOf(key)).join('、') } });
    return value ?? null;
  };

  const street = required('street');
  const community = required('community');
  const communityClass = enumerated('communityClass');
  const compound = required('compound');
  const compoundCode = text('compoundCode');
  const compoundKind = enumerated('compoundKind');
  const committeeType = enumerated('committeeType');

  let buildYear: number | null = null;
  const year = text('buildYear');
  if (year !== null) {
    const n = Number(year);
    if (!/^\d{4}(\.0+)?$/.test(year) || n < 1900 || n > currentYear) problems.push({ key: 'buildYear', params: { max: currentYear } });
    else buildYear = n;
  }

  const building = text('building');
  const unit = text('unit');
  const name = text('household');
  const areaText = text('area');
  const areaSource = enumerated('areaSource');
  let area: number | null = null;
  if (areaText !== null) {
    const n = Number(areaText.replace(/㎡|m2|平方米/gi, ''));
    if (!Number.isFinite(n) || n <= 0 || n > 10_000) problems.push({ key: 'area' });
    else area = Math.round(n * 100) / 100;
  }

  let household: HouseholdRow | null = null;
  const levels = { building, unit, household: name } as const;
  const missing = (Object.keys(levels) as (keyof typeof levels)[]).filter((k) => levels[k] === null);
  if (missing.length === 0) {
    household = { building: building!, unit: unit!, name: name!, area, areaSource };
  } else if (missing.length < 3) {
    const headers = missing.map((k) => PLACE_COLUMNS.find((c) => c.key === k)!.header);
    problems.push({ key: 'householdIncomplete', params: { missing: headers.join('、') } });
  } else {
    if (areaText !== null) problems.push({ key: 'householdOnly', column: 'area' });
    if (raw.values.areaSource?.trim()) problems.push({ key: 'householdOnly', column: 'areaSource' });
  }

  if (problems.length > 0) return { row: null, problems };
  return {
    row: {
      row: raw.row,
      street,
      community,
      communityClass,
      compound,
      compoundCode,
      compoundKind,
      buildYear,
      propertyCompany: text('propertyCompany'),
      committeeType,
      servicePointAddress: text('servicePointAddress'),
      servicePointHours: text('servicePointHours'),
      household,
    },
    problems: [],
  };
}

export const communityKey = (r: Pick<PlaceRow, 'street' | 'community'>) => `${r.street}\u0000${r.community}`;
export const compoundKey = (r: Pick<PlaceRow, 'street' | 'community' | 'compound'>) => `${communityKey(r)}\u0000${r.compound}`;

/** The compound fields several rows may repeat; they must agree where filled in. */
export const COMPOUND_FIELDS = ['compoundCode', 'compoundKind', 'buildYear', 'propertyCompany', 'committeeType', 'servicePointAddress', 'servicePointHours'] as const;

/**
 * Validates every row, then the rows against each other: a household listed twice, a compound described
 * differently on two rows, a compound code given to two compounds. Returns the good rows and every row's problems.
 */
export function validateRows(raws: readonly RawRow[], currentYear: number): { rows: PlaceRow[]; errors: RowError[] } {
  const problemsByRow = new Map<number, RowProblem[]>();
  const add = (row: number, p: RowProblem) => problemsByRow.set(row, [...(problemsByRow.get(row) ?? []), p]);
  const rows: PlaceRow[] = [];
  for (const raw of raws) {
    const r = validateRow(raw, currentYear);
    if (r.row) rows.push(r.row);
    else for (const p of r.problems) add(raw.row, p);
  }

  const households = new Map<string, number>();
  const communityFirst = new Map<string, PlaceRow>();
  const compoundFirst = new Map<string, Map<(typeof COMPOUND_FIELDS)[number], PlaceRow>>();
  const codeOwner = new Map<string, PlaceRow>();
  for (const r of rows) {
    if (r.household) {
      const key = `${compoundKey(r)}\u0000${r.household.building}\u0000${r.household.unit}\u0000${r.household.name}`;
      const first = households.get(key);
      if (first !== undefined) add(r.row, { key: 'duplicateHousehold', params: { row: first } });
      else households.set(key, r.row);
    }
    if (r.communityClass !== null) {
      const first = communityFirst.get(communityKey(r));
      if (!first) communityFirst.set(communityKey(r), r);
      else if (first.communityClass !== r.communityClass) add(r.row, { key: 'conflict', column: 'communityClass', params: { row: first.row } });
    }
    const fields = compoundFirst.get(compoundKey(r)) ?? new Map();
    compoundFirst.set(compoundKey(r), fields);
    for (const f of COMPOUND_FIELDS) {
      if (r[f] === null) continue;
      const first = fields.get(f);
      if (!first) fields.set(f, r);
      else if (first[f] !== r[f]) add(r.row, { key: 'conflict', column: f, params: { row: first.row } });
    }
    if (r.compoundCode !== null) {
      const owner = codeOwner.get(r.compoundCode);
      if (!owner) codeOwner.set(r.compoundCode, r);
      else if (compoundKey(owner) !== compoundKey(r)) add(r.row, { key: 'codeReusedInFile', params: { code: r.compoundCode, row: owner.row } });
    }
  }

  const errors = [...problemsByRow.entries()].sort((a, b) => a[0] - b[0]).map(([row, problems]) => ({ row, problems }));
  const bad = new Set(problemsByRow.keys());
  return { rows: rows.filter((r) => !bad.has(r.row)), errors };
}
