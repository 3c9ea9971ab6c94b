// Browser tests for the call-and-response screens that had none: tri-party consultations (小区协商铃), proxy errands
// (代办), and the request page's dispute, merge, whistle + department report, and return-visit modals.
// Data the screens start from is made through the real API (as the demo people); every step under test is clicked.
import { randomUUID } from 'node:crypto';
import { DEMO, PASSWORD, asPerson, assert, expectNoSeriousAxe, shot } from './lib.mjs';

const PROPERTY_STAFF = '13800000009';
const DEPARTMENT_STAFF = '13800000010';
const mobile = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };

/** A signed-in API client for one demo person (cookie + CSRF token), for setting up data. */
async function apiAs(baseUrl, phone) {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone, password: PASSWORD }),
  });
  assert(login.ok, `login ${phone}: ${login.status}`);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const session = await login.json();
  const call = async (method, path, body, headers = {}) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': session.csrfToken, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await res.json().catch(() => null);
    assert(res.ok, `${method} ${path} as ${phone}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  return { session, get: (p) => call('GET', p), post: (p, b, h) => call('POST', p, b ?? {}, h), patch: (p, b) => call('PATCH', p, b) };
}

/** The commissioner raises a request on a resident's behalf (as on the phone) and, unless told otherwise, accepts it. */
async function raisedRequest(commissioner, text, { accept = true, categoryId } = {}) {
  const compoundId = commissioner.session.roles.find((r) => r.role === 'commissioner').placeId;
  const categories = await commissioner.get('/api/request-categories');
  const category = categoryId ?? categories.find((c) => c.active && c.code === 'repairs')?.id ?? categories.find((c) => c.active).id;
  const r = await commissioner.post(
    '/api/requests',
    { compoundId, categoryId: category, type: 'help', description: text, urgency: 'normal', photoIds: [], channel: 'phone' },
    { 'idempotency-key': randomUUID() },
  );
  if (accept) await commissioner.post(`/api/requests/${r.id}/accept`, {});
  return r.id;
}


const timelineHas = (page, text) => page.locator('.ant-timeline').getByText(text, { exact: true }).first().waitFor();

export const consultationTests = [
  {
    name: 'call and response: the commissioner convenes a tri-party consultation and records who came and the outcome',
    fn: async ({ page, context, baseUrl }) => {
      const commissioner = await apiAs(baseUrl, DEMO.commissioner);
      const id = await raisedRequest(commissioner, `小区东门停车位划线纠纷 e2e-${Date.now()}`);
      await context.request.post('/api/auth/login', { data: { phone: DEMO.commissioner, password: PASSWORD } });
      await page.goto(`/requests/${id}`);
      const card = page.locator('.ant-card').filter({ has: page.getByText('三方协商（小区协商铃）', { exact: true }) });
      await card.getByText('尚未召集三方协商').waitFor();
      await card.getByRole('button', { name: '召集协商' }).click();
      let dialog = page.getByRole('dialog', { name: '召集协商' });
      await dialog.getByRole('button', { name: '提交' }).click();
      await dialog.getByText('请至少邀请一方').waitFor();
      await dialog.getByRole('checkbox', { name: '居委会' }).check();
      await dialog.getByRole('checkbox', { name: '物业' }).check();
      // The compound has either an owners' or a self-management committee; only that one is offered.
      const committees = dialog.getByRole('checkbox', { name: /^(业委会|自管会)$/ });
      await committees.first().waitFor();
      assert((await committees.count()) === 1, 'exactly one committee is offered');
      await committees.first().check();
      await dialog.getByLabel('说明（地点、议题等，随邀请发送）').fill('小区议事厅，带上停车位图纸');
      await shot(page, 'workbench-consultation-convene');
      await dialog.getByRole('button', { name: '提交' }).click();
      await dialog.waitFor({ state: 'detached' });
      await card.getByText('待协商').waitFor();
      await card.getByText('小区议事厅，带上停车位图纸').waitFor();
      await timelineHas(page, '召集三方协商');

      await card.getByRole('button', { name: '记录协商结果' }).click();
      dialog = page.getByRole('dialog', { name: '记录协商结果' });
      await dialog.getByRole('checkbox', { name: '物业' }).uncheck();
      await dialog.getByRole('button', { name: '提交' }).click();
      await dialog.getByText('请填写协商结果').waitFor();
      await dialog.getByLabel('协商结果').fill('重新划线需业主共同决定，提交公开议事日讨论');
      await dialog.getByRole('switch', { name: '提交公开议事' }).click();
      await dialog.getByRole('button', { name: '提交' }).click();
      await dialog.waitFor({ state: 'detached' });
      await card.getByText('已结束').waitFor();
      await card.getByText('已转公开议事').waitFor();
      await card.getByText(/未到场：物业/).waitFor();
      await timelineHas(page, '三方协商结束');
      const list = await commissioner.get(`/api/requests/${id}/consultations`);
      const c = list.items[0];
      assert(c.status === 'closed' && c.toDeliberation === true && !c.attended.includes('property') && c.attended.includes('residents_committee'), `stored: ${JSON.stringify(c)}`);
      await shot(page, 'workbench-consultation-closed');
      await expectNoSeriousAxe(page, 'request page with consultations');
    },
  },
  {
    name: 'call and response: an errand is registered for a resident in a special group, its checklist ticked, trips counted, and finished',
    fn: async ({ page, context, baseUrl }) => {
      const commissioner = await apiAs(baseUrl, DEMO.commissioner);
      const compoundId = commissioner.session.roles.find((r) => r.role === 'commissioner').placeId;
      // Find a resident the errand can serve; revealing the flags is audited like any reveal.
      let eligible = null;
      for (let pageNo = 1; !eligible && pageNo <= 10; pageNo++) {
        const people = await commissioner.get(`/api/people?placeId=${compoundId}&pageSize=100&page=${pageNo}`);
        for (const p of people.items.filter((x) => x.roles.some((r) => r.role === 'owner' || r.role === 'resident'))) {
          const { flags } = await commissioner.post(`/api/people/${p.id}/reveal`, { fields: ['flags'], reason: '代办资格核对（浏览器测试）' });
          if (flags && (flags.elderlyAlone || flags.disability || flags.lowIncome)) {
            eligible = p;
            break;
          }
        }
        if (people.items.length < 100) break;
      }
      assert(eligible, 'no resident in a special group in the demo compound');

      await context.request.post('/api/auth/login', { data: { phone: DEMO.commissioner, password: PASSWORD } });
      await page.goto('/errands');
      await page.getByRole('heading', { name: '代办服务' }).waitFor();
      await page.getByText('最多跑一次比例').first().waitFor();
      await page.getByRole('button', { name: '登记代办' }).click();
      await page.getByRole('heading', { name: '登记代办' }).waitFor();
      await page.getByRole('button', { name: '提交' }).click();
      await page.getByText('请选择小区').waitFor();
      await page.getByText('请选择居民').waitFor();
      await shot(page, 'workbench-errand-new-invalid');
      await expectNoSeriousAxe(page, 'new errand');

      const compoundName = commissioner.session.roles.find((r) => r.role === 'commissioner').placeName;
      await page.getByLabel('小区').fill(compoundName);
      await page.locator('.ant-select-item-option').filter({ hasText: compoundName }).first().click();
      await page.getByLabel('服务对象').fill(eligible.name);
      await page.locator('.ant-select-item-option').filter({ hasText: `${eligible.name} · ${eligible.phoneMasked}` }).first().click();
      const title = `高龄津贴申领 e2e-${Date.now()}`;
      await page.getByLabel('代办事项').fill(title);
      await page.getByLabel('清单 1').fill('身份证和户口本复印件');
      await page.getByLabel('清单 2').fill('到街道便民服务中心递交申请');
      await shot(page, 'workbench-errand-new');
      await page.getByRole('button', { name: '提交' }).click();
      await page.getByRole('heading', { name: /^代办 #\d+/ }).waitFor();
      const errandId = Number(new URL(page.url()).pathname.split('/').pop());
      await page.getByText('0/2 项').waitFor();
      assert(await page.getByRole('button', { name: '办结' }).isDisabled(), 'done is offered before the checklist is complete');

      // The boxes show the server's answer: click, then wait for the count to move.
      await page.getByRole('checkbox', { name: '身份证和户口本复印件' }).click();
      await page.getByText('1/2 项').waitFor();
      await page.getByRole('checkbox', { name: '到街道便民服务中心递交申请' }).click();
      await page.getByText('2/2 项').waitFor();
      for (let trip = 1; trip <= 2; trip++) {
        await page.getByRole('button', { name: '居民又跑了一趟' }).click();
        // Confirm in the popover that is open now (a closed one stays in the page), and wait for it to close:
        // a click that lands while it is still opening is repeated rather than lost (it flaked in CI).
        const open = page.locator('.ant-popconfirm:not(.ant-popover-hidden)');
        for (let attempt = 0; attempt < 3 && (await open.count()) > 0; attempt++) {
          await open.getByRole('button', { name: '确定' }).click();
          await open.waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
        }
        await page.getByText(`${trip} 次`, { exact: false }).first().waitFor();
      }
      await page.getByText('已超过“最多跑一次”：居民本人跑了 2 次').waitFor();
      await shot(page, 'workbench-errand-trips-exceeded');
      await expectNoSeriousAxe(page, 'errand detail');
      await page.getByRole('button', { name: '办结' }).click();
      await page.locator('.ant-tag').filter({ hasText: '已办结' }).waitFor();
      await page.getByText('该代办已办结，不能再修改').waitFor();
      const stored = await commissioner.get(`/api/errands/${errandId}`);
      assert(stored.status === 'done' && stored.residentTrips === 2 && stored.checklistDone === 2, `stored errand: ${JSON.stringify(stored)}`);
      await shot(page, 'workbench-errand-done');

      await page.goto('/errands');
      await page.getByRole('button', { name: '重置' }).waitFor();
      await page.getByLabel('状态').click();
      await page.locator('.ant-select-item-option').filter({ hasText: '已办结' }).click();
      await page.getByRole('button', { name: '搜索' }).click();
      await page.getByRole('link', { name: title }).waitFor();
      await shot(page, 'workbench-errands');
      await expectNoSeriousAxe(page, 'errands list');

      // The demo resident's H5 "我的代办" (they are not in a special group: the empty state says whom to ask).
      await asPerson(context.browser(), baseUrl, DEMO.resident, mobile, async (p) => {
        await p.goto('/h5/errands');
        await p.getByRole('heading', { name: '我的代办' }).waitFor();
        await p.getByText(/暂时没有为您代办的事项|为您代办/).first().waitFor();
        await shot(p, 'h5-my-errands');
        await expectNoSeriousAxe(p, 'h5 my errands');
      });
    },
  },
  {
    name: 'call and response: the property company disputes its routing; the commissioner merges a duplicate',
    fn: async ({ page, context, baseUrl }) => {
      const commissioner = await apiAs(baseUrl, DEMO.commissioner);
      const disputed = await raisedRequest(commissioner, `电梯异响，派错了单位 e2e-${Date.now()}`);
      await commissioner.post(`/api/requests/${disputed}/assign`, { party: 'property' });
      await asPerson(context.browser(), baseUrl, PROPERTY_STAFF, {}, async (p) => {
        await p.goto(`/requests/${disputed}`);
        await p.getByRole('button', { name: '派单异议' }).click();
        const dialog = p.getByRole('dialog', { name: '派单异议' });
        await dialog.getByRole('button', { name: '提交' }).click();
        await dialog.getByText('请填写原因').waitFor();
        await dialog.getByLabel('原因').fill('该电梯由维保公司负责，不属物业合同范围');
        await shot(p, 'workbench-request-dispute');
        await dialog.getByRole('button', { name: '提交' }).click();
        await dialog.waitFor({ state: 'detached' });
      });
      const afterDispute = await commissioner.get(`/api/requests/${disputed}`);
      assert(afterDispute.status === 'accepted' && afterDispute.timeline.some((e) => e.kind === 'disputed' || e.kind === 'dispute'), `after dispute: ${afterDispute.status}`);
      await context.request.post('/api/auth/login', { data: { phone: DEMO.commissioner, password: PASSWORD } });
      await page.goto(`/requests/${disputed}`);
      await timelineHas(page, '派单异议');
      await page.getByText('该电梯由维保公司负责，不属物业合同范围').waitFor();
      await shot(page, 'workbench-request-disputed');

      const original = await raisedRequest(commissioner, `3幢楼道积水 e2e-${Date.now()}`, { accept: false });
      const duplicate = await raisedRequest(commissioner, `3幢楼道有积水（重复） e2e-${Date.now()}`, { accept: false });
      await page.goto(`/requests/${duplicate}`);
      await page.getByRole('button', { name: '合并' }).click();
      const dialog = page.getByRole('dialog', { name: '合并' });
      await dialog.getByLabel('合并到诉求编号').fill(String(duplicate));
      await dialog.getByRole('button', { name: '提交' }).click();
      await dialog.locator('.ant-form-item-explain-error').first().waitFor();
      await dialog.getByLabel('合并到诉求编号').fill(String(original));
      await shot(page, 'workbench-request-merge');
      await dialog.getByRole('button', { name: '提交' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.locator('.ant-tag').filter({ hasText: '已合并' }).first().waitFor();
      const merged = await commissioner.get(`/api/requests/${duplicate}`);
      assert(merged.status === 'merged' && merged.mergedInto === original, `merged: ${merged.status} into ${merged.mergedInto}`);
      await page.getByRole('link', { name: `编号 ${original}` }).waitFor();
      await shot(page, 'workbench-request-merged');
      await expectNoSeriousAxe(page, 'merged request');
    },
  },
  {
    name: 'call and response: the street whistles two departments; one reports (acknowledge, then action)',
    fn: async ({ context, baseUrl }) => {
      const commissioner = await apiAs(baseUrl, DEMO.commissioner);
      const id = await raisedRequest(commissioner, `占道经营堵住消防通道 e2e-${Date.now()}`);
      await asPerson(context.browser(), baseUrl, DEMO.streetAdmin, {}, async (p) => {
        await p.goto(`/requests/${id}`);
        await p.getByRole('button', { name: '吹哨' }).click();
        const dialog = p.getByRole('dialog', { name: '吹哨' });
        await dialog.getByRole('button', { name: '提交' }).click();
        await dialog.locator('.ant-form-item-explain-error').first().waitFor();
        // Type to narrow the list, then Enter: steadier than clicking options while the list animates.
        for (const [typed, name] of [['城管', '城管执法局'], ['消防', '消防救援大队']]) {
          await dialog.getByLabel('点名部门').fill(typed);
          await p.locator('.ant-select-item-option-active').filter({ hasText: name }).waitFor();
          await p.keyboard.press('Enter');
          await dialog.locator('.ant-select-selection-item').filter({ hasText: name }).waitFor();
        }
        await dialog.getByLabel('原因').fill('占道经营堵塞消防通道，需城管和消防联合处置');
        await dialog.getByLabel('原因').click(); // closes the department list
        await shot(p, 'workbench-request-whistle');
        await dialog.getByRole('button', { name: '提交' }).click();
        await dialog.waitFor({ state: 'detached' });
        await p.getByRole('cell', { name: '城管执法局' }).waitFor();
        await p.getByRole('cell', { name: '消防救援大队' }).waitFor();
        await timelineHas(p, '街道吹哨');
        await shot(p, 'workbench-request-whistled');
      });
      await asPerson(context.browser(), baseUrl, DEPARTMENT_STAFF, {}, async (p) => {
        await p.goto(`/requests/${id}`);
        await p.getByRole('button', { name: '报到', exact: true }).click();
        await p.getByText(/^已报到/).waitFor();
        await p.getByRole('button', { name: '填写处置情况' }).click();
        await p.getByText('请填写处置情况').waitFor();
        await p.getByLabel('处置情况').fill('已现场劝离摊位，通道恢复畅通');
        await p.getByRole('button', { name: '填写处置情况' }).click();
        await p.getByText(/^已处置/).waitFor();
        await timelineHas(p, '部门处置');
        await shot(p, 'workbench-request-department-reported');
        await expectNoSeriousAxe(p, 'department report on a request');
      });
      const r = await commissioner.get(`/api/requests/${id}`);
      const mine = r.departmentReports.find((d) => d.departmentName === '城管执法局');
      const other = r.departmentReports.find((d) => d.departmentName === '消防救援大队');
      assert(mine?.acknowledgedAt && mine.actedAt && mine.actionNote === '已现场劝离摊位，通道恢复畅通', `城管 report: ${JSON.stringify(mine)}`);
      assert(other && !other.acknowledgedAt, `消防 report: ${JSON.stringify(other)}`);
    },
  },
  {
    name: 'call and response: when the deadline comes the commissioner records the return visit (回访)',
    fn: async ({ page, context, baseUrl }) => {
      // A category whose limits run out in a minute of calendar time, so the deadline (and its return visit) comes now.
      const admin = await apiAs(baseUrl, DEMO.districtAdmin);
      const code = `e2e_visit_${Date.now().toString(36)}`;
      const category = await admin.post('/api/request-categories', {
        code, nameZh: '回访测试', nameEn: 'Return visit test', defaultParty: 'property', responseMinutes: 1, resolutionMinutes: 1, workingTime: false,
      });
      const commissioner = await apiAs(baseUrl, DEMO.commissioner);
      const id = await raisedRequest(commissioner, `单元门禁坏了 e2e-${Date.now()}`, { categoryId: category.id });
      // Retire the category again so the demo's forms do not offer it.
      await admin.patch(`/api/request-categories/${category.id}`, { active: false });
      // Waited out in real time: moving the shared server's clock would put it ahead of the browser's (the page offers
      // the visit by the browser's clock) and of the TOTP codes later tests compute.
      const until = Date.now() + 150_000; // one minute, plus the 5 s timer poll, on a loaded machine
      for (;;) {
        const r = await commissioner.get(`/api/requests/${id}`);
        if (r.returnVisit) break;
        assert(Date.now() < until, 'the return visit did not come due');
        await new Promise((res) => setTimeout(res, 3000));
      }
      await context.request.post('/api/auth/login', { data: { phone: DEMO.commissioner, password: PASSWORD } });
      await page.goto(`/requests/${id}`);
      await page.getByRole('button', { name: '记录回访' }).click();
      const dialog = page.getByRole('dialog', { name: '记录回访' });
      await dialog.getByRole('radio', { name: '否' }).check();
      await dialog.getByLabel('备注（选填）').fill('居民说门禁仍时好时坏，已再次联系物业');
      await shot(page, 'workbench-request-return-visit');
      await dialog.getByRole('button', { name: '提交' }).click();
      await dialog.waitFor({ state: 'detached' });
      await timelineHas(page, '回访');
      await page.locator('.ant-timeline').getByText(/居民是否满意：否/).waitFor();
      await page.getByText(/^已回访：/).first().waitFor();
      const r = await commissioner.get(`/api/requests/${id}`);
      assert(r.returnVisit.doneAt && r.returnVisit.reached === true && r.returnVisit.satisfied === false, `visit: ${JSON.stringify(r.returnVisit)}`);
      assert((await page.getByRole('button', { name: '记录回访' }).count()) === 0, 'the return visit is still offered after it was recorded');
      await shot(page, 'workbench-request-return-visit-done');
      await expectNoSeriousAxe(page, 'request after return visit');
    },
  },
];
