import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, buildTestApp, signIn, type Session, type TestApp } from '../../../test/helpers.ts';
import { createPerson, createTree, PASSWORD } from '../../../test/factories.ts';
import { importPlacesFromFile } from '../../cli/import-places.ts';
import { ERROR_FILE_TTL_MS } from './imports.service.ts';
import { ERROR_HEADER, HELP_SHEET, PLACE_COLUMNS, PLACES_SHEET } from './place-columns.ts';

let t: TestApp;
let tree: Awaited<ReturnType<typeof createTree>>;
let admin: Session;
let otherAdmin: Session;
let commissioner: Session;

type Row = Partial<Record<string, string | number>>;

/** A workbook as a district would fill it in: the template's headers, one object per row keyed by header. */
async function xlsx(rows: Row[], headers = PLACE_COLUMNS.map((c) => c.header)): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet(PLACES_SHEET);
  sheet.addRow(headers);
  for (const r of rows) sheet.addRow(headers.map((h) => r[h] ?? null));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function readXlsx(body: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
  return wb;
}

function upload(session: Session, content: Buffer, options: { fileName?: string; query?: string; lang?: string } = {}) {
  const boundary = `----gongzhi${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${options.fileName ?? 'places.xlsx'}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.app.inject({
    method: 'POST',
    url: `/api/imports/places${options.query ?? ''}`,
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrf,
      'content-type': `multipart/form-data; boundary=${boundary}`,
      ...(options.lang ? { 'accept-language': options.lang } : {}),
    },
    payload,
  });
}

async function placeCount(): Promise<number> {
  const r = await t.deps.db.selectFrom('places').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

const compoundRow: Row = {
  街道: '三街道', 社区: '新社区', 社区类型: '老旧', 小区: '阳光花园', 小区编码: 'Q-SUN', 小区类型: '商品房', 建成年份: 2008,
  物业公司: '安居物业', '业委会/自管会': '业委会', 服务点地址: '3幢底层', 服务时间: '8:30-17:30',
};
const home = (building: string, unit: string, household: string, area?: number, source?: string): Row => ({
  街道: '三街道', 社区: '新社区', 小区: '阳光花园', 楼栋: building, 单元: unit, '户号/门牌': household, '专有面积(㎡)': area, 面积来源: source,
});
const validRows: Row[] = [
  compoundRow,
  home('1幢', '1单元', '101室', 89.5, '不动产登记'),
  home('1幢', '1单元', '102室', 90),
  home('2幢', '1单元', '101室'),
  { 街道: '一街道', 社区: '甲社区', 小区: 'A小区', 楼栋: '1幢', 单元: '1单元', '户号/门牌': '1幢1单元103室', '专有面积(㎡)': 70, 面积来源: '测绘' },
];

beforeAll(async () => {
  t = await buildTestApp();
  tree = await createTree(t.deps);
  const p = tree.places;
  const a = await createPerson(t.deps, tree.districtId, '区管理员', [{ role: 'district_admin', place: p.D! }]);
  const o = await createPerson(t.deps, tree.districtId, '系统管理员', [{ role: 'system_admin', place: p.D! }]);
  const c = await createPerson(t.deps, tree.districtId, '专员', [{ role: 'commissioner', place: p.A! }]);
  admin = await signIn(t.app, a.phone, PASSWORD);
  otherAdmin = await signIn(t.app, o.phone, PASSWORD);
  commissioner = await signIn(t.app, c.phone, PASSWORD);
});
afterAll(() => t.close());

describe('template', () => {
  it('downloads as an attachment and parses with the expected headers, dropdowns and explanations', async () => {
    const res = await as(t.app, admin).get('/api/imports/places/template');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('地点导入模板.xlsx')}`);
    const wb = await readXlsx(res.rawPayload);
    const sheet = wb.getWorksheet(PLACES_SHEET)!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headers).toEqual(['街道', '社区', '社区类型', '小区', '小区编码', '小区类型', '建成年份', '物业公司', '业委会/自管会', '服务点地址', '服务时间', '楼栋', '单元', '户号/门牌', '专有面积(㎡)', '面积来源']);
    expect(sheet.getCell('F2').dataValidation?.formulae?.[0]).toContain('商品房');
    const help = wb.getWorksheet(HELP_SHEET)!;
    expect(help.getCell('A2').value).toBe('街道');
    expect(String(help.getCell('C7').value)).toContain('商品房');
  });

  it('the template itself, with its example rows, passes a dry run and writes nothing', async () => {
    const template = (await as(t.app, admin).get('/api/imports/places/template')).rawPayload;
    const before = await placeCount();
    const res = await upload(admin, template, { query: '?dryRun=true' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ dryRun: true, rows: 2, created: { compounds: 1, households: 1 }, unchanged: { streets: 1, communities: 1 } });
    expect(await placeCount()).toBe(before);
  });
});

