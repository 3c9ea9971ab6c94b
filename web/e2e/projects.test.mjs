import { DEMO, asPerson, assert, expectNoSeriousAxe, shot } from './lib.mjs';

// 项目化治理 end to end in real browsers, one person per context: a need on the demand list becomes a project;
// it is approved, funded 1:1, bought through a 公益创投 round with two applicants scored by an expert, awarded
// after the notice (GONGZHI_NOTICE_DAYS=0 in these tests), contracted with two tranches, reported on, evaluated;
// the final tranche is refused before the evaluation passes and paid after; closed; rated on the H5; public page.
const ORG_STAFF = '13800000014';
const EXPERT = '13800000018';
const NEED = '独居老人夜间缺少照应';
const WINNER = '银龄互助社（演示）';
const OTHER = '小小志愿者成长营（演示）';
const mobile = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };

/** Picks an option of the antd Select found by `locator` (a combobox). */
async function pick(page, combobox, option) {
  await combobox.click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}

export const projectTests = [
  {
    name: 'projects: a need becomes a project through a round with two scored applicants, a contract with two tranches, evaluation-then-pay, and a rating',
    fn: async ({ context, baseUrl }) => {
      const browser = context.browser();
      let projectUrl = '';
      const title = `夜间守望 ${Date.now() % 100000}`;

      // 1. The community worker turns a need into a proposal; a negative budget line is refused by the form.
      await asPerson(browser, baseUrl, DEMO.communityWorker, {}, async (page) => {
        await page.goto('/demands');
        const row = page.locator('tr', { hasText: NEED }).first();
        await row.waitFor();
        await pick(page, row.getByRole('combobox', { name: '转为…' }), '项目');
        await page.getByRole('heading', { name: '提出项目' }).waitFor();
        await page.getByText(`「${NEED}」转来`).waitFor();
        await page.getByLabel('项目名称').fill(title);
        await pick(page, page.getByLabel('服务类别'), '为老服务');
        await page.getByLabel('项目目标').fill('为独居老人建立夜间紧急呼叫与邻里守望');
        await page.getByLabel('受益人群').fill('本小区独居老人 18 人');
        await page.getByPlaceholder('支出项目').fill('社工服务费');
        await page.getByPlaceholder('金额（元）').fill('-100');
        await page.getByRole('button', { name: '提交立项申请' }).click();
        await page.getByText('金额须大于 0').waitFor();
        await page.getByPlaceholder('金额（元）').fill('30000');
        await page.getByText('¥30,000.00').waitFor();
        await shot(page, 'projects-new');
        await page.getByRole('button', { name: '提交立项申请' }).click();
        await page.waitForURL(/\/projects\/\d+$/);
        projectUrl = new URL(page.url()).pathname;
        await page.getByRole('heading', { name: new RegExp(`${title}.*待立项`) }).waitFor();

        // 2. 立项 at community level, 1:1 funding, and a call for proposals.
        await page.getByRole('button', { name: '同意立项' }).click();
        await page.getByRole('heading', { name: /已立项/ }).waitFor();
        await page.getByRole('button', { name: '拨付' }).click();
        await page.locator('.ant-descriptions-item', { hasText: '项目余额' }).getByText('¥30,000.00').waitFor();
        await page.getByRole('textbox', { name: '征集公告' }).fill('征集独居老人夜间守望服务方案，服务期一年');
        await page.getByRole('button', { name: '发布征集' }).click();
        await page.getByText('公益创投 · 征集中').waitFor();
        // The worker enters a paper application for the second organisation.
        await pick(page, page.getByLabel('申报组织'), OTHER);
        await page.getByLabel('申报方案').fill('每月一次儿童探望老人');
        await page.getByRole('button', { name: '提交申报' }).click();
        await page.locator('tr', { hasText: OTHER }).waitFor();
        await shot(page, 'projects-round-open');
      });

      // 3. The organisation's own staff apply.
      await asPerson(browser, baseUrl, ORG_STAFF, {}, async (page) => {
        await page.goto('/projects');
        await page.getByText('正在征集的公益创投').waitFor();
        await page.getByRole('link', { name: title }).click();
        await pick(page, page.getByLabel('申报组织'), WINNER);
        await page.getByLabel('申报方案').fill('结对守望：低龄老人与独居老人结对，夜间电话问候，紧急时上门');
        await page.getByRole('button', { name: '提交申报' }).click();
        await page.locator('tr', { hasText: WINNER }).waitFor();
      });

      await asPerson(browser, baseUrl, DEMO.communityWorker, {}, async (page) => {
        await page.goto(projectUrl);
        await page.getByRole('button', { name: '截止申报，开始评分' }).click();
        await page.getByText('公益创投 · 专家评分').waitFor();
      });

      // 4. The expert scores both applications against the rubric.
      await asPerson(browser, baseUrl, EXPERT, {}, async (page) => {
        await page.goto(projectUrl);
        await page.getByText('公益创投 · 专家评分').waitFor();
        for (const [org, scores] of [[WINNER, [36, 35, 18]], [OTHER, [27, 25, 14]]]) {
          const row = page.locator('tr', { hasText: org });
          await row.getByRole('spinbutton', { name: '需求契合度（40）' }).fill(String(scores[0]));
          await row.getByRole('spinbutton', { name: '方案可行性（40）' }).fill(String(scores[1]));
          await row.getByRole('spinbutton', { name: '团队能力（20）' }).fill(String(scores[2]));
          await row.getByRole('button', { name: '提交评分' }).click();
          await row.getByText('已评').waitFor();
        }
        await shot(page, 'projects-scored');
        await expectNoSeriousAxe(page, 'project page (scoring)');
      });

      // 5. Notice, award, contract with two tranches.
      await asPerson(browser, baseUrl, DEMO.communityWorker, {}, async (page) => {
        await page.goto(projectUrl);
        await page.getByRole('button', { name: '公示评审结果' }).click();
        await page.locator('tr', { hasText: WINNER }).getByText('拟承接').waitFor();
        await page.getByRole('button', { name: '公示期满，确定承接组织' }).click();
        await page.getByRole('heading', { name: /已确定承接方/ }).waitFor();
        await page.getByRole('button', { name: '签订合同' }).click();
        await page.getByRole('heading', { name: /实施中/ }).waitFor();
        assert((await page.locator('tr', { hasText: '首期款' }).innerText()).includes('¥18,000.00'), 'first tranche is 60 %');
      });

      // 6. The winning organisation reports progress.
      await asPerson(browser, baseUrl, ORG_STAFF, {}, async (page) => {
        await page.goto(projectUrl);
        await page.getByRole('textbox', { name: '进展' }).fill('建立结对 9 组，夜间问候 126 次');
        await page.getByRole('spinbutton', { name: '参与人数' }).fill('27');
        await page.getByRole('button', { name: '提交进展' }).click();
        await page.getByRole('cell', { name: '建立结对 9 组，夜间问候 126 次' }).waitFor();
      });

      // 7. First tranche paid; the final tranche refused until a passing evaluation, then paid; closed.
      await asPerson(browser, baseUrl, DEMO.communityWorker, {}, async (page) => {
        await page.goto(projectUrl);
        const pay = async (tranche) => {
          await page.locator('tr', { hasText: tranche }).getByRole('button', { name: '支付' }).click();
          await page.locator('.ant-popconfirm:visible').getByRole('button', { name: '确定' }).click();
        };
        await pay('首期款');
        await page.locator('tr', { hasText: '首期款' }).locator('.ant-tag-success').waitFor();
        await pay('尾款');
        await page.getByText('尾款须在项目评估合格后支付；目前尚无合格的评估。').waitFor();
        await shot(page, 'projects-final-refused');
        assert(await page.locator('tr', { hasText: '尾款' }).getByRole('button', { name: '支付' }).isVisible(), 'final tranche still unpaid');
        await page.getByRole('spinbutton', { name: '居民评分' }).fill('86');
        await page.getByRole('spinbutton', { name: '社区评分' }).fill('82');
        await page.getByRole('spinbutton', { name: '专家评分' }).fill('80');
        await page.getByRole('button', { name: '提交评估' }).click();
        await page.getByRole('heading', { name: /评估合格/ }).waitFor();
        await pay('尾款');
        await page.locator('tr', { hasText: '尾款' }).locator('.ant-tag-success').waitFor();
        await page.locator('.ant-descriptions-item', { hasText: '已支付' }).getByText('¥30,000.00').waitFor();
        await page.getByRole('button', { name: '结项（结余退回资金）' }).click();
        await page.getByRole('heading', { name: /已结项/ }).waitFor();
        await shot(page, 'projects-closed');
        await expectNoSeriousAxe(page, 'project page (closed)');
        await page.goto('/projects');
        await page.getByRole('link', { name: title }).waitFor();
        await shot(page, 'projects-list');
        await page.goto('/organisations');
        await page.getByRole('link', { name: WINNER }).click();
        await page.getByRole('cell', { name: '站内孵化' }).waitFor();
        await shot(page, 'projects-organisation');
        // The community worker sees the community's own fund only.
        await page.goto('/funds');
        await page.getByText('社区微基金').waitFor();
        assert(!(await page.getByText('区级公益资金池').isVisible()), 'the district pool is out of a community worker\'s reach');
      });

      // The district admin sees every fund; the pool's year-end report adds up.
      await asPerson(browser, baseUrl, DEMO.districtAdmin, {}, async (page) => {
        await page.goto('/funds');
        await page.getByText('区级公益资金池').waitFor();
        await shot(page, 'projects-funds');
        await page.locator('tr', { hasText: '区级公益资金池' }).getByRole('button', { name: '年度报告' }).click();
        await page.getByText('期初 + 流入 − 流出 = 期末，与账面一致').waitFor();
        await shot(page, 'projects-fund-report');
      });

      // 8. A resident of the compound sees it on the H5 and rates it; anyone sees the public page.
      await asPerson(browser, baseUrl, DEMO.resident, mobile, async (page) => {
        await page.goto('/h5/projects');
        const card = page.locator('.adm-card', { hasText: title });
        await card.waitFor();
        await card.getByRole('button', { name: '5 星' }).click();
        await card.getByRole('button', { name: '评价', exact: true }).click();
        await card.getByText('您的评价：5 星').waitFor();
        await shot(page, 'projects-h5');
      });
      const publicPage = await context.newPage();
      await publicPage.goto(`${baseUrl}/public${projectUrl}`);
      await publicPage.getByRole('heading', { name: title }).waitFor();
      await publicPage.getByText(WINNER).waitFor();
      await shot(publicPage, 'projects-public');
    },
  },
];
