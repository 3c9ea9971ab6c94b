import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO, asPerson, assert, expectNoSeriousAxe, shot, pickOption } from './lib.mjs';

// 微心愿 end to end in real browsers, one person per context: post → review → claim → fulfil → confirm; and the
// wall (page and API) never shows the recipient's name or address without their separate consent (PIPL art. 25).
const mobile = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };
const PARTY_MEMBER = '13800000016';
const RESIDENT_NAME = '居民业主（演示）';
const ADDRESS = '9幢9单元909室';

const PHOTO_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAEAAAAAwCAIAAAAuKetIAAAAUElEQVR42u3WMQ0AIBAEwW/pEYdJBGGF6kVQkEsmWQPTbd09oysAAAAAAAAAAAAAAIBYwFgnOgAAAAAAAACAF4AbBQAAAAAAAAAAAAAA+FQDTVZCHsabWJYAAAAASUVORK5CYII=';
function photoFile(name) {
  const file = join(mkdtempSync(join(tmpdir(), 'gongzhi-e2e-wish-')), name);
  writeFileSync(file, Buffer.from(PHOTO_PNG_BASE64, 'base64'));
  return file;
}


/** The wall as the API serves it and as the page renders it: neither may carry the name or the address. */
async function assertWallPrivate(page, title) {
  const api = await page.request.get('/api/wish-wall');
  assert(api.ok(), `wall API ${api.status()}`);
  const body = await api.text();
  assert(body.includes(title), 'the wish is on the wall (API)');
  assert(!body.includes(RESIDENT_NAME), 'the wall API must not carry the recipient name');
  assert(!body.includes(ADDRESS), 'the wall API must not carry the address');
  const card = page.locator('.gz-wish-card', { hasText: title });
  await card.waitFor();
  const text = await page.locator('main').innerText();
  assert(!text.includes(RESIDENT_NAME), 'the rendered wall must not show the recipient name');
  assert(!text.includes(ADDRESS), 'the rendered wall must not show the address');
  assert((await card.getByTestId('wish-recipient').innerText()).includes('一位居民'), 'the card says "a resident"');
  return card;
}

