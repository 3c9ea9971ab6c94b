import net from 'node:net';
import { createHistogram } from 'node:perf_hooks';
import { summarise, type LoadResult } from './stats.ts';

/**
 * A small keep-alive HTTP/1.1 load client on raw sockets, so the bench needs no dependency (the workspace lock
 * file is shared with other packages). It speaks just enough HTTP for loopback benchmarking: GET requests built
 * once, responses framed by Content-Length or chunked encoding. One request in flight per connection.
 */

export type Target = { host: string; port: number };

/** A request the driver sends: a path and its headers, pre-encoded once. */
export type PreparedRequest = { path: string; bytes: Buffer };

export function prepareGet(target: Target, path: string, headers: Record<string, string> = {}): PreparedRequest {
  const lines = [`GET ${path} HTTP/1.1`, `Host: ${target.host}:${target.port}`, 'Connection: keep-alive'];
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  return { path, bytes: Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1') };
}

/** A POST with a JSON body, encoded for one use (bodies that must differ per request, e.g. an Idempotency-Key). */
export function preparePost(target: Target, path: string, body: unknown, headers: Record<string, string> = {}): PreparedRequest {
  const json = Buffer.from(JSON.stringify(body), 'utf8');
  const lines = [`POST ${path} HTTP/1.1`, `Host: ${target.host}:${target.port}`, 'Connection: keep-alive', 'Content-Type: application/json', `Content-Length: ${json.length}`];
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  return { path, bytes: Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), json]) };
}

type Waiter = { resolve: (status: number) => void; reject: (err: Error) => void };

const CRLFCRLF = Buffer.from('\r\n\r\n');

/** One keep-alive connection; `send` resolves with the status once the whole response body has arrived. */
class Connection {
  private socket: net.Socket | null = null;
  private buffer: Buffer = Buffer.alloc(0);
  private waiter: Waiter | null = null;
  private status = 0;
  private bodyLeft = -1; // bytes of body still expected; -1 = headers not parsed yet
  private chunked = false;

  constructor(private readonly target: Target) {}

  send(req: PreparedRequest, timeoutMs: number): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new Error(`timeout after ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiter = {
        resolve: (s) => {
          clearTimeout(timer);
          resolve(s);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.bodyLeft = -1;
      this.chunked = false;
      this.buffer = Buffer.alloc(0);
      this.ensureSocket().write(req.bytes);
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
  }

  private ensureSocket(): net.Socket {
    if (this.socket && !this.socket.destroyed) return this.socket;
    const s = net.connect({ host: this.target.host, port: this.target.port, noDelay: true });
    s.on('data', (d: Buffer) => this.onData(d));
    // Events of a socket already replaced must not touch the current one.
    s.on('error', (e) => s === this.socket && this.fail(e));
    s.on('close', () => s === this.socket && this.fail(new Error('connection closed')));
    this.socket = s;
    return s;
  }

  private fail(err: Error): void {
    this.socket?.destroy();
    this.socket = null;
    const w = this.waiter;
    this.waiter = null;
    w?.reject(err);
  }

  private onData(d: Buffer): void {
    this.buffer = this.buffer.length === 0 ? d : Buffer.concat([this.buffer, d]);
    if (this.bodyLeft < 0) {
      const end = this.buffer.indexOf(CRLFCRLF);
      if (end < 0) return;
      const head = this.buffer.toString('latin1', 0, end);
      this.status = Number(head.slice(9, 12));
      const lower = head.toLowerCase();
      const cl = /\r\ncontent-length:\s*(\d+)/.exec(lower);
      this.chunked = !cl && /\r\ntransfer-encoding:\s*chunked/.test(lower);
      this.bodyLeft = cl ? Number(cl[1]) : 0;
      this.buffer = this.buffer.subarray(end + 4);
    }
    if (this.chunked) {
      // Done when the terminating zero-length chunk has arrived (bodies here never carry trailers).
      if (this.buffer.length < 5 || this.buffer.indexOf('0\r\n\r\n', this.buffer.length - 5, 'latin1') < 0) return;
    } else if (this.buffer.length < this.bodyLeft) {
      return;
    }
    const w = this.waiter;
    this.waiter = null;
    this.buffer = Buffer.alloc(0);
    w?.resolve(this.status);
  }
}

export type LoadOptions = {
  target: Target;
  connections: number;
  durationMs: number;
  /** Stop early after this many requests (a bound on count as well as time). */
  maxRequests: number;
  /** Picks the next request; called once per request. */
  next: () => PreparedRequest;
  timeoutMs?: number;
  /** Called about twice a second while running (e.g. to sample the server's RSS). */
  onTick?: () => void;
};

/** Drives `connections` keep-alive connections in closed loop for `durationMs`; latency in microseconds. */
export async function runHttpLoad(o: LoadOptions): Promise<LoadResult> {
  const hist = createHistogram();
  let ok = 0;
  let errors = 0;
  let non2xx = 0;
  let sent = 0;
  const start = performance.now();
  const deadline = start + o.durationMs;
  const tick = o.onTick ? setInterval(o.onTick, 500) : null;
  const conns = Array.from({ length: o.connections }, () => new Connection(o.target));
  const firstErrors: string[] = [];
  const loop = async (c: Connection) => {
    while (performance.now() < deadline && sent < o.maxRequests) {
      sent++;
      const req = o.next();
      const t0 = performance.now();
      try {
        const status = await c.send(req, o.timeoutMs ?? 10_000);
        hist.record(Math.max(1, Math.round((performance.now() - t0) * 1000)));
        if (status >= 200 && status < 300) ok++;
        else {
          non2xx++;
          if (firstErrors.length < 5) firstErrors.push(`${status} ${req.path}`);
        }
      } catch (e) {
        errors++;
        if (firstErrors.length < 5) firstErrors.push(`${(e as Error).message} ${req.path}`);
      }
    }
  };
  await Promise.all(conns.map(loop));
  const elapsedMs = performance.now() - start;
  if (tick) clearInterval(tick);
  for (const c of conns) c.close();
  return summarise(hist, { ok, errors: errors + non2xx, elapsedMs, firstErrors });
}
