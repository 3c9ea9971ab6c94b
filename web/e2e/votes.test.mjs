// Browser test of issue 7's scenario: a compound adds a lift. A resident raises the topic in the H5; the commissioner
// puts it on an open deliberation day, signs people in, records the minutes and a follow-up and publishes them; drafts
// and announces an owners' vote (item 7), is refused opening during the notice period, opens it after the notice
// (the server's clock moved by the test hook of `gongzhi serve --test-clock`); the resident votes in the H5 with a
// confirmation step and changes the ballot; staff enter paper ballots; the vote closes and the result is published
// with area and headcount figures. Runs last: it moves the server's clock forward by weeks.
import { DEMO, PASSWORD, advanceServerClock, asPerson, pickOption, assert, expectNoSeriousAxe, shot } from './lib.mjs';

const DAY = 86_400_000;
const mobile = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };

async function apiAs(baseUrl, phone) {
  const login = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone, password: PASSWORD }) });
  assert(login.ok, `login ${phone}: ${login.status}`);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const session = await login.json();
  const call = async (method, path, body) => {
    const res = await fetch(`${baseUrl}${path}`, { method, headers: { cookie, 'x-csrf-token': session.csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    const json = await res.json().catch(() => null);
    assert(res.ok, `${method} ${path} as ${phone}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  return { session, get: (p) => call('GET', p), post: (p, b) => call('POST', p, b ?? {}) };
}

/** The vote as a freshly signed-in commissioner sees it (sessions end after 30 idle minutes of the moved clock). */
let currentVote = null;
async function commissioner2(baseUrl) {
  return (await (await apiAs(baseUrl, DEMO.commissioner)).get(`/api/votes/${currentVote}`));
}

export const voteTests = [
  {
    name: 'votes: a compound adds a lift — topic, deliberation day with minutes, owners’ vote after the notice, ballots (one changed), closed and published',
    fn: async ({ context, baseUrl }) => {
      const browser = context.browser();
      const stamp = Date.now().toString().slice(-6);
      const topicTitle = `加装电梯 e2e-${stamp}`;
      const resident = await apiAs(baseUrl, DEMO.resident);
      // The resident's building: the demo lift vote is on it.
      const seeded = (await resident.get('/api/me/votes')).items.find((v) => v.item === 7);
      assert(seeded, 'the demo district has a lift vote over the demo resident');
      const buildingName = seeded.scope.name;

      // 1. The resident raises the topic in the H5.
      await asPerson(browser, baseUrl, DEMO.resident, mobile, async (page) => {
        await page.goto('/h5/deliberation');
        await page.getByRole('button', { name: '提出议题' }).click();
        await page.getByRole('button', { name: '提交' }).click();
        await page.getByText('请填写此项').first().waitFor();
        await page.getByRole('textbox', { name: '议题' }).fill(topicTitle);
        await page.locator('textarea').first().fill('家里老人上楼困难，希望本楼加装电梯。');
        await page.getByRole('button', { name: '提交' }).click();
        await page.getByText(topicTitle).waitFor();
        await page.getByText('纪要已公开').first().waitFor(); // the demo day's minutes
        await shot(page, 'h5-deliberation');
        await expectNoSeriousAxe(page, 'h5 deliberation');
      });

      // The demo residents' poll (before the clock moves past its close): choose, confirm, answered once for the household.
      await asPerson(browser, baseUrl, DEMO.resident, mobile, async (page) => {
        await page.goto('/h5/votes');
        // The demo poll by its option: other browser tests may have started polls of their own before this one.
        const testId = await page.locator('[data-testid^="poll-"]', { has: page.getByRole('button', { name: '北门停车场旁' }) }).first().getAttribute('data-testid');
        const poll = page.locator(`[data-testid="${testId}"]`);
        await poll.getByRole('button', { name: '北门停车场旁' }).click();
        await poll.getByRole('button', { name: '确认提交' }).click();
        await poll.getByText('您（或您家）已投票').waitFor();
        await shot(page, 'h5-poll-answered');
      });

      // 2. The commissioner puts it on a deliberation day, signs people in, records minutes and a follow-up, publishes.
      await asPerson(browser, baseUrl, DEMO.commissioner, {}, async (page) => {
        await page.goto('/topics');
        const row = page.getByRole('row').filter({ hasText: topicTitle });
        await row.getByRole('checkbox').check();
        await shot(page, 'workbench-topics');
        await expectNoSeriousAxe(page, 'topics');
        await page.getByRole('button', { name: '安排议事日' }).click();
        const dialog = page.getByRole('dialog', { name: '安排议事日' });
        await dialog.getByLabel('地点').fill('小区议事厅');
        await pickOption(page, dialog, dialog.getByRole('combobox', { name: '促动师' }), '促动师（演示）');
        await dialog.getByLabel('时间').click();
        await dialog.getByLabel('时间').fill('2026-12-01 14:00');
        await dialog.getByLabel('时间').press('Enter');
        await dialog.getByLabel('参会人').fill('居委会代表，居委会\n物业经理，物业\n张阿姨，居民');
        await dialog.getByRole('button', { name: '提交' }).click();
        await page.waitForURL(/\/deliberation-days\/\d+$/);
        await page.getByRole('button', { name: '签到 居委会代表' }).click();
        await page.getByRole('button', { name: '签到 物业经理' }).click();
        await page.getByText('签到 2/3').waitFor();
        await page.getByText('促动师（演示）').waitFor();
        const card = page.locator('.ant-card').filter({ hasText: topicTitle });
        await card.getByRole('textbox', { name: '讨论情况' }).fill('多数居民支持；一楼住户担心采光，物业介绍北侧井道方案。');
        await card.getByRole('textbox', { name: '决议' }).fill(`提请${buildingName}业主依第278条第七项表决加装电梯。`);
        await card.getByRole('button', { name: '保存纪要' }).click();
        await page.getByText('已召开').waitFor();
        await card.getByRole('textbox', { name: '事项', exact: true }).fill('物业出具井道测绘');
        await card.getByRole('textbox', { name: '责任人', exact: true }).fill('物业经理');
        await card.getByLabel('期限').click();
        await card.getByLabel('期限').fill('2026-12-15');
        // Enter takes the typed date and submits the follow-up form.
        await card.getByLabel('期限').press('Enter');
        await card.getByText('物业出具井道测绘').waitFor();
        await page.getByRole('button', { name: '公开纪要' }).click();
        await page.locator('.ant-popconfirm').getByRole('button', { name: /确\s*定|OK/ }).click();
        await page.getByText('纪要已公开').waitFor();
        await shot(page, 'workbench-deliberation-day');
        await expectNoSeriousAxe(page, 'deliberation day');
      });

      // 3. The commissioner drafts and announces the vote; opening during the notice period is refused.
      let voteId;
      await asPerson(browser, baseUrl, DEMO.commissioner, {}, async (page) => {
        await page.goto('/votes');
        await page.getByRole('button', { name: '发起表决' }).click();
        const dialog = page.getByRole('dialog', { name: '发起表决' });
        await dialog.getByRole('combobox', { name: '整个小区' }).click();
        await page.locator('.ant-select-dropdown:visible').getByText(buildingName, { exact: true }).click();
        await dialog.getByLabel('标题').fill(`${buildingName}加装电梯 e2e-${stamp}`);
        await dialog.getByLabel('表决内容').fill('北侧井道方案，费用按楼层系数分摊。');
        await dialog.getByRole('button', { name: '创建草稿' }).click();
        await page.waitForURL(/\/votes\/\d+$/);
        voteId = Number(page.url().split('/').pop());
        currentVote = voteId;
        await page.getByRole('button', { name: '公告' }).click();
        await page.locator('.ant-popconfirm').getByRole('button', { name: /确\s*定|OK/ }).click();
        await page.getByText('公告中').first().waitFor();
        await page.getByRole('button', { name: '开始投票' }).click();
        await page.getByRole('alert').filter({ hasText: '公告期尚未届满' }).waitFor();
        await shot(page, 'workbench-vote-announced');
      });

      // 4. Fifteen days later (the server's clock moved), voting opens.
      await advanceServerClock(baseUrl, 15 * DAY + 60_000);
      await asPerson(browser, baseUrl, DEMO.commissioner, {}, async (page) => {
        await page.goto(`/votes/${voteId}`);
        await page.getByRole('button', { name: '开始投票' }).click();
        await page.getByText('实时计票（仅工作人员可见）').waitFor();
      });

      // 5. The resident votes in the H5 with a confirmation step, then changes the ballot.
      await asPerson(browser, baseUrl, DEMO.resident, mobile, async (page) => {
        await page.goto('/h5/votes');
        const card = page.getByTestId(`vote-${voteId}`);
        await card.getByRole('button', { name: '反对' }).click();
        await card.getByText('您选择“反对”。确认提交吗？').waitFor();
        await shot(page, 'h5-vote-confirm');
        await card.getByRole('button', { name: '确认提交' }).click();
        await card.getByText('您已投票：反对').waitFor();
        await card.getByRole('button', { name: /撤回/ }).waitFor();
        await card.getByRole('button', { name: '改票' }).click();
        await card.getByRole('button', { name: '同意' }).click();
        await card.getByRole('button', { name: '确认提交' }).click();
        await card.getByText('您已投票：同意').waitFor();
        await expectNoSeriousAxe(page, 'h5 votes');
        await page.getByRole('button', { name: '长辈版' }).click();
        await shot(page, 'h5-vote-elder');
        const box = await card.getByRole('button', { name: '改票' }).boundingBox();
        assert(box && box.height >= 60, `elder mode: a 60 px target, got ${box?.height}`);
      });

      // 6. Staff enter paper ballots: one through the screen, the rest of the building through the API.
      const commissioner = await apiAs(baseUrl, DEMO.commissioner);
      const open = await commissioner.get(`/api/votes/${voteId}/participation`);
      assert(open.items.length === 1 && open.items[0].choice === 'for', `the resident's changed ballot counts once, as “for”: ${JSON.stringify(open.items)}`);
      const [first, ...rest] = open.notVoted;
      await asPerson(browser, baseUrl, DEMO.commissioner, {}, async (page) => {
        await page.goto(`/votes/${voteId}`);
        const form = page.getByRole('form', { name: '录入纸质票' });
        await form.getByRole('button', { name: '录入纸质票' }).click();
        await form.getByText('请填写纸质票扫描件的编号').waitFor();
        await form.getByRole('combobox', { name: '业主' }).fill(first.ownerName);
        await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: first.ownerName }).first().click();
        await form.getByRole('combobox', { name: '投票' }).click();
        await page.locator('.ant-select-dropdown:visible').getByText('同意', { exact: true }).click();
        await form.getByLabel('扫描件编号').fill(`SCAN-${stamp}-1`);
        await form.getByRole('button', { name: '录入纸质票' }).click();
        await page.getByRole('tab', { name: /已投票 2/ }).waitFor();
        await shot(page, 'workbench-vote-live');
        await expectNoSeriousAxe(page, 'vote page (open)');
      });
      // Most of the rest vote for by paper; a few against; some do not take part.
      const voters = rest.slice(0, Math.ceil(rest.length * 0.8));
      for (const [i, o] of voters.entries()) {
        await commissioner.post(`/api/votes/${voteId}/paper-ballots`, { ownerId: o.ownerId, choice: i % 9 === 4 ? 'against' : 'for', scanRef: `SCAN-${stamp}-${i + 2}` });
      }

      // 7. At the end of the window the server's timer closes the vote and counts it; staff publish the result.
      await advanceServerClock(baseUrl, 10 * DAY);
      await asPerson(browser, baseUrl, DEMO.commissioner, {}, async (page) => {
        for (let i = 0; i < 20; i++) {
          // The timer polls every 5 s.
          if ((await commissioner2(baseUrl)).status === 'closed') break;
          await new Promise((r) => setTimeout(r, 1000));
        }
        await page.goto(`/votes/${voteId}`);
        await page.getByText('已截止待公布').first().waitFor();
        await page.getByText(/应于 .* 前公布/).waitFor();
        await page.getByRole('button', { name: '公布结果' }).click();
        await page.getByText('已公布').first().waitFor();
        const tally = page.getByTestId('tally');
        await tally.getByText('全体业主').waitFor();
        await tally.getByText('参与表决').waitFor();
        await shot(page, 'workbench-vote-published');
        await expectNoSeriousAxe(page, 'vote page (published)');
      });
      const staff = await apiAs(baseUrl, DEMO.commissioner);
      const result = (await staff.get(`/api/votes/${voteId}`)).result;
      assert(result.participating.heads === voters.length + 2, `participants ${result.participating.heads} = ${voters.length + 2}`);
      const recount = await staff.get(`/api/votes/${voteId}/recount`);
      assert(recount.matches, 'the published tally equals a recount from the ballots');
      await asPerson(browser, baseUrl, DEMO.resident, mobile, async (page) => {
        await page.goto('/h5/votes');
        const card = page.getByTestId(`vote-${voteId}`);
        await card.getByText(/表决结果：(通过|未通过)/).waitFor();
        const area = `${Math.floor(result.electorate.areaCenti / 100)}.${String(result.electorate.areaCenti % 100).padStart(2, '0')}`;
        await card.getByRole('cell', { name: area }).waitFor();
        await shot(page, 'h5-vote-published');
      });
    },
  },
];
