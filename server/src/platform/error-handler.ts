import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { insertAudit } from './audit.repository.ts';
import type { Deps } from './context.ts';
import { AppError, errorMessage, errorStatus, type ErrorCode } from './errors.ts';
import { localeFrom, type Locale } from './messages.ts';
import { overloadOf } from './overload.ts';

const zodLocales = { 'zh-CN': z.locales.zhCN().localeError, 'en-US': z.locales.en().localeError };

type Issue = { path: (string | number)[]; message: string };

/** Zod issues in the caller's language; custom messages are our error codes. */
function localiseIssues(
  validation: { instancePath: string; keyword: string; message?: string; params: Record<string, unknown> }[],
  locale: Locale,
): Issue[] {
  return validation.map((v) => {
    const path = v.instancePath.split('/').filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    if (v.message && v.message in errorStatus) return { path, message: errorMessage(v.message as ErrorCode, locale) };
    const raw = { ...v.params, code: v.keyword, path, message: v.message } as unknown as Parameters<(typeof zodLocales)['en-US']>[0];
    const out = zodLocales[locale](raw);
    const message = typeof out === 'string' ? out : (out?.message ?? v.message ?? '');
    return { path, message };
  });
}

const FASTIFY_CODES: Record<number, ErrorCode> = { 400: 'BAD_REQUEST', 413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE', 429: 'TOO_MANY_REQUESTS' };

/**
 * One place turns every failure into `{code, message}` in the caller's language. 5xx are logged and masked;
 * refused writes by signed-in callers are written to the audit log.
 */
export function registerErrorHandler(app: FastifyInstance, deps: Deps): void {
  app.setErrorHandler(async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const locale = localeFrom(request.headers['accept-language']);
    if (error instanceof AppError) {
      await auditRefusal(deps, request, error.status, error.code);
      return reply.code(error.status).send({ code: error.code, message: errorMessage(error.code, locale, error.params), ...error.extra });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = localiseIssues(error.validation as never, locale);
      // A single field whose message is a specific code (e.g. INVALID_PHONE) answers with that code.
      const first = error.validation[0]?.message;
      const code: ErrorCode = error.validation.length === 1 && first && first in errorStatus ? (first as ErrorCode) : 'VALIDATION_FAILED';
      return reply.code(errorStatus[code]).send({ code, message: errorMessage(code, locale), issues });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = FASTIFY_CODES[status] ?? 'BAD_REQUEST';
      return reply.code(status).send({ code, message: errorMessage(code, locale) });
    }
    const overload = overloadOf(error);
    if (overload) {
      // Logged as a warning with the route: one of these is load, a steady stream is a query to fix.
      request.log.warn({ err: error, code: overload.code, route: request.routeOptions.url }, 'database overloaded: answered 503');
      return reply.code(503).header('retry-after', String(overload.retryAfterS)).send({ code: overload.code, message: errorMessage(overload.code, locale) });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send({ code: 'INTERNAL', message: errorMessage('INTERNAL', locale) });
  });

  app.setNotFoundHandler((request, reply) => {
    const locale = localeFrom(request.headers['accept-language']);
    return reply.code(404).send({ code: 'NOT_FOUND', message: errorMessage('NOT_FOUND', locale) });
  });
}

async function auditRefusal(deps: Deps, request: FastifyRequest, status: number, code: ErrorCode): Promise<void> {
  const caller = request.caller;
  if (!caller || request.method === 'GET' || (status !== 403 && status !== 404)) return;
  try {
    await insertAudit(deps.db, {
      districtId: caller.districtId,
      actorId: caller.personId,
      action: `${request.method} ${request.routeOptions.url ?? request.url}`,
      result: 'denied',
      ip: caller.ip,
      detail: { code, url: request.url },
    });
  } catch (err) {
    request.log.error({ err }, 'could not audit a refused request');
  }
}