describe('importing places', () => {
  it('creates streets down to households with paths, profiles and areas, and audits one entry', async () => {
    const before = await placeCount();
    const res = await upload(admin, await xlsx(validRows));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      dryRun: false,
      rows: 5,
      created: { streets: 1, communities: 1, compounds: 1, buildings: 2, units: 2, households: 4 },
      updated: { streets: 0, communities: 0, compounds: 0, buildings: 0, units: 0, households: 0 },
      unchanged: { streets: 1, communities: 1, compounds: 1, buildings: 1, units: 1, households: 0 },
    });
    expect(await placeCount()).toBe(before + 11);

    const db = t.deps.db;
    const sun = await db.selectFrom('places').selectAll().where('code', '=', 'Q-SUN').executeTakeFirstOrThrow();
    const community = await db.selectFrom('places').selectAll().where('id', '=', sun.parent_id!).executeTakeFirstOrThrow();
    const street = await db.selectFrom('places').selectAll().where('id', '=', community.parent_id!).executeTakeFirstOrThrow();
    expect([street.name, street.kind, Number(street.parent_id), street.depth]).toEqual(['三街道', 'street', tree.districtId, 2]);
    expect(sun.path).toBe(`${tree.places.D!.path}${street.id}/${community.id}/${sun.id}/`);
    expect([sun.depth, Number(sun.district_id)]).toEqual([4, tree.districtId]);
    const profile = await db.selectFrom('compound_profiles').selectAll().where('place_id', '=', sun.id).executeTakeFirstOrThrow();
    expect(profile).toMatchObject({ compound_kind: 'commercial', build_year: 2008, property_company: '安居物业', committee_type: 'owners_committee', household_count: 3 });
    expect((await db.selectFrom('community_profiles').select('community_class').where('place_id', '=', community.id).executeTakeFirstOrThrow()).community_class).toBe('old');
    const h101 = await db
      .selectFrom('places as h')
      .innerJoin('households as hh', 'hh.place_id', 'h.id')
      .select(['h.path', 'h.depth', 'hh.exclusive_area', 'hh.area_source'])
      .where('h.name', '=', '101室')
      .where('h.path', 'like', `${sun.path}%`)
      .orderBy('h.id')
      .executeTakeFirstOrThrow();
    expect([h101.depth, Number(h101.exclusive_area), h101.area_source]).toEqual([7, 89.5, 'register']);
    expect(h101.path.startsWith(sun.path)).toBe(true);
    const a = await db.selectFrom('compound_profiles').select('household_count').where('place_id', '=', tree.places.A!.id).executeTakeFirstOrThrow();
    expect(a.household_count).toBe(3);

    const audit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'imports.places').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_id).toBe(admin.personId);
    expect((audit[0]!.detail as { created: { households: number } }).created.households).toBe(4);
  });

  it('is idempotent: the same file again creates nothing and changes nothing', async () => {
    const before = await placeCount();
    const res = await upload(admin, await xlsx(validRows));
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.values(body.created).every((n) => n === 0)).toBe(true);
    expect(Object.values(body.updated).every((n) => n === 0)).toBe(true);
    expect(body.unchanged).toEqual({ streets: 2, communities: 2, compounds: 2, buildings: 3, units: 3, households: 4 });
    expect(await placeCount()).toBe(before);
  });

  it('updates profile fields and areas of existing places, leaving blank cells alone', async () => {
    const rows = [{ ...compoundRow, 建成年份: 2009, 物业公司: undefined }, home('1幢', '1单元', '102室', 95.25, '合同')];
    const res = await upload(admin, await xlsx(rows));
    expect(res.statusCode).toBe(200);
    expect(res.json().updated).toEqual({ streets: 0, communities: 0, compounds: 1, buildings: 0, units: 0, households: 1 });
    expect(res.json().created.households).toBe(0);
    const sun = await t.deps.db.selectFrom('places').select('id').where('code', '=', 'Q-SUN').executeTakeFirstOrThrow();
    const p = await t.deps.db.selectFrom('compound_profiles').selectAll().where('place_id', '=', sun.id).executeTakeFirstOrThrow();
    expect([p.build_year, p.property_company]).toEqual([2009, '安居物业']);
  });

  it('refuses a file with a bad row: 422 with the row, nothing written, and an error file for the uploader only', async () => {
    const before = await placeCount();
    const auditBefore = (await t.deps.db.selectFrom('audit_log').select('id').execute()).length;
    const rows = [
      { ...compoundRow, 小区: '月亮湾', 小区编码: 'Q-MOON' },
      { ...compoundRow, 小区: '星河苑', 小区编码: 'Q-STAR', 小区类型: '别墅' },
      { ...home('1幢', '1单元', '101室'), 小区: '月亮湾' },
    ];
    const res = await upload(admin, await xlsx(rows), { fileName: 'district.xlsx' });
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.code).toBe('IMPORT_REJECTED');
    expect(body.message).toContain('1 行');
    expect(body.errors).toEqual([{ row: 3, message: expect.stringContaining('小区类型「别墅」无效') }]);
    expect(body.errorFileUrl).toMatch(/^\/api\/imports\/error-files\/[0-9a-f-]{36}$/);
    expect(await placeCount()).toBe(before);
    expect((await t.deps.db.selectFrom('audit_log').select('id').execute()).length).toBe(auditBefore);

    const file = await as(t.app, admin).get(body.errorFileUrl);
    expect(file.statusCode).toBe(200);
    expect(decodeURIComponent(String(file.headers['content-disposition']))).toContain('district-错误原因.xlsx');
    const sheet = (await readXlsx(file.rawPayload)).getWorksheet(PLACES_SHEET)!;
    const errorCol = PLACE_COLUMNS.length + 1;
    expect(sheet.getRow(1).getCell(errorCol).value).toBe(ERROR_HEADER);
    expect(String(sheet.getRow(3).getCell(errorCol).value)).toContain('小区类型');
    expect(sheet.getRow(2).getCell(errorCol).value).toBeNull();
    expect(sheet.getRow(4).getCell(4).value).toBe('月亮湾');
    expect(sheet.getRow(3).getCell(4).value).toBe('星河苑');

    expect((await as(t.app, otherAdmin).get(body.errorFileUrl)).statusCode).toBe(404);

    // A day later the file (it holds residents' rows) can no longer be fetched, and the next refused upload removes it.
    const id = String(body.errorFileUrl).split('/').pop()!;
    const aged = new Date(t.deps.clock.now().getTime() - ERROR_FILE_TTL_MS - 60_000);
    await t.deps.db.updateTable('import_error_files').set({ created_at: aged }).where('id', '=', id).execute();
    expect((await as(t.app, admin).get(body.errorFileUrl)).statusCode).toBe(404);
    const again = await upload(admin, await xlsx(rows), { fileName: 'district.xlsx' });
    expect(again.json().errorFileUrl).toMatch(/error-files/);
    expect(await t.deps.db.selectFrom('import_error_files').select('id').where('id', '=', id).executeTakeFirst()).toBeUndefined();
  });

  it('collects every row error and words them in English when asked', async () => {
    const rows = [
      { 街道: '三街道', 社区: '新社区', 小区类型: '商品房', 建成年份: 1850 },
      { ...home('1幢', '1单元', '101室'), 单元: undefined },
      home('1幢', '1单元', '101室', -3),
      home('1幢', '1单元', '101室', 80),
    ];
    const zh = (await upload(admin, await xlsx(rows))).json();
    expect(zh.errors.map((e: { row: number }) => e.row)).toEqual([2, 3, 4]);
    expect(zh.errors[0].message).toContain('小区不能为空');
    expect(zh.errors[0].message).toContain('建成年份');
    expect(zh.errors[1].message).toContain('缺少：单元');
    expect(zh.errors[2].message).toContain('专有面积');
    const en = (await upload(admin, await xlsx(rows), { lang: 'en-US,en;q=0.9' })).json();
    expect(en.message).toContain('3 rows');
    expect(en.errors[0].message).toContain('Compound is required');
  });

  it('reports duplicates and clashes with the tree (a compound code already used elsewhere)', async () => {
    const rows = [
      home('1幢', '1单元', '301室'),
      home('1幢', '1单元', '301室'),
      { ...compoundRow, 社区: '甲社区', 街道: '一街道', 小区: '新A', 小区编码: 'T-C' },
    ];
    const body = (await upload(admin, await xlsx(rows))).json();
    expect(body.errors).toEqual([{ row: 3, message: expect.stringContaining('与第 2 行重复') }]);
    const clash = (await upload(admin, await xlsx([rows[2]!]))).json();
    expect(clash.errors).toEqual([{ row: 2, message: expect.stringContaining('小区编码 T-C 已被「一街道 / 乙社区 / C小区」') }]);
  });

  it('refuses files that are not .xlsx with 415, and a sheet without the required columns with 422', async () => {
    const text = await upload(admin, Buffer.from('街道,社区\n一街道,甲社区\n'), { fileName: 'places.csv' });
    expect(text.statusCode).toBe(415);
    expect(text.json()).toMatchObject({ code: 'UNSUPPORTED_FILE' });
    expect(text.json().message).toContain('.xlsx');
    const renamed = await upload(admin, Buffer.from('not a zip at all'), { fileName: 'places.xlsx' });
    expect(renamed.statusCode).toBe(415);
    const noColumns = await upload(admin, await xlsx([{ 街道: '一街道' }], ['街道']));
    expect(noColumns.statusCode).toBe(422);
    expect(noColumns.json().errors[0].message).toContain('缺少必需的列：社区、小区');
    expect(noColumns.json().errorFileUrl).toBeUndefined();
  });

  it('refuses a caller without the permission (a commissioner) with 403', async () => {
    const res = await upload(commissioner, await xlsx(validRows));
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
  });
});

