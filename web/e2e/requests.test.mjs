import { DEMO, PASSWORD, assert, expectNoSeriousAxe, shot } from './lib.mjs';

const mobile = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };
const PROPERTY_STAFF = '13800000009';
const DEPARTMENT_STAFF = '13800000010';

async function apiSignIn(context, phone) {
  const res = await context.request.post('/api/auth/login', { data: { phone, password: PASSWORD } });
  assert(res.ok(), `login ${phone} failed: ${res.status()}`);
}

/** Runs one step in its own browser context (one person each), closing it afterwards. */
async function as(browser, baseUrl, phone, options, fn) {
  const context = await browser.newContext({ baseURL: baseUrl, locale: 'zh-CN', ...options });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    await apiSignIn(context, phone);
    await fn(page);
    assert(errors.length === 0, `uncaught page errors: ${errors.join('\n')}`);
  } finally {
    await context.close();
  }
}

const description = `楼道灯坏了，晚上很黑 e2e-${Date.now()}`;

export const requestTests = [
  {
    name: 'requests: resident raises on the H5 → commissioner accepts and assigns → property resolves → resident rates 5 stars',
    context: mobile,
    fn: async ({ page, context, baseUrl }) => {
      const browser = context.browser();
      // 1. The resident raises a request on the H5, with a confirm step.
      await apiSignIn(context, DEMO.resident);
      await page.goto('/h5/raise');
      await page.getByRole('heading', { name: '我要反映' }).waitFor();
      await page.getByRole('button', { name: '下一步' }).click();
      await page.getByText('请选择类别').waitFor(); // validates before the confirm step
      await shot(page, 'h5-raise-errors');
      await page.getByText('报修（共用部位、设施）').click();
      await page.getByText('求助', { exact: true }).click();
      await page.getByRole('textbox', { name: '问题描述' }).fill(description);
      await page.getByPlaceholder('如：3幢2单元门口').fill('3幢2单元门口');
      await shot(page, 'h5-raise');
      await expectNoSeriousAxe(page, 'h5 raise');
      await page.getByRole('button', { name: '下一步' }).click();
      await page.getByRole('heading', { name: '请确认提交内容' }).waitFor();
      await shot(page, 'h5-raise-confirm');
      await expectNoSeriousAxe(page, 'h5 raise confirm');
      await page.getByRole('button', { name: '确认提交' }).click();
      await page.waitForURL(/\/h5\/requests\/\d+$/);
      const id = Number(page.url().split('/').pop());
      await page.getByText('已提交，专员会尽快受理').waitFor();
      await page.getByText('待受理').first().waitFor();
      await shot(page, 'h5-request-submitted');
      await expectNoSeriousAxe(page, 'h5 request detail');
      await page.getByRole('link', { name: '我的诉求', exact: true }).click();
      await page.getByText(description).waitFor();
      await shot(page, 'h5-my-requests');
      await expectNoSeriousAxe(page, 'h5 my requests');

      // 2. The commissioner sees it in the queue, accepts it and assigns it to the property company.
      await as(browser, baseUrl, DEMO.commissioner, {}, async (p) => {
        await p.goto('/requests');
        await p.getByRole('heading', { name: '诉求工单' }).waitFor();
        await p.getByRole('link', { name: description }).waitFor();
        await shot(p, 'workbench-requests-queue');
        await expectNoSeriousAxe(p, 'requests queue');
        await p.getByRole('link', { name: description }).click();
        await p.waitForURL(new RegExp(`/requests/${id}$`));
        await p.getByText('受理时限').waitFor();
        await shot(p, 'workbench-request-submitted');
        await expectNoSeriousAxe(p, 'request detail');
        await p.getByRole('button', { name: '受理', exact: true }).click();
        let dialog = p.getByRole('dialog');
        await dialog.getByRole('button', { name: '提交' }).click();
        await dialog.waitFor({ state: 'detached' });
        await p.getByText('已受理', { exact: true }).first().waitFor();
        await p.getByRole('button', { name: '派单', exact: true }).click();
        dialog = p.getByRole('dialog');
        await dialog.getByLabel('责任方').click();
        await p.locator('.ant-select-item-option[title="物业"]').click();
        await shot(p, 'workbench-request-assign-modal');
        await dialog.getByRole('button', { name: '提交' }).click();
        await dialog.waitFor({ state: 'detached' });
        await p.getByText('已派单', { exact: true }).first().waitFor();
        await shot(p, 'workbench-request-assigned');
      });

      // 3. Property staff resolve it; the modal refuses an empty note first.
      await as(browser, baseUrl, PROPERTY_STAFF, {}, async (p) => {
        await p.goto(`/requests/${id}`);
        await p.getByRole('button', { name: '办结', exact: true }).click();
        const dialog = p.getByRole('dialog');
        await dialog.getByRole('button', { name: '提交' }).click();
        await dialog.getByText('请填写办结说明').waitFor();
        await dialog.getByLabel('办结说明').fill('已更换楼道灯泡，并检查了线路');
        await shot(p, 'workbench-request-resolve-modal');
        await dialog.getByRole('button', { name: '提交' }).click();
        await dialog.waitFor({ state: 'detached' });
        await p.getByText('已办结', { exact: true }).first().waitFor();
        await shot(p, 'workbench-request-resolved');
      });

      // 4. The resident rates it 5 stars and sees it closed.
      await page.goto(`/h5/requests/${id}`);
      await page.getByText('已办结').first().waitFor();
      await page.getByRole('button', { name: '确认办结并评价' }).click();
      await page.getByText('请选择星级').waitFor();
      await page.getByRole('button', { name: '5 星' }).click();
      await shot(page, 'h5-request-rate');
      await expectNoSeriousAxe(page, 'h5 request rate');
      await page.getByRole('button', { name: '确认办结并评价' }).click();
      await page.getByText('诉求已关闭，感谢您的评价').waitFor();
      await page.getByText('已关闭').first().waitFor();
      await shot(page, 'h5-request-closed');
    },
  },
  {
    name: "requests: H5 raise form in the elders' mode keeps text ≥ 18 px and targets ≥ 60 px",
    context: mobile,
    fn: async ({ page, context }) => {
      await apiSignIn(context, DEMO.resident);
      await page.goto('/h5/raise');
      await page.getByRole('heading', { name: '我要反映' }).waitFor();
      await page.getByRole('button', { name: '长辈版' }).click();
      await page.waitForFunction(() => document.documentElement.classList.contains('gz-elder'));
      const m = await page.evaluate(() => {
        const px = (el) => (el ? parseFloat(getComputedStyle(el).fontSize) : 0);
        const h = (el) => (el ? el.getBoundingClientRect().height : 0);
        return {
          label: px(document.querySelector('.adm-form-item-label')),
          option: px(document.querySelector('.adm-selector-item')),
          optionHeight: h(document.querySelector('.adm-selector-item')),
          tab: px(document.querySelector('.gz-tab')),
          tabHeight: h(document.querySelector('.gz-tab')),
          next: h([...document.querySelectorAll('button')].find((b) => b.textContent.includes('下一步'))),
        };
      });
      assert(m.label >= 18 && m.option >= 18 && m.tab >= 18, `elder text must be ≥ 18px: ${JSON.stringify(m)}`);
      assert(m.optionHeight >= 60 && m.tabHeight >= 60 && m.next >= 60, `elder targets must be ≥ 60px: ${JSON.stringify(m)}`);
      await shot(page, 'h5-raise-elder');
      await expectNoSeriousAxe(page, 'h5 raise (elder mode)');
    },
  },
  {
    name: 'requests: raise on behalf validates; 三率 and 部门报到 pages render',
    fn: async ({ page, context, baseUrl }) => {
      await apiSignIn(context, DEMO.commissioner);
      await page.goto('/requests/new');
      await page.getByRole('heading', { name: '代居民登记诉求' }).waitFor();
      await page.getByRole('button', { name: '提交' }).click();
      await page.getByText('请选择小区').waitFor();
      await page.getByText('请描述遇到的问题').waitFor();
      await shot(page, 'workbench-raise-for');
      await expectNoSeriousAxe(page, 'raise for');
      await page.goto('/measures');
      await page.getByRole('heading', { name: '三率考核' }).waitFor();
      await page.getByText('职能部门报到情况').waitFor();
      await shot(page, 'workbench-measures');
      await expectNoSeriousAxe(page, 'measures');
      await as(context.browser(), baseUrl, DEPARTMENT_STAFF, {}, async (p) => {
        await p.goto('/department-reports');
        await p.getByRole('heading', { name: '部门报到' }).waitFor();
        await p.locator('.ant-card, .ant-empty').first().waitFor();
        await shot(p, 'workbench-department-reports');
        await expectNoSeriousAxe(p, 'department reports');
      });
    },
  },
];
