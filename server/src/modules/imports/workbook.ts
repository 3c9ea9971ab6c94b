import ExcelJS from 'exceljs';
import { ERROR_HEADER, HELP_SHEET, PLACE_COLUMNS, PLACES_SHEET, normaliseHeader, type Column, type ColumnKey } from './place-columns.ts';
import type { RawRow } from './place-rows.ts';

/** Rows the template's dropdowns cover; an error file covers at least its own rows. */
const DROPDOWN_ROWS = 5000;

const columnLetter = (n: number) => {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
};

/** exceljs has range data validations (worksheet.dataValidations) but does not declare them. */
const dataValidations = (sheet: ExcelJS.Worksheet) =>
  (sheet as unknown as { dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void } }).dataValidations;

function addDropdowns(sheet: ExcelJS.Worksheet, columnIndex: Map<ColumnKey, number>, lastRow: number): void {
  for (const c of PLACE_COLUMNS) {
    const index = columnIndex.get(c.key);
    if (!c.options || index === undefined) continue;
    const letter = columnLetter(index);
    dataValidations(sheet).add(`${letter}2:${letter}${lastRow}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`"${Object.keys(c.options).join(',')}"`],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: c.header,
      error: `请从下拉列表中选择：${Object.keys(c.options).join('、')}`,
    });
  }
}

/** The import template: 「地点」 with the headers, two example rows and dropdowns, and 「说明」 explaining each column. */
export async function buildPlacesTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Gongzhi 共治';
  const sheet = wb.addWorksheet(PLACES_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = PLACE_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  styleHeader(sheet.getRow(1), PLACE_COLUMNS);
  const example = Object.fromEntries(PLACE_COLUMNS.map((c) => [c.key, c.example]));
  const compoundOnly = { ...example, building: '', unit: '', household: '', area: '', areaSource: '' };
  sheet.addRow(compoundOnly);
  sheet.addRow({ ...example, communityClass: '', compoundCode: '', compoundKind: '', buildYear: '', propertyCompany: '', committeeType: '', servicePointAddress: '', servicePointHours: '' });
  addDropdowns(sheet, new Map(PLACE_COLUMNS.map((c, i) => [c.key, i + 1])), DROPDOWN_ROWS);

  const help = wb.addWorksheet(HELP_SHEET);
  help.columns = [
    { header: '列名', key: 'header', width: 16 },
    { header: '是否必填', key: 'required', width: 10 },
    { header: '说明', key: 'help', width: 80 },
    { header: '示例', key: 'example', width: 20 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of PLACE_COLUMNS) help.addRow({ header: c.header, required: c.required ? '必填' : '选填', help: c.help, example: c.example });
  help.addRow({});
  for (const line of [
    '每行登记一个小区（楼栋、单元、户号留空），或小区中的一户（楼栋、单元、户号都填写）。',
    '地点按名称在上级之下匹配：已有的更新档案和面积，没有的新建。留空的选填项不修改已有数据。',
    '同一小区出现在多行时，各行填写的小区信息须一致（可只在其中一行填写）。',
    '文件中只要有一行有误，整个文件都不会导入；系统会返回标注「错误原因」的文件，修改后重新导入即可。',
    '第 2、3 行为示例，导入前请删除或替换。',
  ]) help.addRow({ header: line });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function styleHeader(row: ExcelJS.Row, columns: readonly Column[]): void {
  row.font = { bold: true };
  columns.forEach((c, i) => {
    if (c.required) row.getCell(i + 1).font = { bold: true, color: { argb: 'FFC00000' } };
  });
}

export type PlacesSheet = {
  workbook: ExcelJS.Workbook;
  sheet: ExcelJS.Worksheet;
  columnIndex: Map<ColumnKey, number>;
  missing: Column[];
  rows: RawRow[];
};

/** Text of a cell whatever it holds (number, rich text, formula result, hyperlink). */
function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object' && 'result' in v) return v.result === undefined || v.result === null ? '' : String(v.result instanceof Date ? v.result.toISOString().slice(0, 10) : v.result);
  return cell.text ?? '';
}

/**
 * Reads 「地点」 (or the first sheet): finds the columns by their headers, in any order, and returns every
 * non-empty row's text. Throws when the bytes are not a workbook.
 */
export async function readPlacesSheet(buffer: Buffer): Promise<PlacesSheet> {
  const workbook = new ExcelJS.Workbook();
  // Dropdowns are skipped on reading: spreadsheet programs often spread them over a million cells.
  await workbook.xlsx.load(buffer as unknown as Parameters<ExcelJS.Xlsx['load']>[0], { ignoreNodes: ['dataValidations', 'conditionalFormatting'] });
  const sheet = workbook.getWorksheet(PLACES_SHEET) ?? workbook.worksheets[0];
  if (!sheet) throw new Error('no worksheet');
  const byHeader = new Map(PLACE_COLUMNS.map((c) => [normaliseHeader(c.header), c]));
  const columnIndex = new Map<ColumnKey, number>();
  sheet.getRow(1).eachCell((cell, col) => {
    const c = byHeader.get(normaliseHeader(cellText(cell)));
    if (c && !columnIndex.has(c.key)) columnIndex.set(c.key, col);
  });
  const missing = PLACE_COLUMNS.filter((c) => c.required && !columnIndex.has(c.key));
  const rows: RawRow[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const values: RawRow['values'] = {};
    let any = false;
    for (const [key, col] of columnIndex) {
      const text = cellText(row.getCell(col)).trim();
      if (text) {
        values[key] = text;
        any = true;
      }
    }
    if (any) rows.push({ row: n, values });
  });
  return { workbook, sheet, columnIndex, missing, rows };
}

/** The same workbook with a 「错误原因」 column after the last one, filled on the refused rows and highlighted. */
export async function writeErrorWorkbook(file: PlacesSheet, messages: ReadonlyMap<number, string>): Promise<Buffer> {
  const { sheet } = file;
  const header = sheet.getRow(1);
  let col = 0;
  header.eachCell((cell, n) => {
    if (normaliseHeader(cellText(cell)) === ERROR_HEADER) col = n;
  });
  if (col === 0) col = Math.max(sheet.columnCount, ...file.columnIndex.values()) + 1;
  const headerCell = header.getCell(col);
  headerCell.value = ERROR_HEADER;
  headerCell.font = { bold: true, color: { argb: 'FFC00000' } };
  sheet.getColumn(col).width = 60;
  const fill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFE0E0' } };
  sheet.eachRow((row, n) => {
    if (n > 1 && !messages.has(n) && row.getCell(col).value !== null) row.getCell(col).value = null;
  });
  for (const [n, message] of messages) {
    const cell = sheet.getRow(n).getCell(col);
    cell.value = message;
    cell.fill = fill;
    cell.font = { color: { argb: 'FFC00000' } };
  }
  addDropdowns(sheet, file.columnIndex, Math.max(DROPDOWN_ROWS, sheet.rowCount));
  return Buffer.from(await file.workbook.xlsx.writeBuffer());
}
