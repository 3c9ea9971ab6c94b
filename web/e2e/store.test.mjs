import { DEMO, PASSWORD, assert, expectNoSeriousAxe, shot } from './lib.mjs';

const mobile = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };
const MERCHANT = '13800000017';

async function h5SignIn(page, phone, path = '/h5/') {
  await page.goto(path);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('textbox', { name: '手机号' }).fill(phone);
  await page.getByRole('textbox', { name: '密码' }).fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
}

export const storeTests = [
  {
    name: 'store: a resident redeems for points, shows the voucher QR, the merchant opens its link and fulfils it',
    context: mobile,
    fn: async ({ page, context, baseUrl }) => {
      await h5SignIn(page, DEMO.resident);
      await page.getByText('我的小区专员').waitFor();
      await page.getByRole('link', { name: '社区服务' }).click();
      await page.getByRole('heading', { name: '社区服务' }).waitFor();
      await shot(page, 'h5-services');
      await page.getByRole('link', { name: /积分与贡享超市/ }).click();
      await page.getByRole('heading', { name: '我的积分' }).waitFor();
      const before = Number(await page.getByTestId('points-balance').textContent());
      assert(before >= 30, `the demo resident must have points to spend, has ${before}`);
      await page.getByText('志愿服务（每小时）').first().waitFor();
      await shot(page, 'h5-points');
      await expectNoSeriousAxe(page, 'h5 points');

      await page.getByRole('button', { name: '贡享超市' }).click();
      await page.getByRole('heading', { name: '贡享超市' }).waitFor();
      const card = page.locator('.gz-store-card', { hasText: '鸡蛋一盒（10枚）' });
      await card.waitFor();
      await shot(page, 'h5-store');
      await expectNoSeriousAxe(page, 'h5 store');
      await card.getByRole('button', { name: '兑换' }).click();
      await card.getByText('确认用 30 积分兑换？').waitFor();
      await card.getByRole('button', { name: '确认' }).click();

      await page.getByRole('heading', { name: '我的兑换券' }).waitFor();
      await page.getByText('兑换成功！').waitFor();
      const qr = page.getByTestId('voucher-qr').first();
      await qr.waitFor();
      const url = await qr.getAttribute('data-url');
      assert(url && url.startsWith(`${baseUrl}/h5/store/fulfil/`), `the QR must carry the fulfilment link, got ${url}`);
      const voucherCard = page.locator('.gz-store-card', { hasText: '鸡蛋一盒（10枚）' }).first();
      await voucherCard.getByText('待使用').waitFor();
      await shot(page, 'h5-vouchers');
      await expectNoSeriousAxe(page, 'h5 vouchers');

      // The merchant opens the QR link on their own phone (WeChat's scanner opens it; here a second browser).
      const merchant = await context.browser().newContext({ baseURL: baseUrl, locale: 'zh-CN', ...mobile });
      try {
        const m = await merchant.newPage();
        await h5SignIn(m, MERCHANT, url.slice(baseUrl.length));
        await m.getByRole('heading', { name: '核销兑换券' }).waitFor();
        await m.getByText('兑换人：居民业主（演示）').waitFor();
        await shot(m, 'h5-fulfil-open');
        await expectNoSeriousAxe(m, 'h5 fulfil');
        await m.getByRole('button', { name: '确认核销' }).click();
        await m.getByText('核销成功').waitFor();
        await m.getByText('已核销').waitFor();
        await shot(m, 'h5-fulfil-done');
      } finally {
        await merchant.close();
      }

      // Someone else's phone cannot fulfil it: the holder opening the link is told so.
      await page.goto(url);
      await page.getByText('无法打开这张兑换券').waitFor();

      await page.goto('/h5/store/vouchers');
      await page.locator('.gz-store-card', { hasText: '鸡蛋一盒（10枚）' }).first().getByText('已核销').waitFor();
      await page.goto('/h5/points');
      await page.getByTestId('points-balance').waitFor();
      const after = Number(await page.getByTestId('points-balance').textContent());
      assert(after === before - 30, `balance must drop by the price: ${before} → ${after}`);
      await page.getByText('鸡蛋一盒（10枚）').first().waitFor();
    },
  },
  {
    name: 'store: the community worker approves an application and sees settlement; the district admin reads the reconciled ledger',
    fn: async ({ page, context }) => {
      const login = async (phone) => {
        const res = await context.request.post('/api/auth/login', { data: { phone, password: PASSWORD } });
        assert(res.ok(), `login ${phone} failed: ${res.status()}`);
      };
      await login(DEMO.communityWorker);
      await page.goto('/store/merchants');
      const row = page.locator('.ant-table-row', { hasText: '街角花店' });
      await row.waitFor();
      await shot(page, 'workbench-store-merchants');
      await expectNoSeriousAxe(page, 'workbench merchants');
      await row.getByRole('button', { name: '通过', exact: true }).click();
      await page.locator('.ant-table-row', { hasText: '街角花店' }).waitFor({ state: 'detached' });
      await page.getByRole('combobox', { name: '状态' }).click();
      await page.locator('.ant-select-item-option', { hasText: '已通过' }).click();
      await page.locator('.ant-table-row', { hasText: '街角花店' }).waitFor();
      const shop = page.locator('.ant-table-row', { hasText: '幸福便民超市（演示）' });
      await shop.locator('.ant-table-row-expand-icon').click();
      await page.getByText('东北大米 5kg').waitFor();
      await shot(page, 'workbench-store-listings');

      await page.goto('/store/settlement');
      await page.locator('.ant-table-row', { hasText: '幸福便民超市（演示）' }).waitFor();
      await shot(page, 'workbench-store-settlement');
      await expectNoSeriousAxe(page, 'workbench settlement');

      await context.clearCookies();
      await login(DEMO.districtAdmin);
      await page.goto('/points/ledger');
      await page.getByText('对账：全部').waitFor();
      await page.locator('.ant-table-row').first().waitFor();
      await shot(page, 'workbench-points-ledger');
      await expectNoSeriousAxe(page, 'workbench ledger');

      // 积分规则: a rule switched on without points is refused on the page; a valid change is saved and applies.
      await page.getByRole('menuitem', { name: '积分规则' }).click();
      await page.getByRole('heading', { name: '积分规则' }).waitFor();
      const hourPoints = page.getByRole('spinbutton', { name: '志愿服务（每小时）的积分' });
      assert((await hourPoints.inputValue()) === '10', `the demo rate per volunteer hour is 10, shows ${await hourPoints.inputValue()}`);
      await page.getByRole('switch', { name: '启用参加社区活动' }).click();
      await page.getByText('启用的规则至少要给 1 分。').waitFor();
      assert(await page.getByRole('button', { name: '保 存' }).or(page.getByRole('button', { name: '保存' })).isDisabled(), 'save must wait for a valid form');
      await page.getByRole('spinbutton', { name: '参加社区活动的积分' }).fill('3');
      await hourPoints.fill('12');
      await shot(page, 'workbench-points-rules');
      await expectNoSeriousAxe(page, 'workbench points rules');
      await page.getByRole('button', { name: '保 存' }).or(page.getByRole('button', { name: '保存' })).click();
      await page.getByText('积分规则已保存').waitFor();
      const saved = await (await context.request.get('/api/points/rules')).json();
      const byRule = Object.fromEntries(saved.rules.map((r) => [r.rule, r]));
      assert(byRule.volunteer_hour.pointsPerUnit === 12 && byRule.activity_attended.active && byRule.activity_attended.pointsPerUnit === 3, `rules not saved: ${JSON.stringify(saved.rules)}`);
    },
  },
  {
    name: "store: a resident's shop page offers the application for their own compound",
    context: mobile,
    fn: async ({ page }) => {
      await h5SignIn(page, DEMO.resident, '/h5/store/shop');
      await page.getByRole('heading', { name: '我的店铺' }).waitFor();
      await page.getByRole('button', { name: '申请入驻' }).click();
      await page.getByRole('textbox', { name: '名称' }).fill('张阿姨手工编织');
      await page.getByRole('button', { name: '提交申请（由社区审核）' }).click();
      await page.locator('.gz-store-card', { hasText: '张阿姨手工编织' }).first().getByText('待审核').waitFor();
      await shot(page, 'h5-shop');
      await expectNoSeriousAxe(page, 'h5 shop');
    },
  },
];
