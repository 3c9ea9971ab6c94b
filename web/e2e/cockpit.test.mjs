import { DEMO, PASSWORD, assert, expectNoSeriousAxe, shot } from './lib.mjs';

const bigScreen = { viewport: { width: 1920, height: 1080 } };

export const cockpitTests = [
  {
    name: 'cockpit: asks for sign-in when there is no session',
    context: bigScreen,
    fn: async ({ page }) => {
      await page.goto('/screen/');
      await page.getByRole('link', { name: '去登录' }).waitFor();
    },
  },
  {
    name: 'cockpit: district admin sees compounds per kind per street',
    context: bigScreen,
    fn: async ({ page, context }) => {
      const res = await context.request.post('/api/auth/login', { data: { phone: DEMO.districtAdmin, password: PASSWORD } });
      assert(res.ok(), `login failed: ${res.status()}`);
      await page.goto('/screen/');
      await page.getByText('小区总数').waitFor();
      await page.locator('.gz-screen-chart canvas').first().waitFor();
      const total = await page.locator('.gz-kpi-main .gz-kpi-value').innerText();
      assert(/^\d[\d,]*$/.test(total.trim()), `total should be a number, got ${total}`);
      await page.waitForTimeout(800); // let the bars finish their entry animation before the screenshot
      await shot(page, 'cockpit');
      await expectNoSeriousAxe(page, 'cockpit');
    },
  },
];
