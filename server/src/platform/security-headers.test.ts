import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/helpers.ts';
import { API_CSP, HSTS, pageCsp } from './security-headers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('security headers', () => {
  it('answers the API, its errors and its docs with nosniff, no framing and a CSP that allows nothing inline', async () => {
    for (const url of ['/api/auth/me', '/api/no-such-route', '/healthz']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.headers).toMatchObject({
        'content-security-policy': API_CSP,
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'same-origin',
        'cross-origin-opener-policy': 'same-origin',
      });
      expect(res.headers['permissions-policy']).toContain('camera=()');
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/static/index.html' });
    expect(docs.headers['content-security-policy']).toContain("script-src 'self'");
    expect(docs.headers['content-security-policy']).not.toMatch(/unsafe-inline|unsafe-eval|upgrade-insecure/);
  });

  it('sends HSTS only when the request came over TLS (X-Forwarded-Proto from the proxy)', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-forwarded-proto': 'https' } });
    expect(res.headers['strict-transport-security']).toBe(HSTS);
  });

  it('gives pages a nonce for styles and nothing inline', () => {
    const csp = pageCsp('abc123');
    expect(csp).toContain("style-src 'self' 'nonce-abc123'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe/);
  });
});
