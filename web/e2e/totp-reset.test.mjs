// 重置双因素认证 in a real browser: a street admin has linked an authenticator (through the API); the security
// administrator finds them on the reset screen, gives a reason and resets it; the row goes.
import { PASSWORD, assert, totpNow, expectNoSeriousAxe, shot } from './lib.mjs';

const SECURITY_ADMIN = '13800000008';
const STREET_ADMIN = '13800000002';

/** The street admin links an authenticator through the API (the enrolment screen has its own test). */
async function enrolStreetAdmin(baseUrl) {
  const login = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone: STREET_ADMIN, password: PASSWORD }) });
  assert(login.ok, `street admin sign-in: ${login.status}`);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const headers = { cookie, 'x-csrf-token': (await login.json()).csrfToken, 'content-type': 'application/json' };
  const start = await fetch(`${baseUrl}/api/me/totp`, { method: 'POST', headers, body: '{}' });
  assert(start.ok, `enrolment start: ${start.status} ${await start.clone().text()}`);
  const { secret } = await start.json();
  const confirm = await fetch(`${baseUrl}/api/me/totp/confirm`, { method: 'POST', headers, body: JSON.stringify({ code: totpNow(secret) }) });
  assert(confirm.ok, `enrolment confirm: ${confirm.status} ${await confirm.text()}`);
}

export const totpResetTests = [
  {
    name: 'totp-reset: the security administrator resets a street admin\'s lost authenticator with a reason',
    fn: async ({ page, baseUrl }) => {
      await enrolStreetAdmin(baseUrl);
      const res = await page.request.post('/api/auth/login', { data: { phone: SECURITY_ADMIN, password: PASSWORD } });
      assert(res.ok(), `security admin sign-in: ${res.status()}`);
      await page.goto('/security/totp-resets');
      await page.getByRole('heading', { name: '重置双因素认证' }).waitFor();
      const row = page.getByRole('row', { name: /街道管理员/ }).filter({ hasText: '138****0002' });
      await row.waitFor();
      await shot(page, 'workbench-totp-resets');
      await expectNoSeriousAxe(page, 'totp resets');
      await row.getByRole('button', { name: '重置' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('button', { name: '重置' }).click();
      await dialog.getByText('请填写重置原因').waitFor();
      await dialog.getByLabel('重置原因（记入审计日志）').fill('手机丢失，恢复码未保存，本人持工作证到场核验');
      await shot(page, 'workbench-totp-reset-dialog');
      await dialog.getByRole('button', { name: '重置' }).click();
      await page.getByText(/已重置 .* 的双因素认证/).waitFor();
      await row.waitFor({ state: 'detached' });
      await shot(page, 'workbench-totp-resets-done');
    },
  },
];
