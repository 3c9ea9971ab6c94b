import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/create-db.ts';
import { AppError, errorMessage } from '../platform/errors.ts';
import { assertXlsx, findImportDistrict, placesTemplate, runPlacesImport, systemAudit, type ImportSummary } from '../modules/imports/index.ts';

export type CliImportResult =
  | { ok: true; file: string; district: string; summary: ImportSummary; ms: number }
  | { ok: false; file: string; district: string; errors: { row: number; message: string }[]; errorFile: string | null; ms: number };

/**
 * `gongzhi import places FILE`: the workbench's import, acting as the system (audit actor null). Refused rows
 * go to FILE.errors.xlsx beside the input.
 */
export async function importPlacesFromFile(
  db: Db,
  input: { file: string; districtCode?: string; dryRun: boolean; progress?: (step: string) => void },
): Promise<CliImportResult> {
  const started = Date.now();
  if (!fs.existsSync(input.file)) throw new Error(`no such file: ${input.file}`);
  const buffer = fs.readFileSync(input.file);
  const district = await findImportDistrict(db, input.districtCode);
  if (!district) throw new Error(input.districtCode ? `no district with code ${input.districtCode}` : 'no district found: seed or create one first');
  try {
    assertXlsx(path.basename(input.file), buffer);
    const outcome = await runPlacesImport(db, {
      districtId: Number(district.id),
      buffer,
      dryRun: input.dryRun,
      locale: 'zh-CN',
      now: new Date(),
      audit: systemAudit(Number(district.id), path.basename(input.file)),
      progress: input.progress,
    });
    if (outcome.ok) return { ok: true, file: input.file, district: district.name, summary: outcome.summary, ms: Date.now() - started };
    let errorFile: string | null = null;
    if (outcome.errorFile) {
      errorFile = `${input.file}.errors.xlsx`;
      fs.writeFileSync(errorFile, outcome.errorFile);
    }
    return { ok: false, file: input.file, district: district.name, errors: outcome.errors, errorFile, ms: Date.now() - started };
  } catch (err) {
    if (err instanceof AppError) throw new Error(errorMessage(err.code, 'zh-CN', err.params), { cause: err });
    throw err;
  }
}

/** `gongzhi export template`: the same template the workbench offers. */
export async function writePlacesTemplate(out: string | undefined): Promise<string> {
  const t = await placesTemplate();
  const file = out ?? t.fileName;
  fs.writeFileSync(file, t.content);
  return file;
}

const LEVEL_NAMES = { streets: '街道', communities: '社区', compounds: '小区', buildings: '楼栋', units: '单元', households: '户' } as const;

/** One human line per outcome, e.g. "新建 街道 1、小区 3 …". */
export function describeImport(r: CliImportResult): string {
  if (!r.ok) {
    const head = `${r.file}: ${r.errors.length} 行有错误，未做任何修改（${r.district}）`;
    const lines = r.errors.slice(0, 20).map((e) => `  第 ${e.row} 行：${e.message}`);
    if (r.errors.length > 20) lines.push(`  … 另有 ${r.errors.length - 20} 行`);
    return [head, ...lines, r.errorFile ? `错误原因已写入 ${r.errorFile}` : ''].filter(Boolean).join('\n');
  }
  const counts = (c: ImportSummary['created']) =>
    (Object.keys(LEVEL_NAMES) as (keyof typeof LEVEL_NAMES)[]).map((k) => `${LEVEL_NAMES[k]} ${c[k]}`).join('、');
  const s = r.summary;
  return [
    `${r.file}: ${s.rows} 行${s.dryRun ? '校验通过（试运行，未写入）' : '已导入'}，${r.district}，用时 ${(r.ms / 1000).toFixed(1)} 秒`,
    `  新建：${counts(s.created)}`,
    `  更新：${counts(s.updated)}`,
    `  未变：${counts(s.unchanged)}`,
  ].join('\n');
}
