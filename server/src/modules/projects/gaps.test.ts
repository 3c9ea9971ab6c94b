import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, type TestApp } from '../../../test/helpers.ts';
import { approvedProject, call, fundedPoolAndStreet, ok, projectWorld, signInAgain, twoOrganisations, type World } from './projects-fixture.ts';

/**
 * The parts of a project between the award and the evaluation that issue 6 still lacked: objections during the
 * public notice (公示异议) that hold the award until answered; progress reports with photos and the delivering
 * organisation's volunteering activities; residents' ratings computing the evaluation's residents component and
 * showing on the organisation's pages.
 */
let t: TestApp;
let w: World;
let orgs: { a: number; b: number };
let id: number;
let jpeg: Buffer;
beforeAll(async () => {
  t = await buildTestApp();
  w = await projectWorld(t);
  orgs = await twoOrganisations(t, w);
  await fundedPoolAndStreet(t, w, 10_000_000, 10_000_000);
  id = await approvedProject(t, w, '银龄探访', 4_000_000);
  jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c63' } }).jpeg().toBuffer();
});
afterAll(() => t.close());

const count = async (table: 'project_objections' | 'project_reports' | 'project_evaluations') =>
  Number((await t.deps.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

function upload(s: Session, projectId: number) {
  const boundary = '----gongzhi-report-boundary';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`;
  return t.app.inject({
    method: 'POST', url: `/api/projects/${projectId}/report-photos`,
    payload: Buffer.concat([Buffer.from(head), jpeg, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: s.cookie, 'x-csrf-token': s.csrf },
  });
}

type Objection = { id: number; reason: string; raisedBy: string | null; answer: string | null };
type Project = { status: string; round: { objections: Objection[] } | null; reports: { photos: { url: string }[]; activities: { id: number; title: string }[] }[]; residentsComponent: { score: number | null; count: number }; evaluations: { residentsScore: number; residentsRatings: number | null; score: number }[] };

describe('objections during the public notice (公示异议)', () => {
  it('are refused before the notice, taken during it, and hold the award until each is answered', async () => {
    const rubric = [{ key: 'plan', label: '方案', max: 100 }];
    await ok(call(t, w.worker.session, 'POST', `/api/projects/${id}/round`, { call: '征集探访方案', rubric }));
    const early = await call(t, w.resident.session, 'POST', `/api/projects/${id}/objections`, { reason: '还没有公示结果' });
    expect([early.statusCode, early.json().code]).toEqual([409, 'NOT_IN_NOTICE']);
    await ok(call(t, w.orgStaffA.session, 'POST', `/api/projects/${id}/round/applications`, { organisationId: orgs.a, proposal: '每周上门探访', amount: 4_000_000 }));
    await ok(call(t, w.orgStaffB.session, 'POST', `/api/projects/${id}/round/applications`, { organisationId: orgs.b, proposal: '每月集中活动', amount: 3_500_000 }));
    const scoring = await ok<{ round: { applications: { id: number; organisation: { id: number } }[] } }>(call(t, w.worker.session, 'POST', `/api/projects/${id}/round/close-call`));
    for (const [i, a] of scoring.round.applications.entries()) await ok(call(t, w.expert.session, 'POST', `/api/projects/${id}/round/applications/${a.id}/scores`, { scores: { plan: 80 - i * 10 } }));
    await ok(call(t, w.worker.session, 'POST', `/api/projects/${id}/round/notice`));

    const short = await call(t, w.resident.session, 'POST', `/api/projects/${id}/objections`, { reason: '不' });
    expect(short.statusCode).toBe(400);
    const mine = await ok<Objection>(call(t, w.resident.session, 'POST', `/api/projects/${id}/objections`, { reason: '中标组织去年的探访记录不全，请核实' }), 201);
    expect(mine).toMatchObject({ reason: '中标组织去年的探访记录不全，请核实', raisedBy: null, answer: null });
    await ok(call(t, w.outsider.session, 'POST', `/api/projects/${id}/objections`, { reason: '预算是否偏高？请说明' }), 201);
    const anonymous = await t.app.inject({ method: 'POST', url: `/api/projects/${id}/objections`, payload: { reason: '匿名异议不受理' } });
    expect(anonymous.statusCode).toBe(401);
    // Staff see who objected; the proposer was told at once.
    const staffView = await ok<Project>(call(t, w.worker.session, 'GET', `/api/projects/${id}`));
    expect(staffView.round!.objections.map((o) => o.raisedBy)).toEqual(['居民王', '外区居民']);
    const told = await t.deps.db.selectFrom('notifications').select('kind').where('person_id', '=', w.worker.id).where('kind', '=', 'project.objection').execute();
    expect(told).toHaveLength(2);

    t.clock.advance(5 * 86_400_000 + 1000);
    await signInAgain(t, w);
    const late = await call(t, w.resident.session, 'POST', `/api/projects/${id}/objections`, { reason: '公示期已过才提' });
    expect(late.json()).toMatchObject({ code: 'NOT_IN_NOTICE' });
    const blocked = await call(t, w.worker.session, 'POST', `/api/projects/${id}/round/award`);
    expect([blocked.statusCode, blocked.json().code]).toEqual([409, 'OBJECTIONS_UNANSWERED']);
    expect(blocked.json().message).toContain('2');
    expect((await ok<Project>(call(t, w.worker.session, 'GET', `/api/projects/${id}`))).status).toBe('procuring');

    const [first, second] = staffView.round!.objections;
    expect((await call(t, w.resident.session, 'POST', `/api/projects/${id}/objections/${first!.id}/answer`, { answer: '自己答复' })).statusCode).toBe(403);
    await ok(call(t, w.worker.session, 'POST', `/api/projects/${id}/objections/${first!.id}/answer`, { answer: '已核实：探访记录齐全，附 2026 年台账。' }));
    const twice = await call(t, w.worker.session, 'POST', `/api/projects/${id}/objections/${first!.id}/answer`, { answer: '再答一次' });
    expect(twice.json()).toMatchObject({ code: 'OBJECTION_ANSWERED' });
    expect((await call(t, w.worker.session, 'POST', `/api/projects/${id}/round/award`)).json()).toMatchObject({ code: 'OBJECTIONS_UNANSWERED' });
    await ok(call(t, w.worker.session, 'POST', `/api/projects/${id}/objections/${second!.id}/answer`, { answer: '预算按区定额标准编制。' }));
    const awarded = await ok<Project>(call(t, w.worker.session, 'POST', `/api/projects/${id}/round/award`));
    expect(awarded.status).toBe('awarded');
    const answered = await t.deps.db.selectFrom('notifications').select('kind').where('person_id', '=', w.resident.id).where('kind', '=', 'project.objection_answered').execute();
    expect(answered).toHaveLength(1);

    // The public page shows the objections and answers, without names.
    const pub = (await t.app.inject({ method: 'GET', url: `/api/public/projects/${id}` })).json() as { notice: { leading: string; open: boolean; objections: Objection[] } };
    expect(pub.notice).toMatchObject({ leading: '甲社区银龄互助社', open: false });
    expect(pub.notice.objections.map((o) => [o.raisedBy, o.answer])).toEqual([[null, '已核实：探访记录齐全，附 2026 年台账。'], [null, '预算按区定额标准编制。']]);
  });
});

describe('progress reports with photos and linked activities', () => {
  let own: number;
  let foreign: number;
  it('links the organisation’s own activities and the reporter’s photos, all or nothing', async () => {
    await ok(call(t, w.worker.session, 'POST', `/api/projects/${id}/allocations`, { mode: 'matched', amount: 4_000_000 }));
    await ok(call(t, w.worker.session, 'POST', `/api/projects/${id}/contract`, {
      startsOn: '2026-12-01', endsOn: '2027-11-30', amount: 4_000_000,
      tranches: [{ title: '首期', amount: 2_400_000, dueOn: '2026-12-15', afterEvaluation: false }, { title: '尾款', amount: 1_600_000, dueOn: '2027-11-30', afterEvaluation: true }],
    }));
    const activity = (title: string, organiser: number, org: string) => t.deps.db.insertInto('volunteer_activities').values({
      district_id: w.tree.districtId, title, content: '上门探访独居老人', place_id: w.tree.places.A!.id, place_path: w.tree.places.A!.path, address: 'A小区活动室',
      starts_at: new Date('2026-12-05T01:00:00Z'), ends_at: new Date('2026-12-05T04:00:00Z'), slots: 10, organiser_id: organiser, recording_org: org, skills_wanted: '[]', need: null, team_id: null,
    }).returning('id').executeTakeFirstOrThrow();
    own = (await activity('十二月结对探访', w.orgStaffA.id, '甲社区银龄互助社')).id;
    foreign = (await activity('乙组织的活动', w.orgStaffB.id, '乐龄公益服务中心')).id;
    const list = await ok<{ id: number }[]>(call(t, w.orgStaffA.session, 'GET', `/api/projects/${id}/organisation-activities`));
    expect(list.map((a) => a.id)).toEqual([own]);

    const photo = await ok<{ id: string; url: string }>(upload(w.orgStaffA.session, id), 201);
    expect((await upload(w.orgStaffB.session, id)).statusCode).toBe(403);
    // Before it is attached, only its uploader sees the photo.
    expect((await t.app.inject({ method: 'GET', url: photo.url })).statusCode).toBe(404);
    const reports = await count('project_reports');
    const wrong = await call(t, w.orgStaffA.session, 'POST', `/api/projects/${id}/reports`, { body: '本月探访', participants: 8, photoIds: [photo.id], activityIds: [foreign] });
    expect([wrong.statusCode, wrong.json().code]).toEqual([422, 'ACTIVITY_NOT_OF_ORGANISATION']);
    const ghost = await call(t, w.orgStaffA.session, 'POST', `/api/projects/${id}/reports`, { body: '本月探访', participants: 8, photoIds: ['no-such-photo-id'] });
    expect(ghost.json()).toMatchObject({ code: 'PHOTO_NOT_FOUND' });
    expect(await count('project_reports')).toBe(reports);

    const p = await ok<Project>(call(t, w.orgStaffA.session, 'POST', `/api/projects/${id}/reports`, { body: '十二月探访 20 户', participants: 26, photoIds: [photo.id], activityIds: [own] }));
    expect(p.reports[0]!.activities).toEqual([{ id: own, title: '十二月结对探访', startsAt: '2026-12-05T01:00:00.000Z' }]);
    expect(p.reports[0]!.photos).toEqual([{ id: photo.id, url: photo.url }]);
    // Attached to a report of a public project, the photo is public like the project page.
    const img = await t.app.inject({ method: 'GET', url: photo.url });
    expect([img.statusCode, img.headers['content-type']]).toEqual([200, 'image/jpeg']);
    const pub = (await t.app.inject({ method: 'GET', url: `/api/public/projects/${id}` })).json() as Project;
    expect(pub.reports[0]!.activities[0]!.title).toBe('十二月结对探访');
  });
});

describe('residents’ ratings in the evaluation and on the organisation', () => {
  it('computes the residents component from ratings, and asks for it when there are none', async () => {
    const none = await call(t, w.worker.session, 'POST', `/api/projects/${id}/evaluations`, { communityScore: 80, expertScore: 80 });
    expect([none.statusCode, none.json().code]).toEqual([422, 'RESIDENTS_SCORE_REQUIRED']);
    expect(await count('project_evaluations')).toBe(0);
    await ok(call(t, w.resident.session, 'POST', `/api/projects/${id}/ratings`, { stars: 4, comment: '探访很用心' }), 201);
    const before = await ok<Project>(call(t, w.worker.session, 'GET', `/api/projects/${id}`));
    expect(before.residentsComponent).toEqual({ score: 80, count: 1 });
    // A typed residents' score is not used when ratings exist.
    const e = await ok<Project>(call(t, w.worker.session, 'POST', `/api/projects/${id}/evaluations`, { residentsScore: 10, communityScore: 70, expertScore: 90 }));
    expect(e.evaluations.at(-1)).toMatchObject({ residentsScore: 80, residentsRatings: 1, score: Math.round(80 * 0.3 + 70 * 0.3 + 90 * 0.4) });
    expect(e.status).toBe('evaluated');

    const detail = await ok<{ ratings: { average: number; count: number; projects: number } }>(call(t, w.worker.session, 'GET', `/api/organisations/${orgs.a}`));
    expect(detail.ratings).toEqual({ average: 4, count: 1, projects: 1 });
    const pub = (await t.app.inject({ method: 'GET', url: `/api/public/organisations/${orgs.a}` })).json() as { ratings: unknown };
    expect(pub.ratings).toEqual({ average: 4, count: 1, projects: 1 });
    const other = (await t.app.inject({ method: 'GET', url: `/api/public/organisations/${orgs.b}` })).json() as { ratings: unknown };
    expect(other.ratings).toEqual({ average: null, count: 0, projects: 0 });
  });
});
