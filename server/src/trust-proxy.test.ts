import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

/** The client address Fastify settles on under a GONGZHI_TRUST_PROXY setting, for a request from `from`. */
async function clientIp(setting: string | undefined, from: string, forwardedFor: string): Promise<string> {
  const config = loadConfig({ ...(setting === undefined ? {} : { GONGZHI_TRUST_PROXY: setting }) });
  const app = Fastify({ trustProxy: config.trustProxy });
  app.get('/ip', async (req) => ({ ip: req.ip }));
  const res = await app.inject({ url: '/ip', remoteAddress: from, headers: { 'x-forwarded-for': forwardedFor } });
  await app.close();
  return res.json().ip;
}

describe('GONGZHI_TRUST_PROXY', () => {
  it('by default believes X-Forwarded-For only from a proxy on this machine', async () => {
    expect(await clientIp(undefined, '127.0.0.1', '203.0.113.7')).toBe('203.0.113.7');
    // A client on the network cannot choose the address it is rate-limited and logged under.
    expect(await clientIp(undefined, '198.51.100.20', '127.0.0.1')).toBe('198.51.100.20');
  });

  it('takes a list of proxy addresses and CIDRs, or false', async () => {
    expect(await clientIp('10.0.0.0/8, 192.168.1.5', '10.1.2.3', '203.0.113.7')).toBe('203.0.113.7');
    expect(await clientIp('10.0.0.0/8', '172.16.0.9', '203.0.113.7')).toBe('172.16.0.9');
    expect(await clientIp('false', '127.0.0.1', '203.0.113.7')).toBe('127.0.0.1');
  });
});
