import { DEMO, PASSWORD, assert, expectNoSeriousAxe, shot } from './lib.mjs';

const bigScreen = { viewport: { width: 1920, height: 1080 } };

/** The screen's value of one headline measure (data-value carries the raw number the card formats). */
const shown = (page, key) => page.locator(`.gz-kpis [data-measure="${key}"]`).getAttribute('data-value');

/**
 * The screen and the API must agree. The rollup job may commit between the two reads (the demo's SLA timers fire
 * after start), so read the API, reload the screen, compare, and try again a few times before failing.
 */
async function agreeWithApi(page, context, placeId, keys) {
  let last;
  for (let attempt = 0; attempt < 5; attempt++) {
    const api = await (await context.request.get(`/api/cockpit/summary${placeId ? `?placeId=${placeId}` : ''}`)).json();
    if (attempt > 0) await page.reload();
    await page.locator('.gz-kpis [data-measure="requests"]').waitFor();
    const values = {};
    for (const k of keys) values[k] = await shown(page, k);
    const expected = Object.fromEntries(keys.map((k) => [k, api.headline[k] === null ? '' : String(api.headline[k])]));
    if (keys.every((k) => values[k] === expected[k]) && (await page.locator('.gz-trail-item[aria-current="page"]').innerText()) === api.place.name) return api;
    last = { values, expected, place: api.place.name };
    await page.waitForTimeout(2000);
  }
  throw new Error(`screen and API disagree: ${JSON.stringify(last)}`);
}

export const cockpitTests = [
  {
    name: 'cockpit: asks for sign-in when there is no session',
    context: bigScreen,
    fn: async ({ page }) => {
      await page.goto('/screen/');
      await page.getByRole('link', { name: '去登录' }).waitFor();
    },
  },
  {
    name: 'cockpit: the district admin sees the demo district numbers equal to the API, drills down to a compound',
    context: bigScreen,
    fn: async ({ page, context }) => {
      const res = await context.request.post('/api/auth/login', { data: { phone: DEMO.districtAdmin, password: PASSWORD } });
      assert(res.ok(), `login failed: ${res.status()}`);
      await page.goto('/screen/');
      const keys = ['requests', 'open', 'responseRate', 'resolutionRate', 'satisfactionRate', 'overdue', 'volunteerHours', 'wishesPosted'];
      const district = await agreeWithApi(page, context, undefined, keys);
      assert(district.place.kind === 'district', `starts at the district, got ${district.place.kind}`);
      assert(district.headline.requests > 100, `the demo district has three months of requests, got ${district.headline.requests}`);
      assert(district.children.length > 0, 'the district has streets');
      // The map draws the streets; the live ticker starts with the latest requests.
      await page.locator('.gz-col-main canvas').first().waitFor();
      await page.locator('.gz-ticker-item').first().waitFor({ timeout: 15_000 });
      await page.waitForTimeout(800);
      await shot(page, 'cockpit');
      await expectNoSeriousAxe(page, 'cockpit');

      // Drill down: street → community → compound, each level's numbers equal to the API's for that place.
      let current = district;
      for (const kind of ['street', 'community', 'compound']) {
        const child = [...current.children].sort((a, b) => b.headline.requests - a.headline.requests)[0];
        assert(child && child.kind === kind, `expected a ${kind} below ${current.place.name}`);
        await page.locator(`.gz-child[data-place-id="${child.id}"]`).click();
        await page.locator('.gz-trail-item[aria-current="page"]', { hasText: child.name }).waitFor();
        current = await agreeWithApi(page, context, child.id, keys);
        assert(current.headline.requests === child.headline.requests, `${child.name}: ${current.headline.requests} vs ${child.headline.requests} in its parent's breakdown`);
      }
      await page.getByText('已到小区一级').waitFor();
      await shot(page, 'cockpit-compound');
      // Back up one level by the trail.
      await page.getByRole('button', { name: '返回上一级' }).click();
      await page.locator('.gz-child').first().waitFor();
    },
  },
  {
    name: 'cockpit: the commissioner\'s workbench dashboard shows their compound, the same numbers as the API',
    fn: async ({ page, context }) => {
      const res = await context.request.post('/api/auth/login', { data: { phone: DEMO.commissioner, password: PASSWORD } });
      assert(res.ok(), `login failed: ${res.status()}`);
      const api = await (await context.request.get('/api/cockpit/summary')).json();
      assert(api.place.kind === 'compound', `a commissioner sees a compound, got ${api.place.kind}`);
      await page.goto('/cockpit');
      await page.getByText(`${api.place.name} · 驾驶舱`).waitFor();
      const card = page.locator('[data-measure="requests"] .ant-statistic-content-value');
      const value = (await card.innerText()).replace(/,/g, '');
      assert(Number(value) === api.headline.requests, `workbench shows ${value}, API ${api.headline.requests}`);
      // 台账: the requests ledger of the compound, generated in the background, downloaded as .xlsx.
      await page.getByRole('button', { name: '生成台账' }).click();
      const done = page.locator('[data-export-status="done"]').first();
      await done.waitFor({ timeout: 60_000 });
      const href = await done.getByRole('link', { name: '下载' }).getAttribute('href');
      const file = await context.request.get(href);
      assert(file.ok(), `download failed: ${file.status()}`);
      assert(decodeURIComponent(file.headers()['content-disposition']).includes('诉求台账'), 'the file is named after the ledger');
      const bytes = await file.body();
      assert(bytes.subarray(0, 2).toString() === 'PK', 'an .xlsx is a zip');
      await shot(page, 'cockpit-workbench');
      await expectNoSeriousAxe(page, 'cockpit-workbench');
    },
  },
];
