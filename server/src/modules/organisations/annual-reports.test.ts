import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers.ts';
import { call, ok, projectWorld, signInAgain, type World } from '../projects/projects-fixture.ts';
import { nextDeadlines } from './annual-reports.ts';

/**
 * 年报提醒 on the injected clock: a registered group gets one reminder 14 days before each deadline and one the
 * morning after an unfiled one, exactly once however often the timers run; a filed report gets none; the chain
 * lays out next year's deadlines by itself. Members are managed here too.
 */
let t: TestApp;
let w: World;
let orgId: number;
beforeAll(async () => {
  t = await buildTestApp();
  w = await projectWorld(t);
});
afterAll(() => t.close());

const at = async (iso: string) => {
  t.clock.set(new Date(iso));
  await signInAgain(t, w);
  await t.timers.runDue();
  await t.timers.runDue(); // a second run must send nothing more
};
const notices = async (personId: number, kind: string) =>
  (await t.deps.db.selectFrom('notifications').select(['title']).where('person_id', '=', personId).where('kind', '=', kind).execute()).map((n) => n.title);
type Detail = { annualReports: { id: number; deadline: string; addressee: string; filedOn: string | null; remindedBeforeAt: string | null; remindedOverdueAt: string | null }[]; members: { id: number }[] };

describe('annual-report reminders (年报提醒)', () => {
  it('computes the next deadlines in Beijing time', () => {
    expect(nextDeadlines(new Date('2027-03-31T15:59:00Z'))).toEqual([{ deadline: '2027-03-31', addressee: 'sponsor' }, { deadline: '2027-05-31', addressee: 'registrar' }]);
    expect(nextDeadlines(new Date('2027-03-31T16:00:00Z'))).toEqual([{ deadline: '2027-05-31', addressee: 'registrar' }, { deadline: '2028-03-31', addressee: 'sponsor' }]);
  });

  it('lays out the deadlines of a registered group, none for a filed one', async () => {
    await at('2027-03-01T02:00:00Z');
    const body = (name: string, status: string) => ({
      name, status, personInCharge: '刘会长', charter: '章程', categories: ['culture'], placeId: w.tree.places.C1!.id, placesServed: [w.tree.places.A!.id], registeredOn: status === 'registered' ? '2025-06-01' : null,
    });
    orgId = (await ok<{ id: number; annualReportDue: string[] }>(call(t, w.worker.session, 'POST', '/api/organisations', body('甲社区书画协会', 'registered')), 201)).id;
    const filed = await ok<{ id: number }>(call(t, w.worker.session, 'POST', '/api/organisations', body('甲社区广场舞队', 'filed')), 201);
    await ok(call(t, w.worker.session, 'POST', `/api/organisations/${orgId}/members`, { personId: w.orgStaffA.id }));
    const d = await ok<Detail>(call(t, w.worker.session, 'GET', `/api/organisations/${orgId}`));
    expect(d.annualReports.map((r) => [r.deadline, r.addressee])).toEqual([['2027-05-31', 'registrar'], ['2027-03-31', 'sponsor']]);
    expect((await ok<Detail>(call(t, w.worker.session, 'GET', `/api/organisations/${filed.id}`))).annualReports).toEqual([]);
  });

  it('reminds 14 days before, exactly once, the members and the community staff', async () => {
    await at('2027-03-16T23:00:00Z'); // 07:00 on 3/17 in Beijing: not yet
    expect(await notices(w.orgStaffA.id, 'organisation.annual_report_due')).toEqual([]);
    await at('2027-03-17T01:00:00Z');
    await at('2027-03-20T01:00:00Z');
    expect(await notices(w.orgStaffA.id, 'organisation.annual_report_due')).toEqual(['年报提醒：甲社区书画协会 须于 2027-03-31 前向业务主管单位报送年度工作报告']);
    expect(await notices(w.worker.id, 'organisation.annual_report_due')).toHaveLength(1);
    expect(await notices(w.orgStaffB.id, 'organisation.annual_report_due')).toEqual([]);
  });

  it('warns once when a deadline passes unfiled, and lays out next year', async () => {
    await at('2027-04-01T01:00:00Z');
    await at('2027-04-03T01:00:00Z');
    expect(await notices(w.orgStaffA.id, 'organisation.annual_report_overdue')).toEqual(['年报逾期：甲社区书画协会 未在 2027-03-31 前向业务主管单位报送年度工作报告']);
    const d = await ok<Detail>(call(t, w.worker.session, 'GET', `/api/organisations/${orgId}`));
    expect(d.annualReports.map((r) => r.deadline)).toEqual(['2028-03-31', '2027-05-31', '2027-03-31']);
    expect(d.annualReports.find((r) => r.deadline === '2027-03-31')).toMatchObject({ remindedBeforeAt: '2027-03-17T01:00:00.000Z', remindedOverdueAt: '2027-04-01T01:00:00.000Z' });
  });

  it('sends nothing for a report recorded as filed', async () => {
    const d = await ok<Detail>(call(t, w.worker.session, 'GET', `/api/organisations/${orgId}`));
    const may = d.annualReports.find((r) => r.deadline === '2027-05-31')!;
    expect((await call(t, w.orgStaffA.session, 'POST', `/api/organisations/${orgId}/annual-reports/${may.id}/filed`, { filedOn: '2027-05-08' })).statusCode).toBe(403);
    const filed = await ok<Detail>(call(t, w.worker.session, 'POST', `/api/organisations/${orgId}/annual-reports/${may.id}/filed`, { filedOn: '2027-05-08' }));
    expect(filed.annualReports.find((r) => r.id === may.id)!.filedOn).toBe('2027-05-08');
    expect((await call(t, w.worker.session, 'POST', `/api/organisations/${orgId}/annual-reports/${may.id}/filed`, { filedOn: '2027-05-09' })).statusCode).toBe(409);
    await at('2027-05-17T02:00:00Z');
    await at('2027-06-02T02:00:00Z');
    expect(await notices(w.orgStaffA.id, 'organisation.annual_report_due')).toHaveLength(1);
    expect(await notices(w.orgStaffA.id, 'organisation.annual_report_overdue')).toHaveLength(1);
  });

  it('adds and removes members; a removed member is no longer reminded', async () => {
    await ok(call(t, w.worker.session, 'POST', `/api/organisations/${orgId}/members`, { personId: w.orgStaffB.id }));
    const removed = await ok<Detail>(call(t, w.worker.session, 'DELETE', `/api/organisations/${orgId}/members/${w.orgStaffA.id}`));
    expect(removed.members.map((m) => m.id)).toEqual([w.orgStaffB.id]);
    expect((await call(t, w.worker.session, 'DELETE', `/api/organisations/${orgId}/members/${w.orgStaffA.id}`)).statusCode).toBe(404);
    expect((await call(t, w.orgStaffB.session, 'DELETE', `/api/organisations/${orgId}/members/${w.orgStaffB.id}`)).statusCode).toBe(403);
    // The removed member is no longer reminded.
    await at('2028-03-17T02:00:00Z');
    expect(await notices(w.orgStaffA.id, 'organisation.annual_report_due')).toHaveLength(1);
    expect(await notices(w.orgStaffB.id, 'organisation.annual_report_due')).toHaveLength(1);
  });
});
