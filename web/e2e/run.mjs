// Browser tests against the real server: `npm run test:e2e -w web` (builds web/dist first).
// Prints "N passed, M failed" last and exits non-zero on any failure.
import { startServer, launchBrowser } from './lib.mjs';
import { workbenchTests } from './workbench.test.mjs';
import { h5Tests } from './h5.test.mjs';
import { cockpitTests } from './cockpit.test.mjs';
import { staffTests } from './staff.test.mjs';
import { requestTests } from './requests.test.mjs';
import { storeTests } from './store.test.mjs';
import { consultationTests } from './consultations.test.mjs';
import { wishTests } from './wishes.test.mjs';
import { configTests } from './config.test.mjs';
import { volunteeringTests } from './volunteering.test.mjs';
import { securityHeaderTests } from './security-headers.test.mjs';
import { totpTests } from './totp.test.mjs';
import { totpResetTests } from './totp-reset.test.mjs';
import { partyTests } from './party.test.mjs';
import { voteTests } from './votes.test.mjs';
import { projectTests } from './projects.test.mjs';
import { xssTests } from './xss.test.mjs';
import { projectGapTests } from './project-gaps.test.mjs';
import { conventionTests } from './conventions.test.mjs';

// voteTests last: it moves the shared server's clock forward by weeks.
const tests = [...workbenchTests, ...staffTests, ...h5Tests, ...cockpitTests, ...requestTests, ...storeTests, ...consultationTests, ...wishTests, ...configTests, ...securityHeaderTests, ...volunteeringTests, ...totpTests, ...partyTests, ...projectTests, ...xssTests, ...projectGapTests, ...conventionTests, ...totpResetTests, ...voteTests];

const only = process.env.GZ_E2E_ONLY;
let passed = 0;
let failed = 0;
let server;
let browser;
try {
  server = await startServer();
  browser = await launchBrowser();
  for (const t of tests) {
    if (only && !t.name.includes(only)) continue;
    // CSP bypassed unless a test asks for it: axe is injected as an inline script (security-headers.test.mjs enforces it).
    const context = await browser.newContext({ baseURL: server.baseUrl, locale: 'zh-CN', bypassCSP: true, ...(t.context ?? {}) });
    const page = await context.newPage();
    const consoleErrors = [];
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    const started = Date.now();
    try {
      await t.fn({ page, context, baseUrl: server.baseUrl });
      if (consoleErrors.length) throw new Error(`uncaught page errors: ${consoleErrors.join('\n')}`);
      passed++;
      console.log(`✓ ${t.name} (${Date.now() - started} ms)`);
    } catch (e) {
      failed++;
      console.log(`✗ ${t.name}\n  ${String(e?.stack ?? e).split('\n').join('\n  ')}`);
      await page.screenshot({ path: new URL(`./screenshots/FAILED-${t.name.replace(/\W+/g, '-')}.png`, import.meta.url).pathname }).catch(() => {});
    } finally {
      await context.close();
    }
  }
} catch (e) {
  failed++;
  console.log(`✗ setup: ${e?.stack ?? e}`);
} finally {
  await browser?.close();
  await server?.stop();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
