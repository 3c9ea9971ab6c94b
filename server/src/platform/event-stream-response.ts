import type { FastifyReply } from 'fastify';
import type { ServerResponse } from 'node:http';

/**
 * Takes the reply over for server-sent events: the headers every stream needs (no caching or proxy buffering,
 * nosniff) and the browser's reconnect delay. Shared by the notifications stream and the cockpit ticker.
 */
export function startEventStream(reply: FastifyReply): ServerResponse {
  const res = reply.raw;
  reply.hijack();
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    'x-accel-buffering': 'no',
    'x-content-type-options': 'nosniff',
    connection: 'keep-alive',
  });
  res.write('retry: 5000\n: connected\n\n');
  return res;
}
