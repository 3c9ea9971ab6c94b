/**
 * The HTTP ceilings, run as their own process: `node --import tsx hello-server.ts node|fastify PORT`.
 * node:http hello world is the HTTP ceiling; Fastify hello world (the same Fastify the server uses, no logger,
 * no plugins) is the framework ceiling.
 */
import http from 'node:http';
import { serverRequire } from '../lib/server-deps.ts';

const [kind, portArg] = process.argv.slice(2);
const port = Number(portArg);
const body = JSON.stringify({ hello: 'world' });

if (kind === 'node') {
  http
    .createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    })
    .listen(port, '127.0.0.1');
} else if (kind === 'fastify') {
  const Fastify = serverRequire('fastify') as typeof import('fastify').default;
  const app = Fastify({ logger: false });
  app.get('/', async () => ({ hello: 'world' }));
  await app.listen({ port, host: '127.0.0.1' });
} else if (kind === 'node-sse' || kind === 'fastify-sse') {
  // Fan-out ceilings: GET /stream holds a server-sent-events connection; GET /broadcast writes one event to every
  // open stream (the same headers and event shape as the server's notifications stream).
  const streams = new Set<http.ServerResponse>();
  const open = (res: http.ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive' });
    res.write('retry: 5000\n: connected\n\n');
    streams.add(res);
    res.on('close', () => streams.delete(res));
  };
  let seq = 0;
  const broadcast = () => {
    seq++;
    const event = `id: ${seq}\nevent: notification\ndata: ${JSON.stringify({ id: seq, kind: 'bench', title: '广播', body: null, link: null, createdAt: new Date().toISOString(), readAt: null })}\n\n`;
    for (const s of streams) s.write(event);
    return streams.size;
  };
  if (kind === 'node-sse') {
    http
      .createServer((req, res) => {
        if (req.url === '/stream') return open(res);
        const n = broadcast();
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(String(n));
      })
      .listen(port, '127.0.0.1');
  } else {
    const Fastify = serverRequire('fastify') as typeof import('fastify').default;
    const app = Fastify({ logger: false });
    app.get('/stream', (_req, reply) => {
      reply.hijack();
      open(reply.raw);
    });
    app.get('/broadcast', async () => String(broadcast()));
    await app.listen({ port, host: '127.0.0.1' });
  }
} else {
  console.error('usage: hello-server.ts node|fastify|node-sse|fastify-sse PORT');
  process.exit(2);
}
process.once('SIGTERM', () => process.exit(0));
