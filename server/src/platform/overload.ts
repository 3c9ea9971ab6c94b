import { POOL_WAIT_TIMEOUT_MESSAGE } from '../db/create-db.ts';

/**
 * Failures that mean "the database is overloaded, try again shortly", not a bug: the statement outlived the pool's
 * statement_timeout (PostgreSQL cancels it: SQLSTATE 57014 query_canceled), no pooled connection became free within
 * the wait (pg-pool's connect timeout), or the server refused a connection (53300 too_many_connections).
 * Also "the database is briefly unreachable": PostgreSQL restarting (57P01 admin_shutdown, 57P02 crash_shutdown,
 * 57P03 cannot_connect_now, class 08 connection exceptions), a refused or reset socket, a connection pg reports as
 * terminated. The transaction did not commit (or, if the COMMIT was lost in flight, the client's retry with the same
 * Idempotency-Key finds it), so "try again shortly" is true. Found by `npm run bench -- pg-restart`.
 * The error handler answers these 503 with Retry-After instead of a 500.
 */
export type Overload = { code: 'QUERY_TIMEOUT' | 'DATABASE_BUSY'; retryAfterS: number };

export function overloadOf(err: unknown): Overload | undefined {
  // Walk the cause chain: services rethrow with { cause } (ESLint preserve-caught-error).
  for (let e = err as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e.code === '57014') return { code: 'QUERY_TIMEOUT', retryAfterS: 5 };
    if (e.code === '53300' || e.message === POOL_WAIT_TIMEOUT_MESSAGE) return { code: 'DATABASE_BUSY', retryAfterS: 2 };
    if (isUnreachable(e.code, e.message)) return { code: 'DATABASE_BUSY', retryAfterS: 2 };
  }
  return undefined;
}

const UNREACHABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03']);
const UNREACHABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTCONN']);
/** pg's own messages for a connection that died under it (no SQLSTATE: the socket closed). */
const UNREACHABLE_MESSAGES = [/^Connection terminated/, /^Client has encountered a connection error and is not queryable$/, /^Client was closed and is not queryable$/];

function isUnreachable(code: unknown, message: unknown): boolean {
  if (typeof code === 'string' && (UNREACHABLE_SQLSTATES.has(code) || UNREACHABLE_ERRNOS.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  return typeof message === 'string' && UNREACHABLE_MESSAGES.some((m) => m.test(message));
}
