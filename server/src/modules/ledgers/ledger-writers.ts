import fs from 'node:fs';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import type { Executor } from '../../platform/audit.repository.ts';
import type { LedgerDefinition, LedgerQuery, RenderContext } from './ledger-definitions.ts';

/** Debian fonts-noto-cjk (ecosystem.md §3–4), as the volunteering certificates use it. */
const CJK_FONT_FILE = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
const CJK_FONT_FACE = 'NotoSansCJKsc-Regular';
const PAGE = 1_000;
/** A PDF is for printing and signing; longer ledgers go to Excel. */
export const PDF_MAX_ROWS = 5_000;

export type Progress = (rowsDone: number) => Promise<void> | void;
export type LedgerHeading = { place: string; from: string; to: string; generatedAt: string };

/** Every row of the ledger, a page at a time (keyset), so memory stays flat for 100,000 rows. */
async function* rowsOf(db: Executor, def: LedgerDefinition, q: LedgerQuery) {
  let after = 0;
  for (;;) {
    const rows = await def.page(db, q, after, PAGE);
    if (rows.length === 0) return;
    yield rows;
    after = Number(rows[rows.length - 1]!.id);
    if (rows.length < PAGE) return;
  }
}

/**
 * The ledger as .xlsx, streamed (ExcelJS WorkbookWriter: each row is committed and flushed, never held):
 * a title row, the period, Chinese headers, then the rows.
 */
export async function writeXlsx(db: Executor, def: LedgerDefinition, q: LedgerQuery, ctx: RenderContext, heading: LedgerHeading, out: Writable, progress?: Progress): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'Gongzhi 共治';
  const ws = wb.addWorksheet(def.title, { views: [{ state: 'frozen', ySplit: 3 }] });
  ws.columns = def.columns.map((c) => ({ key: c.key, width: c.width }));
  const title = ws.addRow([`${heading.place} · ${def.title}`]);
  title.font = { bold: true, size: 14 };
  title.commit();
  ws.addRow([`统计期间：${heading.from} 至 ${heading.to}\u3000生成时间：${heading.generatedAt}${ctx.reveal ? '\u3000含未遮蔽个人信息，注意保密' : '\u3000个人信息已遮蔽'}`]).commit();
  const header = ws.addRow(def.columns.map((c) => c.header));
  header.font = { bold: true };
  header.commit();
  let done = 0;
  for await (const rows of rowsOf(db, def, q)) {
    for (const r of rows) ws.addRow(def.cells(r, ctx)).commit();
    done += rows.length;
    await progress?.(done);
  }
  ws.commit();
  await wb.commit();
  return done;
}

/** The ledger as a printable PDF (A4 landscape, Noto CJK subset-embedded), at most PDF_MAX_ROWS rows. */
export async function writePdf(db: Executor, def: LedgerDefinition, q: LedgerQuery, ctx: RenderContext, heading: LedgerHeading, out: Writable, progress?: Progress): Promise<number> {
  if (!fs.existsSync(CJK_FONT_FILE)) throw new Error(`Chinese font missing: install the Debian package fonts-noto-cjk (${CJK_FONT_FILE})`);
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 28, info: { Title: `${heading.place} ${def.title}`, Producer: 'Gongzhi' } });
  const finished = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    doc.on('error', reject);
  });
  doc.pipe(out);
  doc.registerFont('cjk', CJK_FONT_FILE, CJK_FONT_FACE);
  doc.font('cjk');
  doc.fontSize(16).text(`${heading.place} · ${def.title}`, { align: 'center' });
  doc.fontSize(9).text(`统计期间：${heading.from} 至 ${heading.to}\u3000生成时间：${heading.generatedAt}${ctx.reveal ? '\u3000含未遮蔽个人信息，注意保密' : '\u3000个人信息已遮蔽'}`, { align: 'center' });
  doc.moveDown(0.5);
  const usable = doc.page.width - 56;
  const total = def.columns.reduce((s, c) => s + c.width, 0);
  const widths = def.columns.map((c) => (c.width / total) * usable);
  const line = (cells: (string | number | null)[], bold = false) => {
    const y = doc.y;
    if (y > doc.page.height - 60) doc.addPage();
    const top = doc.y;
    let x = 28;
    let bottom = top;
    doc.fontSize(bold ? 8.5 : 8);
    cells.forEach((cell, i) => {
      doc.text(cell === null ? '' : String(cell), x + 2, top, { width: widths[i]! - 4, height: 34, ellipsis: true });
      bottom = Math.max(bottom, doc.y);
      x += widths[i]!;
    });
    doc.moveTo(28, bottom + 2).lineTo(28 + usable, bottom + 2).lineWidth(0.3).strokeColor('#999').stroke();
    doc.x = 28;
    doc.y = bottom + 4;
  };
  line(def.columns.map((c) => c.header), true);
  let done = 0;
  for await (const rows of rowsOf(db, def, q)) {
    for (const r of rows) line(def.cells(r, ctx));
    done += rows.length;
    await progress?.(done);
  }
  doc.end();
  await finished;
  return done;
}
