// Security headers and the CSP (server/src/platform/security-headers.ts, docs/security.md): every face loads
// and works under a CSP without 'unsafe-inline', with no violation reported. These tests run with CSP enforced
// (bypassCSP false); the other browser tests bypass it because axe is injected as an inline script.
import { DEMO, PASSWORD, assert, shot } from './lib.mjs';

const enforced = { bypassCSP: false };

/** Records every CSP violation the page reports, from before its first script runs. */
async function watchCsp(page) {
  const seen = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) seen.push(`console: ${m.text()}`);
  });
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`),
    );
  });
  return async (label) => {
    const events = await page.evaluate(() => window.__cspViolations ?? []);
    const all = [...seen, ...events];
    assert(all.length === 0, `CSP violations on ${label}:\n${all.join('\n')}`);
  };
}

function checkPageHeaders(headers, label) {
  const csp = headers['content-security-policy'] ?? '';
  assert(csp.includes("script-src 'self'"), `${label}: script-src missing in ${csp}`);
  assert(!csp.includes('unsafe-inline') && !csp.includes('unsafe-eval'), `${label}: CSP allows unsafe-inline/eval: ${csp}`);
  assert(/style-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}'/.test(csp), `${label}: no style nonce in ${csp}`);
  assert(csp.includes("frame-ancestors 'none'"), `${label}: frame-ancestors missing`);
  assert(headers['x-content-type-options'] === 'nosniff', `${label}: nosniff missing`);
  assert(headers['x-frame-options'] === 'DENY', `${label}: X-Frame-Options missing`);
  assert(headers['referrer-policy'] === 'same-origin', `${label}: Referrer-Policy missing`);
  assert((headers['permissions-policy'] ?? '').includes('camera=()'), `${label}: Permissions-Policy missing`);
  assert(!headers['strict-transport-security'], `${label}: HSTS must not be sent over plain HTTP`);
  return csp.match(/'nonce-([^']+)'/)[1];
}

export const securityHeaderTests = [
  {
    name: 'security headers: pages get a fresh nonce each view, the API a CSP that allows nothing, HSTS only behind TLS',
    context: enforced,
    fn: async ({ context }) => {
      const nonces = new Set();
      for (const url of ['/', '/h5/', '/screen/', '/requests', '/h5/requests']) {
        const res = await context.request.get(url);
        assert(res.ok(), `${url}: ${res.status()}`);
        const nonce = checkPageHeaders(res.headers(), url);
        const html = await res.text();
        assert(html.includes(`nonce="${nonce}"`) && !html.includes('__GZ_CSP_NONCE__'), `${url}: the page does not carry its nonce`);
        nonces.add(nonce);
      }
      assert(nonces.size === 5, 'a nonce was reused across page views');
      const api = await context.request.get('/api/auth/me');
      const h = api.headers();
      assert(h['content-security-policy'] === "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'", `API CSP: ${h['content-security-policy']}`);
      assert(h['x-content-type-options'] === 'nosniff', 'API: nosniff missing');
      const tls = await context.request.get('/api/auth/me', { headers: { 'x-forwarded-proto': 'https' } });
      assert(tls.headers()['strict-transport-security'] === 'max-age=31536000; includeSubDomains', 'HSTS missing behind TLS');
      // The entry files themselves are never served raw (they would carry the placeholder, not a nonce).
      const raw = await context.request.get('/index.html');
      assert(!(await raw.text()).includes('__GZ_CSP_NONCE__'), '/index.html served raw');
    },
  },
  {
    name: 'security headers: the workbench works under the CSP (antd styles carry the nonce)',
    context: enforced,
    fn: async ({ page }) => {
      const check = await watchCsp(page);
      await page.goto('/');
      await page.waitForURL(/\/sign-in/);
      await page.getByLabel('手机号').fill(DEMO.districtAdmin);
      await page.getByLabel('密码').fill(PASSWORD);
      await page.getByRole('button', { name: '登录' }).click();
      await page.waitForURL((u) => !u.pathname.includes('sign-in'));
      for (const path of ['/requests', '/places', '/people']) {
        await page.goto(path);
        await page.locator('.ant-table, .ant-list, .ant-empty, .ant-tree').first().waitFor();
      }
      const styled = await page.evaluate(() => ({
        styles: document.querySelectorAll('style').length,
        withoutNonce: [...document.querySelectorAll('style')].filter((s) => !s.nonce).length,
        buttonRadius: getComputedStyle(document.querySelector('.ant-btn') ?? document.body).borderTopLeftRadius,
      }));
      assert(styled.styles > 0 && styled.withoutNonce === 0, `antd <style> elements without the nonce: ${JSON.stringify(styled)}`);
      assert(styled.buttonRadius !== '0px', `antd styles did not apply: ${JSON.stringify(styled)}`);
      await shot(page, 'security-workbench-under-csp');
      await check('workbench');
    },
  },
  {
    name: 'security headers: the resident H5 works under the CSP',
    context: { ...enforced, viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true },
    fn: async ({ page }) => {
      const check = await watchCsp(page);
      await page.goto('/h5/');
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByRole('textbox', { name: '手机号' }).fill(DEMO.resident);
      await page.getByRole('textbox', { name: '密码' }).fill(PASSWORD);
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByText('我的小区专员').waitFor();
      await shot(page, 'security-h5-under-csp');
      await check('h5');
    },
  },
  {
    name: 'security headers: the cockpit draws its charts under the CSP',
    context: { ...enforced, viewport: { width: 1920, height: 1080 } },
    fn: async ({ page, context }) => {
      const check = await watchCsp(page);
      const res = await context.request.post('/api/auth/login', { data: { phone: DEMO.districtAdmin, password: PASSWORD } });
      assert(res.ok(), `login failed: ${res.status()}`);
      await page.goto('/screen/');
      await page.getByText('诉求总量').waitFor();
      await page.locator('.gz-screen-chart canvas').first().waitFor();
      await page.waitForTimeout(800);
      await shot(page, 'security-cockpit-under-csp');
      await check('cockpit');
    },
  },
];