export const wishTests = [
  {
    name: 'wishes: a wish goes post → review → claim → fulfil → confirm, and the wall never shows the recipient without consent',
    context: mobile,
    fn: async ({ context, baseUrl }) => {
      const browser = context.browser();
      const title = `一台助听器 ${Date.now() % 100000}`;

      // 1. The resident posts a wish on the H5, without ticking either consent box.
      await asPerson(browser, baseUrl, DEMO.resident, mobile, async (page) => {
        await page.goto('/h5/wishes/new');
        await page.getByRole('heading', { name: '发布微心愿' }).waitFor();
        // Validation first: empty form says what is missing.
        await page.getByRole('button', { name: '提交审核' }).click();
        await page.getByText('请填写心愿（2–40 字）').waitFor();
        await page.getByText('生活物品').click();
        await page.getByRole('textbox', { name: '心愿', exact: true }).fill(title);
        await page.getByPlaceholder('写清需要什么、为什么').fill('耳朵不好，想要一台助听器，方便和家人说话');
        await page.getByRole('textbox', { name: '估算价值（元）', exact: true }).fill('-5');
        await page.getByRole('button', { name: '提交审核' }).click();
        await page.getByText('请填写 0.01–2000 元之间的金额').waitFor();
        await page.getByRole('textbox', { name: '估算价值（元）', exact: true }).fill('480');
        await page.getByRole('textbox', { name: '楼幢门牌（选填）', exact: true }).fill(ADDRESS);
        await page.getByTestId('wish-photos-wish').locator('input[type=file]').setInputFiles(photoFile('wish.png'));
        await page.getByTestId('wish-photos-wish').locator('img').first().waitFor();
        await page.locator('.adm-image-uploader-cell-mask').first().waitFor({ state: 'detached' });
        await shot(page, 'wishes-h5-post');
        await expectNoSeriousAxe(page, 'H5 post a wish');
        await page.getByRole('button', { name: '提交审核' }).click();
        await page.getByText('已提交，社区审核通过后会出现在心愿墙上。').waitFor();
        const card = page.locator('.gz-wish-card', { hasText: title });
        await card.getByText('待审核').waitFor();
        await card.getByText('公开同意：未同意公开').waitFor();
        await shot(page, 'wishes-h5-mine-pending');
        await expectNoSeriousAxe(page, 'H5 my wishes');
      });

      // 2. The community worker approves it in the workbench review queue.
      await asPerson(browser, baseUrl, DEMO.communityWorker, { viewport: { width: 1440, height: 900 } }, async (page) => {
        await page.goto('/wishes');
        await page.getByRole('heading', { name: '心愿审核与统计' }).waitFor();
        const row = page.locator('tr', { hasText: title });
        await row.waitFor();
        assert((await row.innerText()).includes(RESIDENT_NAME), 'the reviewer sees the recipient');
        await shot(page, 'wishes-workbench-queue');
        await expectNoSeriousAxe(page, 'workbench wish queue');
        await row.getByRole('button', { name: '通过上墙' }).click();
        await page.locator('tr', { hasText: title }).waitFor({ state: 'detached' });
      });

      // 3. A party member of the community finds it on the wall (no name, no address), claims it and uploads proof.
      await asPerson(browser, baseUrl, PARTY_MEMBER, mobile, async (page) => {
        await page.goto('/h5/wall');
        const card = await assertWallPrivate(page, title);
        await shot(page, 'wishes-h5-wall');
        await expectNoSeriousAxe(page, 'H5 wish wall');
        await card.getByRole('button', { name: '认领' }).click();
        await card.getByText('已认领', { exact: true }).waitFor();
        await card.getByText(/请在 .* 前完成并上传照片凭证/).waitFor();
        await card.getByRole('button', { name: '标记已实现' }).click();
        await card.getByText('请至少上传一张照片').waitFor();
        await card.getByTestId('wish-photos-proof').locator('input[type=file]').setInputFiles(photoFile('proof.png'));
        await card.getByTestId('wish-photos-proof').locator('img').first().waitFor();
        await page.locator('.adm-image-uploader-cell-mask').first().waitFor({ state: 'detached' });
        await card.getByPlaceholder('说明（选填）').fill('已送到社区服务站');
        await shot(page, 'wishes-h5-claimed-proof');
        await card.getByRole('button', { name: '标记已实现' }).click();
        await card.getByText('已实现待确认').waitFor();
        await assertWallPrivate(page, title);
      });

      // 4. The resident confirms with a thank-you note.
      await asPerson(browser, baseUrl, DEMO.resident, mobile, async (page) => {
        await page.goto('/h5/wishes');
        const card = page.locator('.gz-wish-card', { hasText: title });
        await card.getByText('已实现待确认').waitFor();
        await card.locator('img').first().waitFor();
        await card.getByPlaceholder('感谢留言（选填）').fill('谢谢党员同志！');
        await shot(page, 'wishes-h5-confirm');
        await card.getByRole('button', { name: '确认已实现' }).click();
        await card.getByText('已确认').waitFor();
        await card.getByText('感谢留言：谢谢党员同志！').waitFor();
      });

      // 5. The wall shows the thanks — and still not the name.
      await asPerson(browser, baseUrl, PARTY_MEMBER, mobile, async (page) => {
        await page.goto('/h5/wall');
        const card = await assertWallPrivate(page, title);
        await card.getByText('感谢留言：谢谢党员同志！').waitFor();
        await card.scrollIntoViewIfNeeded();
        await shot(page, 'wishes-h5-wall-confirmed');
      });

      // 6. The statistics count it.
      await asPerson(browser, baseUrl, DEMO.communityWorker, { viewport: { width: 1440, height: 900 } }, async (page) => {
        await page.goto('/wishes');
        await page.getByRole('heading', { name: '心愿审核与统计' }).waitFor();
        const status = page.getByLabel('状态');
        await pickOption(page, page.locator('.ant-select').filter({ has: status }), status, '已确认');
        await page.locator('tr', { hasText: title }).waitFor();
        await shot(page, 'wishes-workbench-confirmed');
      });
    },
  },
  {
    name: 'wishes: the demand list gathers needs from repeated requests, with counts and links; a need is assessed and turned into an activity',
    fn: async ({ context, baseUrl }) => {
      const browser = context.browser();
      await asPerson(browser, baseUrl, DEMO.communityWorker, { viewport: { width: 1440, height: 900 } }, async (page) => {
        await page.goto('/demands');
        await page.getByRole('heading', { name: '需求清单' }).waitFor();
        await page.getByRole('button', { name: /从诉求汇总/ }).click();
        await page.getByText(/类反复出现的诉求，新增/).waitFor();
        const first = page.locator('tbody tr.ant-table-row').first();
        await first.waitFor();
        const text = await first.innerText();
        assert(text.includes('反复出现的诉求'), `a need from recurring requests: ${text}`);
        const link = first.getByRole('link', { name: '查看相关诉求' });
        assert(/\/requests\?compoundId=\d+&categoryId=\d+/.test(await link.getAttribute('href')), 'the need links to its requests');
        await shot(page, 'demands-workbench-list');
        await expectNoSeriousAxe(page, 'workbench demand list');
        await first.getByRole('button', { name: '评估' }).click();
        const dialog = page.getByRole('dialog');
        // The field takes 1–5 only (the server refuses anything else with 400, demands.test.ts).
        await dialog.getByLabel('紧迫程度').fill('4');
        await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
        await dialog.waitFor({ state: 'hidden' });
        await page.locator('tbody tr.ant-table-row', { hasText: '已评估' }).first().waitFor();
        const assessed = page.locator('tbody tr.ant-table-row', { hasText: '已评估' }).first();
        await assessed.getByLabel('转为…').click();
        await page.getByTitle('活动').click();
        await page.locator('tbody tr.ant-table-row', { hasText: '已转化' }).first().waitFor();
        await shot(page, 'demands-workbench-converted');
      });
    },
  },
  {
    name: 'wishes: a resident answers a survey once in the H5; the workbench charts the results',
    fn: async ({ context, baseUrl }) => {
      const browser = context.browser();
      const title = `小区需求调查 ${Date.now() % 100000}`;
      await asPerson(browser, baseUrl, DEMO.communityWorker, {}, async (page) => {
        const homes = await (await page.request.get('/api/auth/me')).json();
        const community = homes.roles.find((r) => r.role === 'community_worker').placeId;
        const csrf = homes.csrfToken;
        const res = await page.request.post('/api/surveys', {
          headers: { 'x-csrf-token': csrf },
          data: { placeId: community, title, questions: [
            { kind: 'single', text: '您最需要哪项服务？', options: ['老年食堂', '托育', '停车'] },
            { kind: 'rating', text: '对社区服务的满意度' },
            { kind: 'text', text: '其他建议' },
          ] },
        });
        assert(res.status() === 201, `create survey: ${res.status()} ${await res.text()}`);
      });
      await asPerson(browser, baseUrl, DEMO.resident, mobile, async (page) => {
        await page.goto('/h5/surveys');
        const card = page.locator('.adm-card', { hasText: title });
        await card.waitFor();
        await card.getByRole('button', { name: '提交问卷' }).click();
        await card.getByText('还有题目未作答').waitFor();
        await card.getByText('老年食堂').click();
        await card.locator('.adm-rate-star').nth(3).tap();
        await card.getByPlaceholder('请填写您的想法').fill('希望周末也开放');
        await shot(page, 'surveys-h5-answer');
        await expectNoSeriousAxe(page, 'H5 survey');
        await card.getByRole('button', { name: '提交问卷' }).click();
        await page.locator('.adm-card', { hasText: title }).getByText('您已作答，谢谢参与！').waitFor();
      });
      await asPerson(browser, baseUrl, DEMO.communityWorker, { viewport: { width: 1440, height: 900 } }, async (page) => {
        await page.goto('/surveys');
        await page.getByRole('heading', { name: '问卷结果' }).waitFor();
        await page.getByText('1 人作答').first().waitFor();
        await page.getByRole('img', { name: /您最需要哪项服务？: 老年食堂 1, 托育 0, 停车 0/ }).waitFor();
        await page.getByText('平均 4 分').waitFor();
        await page.getByText('希望周末也开放').waitFor();
        await page.waitForTimeout(500);
        await shot(page, 'surveys-workbench-results');
      });
    },
  },
];
