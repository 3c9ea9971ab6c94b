import { POOL_WAIT_TIMEOUT_MESSAGE } from '../db/create-db.ts';

/**
 * Failures that mean "the database is overloaded, try again shortly", not a bug: the statement outlived the pool's
 * statement_timeout (PostgreSQL cancels it: SQLSTATE 57014 query_canceled), no pooled connection became free within
 * the wait (pg-pool's connect timeout), or the server refused a connection (53300 too_many_connections).
 * The error handler answers these 503 with Retry-After instead of a 500.
 */
export type Overload = { code: 'QUERY_TIMEOUT' | 'DATABASE_BUSY'; retryAfterS: number };

export function overloadOf(err: unknown): Overload | undefined {
  // Walk the cause chain: services rethrow with { cause } (ESLint preserve-caught-error).
  for (let e = err as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e.code === '57014') return { code: 'QUERY_TIMEOUT', retryAfterS: 5 };
    if (e.code === '53300' || e.message === POOL_WAIT_TIMEOUT_MESSAGE) return { code: 'DATABASE_BUSY', retryAfterS: 2 };
  }
  return undefined;
}
