import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO, PASSWORD, assert, expectNoSeriousAxe, shot } from './lib.mjs';

const mobile = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, timezoneId: 'Asia/Shanghai' };
const PARTY_MEMBER = '13800000016'; // not a registered volunteer in the demo
const ACTIVITY = '社区义诊与急救培训';

async function h5SignIn(page, phone, path = '/h5/') {
  await page.goto(path);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('textbox', { name: '手机号' }).fill(phone);
  await page.getByRole('textbox', { name: '密码' }).fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
}

async function workbenchSignIn(page, phone) {
  await page.goto('/sign-in');
  await page.getByLabel('手机号').fill(phone);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
}

/** The URL the organiser's QR encodes, read from the image the workbench draws. */
async function qrUrl(org, baseUrl, op) {
  await org.getByText(op === 'in' ? '签到码' : '签退码', { exact: true }).click();
  const img = org.getByTestId('checkin-qr');
  await org.waitForFunction((want) => document.querySelector('[data-testid="checkin-qr"]')?.getAttribute('data-url')?.includes(`op=${want}`), op);
  const url = await img.getAttribute('data-url');
  assert(url.startsWith(`${baseUrl}/h5/volunteering/check?`), `QR must carry the H5 check-in URL, got ${url}`);
  return url;
}

export const volunteeringTests = [
  {
    name: 'volunteering: a volunteer registers and signs up, checks in and out through the QR URL, the organiser confirms, the hours and the certificate verify',
    context: mobile,
    fn: async ({ page, context, baseUrl }) => {
      // 1. Register with consent, then sign up.
      await h5SignIn(page, PARTY_MEMBER, '/h5/volunteering');
      await page.getByRole('heading', { name: '附近的志愿活动' }).waitFor();
      await page.getByText(ACTIVITY).first().waitFor();
      await shot(page, 'h5-volunteering-near');
      await expectNoSeriousAxe(page, 'h5 volunteering near');
      await page.getByRole('button', { name: '志愿者登记' }).click();
      await page.getByRole('heading', { name: '志愿者登记' }).waitFor();
      await page.getByRole('textbox', { name: '出生日期' }).fill('1985-03-12');
      await page.getByText('急救', { exact: true }).click();
      await page.getByRole('button', { name: '同意并登记' }).click();
      await page.getByText('须勾选同意后才能登记。').waitFor();
      await shot(page, 'h5-volunteering-register');
      await expectNoSeriousAxe(page, 'h5 volunteering register');
      await page.getByText(/我同意社区按/).click();
      await page.getByRole('button', { name: '同意并登记' }).click();
      await page.getByRole('heading', { name: '附近的志愿活动' }).waitFor();
      await page.locator('.adm-card', { hasText: ACTIVITY }).first().click();
      await page.getByRole('heading', { name: ACTIVITY }).waitFor();
      await page.getByRole('button', { name: '报名' }).click();
      await page.getByText('已报名', { exact: true }).first().waitFor();
      await shot(page, 'h5-volunteering-activity');
      await expectNoSeriousAxe(page, 'h5 volunteering activity');

      // 2. The organiser (community worker) opens the activity in the workbench: the QR code.
      const orgContext = await context.browser().newContext({ baseURL: baseUrl, locale: 'zh-CN', bypassCSP: true, timezoneId: 'Asia/Shanghai', viewport: { width: 1440, height: 1000 } });
      try {
        const org = await orgContext.newPage();
        await workbenchSignIn(org, DEMO.communityWorker);
        await org.getByRole('menuitem', { name: '志愿服务' }).click();
        await org.getByRole('heading', { name: '志愿活动' }).waitFor();
        await org.getByRole('link', { name: ACTIVITY }).first().waitFor();
        await shot(org, 'workbench-volunteering-list');
        await expectNoSeriousAxe(org, 'workbench volunteering list');
        await org.getByRole('link', { name: ACTIVITY }).first().click();
        await org.getByText('签到二维码', { exact: true }).first().waitFor();
        const inUrl = await qrUrl(org, baseUrl, 'in');
        await shot(org, 'workbench-volunteering-qr');
        await expectNoSeriousAxe(org, 'workbench volunteering activity');

        // A forged URL is refused with a clear message.
        await page.goto(inUrl.replace(/sig=[^&]+/, 'sig=AAAAforged').slice(baseUrl.length));
        await page.getByText(/签到二维码无效/).waitFor();
        await shot(page, 'h5-volunteering-check-forged');

        // 3. The volunteer opens the QR URL (WeChat's scanner would): checked in; then the check-out code.
        await page.goto(inUrl.slice(baseUrl.length));
        await page.getByTestId('check-result').getByText('签到成功').waitFor();
        await shot(page, 'h5-volunteering-checked-in');
        await expectNoSeriousAxe(page, 'h5 volunteering check-in');
        const outUrl = await qrUrl(org, baseUrl, 'out');
        await page.goto(outUrl.slice(baseUrl.length));
        await page.getByTestId('check-result').getByText('签退成功').waitFor();
        await shot(page, 'h5-volunteering-checked-out');

        // 4. The organiser confirms: the measured time is a few seconds here, so the record states 2 hours with a reason.
        await org.reload();
        const row = org.locator('tr', { hasText: '党员（演示）' });
        await row.getByRole('button', { name: '确认' }).click();
        const dialog = org.getByRole('dialog');
        await dialog.getByLabel('服务时长（小时）').fill('2');
        await dialog.getByRole('button', { name: '确认' }).click();
        await dialog.getByText(/须填写理由/).waitFor();
        await dialog.getByLabel('理由').fill('义诊实际进行 2 小时，签到签退为演示操作');
        await shot(org, 'workbench-volunteering-confirm');
        await dialog.getByRole('button', { name: '确认' }).click();
        await row.getByText(/2\.0 h · 更正/).waitFor();
        await shot(org, 'workbench-volunteering-attendance');
        await expectNoSeriousAxe(org, 'workbench volunteering attendance');
      } finally {
        await orgContext.close();
      }

      // 5. The hours appear; a certificate is issued; its PDF downloads with Chinese text; its code verifies in public.
      await page.goto('/h5/volunteering/hours');
      await page.getByRole('heading', { name: '我的服务时长' }).waitFor();
      await page.getByTestId('vol-total-hours').getByText('2.0').waitFor();
      await page.getByRole('button', { name: '出具证明（免费）' }).click();
      const codeEl = page.getByTestId('cert-code').first();
      await codeEl.waitFor();
      const code = (await codeEl.textContent()).trim();
      assert(/^[A-Z0-9]{12}$/.test(code), `certificate code looks wrong: ${code}`);
      await shot(page, 'h5-volunteering-hours');
      await expectNoSeriousAxe(page, 'h5 volunteering hours');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('cert-pdf').first().click()]);
      const file = join(mkdtempSync(join(tmpdir(), 'gz-cert-e2e-')), 'certificate.pdf');
      await download.saveAs(file);
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString('utf8');
      for (const want of ['志愿服务证明', '党员（演示）', '2.0 小时', code]) assert(text.includes(want), `the PDF text must contain ${want}; got:\n${text}`);
      writeFileSync(join(tmpdir(), 'gz-cert-e2e-text.txt'), text);

      const pub = await context.browser().newContext({ baseURL: baseUrl, locale: 'zh-CN', bypassCSP: true, timezoneId: 'Asia/Shanghai' });
      try {
        const p = await pub.newPage();
        await p.goto(`/verify/${code}`);
        await p.getByText('证明有效').waitFor();
        await p.getByTestId('verify-hours').getByText('2.0').waitFor();
        assert(!(await p.content()).includes('党员（演示）'), 'the public page must not show the full name');
        await shot(p, 'verify-certificate');
        await expectNoSeriousAxe(p, 'verify certificate');
        await p.goto('/verify/ABCDEFGHJKLM');
        await p.getByText('未找到该证明').waitFor();
        await shot(p, 'verify-certificate-unknown');
      } finally {
        await pub.close();
      }
    },
  },
];
