import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/helpers.ts';
import { createPerson, createTree, PASSWORD } from '../../test/factories.ts';
import { RateLimiter } from './rate-limit.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const from = (ip: string, url: string, payload?: object, lang = 'zh-CN') =>
  t.app.inject({ method: payload ? 'POST' : 'GET', url, remoteAddress: ip, headers: { 'accept-language': lang }, ...(payload ? { payload } : {}) });

describe('rate limits', () => {
  it('limits password sign-in per account across addresses, with Retry-After and a message in both languages', async () => {
    const phone = '13912340001'; // no such account: every attempt is a plain 401, no lockout in the way
    for (let i = 0; i < 10; i++) expect((await from(`198.51.100.${i + 1}`, '/api/auth/login', { phone, password: 'Wrong@pass1' })).statusCode).toBe(401);
    const zh = await from('198.51.100.50', '/api/auth/login', { phone, password: 'Wrong@pass1' });
    expect(zh.statusCode).toBe(429);
    expect(Number(zh.headers['retry-after'])).toBeGreaterThan(800);
    expect(zh.json()).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/请 \d+ 秒后再试/) });
    const en = await from('198.51.100.51', '/api/auth/login', { phone, password: 'Wrong@pass1' }, 'en-US');
    expect(en.json().message).toMatch(/try again in \d+ seconds/);
    // Fifteen minutes later the account may try again.
    t.clock.advance(15 * 60 * 1000);
    expect((await from('198.51.100.52', '/api/auth/login', { phone, password: 'Wrong@pass1' })).statusCode).toBe(401);
  });

  it('limits password sign-in per address across accounts; other addresses are not affected', async () => {
    const tree = await createTree(t.deps);
    const p = await createPerson(t.deps, tree.districtId, '专员甲', [{ role: 'commissioner', place: tree.places.A! }]);
    for (let i = 0; i < 20; i++) expect((await from('203.0.113.7', '/api/auth/login', { phone: `1391235${String(i).padStart(4, '0')}`, password: 'x' })).statusCode).toBe(401);
    const blocked = await from('203.0.113.7', '/api/auth/login', { phone: p.phone, password: PASSWORD });
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect((await from('203.0.113.8', '/api/auth/login', { phone: p.phone, password: PASSWORD })).statusCode).toBe(200);
  });

  it('allows one SMS code a minute per phone, with the same answer whether or not the phone has an account', async () => {
    const tree = await createTree(t.deps);
    const p = await createPerson(t.deps, tree.districtId, '专员乙', [{ role: 'commissioner', place: tree.places.A! }]);
    for (const phone of [p.phone, '13912340002']) {
      expect((await from('192.0.2.10', '/api/auth/sms/request', { phone })).statusCode).toBe(204);
      const again = await from('192.0.2.11', '/api/auth/sms/request', { phone });
      expect(again.statusCode).toBe(429);
      expect(again.json().code).toBe('RATE_LIMITED');
    }
    expect(t.sms.sent.filter((m) => m.phone === p.phone)).toHaveLength(1);
  });

  it('limits keyless Open311 reads and the public verification API per address', async () => {
    for (const url of ['/open311/v2/services.json', '/api/public/volunteer-certificates/NOPE123']) {
      for (let i = 0; i < 60; i++) expect((await from('192.0.2.77', url)).statusCode).not.toBe(429);
      const res = await from('192.0.2.77', url);
      expect(res.statusCode).toBe(429);
      expect(res.headers['retry-after']).toBeDefined();
      expect((await from('192.0.2.78', url)).statusCode).not.toBe(429);
    }
  });

  it('never limits the machine itself (tests, browser tests, bench)', async () => {
    for (let i = 0; i < 25; i++) expect((await from('127.0.0.1', '/api/auth/login', { phone: '13912340003', password: 'x' })).statusCode).toBe(401);
  });

  it('still limits a forwarded request that claims to come from loopback', async () => {
    const spoof = () => t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '127.0.0.1' }, payload: { phone: '13912340004', password: 'x' } });
    for (let i = 0; i < 10; i++) expect((await spoof()).statusCode).toBe(401);
    expect((await spoof()).statusCode).toBe(429);
  });
});

describe('RateLimiter', () => {
  it('keeps memory bounded under a flood of distinct keys', () => {
    let now = 0;
    const limiter = new RateLimiter({ now: () => new Date(now) }, 100);
    for (let i = 0; i < 1000; i++) limiter.hit(`k${i}`, 1, 60_000);
    expect((limiter as unknown as { windows: Map<string, unknown> }).windows.size).toBeLessThanOrEqual(100);
    now += 60_001;
    expect(limiter.hit('k999', 1, 60_000)).toEqual({ ok: true });
  });
});
