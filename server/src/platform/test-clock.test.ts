import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/helpers.ts';
import { MovableClock, registerTestClockRoute } from './test-clock.ts';

/** The browser tests' clock hook exists only with `serve --test-clock`, answers only loopback, moves only forward. */
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('the test clock hook', () => {
  it('does not exist in an ordinary app', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/test-clock/advance', payload: { advanceMs: 1000 } });
    expect(res.statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: '/api/test-clock/rewind', payload: { rewindMs: 1000 }, remoteAddress: '127.0.0.1' })).statusCode).toBe(404);
  });

  it('moves forward only, and only for a connection from this machine', async () => {
    const app = Fastify();
    const clock = new MovableClock();
    registerTestClockRoute(app, clock);
    const before = clock.now().getTime();
    const local = await app.inject({ method: 'POST', url: '/api/test-clock/advance', payload: { advanceMs: 86_400_000 }, remoteAddress: '127.0.0.1' });
    expect(local.statusCode).toBe(200);
    expect(clock.now().getTime() - before).toBeGreaterThanOrEqual(86_400_000);
    expect((await app.inject({ method: 'POST', url: '/api/test-clock/advance', payload: { advanceMs: -5 }, remoteAddress: '127.0.0.1' })).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/api/test-clock/advance', payload: { advanceMs: 5 }, remoteAddress: '10.1.2.3' })).statusCode).toBe(404);
    await app.close();
  });

  it('steps back only through the rewind route (the clock-jump fault script), only from this machine, at most a year', async () => {
    const app = Fastify();
    const clock = new MovableClock();
    registerTestClockRoute(app, clock);
    clock.advance(3 * 86_400_000);
    const rewound = await app.inject({ method: 'POST', url: '/api/test-clock/rewind', payload: { rewindMs: 3 * 86_400_000 }, remoteAddress: '127.0.0.1' });
    expect(rewound.statusCode).toBe(200);
    expect(Math.abs(new Date(rewound.json().now).getTime() - Date.now())).toBeLessThan(5_000);
    expect((await app.inject({ method: 'POST', url: '/api/test-clock/rewind', payload: { rewindMs: -5 }, remoteAddress: '127.0.0.1' })).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/api/test-clock/rewind', payload: { rewindMs: 367 * 86_400_000 }, remoteAddress: '127.0.0.1' })).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/api/test-clock/rewind', payload: { rewindMs: 5 }, remoteAddress: '10.1.2.3' })).statusCode).toBe(404);
    await app.close();
  });
});
