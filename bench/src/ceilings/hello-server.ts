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
} else {
  console.error('usage: hello-server.ts node|fastify PORT');
  process.exit(2);
}
process.once('SIGTERM', () => process.exit(0));
