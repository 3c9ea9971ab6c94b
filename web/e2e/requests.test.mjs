import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO, PASSWORD, assert, expectNoSeriousAxe, shot } from './lib.mjs';

const mobile = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };
const PROPERTY_STAFF = '13800000009';
const DEPARTMENT_STAFF = '13800000010';

async function apiSignIn(context, phone) {
  const res = await context.request.post('/api/auth/login', { data: { phone, password: PASSWORD } });
  assert(res.ok(), `login ${phone} failed: ${res.status()}`);
}

/** Opens a signed-in browser context for one person; `close()` fails the test on uncaught page errors. */
async function signedIn(browser, baseUrl, phone, options) {
  // bypassCSP: axe is injected as an inline script, which the app's Content-Security-Policy refuses (run.mjs does the same).
  const context = await browser.newContext({ baseURL: baseUrl, locale: 'zh-CN', bypassCSP: true, ...options });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await apiSignIn(context, phone);
  return {
    page,
    context,
    close: async () => {
      await context.close();
      assert(errors.length === 0, `uncaught page errors (${phone}): ${errors.join('\n')}`);
    },
  };
}

/** Runs one step in its own browser context (one person each), closing it afterwards. */
async function as(browser, baseUrl, phone, options, fn) {
  const s = await signedIn(browser, baseUrl, phone, options);
  try {
    await fn(s.page);
  } finally {
    await s.close();
  }
}

/** A real 64×48 PNG (orange with a blue band), written to a temp file for the file input. */
const PHOTO_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAEAAAAAwCAIAAAAuKetIAAAAUElEQVR42u3WMQ0AIBAEwW/pEYdJBGGF6kVQkEsmWQPTbd09oysAAAAAAAAAAAAAAIBYwFgnOgAAAAAAAACAF4AbBQAAAAAAAAAAAAAA+FQDTVZCHsabWJYAAAAASUVORK5CYII=';
function photoFile() {
  const file = join(mkdtempSync(join(tmpdir(), 'gongzhi-e2e-photo-')), 'lamp.png');
  writeFileSync(file, Buffer.from(PHOTO_PNG_BASE64, 'base64'));
  return file;
}

/** Waits until the <img> for the photo has loaded real pixels (naturalWidth > 0), and returns its natural size. */
async function photoLoaded(page, photoId) {
  const sel = `img[src="/api/request-photos/${photoId}"]`;
  await page.locator(sel).first().waitFor();
  const handle = await page.waitForFunction(
    (s) => {
      const img = document.querySelector(s);
      return img && img.complete && img.naturalWidth > 0 ? { w: img.naturalWidth, h: img.naturalHeight } : null;
    },
    sel,
    { timeout: 10_000 },
  );
  return handle.jsonValue();
}

const description = `楼道灯坏了，晚上很黑 e2e-${Date.now()}`;

