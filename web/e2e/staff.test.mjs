import { DEMO, PASSWORD, assert, expectNoSeriousAxe, shot } from './lib.mjs';

async function apiSignIn(context, phone) {
  const res = await context.request.post('/api/auth/login', { data: { phone, password: PASSWORD } });
  assert(res.ok(), `login ${phone} failed: ${res.status()}`);
}

export const staffTests = [
  {
    name: 'workbench: street admin browses the tree, coverage and people',
    fn: async ({ page, context }) => {
      await apiSignIn(context, DEMO.streetAdmin);
      await page.goto('/places');
      await page.locator('.ant-tree-node-content-wrapper').first().click();
      await page.getByRole('button', { name: '查看详情' }).waitFor();
      await shot(page, 'workbench-places');
      await expectNoSeriousAxe(page, 'places tree');
      await page.goto('/coverage');
      await page.getByText('尚无专员的小区').waitFor();
      await page.locator('.ant-table-row').first().waitFor();
      await shot(page, 'workbench-coverage');
      await expectNoSeriousAxe(page, 'coverage');
      await page.goto('/people');
      await page.locator('.ant-table-row').first().waitFor();
      await shot(page, 'workbench-people');
      await expectNoSeriousAxe(page, 'people');
      await page.locator('.ant-table-row a').first().click();
      await page.getByText('敏感信息').waitFor();
      await shot(page, 'workbench-person');
      await expectNoSeriousAxe(page, 'person');
    },
  },
  {
    name: 'workbench: audit admin reads the audit log',
    fn: async ({ page, context }) => {
      await apiSignIn(context, DEMO.auditAdmin);
      await page.goto('/audit');
      await page.getByRole('heading', { name: '审计日志' }).waitFor();
      await page.locator('.ant-table-row').first().waitFor();
      await shot(page, 'workbench-audit');
      await expectNoSeriousAxe(page, 'audit');
    },
  },
];
