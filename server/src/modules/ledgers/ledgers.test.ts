import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, buildTestApp, signIn, type Session, type TestApp } from '../../../test/helpers.ts';
import { createPerson, createTree, PASSWORD } from '../../../test/factories.ts';

let t: TestApp;
let tree: Awaited<ReturnType<typeof createTree>>;
let worker: Session;
let commissioner: Session;
let resident: Session;
let residentPhone: string;
let otherWorker: Session;

beforeAll(async () => {
  t = await buildTestApp();
  t.clock.set(new Date('2026-11-10T02:00:00Z'));
  tree = await createTree(t.deps);
  const p = tree.places;
  const mk = async (name: string, roles: Parameters<typeof createPerson>[3]) => {
    const person = await createPerson(t.deps, tree.districtId, name, roles);
    return { person, session: await signIn(t.app, person.phone, PASSWORD) };
  };
  worker = (await mk('社工陈', [{ role: 'community_worker', place: p.C1! }])).session;
  otherWorker = (await mk('社工刘', [{ role: 'community_worker', place: p.C3! }])).session;
  commissioner = (await mk('专员王', [{ role: 'commissioner', place: p.A! }])).session;
  const r = await mk('居民张三丰', [{ role: 'resident', place: p['A-h1']! }]);
  resident = r.session;
  residentPhone = r.person.phone;
  const categories = (await as(t.app, resident).get('/api/request-categories')).json();
  for (let i = 0; i < 3; i++) {
    const res = await as(t.app, resident).post('/api/me/requests', { compoundId: p.A!.id, categoryId: categories[i].id, type: 'help', description: `楼道第${i + 1}处灯不亮` });
    expect(res.statusCode).toBe(201);
  }
});
afterAll(() => t.close());

async function exported(s: Session, body: Record<string, unknown>) {
  const res = await as(t.app, s).post('/api/ledgers/exports', body);
  expect(res.statusCode, res.body).toBe(202);
  let e = res.json();
  for (let i = 0; i < 100 && (e.status === 'queued' || e.status === 'running'); i++) {
    await new Promise((r) => setTimeout(r, 100));
    e = (await as(t.app, s).get(`/api/ledgers/exports/${e.id}`)).json();
  }
  return e;
}

async function sheetOf(s: Session, url: string) {
  const res = await as(t.app, s).get(url);
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const rows: unknown[][] = [];
  ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return { rows, disposition: decodeURIComponent(String(res.headers['content-disposition']).split("''")[1]!) };
}

describe('ledgers (台账)', () => {
  it('generates the requests ledger of a community as .xlsx in the background, Chinese headers, names and phones masked', async () => {
    const e = await exported(worker, { ledger: 'requests', placeId: tree.places.C1!.id, from: '2026-11-01', to: '2026-11-30' });
    expect(e).toMatchObject({ status: 'done', rowsDone: 3, rowsTotal: 3, title: '诉求台账', reveal: false });
    const { rows, disposition } = await sheetOf(worker, e.downloadUrl);
    expect(disposition).toBe('甲社区-诉求台账-2026-11-01至2026-11-30.xlsx');
    expect(String(rows[0]![0])).toBe('甲社区 · 诉求台账');
    expect(rows[2]).toEqual(['编号', '提交时间', '小区', '类别', '类型', '渠道', '诉求内容', '居民', '联系电话', '状态', '受理时间', '办结时间', '是否超期', '评价（星）']);
    expect(rows).toHaveLength(6);
    const first = rows[3]!;
    expect(first[2]).toBe('A小区');
    expect(first[6]).toBe('楼道第1处灯不亮');
    expect(first[7]).toBe('居****');
    expect(first[8]).toBe(`${residentPhone.slice(0, 3)}****${residentPhone.slice(7)}`);
    expect(first[9]).toBe('待受理');
    // Audited.
    const audit = await t.deps.db.selectFrom('audit_log').select(['action', 'detail']).where('action', '=', 'ledger.export').execute();
    expect(audit).toHaveLength(1);
  });

  it('shows names and phones to a role that may see them when asked, and says so in the file', async () => {
    const e = await exported(commissioner, { ledger: 'requests', placeId: tree.places.A!.id, from: '2026-11-01', to: '2026-11-30', reveal: true });
    const { rows } = await sheetOf(commissioner, e.downloadUrl);
    expect(String(rows[1]![0])).toContain('含未遮蔽个人信息');
    expect(rows[3]![7]).toBe('居民张三丰');
    expect(rows[3]![8]).toBe(residentPhone);
  });

  it('renders a PDF with the Chinese font', async () => {
    const e = await exported(worker, { ledger: 'requests', placeId: tree.places.C1!.id, from: '2026-11-01', to: '2026-11-30', format: 'pdf' });
    expect(e.status).toBe('done');
    const res = await as(t.app, worker).get(e.downloadUrl);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(res.rawPayload.toString('latin1')).toContain('NotoSansCJK');
  });

  it('keeps the file to the person who asked, and the place to the asker\'s scope', async () => {
    const e = await exported(worker, { ledger: 'wishes', placeId: tree.places.C1!.id, from: '2026-11-01', to: '2026-11-30' });
    expect(e).toMatchObject({ status: 'done', rowsDone: 0 });
    expect((await as(t.app, otherWorker).get(e.downloadUrl)).statusCode).toBe(404);
    expect((await as(t.app, otherWorker).get(`/api/ledgers/exports/${e.id}`)).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: e.downloadUrl })).statusCode).toBe(401);
    expect((await as(t.app, otherWorker).post('/api/ledgers/exports', { ledger: 'requests', placeId: tree.places.C1!.id, from: '2026-11-01', to: '2026-11-30' })).statusCode).toBe(404);
    expect((await as(t.app, resident).post('/api/ledgers/exports', { ledger: 'requests', placeId: tree.places.A!.id, from: '2026-11-01', to: '2026-11-30' })).statusCode).toBe(403);
    const bad = await as(t.app, worker).post('/api/ledgers/exports', { ledger: 'requests', placeId: tree.places.C1!.id, from: '2026-11-30', to: '2026-11-01' });
    expect(bad.statusCode).toBe(400);
    expect((await as(t.app, worker).post('/api/ledgers/exports', { ledger: 'nonsense', placeId: tree.places.C1!.id, from: '2026-11-01', to: '2026-11-30' })).statusCode).toBe(400);
    expect((await as(t.app, worker).get('/api/ledgers/exports')).json().items.length).toBe(3);
  });
});