export const requestTests = [
  {
    name: 'requests: resident raises on the H5 with a photo → it appears live in the open queue → commissioner accepts and assigns → property resolves → resident rates 5 stars',
    context: mobile,
    fn: async ({ page, context, baseUrl }) => {
      const browser = context.browser();
      // 0. The commissioner has the queue open FIRST, in a second browser context, with the event stream connected.
      const commissioner = await signedIn(browser, baseUrl, DEMO.commissioner, {});
      let id;
      let photoId;
      try {
        const p = commissioner.page;
        const sseMessages = []; // { at, eventName } as Chromium's network layer sees them
        const cdp = await commissioner.context.newCDPSession(p);
        await cdp.send('Network.enable');
        cdp.on('Network.eventSourceMessageReceived', (e) => sseMessages.push({ at: Date.now(), eventName: e.eventName }));
        const queueFetches = []; // when the queue list was fetched
        p.on('request', (r) => {
          if (r.method() === 'GET' && new URL(r.url()).pathname === '/api/requests') queueFetches.push(Date.now());
        });
        const streamOpen = p.waitForResponse((r) => new URL(r.url()).pathname === '/api/events/stream' && r.status() === 200);
        await p.goto('/requests');
        await p.getByRole('heading', { name: '诉求工单' }).waitFor();
        await p.locator('.ant-table-row').first().waitFor();
        await streamOpen;
        assert((await p.getByRole('link', { name: description }).count()) === 0, 'the new request is in the queue before it was raised');

        // 1. The resident raises a request on the H5 with a photo, with a confirm step.
        await apiSignIn(context, DEMO.resident);
        await page.goto('/h5/raise');
        await page.getByRole('heading', { name: '我要反映' }).waitFor();
        await page.getByRole('button', { name: '下一步' }).click();
        await page.getByText('请选择类别').waitFor(); // validates before the confirm step
        await shot(page, 'h5-raise-errors');
        await page.getByText('报修（共用部位、设施）').click();
        await page.getByText('求助', { exact: true }).click();
        await page.getByRole('textbox', { name: '问题描述' }).fill(description);
        await page.getByPlaceholder('如：3幢2单元门口').fill('3幢2单元门口');
        const uploaded = page.waitForResponse(
          (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/request-photos',
        );
        await page.locator('input[type="file"]').setInputFiles(photoFile());
        const up = await uploaded;
        assert(up.status() === 201, `photo upload answered ${up.status()}: ${await up.text()}`);
        assert(new URL(up.url()).searchParams.get('purpose') === 'report', `photo uploaded with ${up.url()}`);
        photoId = (await up.json()).id;
        assert(photoId, 'photo upload returned no id');
        await page.locator('.adm-image-uploader-cell:not(.adm-image-uploader-upload-button) img').first().waitFor();
        await shot(page, 'h5-raise');
        await expectNoSeriousAxe(page, 'h5 raise');
        await page.getByRole('button', { name: '下一步' }).click();
        await page.getByRole('heading', { name: '请确认提交内容' }).waitFor();
        const photoCount = await page.locator('.adm-list-item', { hasText: '照片' }).locator('.adm-list-item-content-extra').textContent();
        assert(photoCount?.trim() === '1', `the confirm step should count 1 photo, shows ${photoCount}`);
        await shot(page, 'h5-raise-confirm');
        await expectNoSeriousAxe(page, 'h5 raise confirm');
        const submitted = Date.now();
        await page.getByRole('button', { name: '确认提交' }).click();

        // 2. … and it appears LIVE in the commissioner's already-open queue, without a reload, well before a 15 s poll.
        await p.getByRole('link', { name: description }).waitFor({ timeout: 10_000 });
        const appeared = Date.now() - submitted;
        const sse = sseMessages.find((m) => m.at >= submitted && m.eventName === 'notification');
        const fetchesAfter = queueFetches.filter((t) => t >= submitted).map((t) => t - submitted);
        console.log(
          `  live queue: row appeared ${appeared} ms after 确认提交; SSE notification at ${sse ? sse.at - submitted : 'never'} ms; ` +
            `queue fetches after submit at [${fetchesAfter.join(', ')}] ms`,
        );
        assert(appeared < 10_000, `the row took ${appeared} ms`);
        assert(sse, 'no SSE notification event reached the commissioner before the row appeared');
        assert(fetchesAfter.some((t) => t >= sse.at - submitted), 'the queue was not refetched after the SSE notification');
        await shot(p, 'workbench-requests-queue');
        await expectNoSeriousAxe(p, 'requests queue');

        // The resident's request page shows the photo.
        await page.waitForURL(/\/h5\/requests\/\d+$/);
        id = Number(page.url().split('/').pop());
        await page.getByText('已提交，专员会尽快受理').waitFor();
        await page.getByText('待受理').first().waitFor();
        const residentImg = await photoLoaded(page, photoId);
        assert(residentImg.w === 64 && residentImg.h === 48, `resident sees a ${residentImg.w}×${residentImg.h} photo`);
        await shot(page, 'h5-request-submitted');
        await expectNoSeriousAxe(page, 'h5 request detail');
        await page.getByRole('link', { name: '我的诉求', exact: true }).click();
        await page.getByText(description).waitFor();
        await shot(page, 'h5-my-requests');
        await expectNoSeriousAxe(page, 'h5 my requests');

        // 3. The commissioner opens it from the queue (photo shown), accepts it and assigns it to the property company.
        await p.getByRole('link', { name: description }).click();
        await p.waitForURL(new RegExp(`/requests/${id}$`));
        await p.getByText('受理时限').waitFor();
        const staffImg = await photoLoaded(p, photoId);
        assert(staffImg.w === 64 && staffImg.h === 48, `commissioner sees a ${staffImg.w}×${staffImg.h} photo`);
        await shot(p, 'workbench-request-submitted');
        await expectNoSeriousAxe(p, 'request detail');
        await p.getByRole('button', { name: '受理', exact: true }).click();
        let dialog = p.getByRole('dialog');
        await dialog.getByRole('button', { name: '提交' }).click();
        await dialog.waitFor({ state: 'detached' });
        await p.getByText('已受理', { exact: true }).first().waitFor();
        await p.getByRole('button', { name: '派单', exact: true }).click();
        dialog = p.getByRole('dialog');
        await dialog.getByLabel('责任方').click();
        await p.locator('.ant-select-item-option[title="物业"]').click();
        await shot(p, 'workbench-request-assign-modal');
        await dialog.getByRole('button', { name: '提交' }).click();
        await dialog.waitFor({ state: 'detached' });
        await p.getByText('已派单', { exact: true }).first().waitFor();
        await shot(p, 'workbench-request-assigned');
      } catch (e) {
        await commissioner.close().catch(() => {}); // keep the first failure
        throw e;
      }
      await commissioner.close();

      // 4. Property staff resolve it; the modal refuses an empty note first.
      await as(browser, baseUrl, PROPERTY_STAFF, {}, async (p) => {
        await p.goto(`/requests/${id}`);
        await p.getByRole('button', { name: '办结', exact: true }).click();
        const dialog = p.getByRole('dialog');
        await dialog.getByRole('button', { name: '提交' }).click();
        await dialog.getByText('请填写办结说明').waitFor();
        await dialog.getByLabel('办结说明').fill('已更换楼道灯泡，并检查了线路');
        await shot(p, 'workbench-request-resolve-modal');
        await dialog.getByRole('button', { name: '提交' }).click();
        await dialog.waitFor({ state: 'detached' });
        await p.getByText('已办结', { exact: true }).first().waitFor();
        await shot(p, 'workbench-request-resolved');
      });

      // 5. The resident rates it 5 stars and sees it closed.
      await page.goto(`/h5/requests/${id}`);
      await page.getByText('已办结').first().waitFor();
      await page.getByRole('button', { name: '确认办结并评价' }).click();
      await page.getByText('请选择星级').waitFor();
      await page.getByRole('button', { name: '5 星' }).click();
      await shot(page, 'h5-request-rate');
      await expectNoSeriousAxe(page, 'h5 request rate');
      await page.getByRole('button', { name: '确认办结并评价' }).click();
      await page.getByText('诉求已关闭，感谢您的评价').waitFor();
      await page.getByText('已关闭').first().waitFor();
      await shot(page, 'h5-request-closed');
    },
  },
  {
    name: "requests: H5 raise form in the elders' mode keeps text ≥ 18 px and targets ≥ 60 px",
    context: mobile,
    fn: async ({ page, context }) => {
      await apiSignIn(context, DEMO.resident);
      await page.goto('/h5/raise');
      await page.getByRole('heading', { name: '我要反映' }).waitFor();
      await page.getByRole('button', { name: '长辈版' }).click();
      await page.waitForFunction(() => document.documentElement.classList.contains('gz-elder'));
      const m = await page.evaluate(() => {
        const px = (el) => (el ? parseFloat(getComputedStyle(el).fontSize) : 0);
        const h = (el) => (el ? el.getBoundingClientRect().height : 0);
        return {
          label: px(document.querySelector('.adm-form-item-label')),
          option: px(document.querySelector('.adm-selector-item')),
          optionHeight: h(document.querySelector('.adm-selector-item')),
          tab: px(document.querySelector('.gz-tab')),
          tabHeight: h(document.querySelector('.gz-tab')),
          next: h([...document.querySelectorAll('button')].find((b) => b.textContent.includes('下一步'))),
        };
      });
      assert(m.label >= 18 && m.option >= 18 && m.tab >= 18, `elder text must be ≥ 18px: ${JSON.stringify(m)}`);
      assert(m.optionHeight >= 60 && m.tabHeight >= 60 && m.next >= 60, `elder targets must be ≥ 60px: ${JSON.stringify(m)}`);
      await shot(page, 'h5-raise-elder');
      await expectNoSeriousAxe(page, 'h5 raise (elder mode)');
    },
  },
  {
    name: 'requests: raise on behalf validates; 三率 and 部门报到 pages render',
    fn: async ({ page, context, baseUrl }) => {
      await apiSignIn(context, DEMO.commissioner);
      await page.goto('/requests/new');
      await page.getByRole('heading', { name: '代居民登记诉求' }).waitFor();
      await page.getByRole('button', { name: '提交' }).click();
      await page.getByText('请选择小区').waitFor();
      await page.getByText('请描述遇到的问题').waitFor();
      await shot(page, 'workbench-raise-for');
      await expectNoSeriousAxe(page, 'raise for');
      await page.goto('/measures');
      await page.getByRole('heading', { name: '三率考核' }).waitFor();
      await page.getByText('职能部门报到情况').waitFor();
      await shot(page, 'workbench-measures');
      await expectNoSeriousAxe(page, 'measures');
      await as(context.browser(), baseUrl, DEPARTMENT_STAFF, {}, async (p) => {
        await p.goto('/department-reports');
        await p.getByRole('heading', { name: '部门报到' }).waitFor();
        await p.locator('.ant-card, .ant-empty').first().waitFor();
        await shot(p, 'workbench-department-reports');
        await expectNoSeriousAxe(p, 'department reports');
      });
    },
  },
];
