import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

/** A port the OS says is free on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Resident set size of a process in MiB (Linux /proc), or null when it cannot be read. */
export function rssMiB(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

let clockTicks: number | null = null;

/** CPU time (user + system) a process has used so far, in milliseconds (Linux /proc), or null. */
export function cpuMs(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / clockTicks;
  } catch {
    return null;
  }
}

/** Samples a process's RSS; `peak` is the largest value seen since the last `reset`. */
export class RssSampler {
  peak = 0;
  constructor(private readonly pid: number | undefined) {}
  sample = (): void => {
    const v = rssMiB(this.pid);
    if (v !== null && v > this.peak) this.peak = v;
  };
  reset(): void {
    this.peak = 0;
    this.sample();
  }
}

/**
 * What must be undone if the bench is interrupted (Ctrl-C): kill spawned servers, stop a private PostgreSQL.
 * Each function must be synchronous; the CLI runs them on SIGINT/SIGTERM.
 */
export const cleanups = new Set<() => void>();

export function runCleanups(): void {
  for (const c of [...cleanups].reverse()) {
    try {
      c();
    } catch {
      // best effort
    }
  }
  cleanups.clear();
}

export type Spawned = { child: ChildProcess; logFile: string; stop: () => Promise<void> };

/** Spawns a process with stdout/stderr to a log file (never a pipe nobody drains). */
export function spawnLogged(cmd: string, args: string[], opts: { env: NodeJS.ProcessEnv; cwd: string; logFile: string }): Spawned {
  const fd = fs.openSync(opts.logFile, 'a');
  const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', fd, fd] });
  fs.closeSync(fd);
  const kill = () => {
    child.kill('SIGKILL');
  };
  cleanups.add(kill);
  const stop = async () => {
    cleanups.delete(kill);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return { child, logFile: opts.logFile, stop };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `url` until it answers 2xx, the process exits, or `timeoutMs` passes. */
export async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number, logFile: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode} before ${url} answered; log:\n${tail(logFile)}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s; log:\n${tail(logFile)}`);
}

export function tail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
