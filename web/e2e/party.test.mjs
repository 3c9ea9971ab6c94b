import { DEMO, PASSWORD, asPerson, assert, expectNoSeriousAxe, shot } from './lib.mjs';

// The party side (双报到, 大党委, 联点, reports), micro-charity (the ledger and its public page) and survey → demand,
// in real browsers, one person per context, against the seeded demo district.
const mobile = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };
const desk = { viewport: { width: 1440, height: 900 } };
const RESIDENT_NAME = '居民业主（演示）';

/** Signed-in API calls for setting up what a test needs (CSRF token from the login answer). */
async function withApi(browser, baseUrl, phone, fn) {
  const context = await browser.newContext({ baseURL: baseUrl });
  try {
    const res = await context.request.post('/api/auth/login', { data: { phone, password: PASSWORD } });
    assert(res.ok(), `login ${phone}: ${res.status()}`);
    const { csrfToken } = await res.json();
    const post = async (url, data) => {
      const r = await context.request.post(url, { data, headers: { 'x-csrf-token': csrfToken } });
      assert(r.ok(), `${url}: ${r.status()} ${await r.text()}`);
      return r.json();
    };
    return await fn({ post, get: async (url) => (await context.request.get(url)).json() });
  } finally {
    await context.close();
  }
}

export const partyTests = [
  {
    name: 'party: a resident registers (双报到) on the H5 with consent, the worker approves, and the member sees their record and claims a task',
    context: mobile,
    fn: async ({ context, baseUrl }) => {
      const browser = context.browser();
      // 1. The resident registers at home; without the consent it is refused on the page.
      await asPerson(browser, baseUrl, DEMO.resident, mobile, async (page) => {
        await page.goto('/h5/services');
        await page.getByRole('link', { name: /双报到/ }).click();
        await page.getByRole('heading', { name: '在职党员双报到' }).waitFor();
        await page.getByText('区税务局').click();
        await page.getByRole('textbox', { name: '所在党支部' }).fill('区税务局第二党支部');
        await page.getByRole('button', { name: '提交报到' }).click();
        await page.getByText('党员身份属于敏感个人信息，请先勾选同意再提交。').waitFor();
        await shot(page, 'party-h5-register');
        await expectNoSeriousAxe(page, 'H5 双报到 form');
        await page.getByText(/我同意社区为“双报到”目的处理/).click();
        await page.getByRole('button', { name: '提交报到' }).click();
        await page.getByTestId('party-status').getByText('待确认').waitFor();
        await shot(page, 'party-h5-pending');
      });

      // 2. The community worker sees it (audited), approves it; the units, tasks, links and reports show the committee.
      await asPerson(browser, baseUrl, DEMO.communityWorker, desk, async (page) => {
        await page.goto('/party?tab=units');
        await page.getByRole('heading', { name: '党建引领 · 大党委' }).waitFor();
        await page.locator('tr', { hasText: '国网示范区供电公司' }).waitFor();
        // A unit that is already in: a clear refusal, nothing added.
        await page.getByRole('button', { name: '单位加入大党委' }).click();
        const dialog = page.getByRole('dialog');
        await dialog.getByRole('button', { name: /保\s*存/ }).click();
        await dialog.getByText('请选择社区').first().waitFor();
        await dialog.getByLabel('社区').click();
        await page.locator('.ant-select-item-option').first().click();
        await dialog.getByLabel('单位名称').fill('区税务局');
        await dialog.getByLabel('单位类别').click();
        await page.getByTitle('机关').click();
        await dialog.getByRole('button', { name: /保\s*存/ }).click();
        await page.getByText('该社区大党委已有成员单位“区税务局”，不能重复加入。').waitFor();
        await dialog.getByRole('button', { name: /取\s*消/ }).click();
        await shot(page, 'party-workbench-units');
        await expectNoSeriousAxe(page, 'workbench party units');

        await page.getByRole('tab', { name: '双报到党员' }).click();
        const row = page.locator('tr', { hasText: RESIDENT_NAME });
        await row.waitFor();
        assert((await row.innerText()).includes('区税务局第二党支部'), 'the branch is listed');
        await shot(page, 'party-workbench-members');
        await expectNoSeriousAxe(page, 'workbench party members');
        await row.getByRole('button', { name: '确认报到' }).click();
        await page.locator('tr', { hasText: RESIDENT_NAME }).waitFor({ state: 'detached' });

        await page.getByRole('tab', { name: '认领任务' }).click();
        await page.locator('tr', { hasText: '周末社区服务站值班' }).waitFor();
        await shot(page, 'party-workbench-tasks');
        await expectNoSeriousAxe(page, 'workbench party tasks');

        await page.getByRole('tab', { name: '联点', exact: true }).click();
        await page.locator('tr', { hasText: '周建国（演示区领导）' }).waitFor();
        await shot(page, 'party-workbench-liaisons');

        await page.getByRole('tab', { name: '报表' }).click();
        const pane = page.getByRole('tabpanel');
        await pane.locator('.ant-table', { hasText: '区税务局' }).waitFor({ timeout: 10_000 }).catch(async (e) => {
          await shot(page, 'FAILED-party-report');
          throw e;
        });
        const text = await pane.innerText();
        assert(!text.includes(RESIDENT_NAME), 'the report names nobody');
        assert(text.includes('其他单位（未加入本社区大党委）'), 'members of other units are a row of their own');
        await shot(page, 'party-workbench-report');
        await expectNoSeriousAxe(page, 'workbench party report');
      });

      // 3. The member sees the approval, their record, and claims a task of the community.
      await asPerson(browser, baseUrl, DEMO.resident, mobile, async (page) => {
        await page.goto('/h5/party');
        await page.getByTestId('party-status').getByText('已确认').waitFor();
        const task = page.locator('.adm-card', { hasText: '老旧小区楼道清理' });
        await task.getByRole('button', { name: '认领' }).click();
        await task.getByText('已认领').first().waitFor();
        await shot(page, 'party-h5-record');
        await expectNoSeriousAxe(page, 'H5 party record');
      });

      // 4. A 联点 leader follows the demonstration community: counts only.
      await asPerson(browser, baseUrl, DEMO.districtAdmin, desk, async (page) => {
        await page.goto('/party?tab=follow');
        await page.getByText(/区委组织部（演示）/).waitFor();
        const text = await page.getByRole('tabpanel').innerText();
        assert(!text.includes(RESIDENT_NAME), 'the leader sees no member name');
        await shot(page, 'party-workbench-follow');
      });
    },
  },
  {
    name: 'party/charity: the ledger refuses a disbursement beyond what came in, records a receipt, and the public page names only consenting donors',
    context: desk,
    fn: async ({ context, baseUrl }) => {
      const browser = context.browser();
      let driveUrl;
      await asPerson(browser, baseUrl, DEMO.communityWorker, desk, async (page) => {
        await page.goto('/charity');
        await page.getByRole('heading', { name: '微公益' }).waitFor();
        await page.locator('tr', { hasText: '助学微公益' }).waitFor();
        await shot(page, 'charity-workbench-drives');
        await expectNoSeriousAxe(page, 'workbench charity drives');
        await page.getByRole('link', { name: '暖冬行动' }).click();
        await page.getByRole('heading', { name: '暖冬行动' }).waitFor();
        driveUrl = new URL(page.url()).pathname;
        const balance = await page.getByTestId('charity-balance').innerText();
        assert(balance === '¥1528.00', `balance ${balance}`);
        // Out more than came in: refused, the ledger unchanged.
        await page.locator('.ant-radio-button-wrapper', { hasText: '支出' }).click();
        await page.getByLabel('金额（元）').fill('2000');
        await page.getByLabel('去向').fill('购买电暖器 20 台');
        await page.getByRole('button', { name: '记一笔' }).click();
        await page.getByText('支出 2000.00 元超过可支配余额 1528.00 元：只能支出已收到的善款。').waitFor();
        assert((await page.getByTestId('charity-balance').innerText()) === '¥1528.00', 'nothing was written');
        await shot(page, 'charity-workbench-refused');
        // A receipt from a donor who does not want to be named.
        await page.locator('.ant-radio-button-wrapper', { hasText: '收入' }).click();
        await page.getByLabel('金额（元）').fill('100');
        await page.getByLabel('捐赠人（选填）').fill('测试捐赠人');
        await page.getByRole('button', { name: '记一笔' }).click();
        await page.getByText('¥1628.00').waitFor();
        await page.locator('tr', { hasText: '测试捐赠人' }).getByText('不公开').waitFor();
        await shot(page, 'charity-workbench-ledger');
        await expectNoSeriousAxe(page, 'workbench charity ledger');
      });

      // The public page: no sign-in; the consenting donor is named, the others are not.
      const id = driveUrl.split('/').pop();
      const anon = await browser.newContext({ baseURL: baseUrl, locale: 'zh-CN', bypassCSP: true, ...desk });
      try {
        const page = await anon.newPage();
        await page.goto(`/charity-ledger/${id}`);
        await page.getByRole('heading', { name: '暖冬行动' }).waitFor();
        await page.getByText('国网示范区供电公司').first().waitFor();
        const text = await page.getByRole('main').innerText();
        for (const hidden of ['测试捐赠人', '张丽', '社区社工（演示）']) assert(!text.includes(hidden), `the public page must not show ${hidden}`);
        const api = await page.request.get(`/api/public/charity-drives/${id}`);
        const body = await api.text();
        assert(!body.includes('测试捐赠人') && !body.includes('张丽'), 'the public API names only consenting donors');
        await shot(page, 'charity-public-ledger');
        await expectNoSeriousAxe(page, 'public charity ledger');
      } finally {
        await anon.close();
      }

      await asPerson(browser, baseUrl, DEMO.resident, mobile, async (page) => {
        await page.goto('/h5/charity');
        await page.locator('.adm-card', { hasText: '暖冬行动' }).waitFor();
        await shot(page, 'charity-h5');
        await expectNoSeriousAxe(page, 'H5 charity');
      });
    },
  },
  {
    name: 'party/surveys: an option many chose becomes a need on the demand list, linked back to the survey',
    context: desk,
    fn: async ({ context, baseUrl }) => {
      const browser = context.browser();
      const title = `社区服务需求调查 ${Date.now() % 100000}`;
      const home = await withApi(browser, baseUrl, DEMO.resident, async ({ get }) => get('/api/me/home'));
      const compoundId = home.homes?.[0]?.compound?.id;
      assert(compoundId, `the resident's compound: ${JSON.stringify(home).slice(0, 300)}`);
      const survey = await withApi(browser, baseUrl, DEMO.communityWorker, async ({ post }) =>
        post('/api/surveys', { placeId: compoundId, title, questions: [{ kind: 'single', text: '您最需要哪项服务？', options: ['老年食堂', '托育', '停车'] }] }));
      await withApi(browser, baseUrl, DEMO.resident, async ({ post }) => post(`/api/me/surveys/${survey.id}/answers`, { answers: [{ choice: 0 }] }));
      await asPerson(browser, baseUrl, DEMO.communityWorker, desk, async (page) => {
        await page.goto(`/surveys?id=${survey.id}`);
        await page.getByText('转为需求清单：').waitFor();
        assert(await page.getByRole('button', { name: '托育（0 人）' }).isDisabled(), 'an option nobody chose cannot become a need');
        await page.getByRole('button', { name: '老年食堂（1 人）' }).click();
        try {
          await page.getByText('已列入需求清单：问卷需求：老年食堂（1 人）').waitFor({ timeout: 10_000 });
        } catch (e) {
          await shot(page, 'FAILED-surveys-to-demand');
          throw e;
        }
        await shot(page, 'surveys-to-demand');
        await page.getByRole('link', { name: '查看需求清单' }).click();
        const need = page.locator('tr', { hasText: '问卷需求：老年食堂' }).first();
        await need.waitFor();
        await need.getByRole('link', { name: '查看问卷结果' }).waitFor();
        await shot(page, 'demands-from-survey');
      });
    },
  },
];
