import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, buildTestApp, signIn, type Session, type TestApp } from '../../../test/helpers.ts';
import { createPerson, createTree, PASSWORD } from '../../../test/factories.ts';
import { rebuildRollups, runRollups } from './rollup-job.ts';
import { OPEN_STATUSES } from '../requests/lifecycle.ts';
import { addHouseholds, addOwner, call as callAs, openSession } from '../votes/vote-fixture.ts';
import { approvedProject, call, fundedPoolAndStreet, ok, projectWorld, signInAgain, twoOrganisations } from '../projects/projects-fixture.ts';

let t: TestApp;
let tree: Awaited<ReturnType<typeof createTree>>;
const HOUR = 3600_000;
const DAY = 24 * HOUR;
let phones: Record<string, string>;
let residentIds: { A: number; B: number };
let categories: { id: number; code: string }[];

async function rollupRows(districtId = tree.districtId) {
  const { rows } = await sql<{ place_id: number; day: string; measure: string; value: number }>`
    select place_id, to_char(day, 'YYYY-MM-DD') as day, measure, value from cockpit_rollups
    where district_id = ${districtId} order by place_id, day, measure`.execute(t.deps.db);
  const { rows: gauges } = await sql<{ place_id: number; day: string; measure: string; value: number }>`
    select place_id, to_char(day, 'YYYY-MM-DD') as day, measure, value from cockpit_gauges
    where district_id = ${districtId} order by place_id, day, measure`.execute(t.deps.db);
  return [...rows, ...gauges.map((r) => ({ ...r, measure: `gauge ${r.measure}` }))].map((r) => `${r.place_id} ${r.day} ${r.measure} ${Number(r.value)}`);
}

/** The running gauge's value at the end of `day` (its latest row on or before it). */
async function gaugeAt(placeId: number, measure: string, day: string): Promise<number> {
  const { rows } = await sql<{ v: number }>`
    select value as v from cockpit_gauges where place_id = ${placeId} and measure = ${measure} and day <= ${day}::date order by day desc limit 1`.execute(t.deps.db);
  return Number(rows[0]?.v ?? 0);
}

async function total(placeId: number, measure: string): Promise<number> {
  const { rows } = await sql<{ v: number | null }>`select sum(value)::bigint as v from cockpit_rollups where place_id = ${placeId} and measure = ${measure}`.execute(t.deps.db);
  return Number(rows[0]?.v ?? 0);
}

beforeAll(async () => {
  t = await buildTestApp();
  t.clock.set(new Date('2026-10-01T01:00:00Z'));
  tree = await createTree(t.deps);
  const p = tree.places;
  const a = await createPerson(t.deps, tree.districtId, '居民张', [{ role: 'resident', place: p['A-h1']! }]);
  const b = await createPerson(t.deps, tree.districtId, '居民李', [{ role: 'resident', place: p['B-h1']! }]);
  residentIds = { A: a.id, B: b.id };
  phones = {
    residentA: a.phone,
    residentB: b.phone,
    commissioner: (await createPerson(t.deps, tree.districtId, '专员王', [{ role: 'commissioner', place: p.A! }, { role: 'commissioner', place: p.B!, local: true }])).phone,
    property: (await createPerson(t.deps, tree.districtId, '物业刘', [{ role: 'property_staff', place: p.A! }, { role: 'property_staff', place: p.B! }])).phone,
    worker: (await createPerson(t.deps, tree.districtId, '社工陈', [{ role: 'community_worker', place: p.C1! }])).phone,
  };
  const s = await signIn(t.app, phones.residentA!, PASSWORD);
  categories = (await as(t.app, s).get('/api/request-categories')).json();
});
afterAll(() => t.close());

