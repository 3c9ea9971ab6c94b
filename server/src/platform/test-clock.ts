import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Clock } from './context.ts';

/**
 * A clock the browser tests can move forward (`gongzhi serve --test-clock`): the real time plus an offset. Never in
 * production: the CLI refuses the flag when NODE_ENV=production, the route exists only when the flag was given, and
 * it answers only connections from the machine itself. It moves forward only, at most a year at a time — except
 * through the separate rewind route, which the clock-jump fault script (`npm run bench -- clock-jump`) uses to step
 * it back the way NTP or a restored VM snapshot steps a real clock back.
 */
export class MovableClock implements Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
  rewind(ms: number): void {
    this.offsetMs -= ms;
  }
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export function registerTestClockRoute(app: FastifyInstance, clock: MovableClock): void {
  const body = z.object({ advanceMs: z.number().int().positive().max(366 * 24 * 3600_000) }).strict();
  app.post('/api/test-clock/advance', { schema: { hide: true } }, async (request, reply) => {
    if (!LOOPBACK.has(request.socket.remoteAddress ?? '')) return reply.code(404).send({ code: 'NOT_FOUND' });
    const parsed = body.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ code: 'VALIDATION_FAILED' });
    clock.advance(parsed.data.advanceMs);
    return { now: clock.now().toISOString() };
  });
  const back = z.object({ rewindMs: z.number().int().positive().max(366 * 24 * 3600_000) }).strict();
  app.post('/api/test-clock/rewind', { schema: { hide: true } }, async (request, reply) => {
    if (!LOOPBACK.has(request.socket.remoteAddress ?? '')) return reply.code(404).send({ code: 'NOT_FOUND' });
    const parsed = back.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ code: 'VALIDATION_FAILED' });
    clock.rewind(parsed.data.rewindMs);
    return { now: clock.now().toISOString() };
  });
}
