import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO, PASSWORD, assert, expectNoSeriousAxe, shot } from './lib.mjs';

const DEMO_VOLUNTEER = '13800000015';
const COMMITTEE_MEMBER = '13800000012'; // 居委会成员: in the worker's community, not yet a volunteer

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

/** Chooses an option of the open antd Select once the search results are there (a stale list re-renders under the click). */
async function pick(page, text) {
  const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: text }).first();
  await option.waitFor();
  await page.waitForTimeout(300);
  await option.click();
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
  {
    name: 'volunteering: the organiser keeps the roster and a team, registers a consenting resident, calls out volunteers in an emergency and puts one on duty',
    context: { viewport: { width: 1440, height: 900 }, timezoneId: 'Asia/Shanghai' },
    fn: async ({ page, context, baseUrl }) => {
      await workbenchSignIn(page, DEMO.communityWorker);
      await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
      await page.goto('/volunteering/volunteers');
      await page.getByRole('tab', { name: '志愿者名册' }).waitFor();
      await page.locator('.ant-table-row').first().waitFor();
      const before = await page.locator('.ant-table-row').count();
      assert(before > 0, 'the roster lists the demo volunteers');
      assert(!/1[3-9]\d{9}/.test(await page.locator('.ant-table-tbody').innerText()), 'phones on the roster are masked');
      await shot(page, 'workbench-volunteers-roster');
      await expectNoSeriousAxe(page, 'workbench volunteers roster');

      // 代登记: the form says what is missing; consent is required.
      await page.getByRole('button', { name: '代登记志愿者' }).click();
      const reg = page.getByRole('dialog', { name: '代登记志愿者' });
      await reg.getByRole('button', { name: '登记' }).click();
      await reg.getByText('请选择要登记的居民').waitFor();
      await reg.getByText('须经本人同意才能登记').waitFor();
      await reg.getByLabel('居民').fill(COMMITTEE_MEMBER);
      await pick(page, /居委会成员（演示）/);
      await reg.getByText('女', { exact: true }).click();
      await reg.getByLabel('出生日期').fill('1978-06-01');
      await reg.getByLabel('出生日期').press('Enter');
      await reg.getByLabel('居住区域').fill('明月');
      await pick(page, /明月花园/);
      await reg.getByLabel('专业技能').fill('心理疏导');
      await reg.getByLabel('专业技能').press('Enter');
      await shot(page, 'workbench-volunteers-register');
      await reg.getByText(/本人已同意登记/).click();
      await reg.getByRole('button', { name: '登记' }).click();
      await page.getByText('已登记 居委会成员（演示） 为志愿者').waitFor();
      await page.getByRole('cell', { name: '居委会成员（演示）' }).waitFor();

      // 服务队: form one, add the new volunteer.
      await page.getByRole('tab', { name: '服务队' }).click();
      await page.getByRole('button', { name: '组建服务队' }).click();
      const team = page.getByRole('dialog', { name: '组建服务队' });
      await team.getByLabel('队名').fill('明月花园邻里守望队');
      await team.getByLabel('地点', { exact: true }).fill('明月');
      await pick(page, /明月花园/);
      await team.getByText(/社工带义工/).click();
      await team.getByRole('button', { name: /确\s*定|OK/ }).click();
      const row = page.locator('.ant-table-row', { hasText: '明月花园邻里守望队' });
      await row.waitFor();
      await row.getByRole('button', { name: '添加队员' }).click();
      const add = page.getByRole('dialog', { name: /添加队员/ });
      await add.getByRole('combobox', { name: '选择志愿者' }).click();
      await pick(page, /居委会成员（演示）/);
      await add.getByRole('button', { name: /确\s*定|OK/ }).click();
      await page.getByText('已加入服务队').waitFor();
      await row.getByRole('cell', { name: '1', exact: true }).waitFor();
      await shot(page, 'workbench-volunteer-teams');
      await expectNoSeriousAxe(page, 'workbench volunteer teams');

      // 应急动员: everyone registered under the compound is notified; one answers and gets a duty.
      await page.goto('/volunteering');
      await page.getByRole('button', { name: '应急动员' }).click();
      const call = page.getByRole('dialog', { name: '应急动员' });
      await call.getByRole('button', { name: '发出动员' }).click();
      await call.getByText('请选择活动地点（社区或小区）').first().waitFor();
      await call.getByLabel('活动名称').fill('暴雨积水转移物资');
      await call.getByLabel('服务内容').fill('地下车库进水，协助搬运物资、引导车辆');
      await call.getByLabel('动员范围').fill('明月');
      await pick(page, /明月花园/);
      await call.getByLabel('集合地点').fill('明月花园东门');
      await shot(page, 'workbench-volunteering-emergency');
      await call.getByRole('button', { name: '发出动员' }).click();
      await page.getByText(/已通知 \d+ 名志愿者/).waitFor();
      await page.getByRole('heading', { name: /暴雨积水转移物资/ }).waitFor();
      const activityId = Number(new URL(page.url()).pathname.split('/').pop());

      const vol = await context.browser().newContext({ baseURL: baseUrl });
      try {
        const login = await vol.request.post('/api/auth/login', { data: { phone: DEMO_VOLUNTEER, password: PASSWORD } });
        const csrf = (await login.json()).csrfToken;
        const signup = await vol.request.post(`/api/me/volunteering/activities/${activityId}/signup`, { headers: { 'x-csrf-token': csrf } });
        assert(signup.ok(), `the demo volunteer answers the call: ${signup.status()} ${await signup.text()}`);
      } finally {
        await vol.close();
      }
      await page.reload();
      await page.getByRole('button', { name: '排班' }).click();
      const duty = page.getByRole('dialog', { name: '排班' });
      await duty.getByLabel('志愿者').click();
      await pick(page, '志愿者（演示）');
      await duty.getByLabel('岗位').fill('物资搬运');
      await duty.getByRole('button', { name: /确\s*定|OK/ }).click();
      await page.getByRole('cell', { name: '物资搬运' }).waitFor();
      await shot(page, 'workbench-volunteering-duty-roster');
      await expectNoSeriousAxe(page, 'workbench volunteering duty roster');
    },
  },
];