describe('rollups', () => {
  it('a scripted month: the rollups kept by the job as it happened equal the ones rebuilt from the sources', async () => {
    const repairs = categories.find((c) => c.code === 'repairs')!.id;
    const other = categories.find((c) => c.code !== 'repairs')!.id;
    const open: { id: number; compound: 'A' | 'B'; age: number }[] = [];
    let raised = 0;
    let jobRuns = 0;
    for (let day = 0; day < 30; day++) {
      t.clock.set(new Date(Date.parse('2026-10-01T01:00:00Z') + day * DAY));
      const s: Record<string, Session> = {};
      for (const k of Object.keys(phones)) s[k] = await signIn(t.app, phones[k]!, PASSWORD);
      // Residents of two compounds raise 1–3 requests a day.
      for (let i = 0; i < 1 + (day % 3); i++) {
        const compound = i % 2 === 0 ? 'A' : 'B';
        const res = await as(t.app, s[compound === 'A' ? 'residentA' : 'residentB']!).post('/api/me/requests', {
          compoundId: tree.places[compound]!.id, categoryId: i === 2 ? other : repairs, type: i === 1 ? 'complaint' : 'help', description: `第${day}天第${i}件：楼道灯不亮`,
        });
        expect(res.statusCode, res.body).toBe(201);
        open.push({ id: res.json().id, compound, age: 0 });
        raised++;
      }
      // The commissioner works through yesterday's requests: most on time, every fifth left to go overdue.
      const c = as(t.app, s.commissioner!);
      for (const r of open.filter((o) => o.age === 1)) {
        if (r.id % 7 === 0) {
          expect((await as(t.app, s[r.compound === 'A' ? 'residentA' : 'residentB']!).post(`/api/me/requests/${r.id}/cancel`, {})).statusCode).toBe(200);
          continue;
        }
        if (r.id % 5 === 0) continue;
        expect((await c.post(`/api/requests/${r.id}/accept`, {})).statusCode).toBe(200);
        expect((await c.post(`/api/requests/${r.id}/assign`, {})).statusCode).toBe(200);
        const pr = as(t.app, s.property!);
        expect((await pr.post(`/api/requests/${r.id}/start`, {})).statusCode).toBe(200);
        expect((await pr.post(`/api/requests/${r.id}/resolve`, { note: '已更换灯泡' })).statusCode).toBe(200);
      }
      // Residents rate yesterday's resolutions, or reopen every third; reopened ones are resolved again a day later.
      for (const r of open.filter((o) => (o.age === 2 || o.age === 3) && o.id % 5 !== 0 && o.id % 7 !== 0)) {
        const resident = as(t.app, s[r.compound === 'A' ? 'residentA' : 'residentB']!);
        const pr = as(t.app, s.property!);
        if (r.age === 2 && r.id % 3 === 0) expect((await resident.post(`/api/me/requests/${r.id}/reopen`, { reason: '又坏了' })).statusCode).toBe(200);
        else if (r.age === 2) expect((await resident.post(`/api/me/requests/${r.id}/confirm`, { rating: 2 + (r.id % 4) })).statusCode).toBe(200);
        else if (r.id % 3 === 0) {
          expect((await pr.post(`/api/requests/${r.id}/start`, {})).statusCode).toBe(200);
          expect((await pr.post(`/api/requests/${r.id}/resolve`, { note: '换了整条线路' })).statusCode).toBe(200);
        }
      }
      // The overdue ones are resolved late, four days on; every third of those is reopened the day after.
      for (const r of open.filter((o) => (o.age === 4 || o.age === 5) && o.id % 5 === 0 && o.id % 7 !== 0)) {
        if (r.age === 4) {
          expect((await c.post(`/api/requests/${r.id}/accept`, {})).statusCode).toBe(200);
          expect((await c.post(`/api/requests/${r.id}/assign`, {})).statusCode).toBe(200);
          expect((await as(t.app, s.property!).post(`/api/requests/${r.id}/resolve`, { note: '迟了四天才修好' })).statusCode).toBe(200);
        } else if (r.id % 3 === 0) {
          expect((await as(t.app, s[r.compound === 'A' ? 'residentA' : 'residentB']!).post(`/api/me/requests/${r.id}/reopen`, { reason: '还是不亮' })).statusCode).toBe(200);
        }
      }
      // A wish posted for a resident every fourth day, approved by the community.
      if (day % 4 === 0) {
        const w = await c.post('/api/wishes', {
          compoundId: tree.places.A!.id, recipientId: residentIds.A, category: 'daily_goods', title: '一台收音机', description: '老人想听戏曲广播',
          valueFen: 5000, deadline: new Date(t.clock.now().getTime() + 20 * DAY).toISOString(),
        });
        expect(w.statusCode, w.body).toBe(201);
        expect((await as(t.app, s.worker!).post(`/api/wishes/${w.json().id}/review`, { decision: 'approve' })).statusCode).toBe(200);
      }
      for (const o of open) o.age++;
      // The SLA timers fire through the day; the rollup job runs at odd hours, some days not at all.
      t.clock.advance(10 * HOUR);
      await t.timers.runDue();
      if (day % 3 !== 2) {
        await runRollups(t.deps.db, t.clock);
        jobRuns++;
      }
      t.clock.advance(3 * HOUR);
      await t.timers.runDue();
    }
    await runRollups(t.deps.db, t.clock);
    // Running it again changes nothing: every row was counted once.
    const incremental = await rollupRows();
    expect((await runRollups(t.deps.db, t.clock)).applied).toBe(0);
    expect(await rollupRows()).toEqual(incremental);

    const D = tree.places.D!.id;
    expect(jobRuns).toBe(20);
    expect(await total(D, 'requests.raised')).toBe(raised);
    expect((await total(tree.places.A!.id, 'requests.raised')) + (await total(tree.places.B!.id, 'requests.raised'))).toBe(raised);
    expect(await total(tree.places.S1!.id, 'requests.raised')).toBe(raised);
    expect(await total(tree.places.S2!.id, 'requests.raised')).toBe(0);
    const overdue = await total(D, 'requests.overdue');
    expect(overdue).toBeGreaterThan(0);
    expect(await total(D, 'requests.reopened')).toBeGreaterThan(0);
    expect(await total(D, 'requests.resolved')).toBeGreaterThan(await total(D, 'requests.rated'));
    expect(await total(D, 'wishes.posted')).toBe(8);
    // The running backlog equals the requests still open, at the district and at each compound.
    const openNow = async (compound?: number) => Number((await sql<{ n: number }>`
      select count(*)::int as n from requests where district_id = ${tree.districtId} and status = any(${OPEN_STATUSES as unknown as string[]})
        and (${compound ?? null}::bigint is null or compound_id = ${compound ?? null})`.execute(t.deps.db)).rows[0]!.n);
    const today = new Date(t.clock.now().getTime() + 8 * HOUR).toISOString().slice(0, 10);
    expect(await openNow()).toBeGreaterThan(0);
    expect(await gaugeAt(D, 'requests.open', today)).toBe(await openNow());
    expect(await gaugeAt(tree.places.A!.id, 'requests.open', today)).toBe(await openNow(tree.places.A!.id));
    expect(await gaugeAt(tree.places.B!.id, 'requests.open', today)).toBe(await openNow(tree.places.B!.id));
    // … and on a day in the middle, the sum of the days up to it.
    expect(await gaugeAt(D, 'requests.open', '2026-10-15')).toBe(Number((await sql<{ v: number }>`
      select coalesce(sum(case when measure in ('requests.raised', 'requests.reopened') then value else -value end), 0)::bigint as v from cockpit_rollups
      where place_id = ${D} and day <= '2026-10-15' and measure in ('requests.raised', 'requests.reopened', 'requests.resolved', 'requests.cancelled', 'requests.merged')`.execute(t.deps.db)).rows[0]!.v));
    // Coverage: A has a commissioner, B a local one; C and E none.
    const { rows: cov } = await sql<{ measure: string; value: number }>`
      select measure, value from cockpit_rollups where place_id = ${D} and day = '2026-10-30' and measure like 'coverage.%' order by measure`.execute(t.deps.db);
    expect(Object.fromEntries(cov.map((r) => [r.measure, Number(r.value)]))).toEqual({
      'coverage.commissioners': 2, 'coverage.commissioners_local': 1, 'coverage.compounds': 4, 'coverage.covered': 2,
    });

    const rebuilt = await rebuildRollups(t.deps.db, t.clock, tree.districtId);
    expect(rebuilt.applied).toBeGreaterThan(raised);
    expect(await rollupRows()).toEqual(incremental);
    // The rebuild read every source up to its settled highest id, so the cursors start there with no list of
    // applied ids, and the next run finds nothing to do.
    const { rows: left } = await sql<{ n: number }>`select count(*)::int as n from cockpit_applied where district_id = ${tree.districtId}`.execute(t.deps.db);
    expect(left[0]!.n).toBe(0);
    expect((await runRollups(t.deps.db, t.clock)).applied).toBe(0);
    expect(await rollupRows()).toEqual(incremental);
  }, 240_000);

  it('projects, funds and deliberation: the job as it happened equals the rebuild, and the summary shows them', async () => {
    t.clock.set(new Date('2026-11-10T01:00:00Z'));
    const w = await projectWorld(t);
    const districtId = w.tree.districtId;
    const D = w.tree.places.D!.id;
    const funds = await fundedPoolAndStreet(t, w, 10_000_000, 5_000_000);
    const orgs = await twoOrganisations(t, w);
    const pid = await approvedProject(t, w, '楼道微更新', 3_000_000);
    await ok(call(t, w.worker.session, 'POST', `/api/projects/${pid}/allocations`, { mode: 'single', fundId: funds.pool, amount: 3_000_000 }));
    await ok(call(t, w.worker.session, 'POST', `/api/projects/${pid}/award-direct`, { organisationId: orgs.a }));
    await runRollups(t.deps.db, t.clock);

    t.clock.advance(DAY);
    await signInAgain(t, w);
    await ok(call(t, w.worker.session, 'POST', `/api/projects/${pid}/contract`, {
      startsOn: '2026-12-01', endsOn: '2027-06-30', amount: 3_000_000,
      tranches: [{ title: '首期', amount: 1_500_000, dueOn: '2026-12-10', afterEvaluation: false }, { title: '尾款', amount: 1_500_000, dueOn: '2027-06-30', afterEvaluation: true }],
    }));
    await ok(call(t, w.worker.session, 'POST', `/api/projects/${pid}/tranches/1/pay`));
    await ok(call(t, w.resident.session, 'POST', '/api/topics', { placeId: w.tree.places.A!.id, title: '1幢加装电梯', body: '老人上下楼困难，希望加装电梯。' }), 201);
    await runRollups(t.deps.db, t.clock);

    t.clock.advance(DAY);
    await signInAgain(t, w);
    await ok(call(t, w.worker.session, 'POST', `/api/projects/${pid}/evaluations`, { residentsScore: 88, communityScore: 85, expertScore: 80 }));
    await ok(call(t, w.worker.session, 'POST', `/api/projects/${pid}/tranches/2/pay`));
    await ok(call(t, w.resident.session, 'POST', '/api/topics', { placeId: w.tree.places.A!.id, title: '楼下增设充电桩', body: '电动车在楼道充电有火灾隐患。' }), 201);
    await runRollups(t.deps.db, t.clock);
    const incremental = await rollupRows(districtId);

    const sum = async (measure: string) => Number((await sql<{ v: number | null }>`select sum(value)::bigint as v from cockpit_rollups where place_id = ${D} and measure = ${measure}`.execute(t.deps.db)).rows[0]!.v ?? 0);
    expect(await sum('projects.proposed')).toBe(1);
    expect(await sum('projects.contracted')).toBe(1);
    expect(await sum('projects.contracted_fen')).toBe(3_000_000);
    expect(await sum('projects.evaluation_passed')).toBe(1);
    expect(await sum('funds.raised')).toBe(15_000_000);
    expect(await sum('funds.paid')).toBe(3_000_000);
    expect(await sum('deliberation.topics')).toBe(2);
    const today = new Date(t.clock.now().getTime() + 8 * HOUR).toISOString().slice(0, 10);
    // What the district's funds hold: 10,000,000 + 5,000,000 in, 3,000,000 allocated to the project.
    expect(await gaugeAt(D, 'funds.balance', today)).toBe(12_000_000);
    expect(await gaugeAt(w.tree.places.S1!.id, 'funds.balance', today)).toBe(5_000_000);

    const summary = await ok<{ headline: Record<string, unknown> }>(call(t, w.district.session, 'GET', `/api/cockpit/summary?placeId=${D}`));
    expect(summary.headline).toMatchObject({
      projectsProposed: 1, projectsContracted: 1, projectsEvaluated: 1, fundsRaisedFen: 15_000_000, fundsPaidFen: 3_000_000, fundsBalanceFen: 12_000_000,
      deliberationTopics: 2, organisations: { registered: 0, filed: 2, communityGuided: 0 },
    });

    await rebuildRollups(t.deps.db, t.clock, districtId);
    expect(await rollupRows(districtId)).toEqual(incremental);
  }, 240_000);

  it('conventions: adopted, filed and in force, kept by the job as they happen equal the rebuild, and the summary shows them', async () => {
    t.clock.set(new Date('2026-09-01T01:00:00Z'));
    const ctree = await createTree(t.deps);
    const p = ctree.places;
    const districtId = ctree.districtId;
    const staff = (await createPerson(t.deps, districtId, '专员孙', [{ role: 'commissioner', place: p.A! }])).id;
    const district = (await createPerson(t.deps, districtId, '区管理员吴', [{ role: 'district_admin', place: p.D! }])).id;
    const units = await addHouseholds(t.deps, districtId, p['A-u1']!, ['100.00', '90.00', '80.00']);
    const owners: number[] = [];
    for (let i = 0; i < 3; i++) owners.push(await addOwner(t.deps, districtId, `业主${i}`, [units[i]!]));
    const as2 = (id: number) => openSession(t.deps, districtId, id);
    const runVote = async (voteId: number) => {
      expect((await callAs(t.app, await as2(staff), 'POST', `/api/votes/${voteId}/announce`)).statusCode).toBe(200);
      t.clock.advance(15 * DAY);
      await runRollups(t.deps.db, t.clock);
      expect((await callAs(t.app, await as2(staff), 'POST', `/api/votes/${voteId}/open`)).statusCode).toBe(200);
      for (const o of owners) expect((await callAs(t.app, await as2(o), 'POST', `/api/me/votes/${voteId}/ballot`, { choice: 'for' })).statusCode).toBe(201);
      t.clock.advance(7 * DAY);
      expect((await callAs(t.app, await as2(staff), 'POST', `/api/votes/${voteId}/close`)).statusCode).toBe(200);
      expect((await callAs(t.app, await as2(staff), 'POST', `/api/votes/${voteId}/publish`)).statusCode).toBe(200);
    };
    // Two conventions of compound A; the first adopted, amended and adopted again, then filed; the second still a draft.
    const created = await callAs(t.app, await as2(staff), 'POST', '/api/conventions', { compoundId: p.A!.id, title: '小区公约', body: '第一条 养犬须牵绳。' });
    expect(created.statusCode, created.body).toBe(201);
    const cid = created.json().id;
    expect((await callAs(t.app, await as2(staff), 'POST', '/api/conventions', { compoundId: p.A!.id, title: '停车公约', body: '第一条 不占消防通道。' })).statusCode).toBe(201);
    const v1 = created.json().versions[0].id;
    const voted = await callAs(t.app, await as2(staff), 'POST', `/api/conventions/${cid}/versions/${v1}/vote`, { windowDays: 7 });
    await runVote(voted.json().versions[0].vote.id);
    // Reading the convention settles its vote: version 1 comes into force.
    expect((await callAs(t.app, await as2(staff), 'GET', `/api/conventions/${cid}`)).json().inForceVersionNo).toBe(1);
    await runRollups(t.deps.db, t.clock);
    t.clock.advance(DAY);
    const added = await callAs(t.app, await as2(staff), 'POST', `/api/conventions/${cid}/versions`, { body: '第一条 养犬须牵绳。\n第二条 电动自行车不得进楼入户。', changeNote: '增加电动自行车条款' });
    const v2 = added.json().versions[1].id;
    const voted2 = await callAs(t.app, await as2(staff), 'POST', `/api/conventions/${cid}/versions/${v2}/vote`, { windowDays: 7 });
    await runVote(voted2.json().versions[1].vote.id);
    expect((await callAs(t.app, await as2(staff), 'GET', `/api/conventions/${cid}`)).json().inForceVersionNo).toBe(2);
    t.clock.advance(DAY);
    expect((await callAs(t.app, await as2(staff), 'POST', `/api/conventions/${cid}/versions/${v2}/filings`)).statusCode).toBe(201);
    await runRollups(t.deps.db, t.clock);
    const incremental = await rollupRows(districtId);

    const D = p.D!.id;
    const sum = async (measure: string) => Number((await sql<{ v: number | null }>`select sum(value)::bigint as v from cockpit_rollups where place_id = ${D} and measure = ${measure}`.execute(t.deps.db)).rows[0]!.v ?? 0);
    expect([await sum('conventions.drafted'), await sum('conventions.adopted'), await sum('conventions.established'), await sum('conventions.filed')]).toEqual([2, 2, 1, 1]);
    const today = new Date(t.clock.now().getTime() + 8 * HOUR).toISOString().slice(0, 10);
    expect(await gaugeAt(D, 'conventions.in_force', today)).toBe(1);
    expect(await gaugeAt(p.A!.id, 'conventions.in_force', today)).toBe(1);
    expect(await gaugeAt(p.B!.id, 'conventions.in_force', today)).toBe(0);
    // In force from the day version 1 passed (the vote closed 22 days after it was announced), not before.
    expect(await gaugeAt(D, 'conventions.in_force', '2026-09-20')).toBe(0);

    const from = new Date(t.clock.now().getTime() - 60 * DAY + 8 * HOUR).toISOString().slice(0, 10);
    const res = await callAs(t.app, await as2(district), 'GET', `/api/cockpit/summary?placeId=${D}&from=${from}&to=${today}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().headline).toMatchObject({ conventionsAdopted: 2, conventionsFiled: 1, conventionsInForce: 1 });
    const s1 = res.json().children.find((c: { id: number }) => c.id === p.S1!.id);
    expect(s1.headline).toMatchObject({ conventionsAdopted: 2, conventionsFiled: 1, conventionsInForce: 1 });
    expect(res.json().totals['conventions.drafted']).toBe(2);

    await rebuildRollups(t.deps.db, t.clock, districtId);
    expect(await rollupRows(districtId)).toEqual(incremental);
  }, 240_000);
});
