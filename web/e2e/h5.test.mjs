import { DEMO, PASSWORD, assert, expectNoSeriousAxe, shot } from './lib.mjs';

const mobile = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };

export const h5Tests = [
  {
    name: "h5: resident signs in, sees 我的家 and switches to the elders' mode",
    context: mobile,
    fn: async ({ page }) => {
      await page.goto('/h5/');
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByText('请输入手机号').waitFor();
      await page.getByRole('textbox', { name: '手机号' }).fill(DEMO.resident);
      await page.getByRole('textbox', { name: '密码' }).fill(PASSWORD);
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByText('我的小区专员').waitFor();
      await page.getByText('服务点').first().waitFor();
      await shot(page, 'h5-home');
      await expectNoSeriousAxe(page, 'h5 home');

      await page.getByRole('button', { name: '长辈版' }).click();
      await page.waitForFunction(() => document.documentElement.classList.contains('gz-elder'));
      const sizes = await page.evaluate(() => {
        const px = (el) => (el ? parseFloat(getComputedStyle(el).fontSize) : 0);
        return {
          body: px(document.body),
          item: px(document.querySelector('.adm-list-item-content-main')),
          desc: px(document.querySelector('.adm-list-item-description')),
        };
      });
      assert(sizes.body >= 18 && sizes.item >= 18 && sizes.desc >= 18, `elder text must be ≥ 18px: ${JSON.stringify(sizes)}`);
      const toggle = await page.getByRole('button', { name: '长辈版' }).boundingBox();
      assert(toggle && toggle.height >= 60 && toggle.width >= 60, `toggle must be ≥ 60×60: ${JSON.stringify(toggle)}`);
      const call = page.locator('a.gz-call').first();
      if (await call.count()) {
        const box = await call.boundingBox();
        assert(box && box.height >= 60 && box.width >= 60, `call button must be ≥ 60×60: ${JSON.stringify(box)}`);
        assert((await call.getAttribute('href'))?.startsWith('tel:'), 'call button must be a tel: link');
      }
      await shot(page, 'h5-home-elder');
      await expectNoSeriousAxe(page, 'h5 home (elder mode)');

      await page.reload();
      await page.getByText('我的小区专员').waitFor();
      assert(await page.evaluate(() => document.documentElement.classList.contains('gz-elder')), 'elder mode must persist');
    },
  },
];
