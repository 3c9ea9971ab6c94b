import { DEMO, PASSWORD, assert, expectNoSeriousAxe, shot } from './lib.mjs';

async function signIn(page, phone, password = PASSWORD) {
  await page.getByLabel('手机号').fill(phone);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

export const workbenchTests = [
  {
    name: 'workbench: sign-in validates and shows the server message',
    fn: async ({ page }) => {
      await page.goto('/');
      await page.waitForURL(/\/sign-in/);
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByText('请输入手机号').waitFor();
      await page.getByText('请输入密码').waitFor();
      await page.getByLabel('手机号').fill('12345');
      await page.getByText('请输入 11 位中国大陆手机号').waitFor();
      await shot(page, 'workbench-sign-in-errors');
      await expectNoSeriousAxe(page, 'workbench sign-in');
      await page.getByLabel('手机号').fill(DEMO.commissioner);
      await page.getByLabel('密码').fill('Wrong@pass1');
      await page.getByRole('button', { name: '登录' }).click();
      const alert = page.getByRole('alert').filter({ hasText: /\S/ }).first();
      await alert.waitFor();
      assert((await alert.innerText()).trim().length > 0, 'expected the server error message');
    },
  },
  {
    name: 'workbench: commissioner signs in and opens their compound',
    fn: async ({ page }) => {
      await page.goto('/sign-in');
      await signIn(page, DEMO.commissioner);
      await page.getByText('小区专员', { exact: true }).first().waitFor();
      await shot(page, 'workbench-home-commissioner');
      await expectNoSeriousAxe(page, 'workbench home');
      await page.getByRole('link', { name: /^进入/ }).first().click();
      await page.waitForURL(/\/places\/\d+$/);
      await page.getByText('小区档案').waitFor();
      await page.getByText('小区类型').waitFor();
      await page.locator('.ant-card-head-title', { hasText: '小区专员' }).waitFor();
      await shot(page, 'workbench-compound');
      await expectNoSeriousAxe(page, 'workbench compound page');
      // The edit drawer validates before sending.
      await page.getByRole('button', { name: '编辑' }).first().click();
      const drawer = page.getByRole('dialog');
      await drawer.getByLabel('户数').fill('-3');
      await drawer.getByRole('button', { name: '保存' }).click();
      await drawer.getByText('户数须为不小于 0 的整数').waitFor();
      await shot(page, 'workbench-compound-edit');
    },
  },
  {
    name: 'workbench: language switch turns the UI to English',
    fn: async ({ page }) => {
      await page.goto('/sign-in');
      await page.getByText('English').click();
      await page.getByRole('heading', { name: 'Sign in to the Gongzhi workbench' }).waitFor();
      assert((await page.evaluate(() => document.documentElement.lang)) === 'en-US', 'html lang should follow the locale');
      await page.reload();
      await page.getByRole('heading', { name: 'Sign in to the Gongzhi workbench' }).waitFor();
      await page.getByText('中文').click();
      await page.getByRole('heading', { name: '登录共治工作台' }).waitFor();
    },
  },
];
