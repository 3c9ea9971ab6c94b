import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Clock, Deps } from './context.ts';
import { errorMessage } from './errors.ts';
import { localeFrom } from './messages.ts';

/**
 * Rate limits (限流, docs/security.md) on sign-in, SMS codes and the endpoints anyone can call without a session.
 *
 * In process, on purpose: a counter in the database would turn every refused request into a write, which is
 * what a flood wants. Each instance keeps its own counters, so behind a load balancer with N instances a
 * client gets up to N times the limit; the account lockout (5 failures, 30 minutes) and the SMS limits per
 * phone in the auth service live in the database and hold across instances. Fixed windows: a key may spend its
 * limit, then waits for its window to end (Retry-After says how long).
 */
export type Hit = { ok: true } | { ok: false; retryAfterS: number };

export class RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly clock: Clock,
    /** Bounded memory: past this many keys, expired windows are swept, and if all are live the oldest go. */
    private readonly maxKeys = 100_000,
  ) {}

  hit(key: string, limit: number, windowMs: number): Hit {
    const now = this.clock.now().getTime();
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      if (!w && this.windows.size >= this.maxKeys) this.sweep(now);
      w = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, w);
    }
    w.count += 1;
    if (w.count <= limit) return { ok: true };
    return { ok: false, retryAfterS: Math.max(1, Math.ceil((w.resetAt - now) / 1000)) };
  }

  private sweep(now: number): void {
    for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
    // Still full of live windows (a flood of distinct keys): drop the oldest tenth (Map keeps insertion order).
    if (this.windows.size >= this.maxKeys) {
      let drop = Math.ceil(this.maxKeys / 10);
      for (const k of this.windows.keys()) {
        if (drop-- <= 0) break;
        this.windows.delete(k);
      }
    }
  }
}

type Rule = {
  name: string;
  method: 'GET' | 'POST';
  /** The route pattern (request.routeOptions.url), or a prefix ending in '*'. */
  route: string;
  limit: number;
  windowMs: number;
  /** What is counted: the client address, the account named in the body …; null = this rule does not apply. */
  key: (req: FastifyRequest) => string | null;
};

const MINUTE = 60_000;
const byIp = (req: FastifyRequest) => req.ip;
const byPhone = (req: FastifyRequest) => {
  const phone = (req.body as { phone?: unknown } | undefined)?.phone;
  return typeof phone === 'string' && phone.length <= 32 ? phone.trim() : null;
};
/** Open311 clients with an API key are known; only keyless reads count against the address. */
const keylessIp = (req: FastifyRequest) => ((req.query as { api_key?: unknown } | undefined)?.api_key ? null : req.ip);

export const RATE_RULES: readonly Rule[] = [
  // Sign-in by password: the address across accounts (spraying), the account across addresses (guessing).
  { name: 'login.ip', method: 'POST', route: '/api/auth/login', limit: 20, windowMs: MINUTE, key: byIp },
  { name: 'login.account', method: 'POST', route: '/api/auth/login', limit: 10, windowMs: 15 * MINUTE, key: byPhone },
  // SMS codes: one a minute per phone whether or not it has an account (the answer must not tell), and a
  // ceiling per address so nobody texts a list of strangers through us.
  { name: 'sms.phone', method: 'POST', route: '/api/auth/sms/request', limit: 1, windowMs: MINUTE, key: byPhone },
  { name: 'sms.ip', method: 'POST', route: '/api/auth/sms/request', limit: 10, windowMs: 60 * MINUTE, key: byIp },
  { name: 'sms_login.ip', method: 'POST', route: '/api/auth/sms/login', limit: 20, windowMs: MINUTE, key: byIp },
  { name: 'sms_login.account', method: 'POST', route: '/api/auth/sms/login', limit: 10, windowMs: 15 * MINUTE, key: byPhone },
  // Public faces without a session: Open311 and the /verify pages' API.
  { name: 'open311.read', method: 'GET', route: '/open311/*', limit: 60, windowMs: MINUTE, key: keylessIp },
  { name: 'open311.write', method: 'POST', route: '/open311/*', limit: 30, windowMs: MINUTE, key: byIp },
  { name: 'public.read', method: 'GET', route: '/api/public/*', limit: 60, windowMs: MINUTE, key: byIp },
];

const matches = (rule: Rule, route: string | undefined) =>
  route !== undefined && (rule.route.endsWith('*') ? route.startsWith(rule.route.slice(0, -1)) : route === rule.route);

/**
 * The machine itself is not limited: the test suites, the browser tests, the bench and an operator's scripts
 * connect from loopback directly. Behind a reverse proxy the client's address comes from X-Forwarded-For
 * (trustProxy), and such a request is always counted.
 */
export const isLoopback = (ip: string) => ip === '::1' || ip.startsWith('127.') || ip.startsWith('::ffff:127.');

/** Counts before validation (so malformed floods count too) and answers 429 RATE_LIMITED with Retry-After. */
export function registerRateLimits(app: FastifyInstance, deps: Deps, limiter = new RateLimiter(deps.clock)): void {
  app.addHook('preValidation', async (req, reply) => {
    // Exempt only a direct connection from this machine: a forwarded request (X-Forwarded-For, which a client
    // can write itself) is never exempt, even when its claimed address or the proxy's is loopback.
    if (req.headers['x-forwarded-for'] === undefined && isLoopback(req.socket.remoteAddress ?? '')) return;
    const route = req.routeOptions.url;
    for (const rule of RATE_RULES) {
      if (rule.method !== req.method || !matches(rule, route)) continue;
      const key = rule.key(req);
      if (key === null) continue;
      const hit = limiter.hit(`${rule.name}:${key}`, rule.limit, rule.windowMs);
      if (!hit.ok) {
        const locale = localeFrom(req.headers['accept-language']);
        req.log.warn({ rule: rule.name, retryAfterS: hit.retryAfterS }, 'rate limited');
        return reply
          .code(429)
          .header('retry-after', String(hit.retryAfterS))
          .send({ code: 'RATE_LIMITED', message: errorMessage('RATE_LIMITED', locale, { seconds: hit.retryAfterS }), retryAfter: hit.retryAfterS });
      }
    }
  });
}
