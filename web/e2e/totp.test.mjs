// 双因素认证 in a real browser: link an authenticator on 账号安全, sign in again with the second step, turn it off.
import { PASSWORD, assert, totpNow, expectNoSeriousAxe, shot } from './lib.mjs';

const SECURITY_ADMIN = '13800000008'; // district level: the post needs a second factor

async function passwordStep(page) {
  await page.goto('/sign-in');
  await page.getByLabel('手机号').fill(SECURITY_ADMIN);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
}

export const totpTests = [
  {
    name: 'totp: a district-level administrator links an authenticator, signs in with the second step (wrong code refused, recovery code accepted) and turns it off',
    fn: async ({ page }) => {
      await passwordStep(page);
      await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
      await page.goto('/account/security');
      await page.getByRole('heading', { name: '账号安全' }).waitFor();
      await page.getByText('街道及以上的工作人员和管理员须启用').waitFor();
      await page.getByRole('button', { name: '获取二维码' }).click();
      await page.getByTestId('totp-qr').waitFor();
      const url = await page.getByTestId('totp-qr').getAttribute('data-url');
      assert(url.startsWith('otpauth://totp/') && !url.includes(SECURITY_ADMIN), `the QR carries an otpauth URL with the masked phone: ${url}`);
      const secret = (await page.getByTestId('totp-secret').innerText()).trim();
      await shot(page, 'workbench-totp-enrol');
      await expectNoSeriousAxe(page, 'totp enrol');
      await page.getByLabel('验证码').fill('12345');
      await page.getByRole('button', { name: '确认绑定' }).click();
      await page.getByText('请输入 6 位数字验证码').waitFor();
      await page.getByLabel('验证码').fill(totpNow(secret));
      await page.getByRole('button', { name: '确认绑定' }).click();
      await page.getByText('双因素认证已启用', { exact: true }).waitFor();
      const codes = (await page.getByTestId('recovery-codes').innerText()).split('\n').map((s) => s.trim()).filter(Boolean);
      assert(codes.length === 10 && codes.every((c) => /^[A-Z2-7]{5}-[A-Z2-7]{5}$/.test(c)), `ten recovery codes: ${codes}`);
      await shot(page, 'workbench-totp-recovery-codes');

      // Sign out, then in again: the password is not enough any more.
      await page.context().clearCookies();
      await passwordStep(page);
      await page.getByText('双因素认证', { exact: true }).waitFor();
      await page.getByLabel('验证码或恢复码').fill('000000');
      await page.getByRole('button', { name: '验证并登录' }).click();
      await page.getByRole('alert').getByText(/动态验证码不正确/).waitFor();
      await shot(page, 'workbench-totp-sign-in-step');
      await expectNoSeriousAxe(page, 'totp sign-in step');
      await page.getByLabel('验证码或恢复码').fill(codes[0]);
      await page.getByRole('button', { name: '验证并登录' }).click();
      await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));

      // Turn it off again (not enforced on the demo), with another recovery code; the password alone works again.
      await page.goto('/account/security');
      await page.getByText('剩余恢复码').waitFor();
      await page.getByLabel('验证码或恢复码').fill(codes[1]);
      await page.getByRole('button', { name: '关 闭' }).or(page.getByRole('button', { name: '关闭' })).click();
      await page.getByRole('button', { name: '获取二维码' }).waitFor();
      await page.context().clearCookies();
      await passwordStep(page);
      await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
    },
  },
];
