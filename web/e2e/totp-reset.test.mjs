// 重置双因素认证 in a real browser: a street admin has linked an authenticator (through the API); the security
// administrator finds them on the reset screen, gives a reason and resets it; the row goes.
import crypto from 'node:crypto';
import { PASSWORD, assert, expectNoSeriousAxe, shot } from './lib.mjs';

const SECURITY_ADMIN = '13800000008';
const STREET_ADMIN = '13800000002';

function base32Decode(text) {
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of text.replace(/=+$/, '')) {
    value = (value << 5) | A.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 6238 (SHA-1, 6 digits, 30 s), as in totp.test.mjs. */
function totpNow(secret) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30_000)));
  const mac = crypto.createHmac('sha1', base32Decode(secret)).update(msg).digest();
  const o = mac[mac.length - 1] & 0x0f;
  return String((mac.readUInt32BE(o) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

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
