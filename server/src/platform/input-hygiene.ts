import type { FastifyInstance } from 'fastify';
import { AppError } from './errors.ts';

/**
 * Refuses a NUL character anywhere in the path, query or JSON body, before validation. PostgreSQL can store NUL
 * neither in text nor in jsonb, so such a value would otherwise fail deep inside a transaction (a 500); no field
 * of Gongzhi has a use for it. Found by the bad-input suite (bad-input.test.ts) on a personal-data reveal reason.
 */
export function registerInputHygiene(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    if (hasNul(req.params) || hasNul(req.query) || hasNul(req.body)) throw new AppError('INVALID_CHARACTER');
  });
}

/** Walks without recursion: a body may be nested thousands deep. */
export function hasNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return true;
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k.includes('\u0000')) return true;
        stack.push(x);
      }
    }
  }
  return false;
}
