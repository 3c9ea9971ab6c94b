// Stored XSS (issue 10 §4): hostile markup saved through the API is shown as text wherever it is rendered, and no
// script runs. CSP is bypassed here on purpose (as in every test but security-headers): this proves the escaping
// itself, not the CSP that would also stop it.
import { DEMO, PASSWORD, asPerson, assert, shot } from './lib.mjs';

const MARK = 'XSS探针';
const PAYLOAD = `${MARK}<img src=x onerror="window.__gzXss=1"><script>window.__gzXss=2</script><svg onload="window.__gzXss=3"></svg><a href="javascript:window.__gzXss=4">链接</a>`;

async function noScriptRan(page, where) {
  await page.getByText(MARK, { exact: false }).first().waitFor();
  const ran = await page.evaluate(() => window.__gzXss);
  assert(ran === undefined, `a stored payload ran on ${where} (window.__gzXss = ${ran})`);
  const html = await page.content();
  assert(!/<img src="?x"? onerror/i.test(html) && !/<svg onload/i.test(html), `the payload became markup on ${where}`);
  assert(html.includes('&lt;script&gt;') || (await page.getByText('<script>', { exact: false }).count()) > 0, `the payload shows as text on ${where}`);
}

export const xssTests = [
  {
    name: 'xss: a request description full of markup shows as text in the H5 and the workbench, and no script runs',
    fn: async ({ context, baseUrl }) => {
      const login = await context.request.post('/api/auth/login', { data: { phone: DEMO.resident, password: PASSWORD } });
      const csrf = (await login.json()).csrfToken;
      const home = (await (await context.request.get('/api/me/home')).json()).homes[0];
      const cats = await (await context.request.get('/api/request-categories')).json();
      const res = await context.request.post('/api/me/requests', {
        headers: { 'x-csrf-token': csrf, 'idempotency-key': `e2e-xss-${Date.now()}` },
        data: { compoundId: home.compound.id, categoryId: cats[0].id, type: 'suggestion', description: PAYLOAD },
      });
      assert(res.status() === 201, `raise: ${res.status()} ${await res.text()}`);
      const id = (await res.json()).id;
      assert((await (await context.request.get(`/api/me/requests/${id}`)).json()).description === PAYLOAD, 'stored exactly as sent');

      await asPerson(context.browser(), baseUrl, DEMO.resident, { viewport: { width: 390, height: 844 }, isMobile: true }, async (page) => {
        await page.goto(`/h5/requests/${id}`);
        await noScriptRan(page, 'the H5 request page');
        await shot(page, 'xss-h5-request');
      });
      await asPerson(context.browser(), baseUrl, DEMO.commissioner, {}, async (page) => {
        await page.goto(`/requests/${id}`);
        await noScriptRan(page, 'the workbench request page');
        await page.goto('/requests');
        await page.getByText(MARK, { exact: false }).first().waitFor();
        assert((await page.evaluate(() => window.__gzXss)) === undefined, 'a stored payload ran on the queue');
        await shot(page, 'xss-workbench-queue');
      });
    },
  },
];