describe('limits and the CLI', () => {
  it('refuses a file over 10 MB with FILE_TOO_LARGE', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024 + 10, 0x20);
    big.write('PK\x03\x04', 0, 'latin1');
    const res = await upload(admin, big);
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('FILE_TOO_LARGE');
  });

  it('the CLI imports through the same code as the system, and writes refused rows beside the file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gz-import-'));
    const good = path.join(dir, 'good.xlsx');
    fs.writeFileSync(good, await xlsx([{ ...compoundRow, 街道: '四街道', 小区: '命令行小区', 小区编码: 'Q-CLI' }]));
    const ok = await importPlacesFromFile(t.deps.db, { file: good, districtCode: 'T-D', dryRun: false });
    expect(ok.ok && ok.summary.created).toMatchObject({ streets: 1, communities: 1, compounds: 1 });
    const audit = await t.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'cli.import_places').execute();
    expect(audit.map((a) => [a.actor_id, Number(a.district_id)])).toEqual([[null, tree.districtId]]);

    const bad = path.join(dir, 'bad.xlsx');
    fs.writeFileSync(bad, await xlsx([{ ...compoundRow, 建成年份: 1800 }]));
    const refused = await importPlacesFromFile(t.deps.db, { file: bad, dryRun: false });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.errorFile).toBe(`${bad}.errors.xlsx`);
    const sheet = (await readXlsx(fs.readFileSync(`${bad}.errors.xlsx`))).getWorksheet(PLACES_SHEET)!;
    expect(String(sheet.getRow(2).getCell(PLACE_COLUMNS.length + 1).value)).toContain('建成年份');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
