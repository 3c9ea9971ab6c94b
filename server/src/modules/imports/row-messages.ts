import type { Locale } from '../../platform/messages.ts';
import { PLACE_COLUMNS, type ColumnKey } from './place-columns.ts';

/** Why one row of an import was refused: a key and its parameters, worded in the caller's language at the end. */
export type RowProblem = { key: RowProblemKey; params?: Record<string, string | number>; column?: ColumnKey };
export type RowError = { row: number; problems: RowProblem[] };

const zh = {
  required: '{column}不能为空',
  tooLong: '{column}超过 {max} 个字',
  unknownOption: '{column}「{value}」无效，可选：{options}',
  buildYear: '建成年份应为 1900 至 {max} 之间的整数',
  area: '专有面积应为大于 0 且不超过 10000 的数字',
  householdIncomplete: '登记户时楼栋、单元、户号须同时填写（缺少：{missing}）',
  householdOnly: '{column}仅用于户，请同时填写楼栋、单元、户号',
  duplicateHousehold: '与第 {row} 行重复（同一户）',
  conflict: '{column}与第 {row} 行填写的不一致',
  codeReusedInFile: '小区编码 {code} 在第 {row} 行用于另一个小区',
  newCommunityClass: '新社区「{name}」须填写社区类型',
  newCompoundKind: '新小区「{name}」须填写小区类型',
  codeTaken: '小区编码 {code} 已被「{name}」使用',
  codeMismatch: '小区「{name}」已有编码 {code}，与填写的不一致',
  missingColumns: '缺少必需的列：{columns}（请使用导入模板）',
  noRows: '文件中没有可导入的数据行',
  unreadable: '无法读取该文件，请确认是 Excel（.xlsx）文件',
} as const;

export type RowProblemKey = keyof typeof zh;

const en: Record<RowProblemKey, string> = {
  required: '{column} is required',
  tooLong: '{column} is longer than {max} characters',
  unknownOption: '{column} "{value}" is not valid; choose one of: {options}',
  buildYear: 'Build year must be a whole number from 1900 to {max}',
  area: 'Exclusive area must be a number above 0 and at most 10000',
  householdIncomplete: 'A household needs building, unit and household number together (missing: {missing})',
  householdOnly: '{column} applies to households only; fill in building, unit and household number too',
  duplicateHousehold: 'Same household as row {row}',
  conflict: '{column} differs from row {row}',
  codeReusedInFile: 'Compound code {code} is used for another compound on row {row}',
  newCommunityClass: 'The new community "{name}" needs a community type',
  newCompoundKind: 'The new compound "{name}" needs a compound type',
  codeTaken: 'Compound code {code} already belongs to "{name}"',
  codeMismatch: 'Compound "{name}" already has the code {code}, which differs',
  missingColumns: 'Required columns are missing: {columns} (please use the template)',
  noRows: 'The file has no rows to import',
  unreadable: 'The file cannot be read; make sure it is an Excel (.xlsx) file',
};

const COLUMN_EN: Record<ColumnKey, string> = {
  street: 'Street',
  community: 'Community',
  communityClass: 'Community type',
  compound: 'Compound',
  compoundCode: 'Compound code',
  compoundKind: 'Compound type',
  buildYear: 'Build year',
  propertyCompany: 'Property company',
  committeeType: 'Committee',
  servicePointAddress: 'Service point address',
  servicePointHours: 'Service hours',
  building: 'Building',
  unit: 'Unit',
  household: 'Household',
  area: 'Exclusive area',
  areaSource: 'Area source',
};

const headerOf = (key: ColumnKey) => PLACE_COLUMNS.find((c) => c.key === key)!.header;
export const columnName = (key: ColumnKey, locale: Locale) => (locale === 'en-US' ? COLUMN_EN[key] : headerOf(key));

export function problemText(p: RowProblem, locale: Locale): string {
  const template = locale === 'en-US' ? en[p.key] : zh[p.key];
  const params: Record<string, string | number> = { ...(p.params ?? {}) };
  if (p.column) params.column = columnName(p.column, locale);
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));
}

/** All problems of one row in one sentence, for the 「错误原因」 cell and the API answer. */
export function rowErrorText(e: RowError, locale: Locale): string {
  return e.problems.map((p) => problemText(p, locale)).join(locale === 'en-US' ? '; ' : '；');
}
