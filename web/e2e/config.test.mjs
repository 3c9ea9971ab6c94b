// The settings area (配置) and the notifications bell, in a real browser against the real server and demo data.
import { DEMO, PASSWORD, assert, expectNoSeriousAxe, shot } from './lib.mjs';

async function apiSignIn(context, phone) {
  const res = await context.request.post('/api/auth/login', { data: { phone, password: PASSWORD } });
  assert(res.ok(), `login ${phone} failed: ${res.status()}`);
  return (await res.json()).csrfToken;
}

async function categoryByCode(context, code) {
  const res = await context.request.get('/api/request-categories');
  assert(res.ok(), `categories: ${res.status()}`);
  return (await res.json()).find((c) => c.code === code);
}

const menuItem = (page, name) => page.getByRole('navigation').getByRole('menuitem', { name, exact: true });

export const configTests = [
  {
    name: 'config: the district admin changes a category limit, adds a holiday, issues an Open311 key and revokes it',
    context: { permissions: ['clipboard-read', 'clipboard-write'] },
    fn: async ({ page, context, baseUrl }) => {
      const csrf = await apiSignIn(context, DEMO.districtAdmin);
      const day = `${new Date().getFullYear()}-12-28`;
      // Against a kept server (GZ_E2E_BASE_URL) the day may be there from an earlier run.
      await context.request.delete(`/api/holidays/${day}`, { headers: { 'x-csrf-token': csrf } });

      // 1. Request categories: the menu's 配置 area, the table, the edit form with its validation.
      await page.goto('/');
      await page.getByRole('navigation').getByText('配置', { exact: true }).click();
      await menuItem(page, '诉求类别与时限').click();
      await page.waitForURL('**/config/categories');
      await page.getByRole('heading', { name: '诉求类别与时限' }).waitFor();
      const repairs = await categoryByCode(context, 'repairs');
      const row = page.getByRole('row').filter({ hasText: repairs.name });
      await row.waitFor();
      assert((await row.innerText()).includes(`${repairs.responseMinutes} 分钟`), 'the repairs row shows its response limit');
      await menuItem(page, '诉求类别与时限').waitFor();
      await expectNoSeriousAxe(page, 'categories');
      await shot(page, 'config-categories');

      await row.getByRole('button', { name: `编辑 ${repairs.name}` }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText(`编辑类别：${repairs.name}`).waitFor();
      const response = dialog.getByLabel('响应时限');
      // A response limit longer than the resolution limit is refused in the form, before any call.
      await response.fill(String(repairs.resolutionMinutes + 10));
      await dialog.getByRole('button', { name: /保\s*存/ }).click();
      await dialog.getByText('响应时限不能长于办结时限').waitFor();
      await shot(page, 'config-category-invalid');
      await response.fill('45');
      await dialog.getByText('约 0.8 小时').first().waitFor(); // the hint follows the value
      await dialog.getByRole('button', { name: /保\s*存/ }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByText(`已保存：${repairs.name}`).waitFor();
      await row.getByText('45 分钟').waitFor();
      assert((await categoryByCode(context, 'repairs')).responseMinutes === 45, 'the server kept the new limit');

      // 2. Holiday table: add a district holiday; the same day again is refused with the server's reason.
      await menuItem(page, '节假日表').click();
      await page.waitForURL('**/config/holidays');
      await page.getByRole('row').filter({ hasText: '元旦' }).first().waitFor();
      const addOne = async (day, name) => {
        await page.getByRole('button', { name: '添加日期' }).click();
        const d = page.getByRole('dialog');
        await d.getByLabel('节假日（不上班）').check();
        await d.getByLabel('日期').fill(day);
        await d.getByLabel('日期').press('Enter');
        await d.getByLabel('名称').fill(name);
        await d.getByRole('button', { name: /保\s*存/ }).click();
        return d;
      };
      const added = await addOne(day, '区庆日');
      await added.waitFor({ state: 'hidden' });
      const holidayRow = page.getByRole('row').filter({ hasText: day });
      await holidayRow.getByText('区庆日').waitFor();
      await holidayRow.getByText('节假日（不上班）').waitFor();
      const again = await addOne(day, '重复');
      await again.getByText('一个日期只能是节假日或调休工作日之一').waitFor();
      await shot(page, 'config-holiday-duplicate');
      await again.getByRole('button', { name: /取\s*消/ }).click();
      await again.waitFor({ state: 'hidden' });
      await expectNoSeriousAxe(page, 'holidays');
      await shot(page, 'config-holidays');
      const listed = await (await context.request.get(`/api/holidays?year=${day.slice(0, 4)}`)).json();
      assert(listed.some((h) => h.day === day && h.kind === 'holiday' && h.name === '区庆日'), 'the server has the new holiday');

      // 3. Open311 keys: issue (the key shown once, copied), then revoke with confirmation.
      await menuItem(page, 'Open311 密钥').click();
      await page.waitForURL('**/config/open311-keys');
      const clientName = `e2e 热线 ${Date.now() % 100000}`;
      await page.getByRole('button', { name: '签发密钥' }).click();
      const ask = page.getByRole('dialog');
      await ask.getByRole('button', { name: '签发密钥' }).click();
      await ask.getByText('请填写客户端名称').waitFor(); // empty name: the form says what is wrong
      await ask.getByLabel('客户端名称').fill(clientName);
      await ask.getByRole('button', { name: '签发密钥' }).click();
      const shown = page.getByRole('dialog').filter({ hasText: `“${clientName}”的密钥` });
      await shown.getByText('完整密钥只显示这一次').waitFor();
      const key = (await shown.getByTestId('issued-key').innerText()).trim();
      assert(/^gz311_[A-Za-z0-9_-]{43}$/.test(key), `a full key is shown: ${key}`);
      await shown.getByRole('button', { name: '复制密钥' }).click();
      await page.getByText('已复制到剪贴板').waitFor();
      assert((await page.evaluate(() => navigator.clipboard.readText())) === key, 'the copy button copies the key');
      await shot(page, 'config-open311-issued');
      await shown.getByRole('button', { name: '我已保存，关闭' }).click();
      await shown.waitFor({ state: 'hidden' });
      assert(!(await page.content()).includes(key), 'the full key is gone from the page once closed');

      // The key is accepted on the Open311 face until it is revoked: the key is checked first, so a fresh key gets
      // as far as the missing address (400) and a revoked one stops at 403.
      // Sent from outside the browser, as a client system would: no session cookie.
      const post = () =>
        fetch(`${baseUrl}/open311/v2/requests.json`, {
          method: 'POST',
          body: new URLSearchParams({ api_key: key, service_code: 'repairs', description: '路灯不亮（e2e）' }),
        });
      const before = await post();
      assert(before.status === 400, `a fresh key is accepted (got ${before.status}: ${await before.text()})`);

      const keyRow = page.getByRole('row').filter({ hasText: clientName });
      await keyRow.getByText('有效').waitFor();
      await keyRow.getByRole('button', { name: `吊销 ${clientName}` }).click();
      const confirm = page.getByRole('tooltip').filter({ hasText: `吊销密钥“${clientName}”？` });
      await confirm.getByText('不能恢复').waitFor();
      await confirm.getByRole('button', { name: /吊\s*销/ }).click();
      await page.getByText(`已吊销：${clientName}`).waitFor();
      await keyRow.getByText(/已吊销/).waitFor();
      await expectNoSeriousAxe(page, 'open311 keys');
      await shot(page, 'config-open311-keys');
      assert((await post()).status === 403, 'a revoked key is refused');
    },
  },
  {
    name: 'config: the settings area is hidden from staff who may not use it',
    fn: async ({ page, context }) => {
      await apiSignIn(context, DEMO.commissioner);
      await page.goto('/');
      await page.getByRole('navigation').getByRole('menuitem').first().waitFor();
      assert((await page.getByRole('navigation').getByText('配置', { exact: true }).count()) === 0, 'no 配置 menu for a commissioner');
    },
  },
  {
    name: 'config: a staff user sees a new notification arrive in the bell and marks it read',
    fn: async ({ page, context, baseUrl }) => {
      await apiSignIn(context, DEMO.commissioner);
      // Start from an empty inbox so the count is exact.
      const me = await (await context.request.get('/api/auth/me')).json();
      await context.request.post('/api/notifications/read-all', { headers: { 'x-csrf-token': me.csrfToken } });
      await page.goto('/');
      const bell = page.getByRole('button', { name: /^通知/ });
      await bell.waitFor();
      assert((await bell.getAttribute('aria-label')) === '通知', 'no unread notifications at first');
      // Let the page's event stream connect before the request is raised.
      await page.waitForTimeout(1500);

      // A resident of the commissioner's compound raises a request (another browser context).
      const resident = await context.browser().newContext({ baseURL: baseUrl });
      let requestId;
      try {
        const csrf = await apiSignIn(resident, DEMO.resident);
        const home = (await (await resident.request.get('/api/me/home')).json()).homes[0];
        const cats = await (await resident.request.get('/api/request-categories')).json();
        const res = await resident.request.post('/api/me/requests', {
          headers: { 'x-csrf-token': csrf, 'idempotency-key': `e2e-bell-${Date.now()}` },
          data: { compoundId: home.compound.id, categoryId: cats.find((c) => c.code === 'lifts').id, type: 'help', description: '电梯按钮失灵（e2e 通知）' },
        });
        assert(res.status() === 201, `raise: ${res.status()} ${await res.text()}`);
        requestId = (await res.json()).id;
      } finally {
        await resident.close();
      }

      // It arrives live (no reload): the badge counts it.
      await page.getByRole('button', { name: '通知，1 条未读' }).waitFor({ timeout: 15_000 });
      await shot(page, 'config-bell-badge');
      await page.getByRole('button', { name: '通知，1 条未读' }).click();
      const drawer = page.getByRole('dialog').filter({ hasText: '我的通知' });
      const item = drawer.locator('button.gz-notification[data-unread="true"]').filter({ hasText: '电梯按钮失灵（e2e 通知）' });
      await item.waitFor();
      await expectNoSeriousAxe(page, 'notifications drawer');
      await shot(page, 'config-bell-drawer');

      // Clicking it marks it read and opens the request it is about.
      await item.click();
      await page.waitForURL(`**/requests/${requestId}`);
      await page.getByText('电梯按钮失灵（e2e 通知）').first().waitFor();
      await page.getByRole('button', { name: '通知', exact: true }).waitFor();
      const list = await (await context.request.get('/api/notifications?limit=5')).json();
      assert(list.unreadCount === 0, `nothing unread on the server: ${list.unreadCount}`);
      assert(list.items.find((n) => n.link === `/requests/${requestId}`)?.readAt, 'the notification is read');
      await shot(page, 'config-bell-read');
    },
  },
];
