import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Caller, Deps } from '../context.ts';
import { AppError } from '../errors.ts';
import type { RoleName } from '../roles.ts';
import { needsSecondFactor } from '../totp.ts';
import { endSession, findActiveRoles, findOpenSession, touchSession } from './sessions.repository.ts';
import { CSRF_HEADER, IDLE_TIMEOUT_MS, SESSION_COOKIE, TOUCH_INTERVAL_MS, sameToken, sessionIdOf } from './session-token.ts';

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves the cookie session into a Caller on every request, ends idle sessions, and refuses cookie-authenticated
 * writes that lack the session's CSRF token.
 */
export function registerAuthentication(app: FastifyInstance, deps: Deps): void {
  app.decorateRequest('caller', null);
  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const session = await findOpenSession(deps.db, sessionIdOf(token));
    if (!session) return;
    const now = deps.clock.now();
    const idle = now.getTime() - session.last_seen_at.getTime();
    if (idle > IDLE_TIMEOUT_MS) {
      await endSession(deps.db, session.id, now);
      // Only a request that needed the session learns it expired; public pages just see no caller.
      request.sessionExpired = true;
      return;
    }
    if (!SAFE_METHODS.has(request.method)) {
      const header = request.headers[CSRF_HEADER];
      if (typeof header !== 'string' || !sameToken(header, session.csrf_token)) throw new AppError('CSRF_FAILED');
    }
    if (idle > TOUCH_INTERVAL_MS) await touchSession(deps.db, session.id, now);
    const roles = await findActiveRoles(deps.db, session.person_id, now);
    request.caller = {
      personId: session.person_id,
      districtId: session.district_id,
      name: session.name,
      sessionId: session.id,
      csrfToken: session.csrf_token,
      ip: request.ip ?? null,
      secondFactor: session.second_factor,
      roles: roles.map((r) => ({
        id: r.id,
        role: r.role as RoleName,
        placeId: r.place_id,
        placePath: r.place_path,
        districtId: r.district_id,
      })),
    };
    // 双因素认证 enforced: street-level staff and above without the second factor may only enrol (or sign out).
    if (deps.config.totpRequired && !session.second_factor && needsSecondFactor(request.caller.roles) && !ENROLMENT_PATHS.test(request.url)) {
      throw new AppError('TOTP_ENROLMENT_REQUIRED');
    }
  });
}

/** What a session without its required second factor may still reach: who am I, enrol, sign out. */
const ENROLMENT_PATHS = /^\/api\/(auth\/(me|logout|logout-all)|me\/totp(\/confirm)?)(\?|$)/;

declare module 'fastify' {
  interface FastifyRequest {
    sessionExpired?: boolean;
  }
}

/** The signed-in caller, or 401. */
export function requireCaller(request: FastifyRequest): Caller {
  if (request.caller) return request.caller;
  throw new AppError(request.sessionExpired ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED');
}
