import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, buildTestApp, signIn, type Session, type TestApp } from '../../../test/helpers.ts';
import { createPerson, createTree, PASSWORD } from '../../../test/factories.ts';
import { approvedProject, call, fundedPoolAndStreet, ok, projectWorld, twoOrganisations } from '../projects/projects-fixture.ts';

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

  it('generates the projects, funds and deliberation minutes ledgers of a community from what the modules recorded', async () => {
    const w = await projectWorld(t);
    const p = w.tree.places;
    const funds = await fundedPoolAndStreet(t, w, 10_000_000, 5_000_000);
    const orgs = await twoOrganisations(t, w);
    const pid = await approvedProject(t, w, '楼道微更新', 3_000_000);
    await ok(call(t, w.worker.session, 'POST', `/api/projects/${pid}/allocations`, { mode: 'single', fundId: funds.pool, amount: 3_000_000 }));
    await ok(call(t, w.worker.session, 'POST', `/api/projects/${pid}/award-direct`, { organisationId: orgs.a }));
    await ok(call(t, w.worker.session, 'POST', `/api/projects/${pid}/contract`, {
      startsOn: '2026-12-01', endsOn: '2027-06-30', amount: 3_000_000,
      tranches: [{ title: '首期', amount: 1_500_000, dueOn: '2026-12-10', afterEvaluation: false }, { title: '尾款', amount: 1_500_000, dueOn: '2027-06-30', afterEvaluation: true }],
    }));
    await ok(call(t, w.worker.session, 'POST', `/api/projects/${pid}/tranches/1/pay`));

    const facilitator = await createPerson(t.deps, w.tree.districtId, '促动师周', [{ role: 'facilitator', place: p.C1! }]);
    const commissioner = await signIn(t.app, (await createPerson(t.deps, w.tree.districtId, '专员吴', [{ role: 'commissioner', place: p.A! }])).phone, PASSWORD);
    const topic = await ok<{ id: number }>(call(t, w.resident.session, 'POST', '/api/topics', { placeId: p.A!.id, title: '1幢加装电梯', body: '老人上下楼困难，希望加装电梯。' }), 201);
    const day = await ok<{ id: number; agenda: { id: number }[] }>(call(t, commissioner, 'POST', '/api/deliberation-days', {
      placeId: p.A!.id, title: 'A小区十一月公开议事日', startsAt: new Date(t.clock.now().getTime() + 3_600_000).toISOString(), location: 'A小区议事厅',
      facilitatorId: facilitator.id, topicIds: [topic.id], participants: [{ name: '居委冯', party: 'residents_committee', showName: true }, { name: '居民张', party: 'resident' }],
    }), 201);
    await ok(call(t, commissioner, 'PATCH', `/api/deliberation-days/${day.id}/agenda/${day.agenda[0]!.id}/minutes`, { discussion: '三方对加装费用分摊意见不一', resolution: '按楼层系数分摊，下月业主表决' }));

    const period = { placeId: p.C1!.id, from: '2026-11-01', to: '2026-11-30' };
    const pr = await exported(w.worker.session, { ledger: 'projects', ...period });
    expect(pr).toMatchObject({ status: 'done', rowsDone: 1, title: '项目台账' });
    const projectRows = (await sheetOf(w.worker.session, pr.downloadUrl)).rows;
    expect(projectRows[2]).toEqual(['编号', '申报时间', '实施地点', '项目名称', '类别', '状态', '审批层级', '预算（元）', '承接组织', '合同金额（元）', '已拨付（元）', '评估得分', '结项时间']);
    expect(projectRows[3]!.slice(2, 11)).toEqual(['A小区', '楼道微更新', 'elderly', '已签约', '社区', 30_000, '甲社区银龄互助社', 30_000, 15_000]);

    const fu = await exported(w.worker.session, { ledger: 'funds', ...period });
    const fundRows = (await sheetOf(w.worker.session, fu.downloadUrl)).rows;
    // The community's entries: the pool's allocation to the project at A and the first payment (the pool's own
    // appropriation is the district's, not the community's).
    expect(fundRows.slice(3).map((r) => [r[2], r[5]])).toEqual([['分配至项目', 30_000], ['项目拨付', 15_000]]);

    const mi = await exported(w.worker.session, { ledger: 'deliberation_minutes', ...period });
    const minuteRows = (await sheetOf(w.worker.session, mi.downloadUrl)).rows;
    expect(minuteRows).toHaveLength(4);
    expect(minuteRows[3]!.slice(2)).toEqual(['A小区', 'A小区十一月公开议事日', 'A小区议事厅', '促动师周', 2, '1幢加装电梯', '三方对加装费用分摊意见不一', '按楼层系数分摊，下月业主表决', '0/0', '已召开']);

    const pdf = await exported(w.worker.session, { ledger: 'deliberation_minutes', ...period, format: 'pdf' });
    expect(pdf).toMatchObject({ status: 'done', rowsDone: 1 });
    const file = await call(t, w.worker.session, 'GET', pdf.downloadUrl);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    // A worker of another district's community does not get them.
    expect((await as(t.app, otherWorker).post('/api/ledgers/exports', { ledger: 'funds', ...period })).statusCode).toBe(404);
  });
});
