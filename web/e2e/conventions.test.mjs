import { DEMO, PASSWORD, asPerson, assert, expectNoSeriousAxe, shot } from './lib.mjs';

// Conventions (小区公约) and committees (业委会) in real browsers against the seeded demo district, without moving the
// clock: the demo compound's convention version 1 is in force (adopted by a published owners' vote in the seed).
// A resident acknowledges it and stands for the committee; staff see the count and the diff of version 2 and put it
// to the vote; the street returns the filing with a reason and accepts it once submitted again; the community
// reviews nominations and starts the election vote; the compound profile shows the committee whose term has ended.
const mobile = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };
const desk = { viewport: { width: 1440, height: 900 } };

async function withApi(browser, baseUrl, phone, fn) {
  const context = await browser.newContext({ baseURL: baseUrl });
  try {
    const res = await context.request.post('/api/auth/login', { data: { phone, password: PASSWORD } });
    assert(res.ok(), `login ${phone}: ${res.status()}`);
    return await fn({ get: async (url) => (await context.request.get(url)).json() });
  } finally {
    await context.close();
  }
}

export const conventionTests = [
  {
    name: 'conventions: a resident acknowledges the convention in force and self-nominates; staff see the count and the diff, file with the street, review nominees and start the election',
    context: mobile,
    fn: async ({ context, baseUrl }) => {
      const browser = context.browser();
      const before = await withApi(browser, baseUrl, DEMO.commissioner, ({ get }) => get('/api/conventions'));
      const convention = before.items.find((c) => c.inForceVersionNo === 1);
      assert(convention, `a seeded convention in force: ${JSON.stringify(before.items.map((c) => c.title))}`);
      const acksBefore = convention.versions.find((v) => v.status === 'in_force').acknowledgements;

      // 1. The resident reads the convention in force and acknowledges it (with a confirmation step), then self-nominates.
      await asPerson(browser, baseUrl, DEMO.resident, mobile, async (page) => {
        await page.goto('/h5/services');
        await page.getByRole('link', { name: /公约与选举/ }).click();
        await page.getByRole('heading', { name: '小区公约' }).waitFor();
        const card = page.getByTestId(`convention-${convention.id}`);
        await card.getByText('现行第1版', { exact: false }).waitFor();
        await card.getByRole('button', { name: '已阅知悉' }).click();
        await card.getByText('确认您已阅读并知悉本公约？').waitFor();
        await shot(page, 'conventions-h5-confirm');
        await card.getByRole('group').getByRole('button', { name: '已阅知悉' }).click();
        await card.getByRole('status').filter({ hasText: '您已确认阅知本公约' }).waitFor();
        const election = page.locator('[data-testid^="election-"]').first();
        await election.getByRole('button', { name: '我要自荐' }).click();
        await election.getByText('您的自荐：待审查').waitFor();
        await shot(page, 'conventions-h5');
        await expectNoSeriousAxe(page, 'H5 conventions and election');
      });

      // 2. The commissioner sees one more acknowledgement, the diff of version 2, and puts version 2 to the vote.
      await asPerson(browser, baseUrl, DEMO.commissioner, desk, async (page) => {
        await page.goto('/conventions');
        const row = page.locator('tr', { hasText: convention.title });
        await row.getByRole('cell', { name: String(acksBefore + 1), exact: true }).waitFor();
        await shot(page, 'conventions-workbench-list');
        await row.getByRole('link', { name: convention.title }).click();
        const v2 = page.getByRole('region', { name: '第2版' }).or(page.locator('.ant-card', { hasText: '增加电动自行车' })).first();
        await v2.getByText('第五条 电动自行车不进楼入户，在充电棚集中充电。').waitFor();
        await page.getByText(`${acksBefore + 1} 人已阅知悉`).waitFor();
        await shot(page, 'conventions-workbench-diff');
        await expectNoSeriousAxe(page, 'workbench convention with diff');
        await v2.getByRole('button', { name: '提交业主表决' }).click();
        await v2.getByText('表决中').first().waitFor();
        await v2.getByRole('link', { name: /草稿/ }).waitFor();
      });

      // 3. The street returns the filing with a reason; the commissioner submits again; the street accepts it.
      await asPerson(browser, baseUrl, DEMO.streetAdmin, desk, async (page) => {
        await page.goto('/conventions');
        await page.getByRole('tab', { name: '备案受理' }).click();
        const row = page.locator('tr', { hasText: convention.title });
        await row.getByRole('button', { name: '退回' }).click();
        const dialog = page.getByRole('dialog', { name: '退回备案' });
        assert(await dialog.getByRole('button', { name: /退\s*回/ }).isDisabled(), 'no return without a reason');
        await dialog.getByLabel('原因').fill('请附业主表决结果公告的照片');
        await dialog.getByRole('button', { name: /退\s*回/ }).click();
        await row.getByText('已退回').waitFor();
        await shot(page, 'conventions-street-returned');
        await expectNoSeriousAxe(page, 'street filings');
      });
      await asPerson(browser, baseUrl, DEMO.commissioner, desk, async (page) => {
        await page.goto(`/conventions/${convention.id}`);
        await page.getByText('请附业主表决结果公告的照片', { exact: false }).waitFor();
        await page.getByRole('button', { name: '报街道备案' }).click();
        await page.getByText('待受理').waitFor();
      });
      await asPerson(browser, baseUrl, DEMO.streetAdmin, desk, async (page) => {
        await page.goto('/conventions');
        await page.getByRole('tab', { name: '备案受理' }).click();
        await page.locator('tr', { hasText: '待受理' }).getByRole('button', { name: '受理' }).click();
        await page.locator('tr', { hasText: '已备案' }).waitFor();
      });

      // 4. The community worker reviews the nominations: approves the resident, nominates one more owner, starts the vote.
      await asPerson(browser, baseUrl, DEMO.communityWorker, desk, async (page) => {
        await page.goto('/committees');
        await page.locator('tr', { hasText: '提名中' }).getByRole('link').click();
        await page.getByRole('heading', { name: /业主委员会/ }).waitFor();
        const pending = page.locator('tr', { hasText: '待审查' });
        await pending.first().waitFor();
        // Too few approved candidates yet: a clear refusal.
        await page.getByRole('button', { name: '确定候选人并生成选举表决' }).click();
        await page.getByRole('alert').filter({ hasText: '少于应选名额' }).waitFor();
        for (const who of ['希望为加装电梯出力', '居民业主（演示）']) {
          const row = page.locator('tr', { hasText: who });
          await row.getByRole('button', { name: '审核通过' }).click();
          await row.getByText('已通过').waitFor();
        }
        await page.getByRole('combobox', { name: '被提名人' }).click();
        await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
        await page.getByRole('textbox', { name: '推荐理由' }).fill('热心公益');
        await page.getByRole('button', { name: '提名', exact: true }).click();
        await page.locator('tr', { hasText: '热心公益' }).getByRole('button', { name: '审核通过' }).click();
        await page.locator('tr', { hasText: '热心公益' }).getByText('已通过').waitFor();
        await shot(page, 'committees-workbench-candidates');
        await expectNoSeriousAxe(page, 'workbench committee election');
        await page.getByRole('button', { name: '确定候选人并生成选举表决' }).click();
        await page.getByText('选举中').first().waitFor();
        await page.getByRole('link', { name: '草稿' }).waitFor();
        await shot(page, 'committees-workbench-voting');
        // The compound profile shows the committee of the last term, flagged as ended.
        await page.goto(`/places/${convention.compound.id}`);
        const card = page.locator('.ant-card', { hasText: '业委会/自管会' });
        await card.getByText('任期已满，应换届').waitFor();
        await card.getByText(/（主任）/).waitFor();
        await shot(page, 'committees-compound-profile');
      });
    },
  },
  {
    name: 'conventions (votes admin screens): the district admin keeps the notice periods, the commissioner starts a residents\u2019 poll and registers an owner\u2019s authorised agent on an open vote',
    context: desk,
    fn: async ({ context, baseUrl }) => {
      const browser = context.browser();
      await asPerson(browser, baseUrl, DEMO.districtAdmin, desk, async (page) => {
        await page.goto('/votes');
        const card = page.locator('.ant-card', { hasText: '公告期设置（本区）' });
        await card.getByRole('spinbutton', { name: '一般事项（天）' }).waitFor();
        // Saved as they are: the e2e server's notice period must stay what the vote test expects.
        await card.getByRole('button', { name: /保\s*存/ }).click();
        await card.getByRole('status').filter({ hasText: '已保存' }).waitFor();
        await shot(page, 'votes-settings');
      });
      await asPerson(browser, baseUrl, DEMO.commissioner, desk, async (page) => {
        await page.goto('/polls');
        await page.locator('tr', { hasText: '非机动车充电棚建在哪里？' }).waitFor();
        await page.getByRole('button', { name: '发起居民投票' }).click();
        const dialog = page.getByRole('dialog', { name: '发起居民投票' });
        await dialog.getByRole('button', { name: /保\s*存/ }).click();
        await dialog.getByText('请填写 2–10 个选项，每行一个').waitFor();
        await dialog.getByRole('combobox', { name: '小区' }).click();
        await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
        await dialog.getByLabel('问题').fill('周末跳蚤市场放在哪里？');
        await dialog.getByLabel('选项').fill('中心广场\n东门空地');
        await dialog.getByRole('button', { name: /保\s*存/ }).click();
        await page.locator('tr', { hasText: '周末跳蚤市场放在哪里？' }).waitFor();
        await shot(page, 'votes-polls');
        await expectNoSeriousAxe(page, 'workbench polls');

        await page.goto('/votes');
        await page.locator('tr', { hasText: '投票中' }).first().getByRole('link').click();
        const proxy = page.getByRole('form', { name: '登记受托代理人' });
        await proxy.getByRole('combobox', { name: '业主' }).click();
        await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
        await proxy.getByRole('combobox', { name: '代理人' }).fill('13800000005');
        await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '0005' }).click();
        await proxy.getByLabel('授权委托书编号').fill('委托书-2026-001');
        await proxy.getByRole('button', { name: /登\s*记/ }).click();
        await page.getByRole('status').filter({ hasText: '已登记' }).waitFor();
        await expectNoSeriousAxe(page, 'vote page with the proxy form');
        await shot(page, 'votes-proxy');
      });
    },
  },
];
