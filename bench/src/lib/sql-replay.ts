import fs from 'node:fs';
import path from 'node:path';
import type { Query, SqlClient } from './sql-client.ts';
import { repoRoot } from './server-deps.ts';

/**
 * An endpoint's SQL ceiling from the statements the server itself ran for it: the server is started with
 * sql-capture.mjs preloaded, capture is switched on (SIGUSR2) around single requests, and each request's statements
 * with their parameters become a template the ceiling replays straight against the database at the same
 * concurrency. No copy of the SQL can go stale this way. What a replay does not reproduce: statements the server
 * runs in parallel (Promise.all) run one after another here, which makes the ceiling, if anything, lower.
 */

export type Statement = { sql: string; params: unknown[] };
export type Template = Statement[];

export const CAPTURE_PRELOAD = path.join(repoRoot, 'bench', 'src', 'lib', 'sql-capture.mjs');

/** The environment that makes a bench server capturable (NODE_OPTIONS keeps the server's own arguments as they are). */
export function captureEnv(file: string): NodeJS.ProcessEnv {
  return { GZ_BENCH_SQL_CAPTURE: file, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${CAPTURE_PRELOAD}`.trim() };
}

const BEGIN = /^\s*(begin|start transaction)\b/i;
const END = /^\s*(commit|rollback)\b/i;
/** Not part of an endpoint's work: the session's once-a-minute touch, and the live listener. */
const NOISE = [/^\s*update "sessions"/i, /^\s*(un)?listen\b/i];

export class Capturer {
  private offset = 0;
  constructor(
    private readonly file: string,
    private readonly pid: number,
  ) {
    fs.writeFileSync(file, '');
  }

  private since(): string {
    return fs.readFileSync(this.file).subarray(this.offset).toString('utf8');
  }

  private async toggle(on: boolean): Promise<void> {
    process.kill(this.pid, 'SIGUSR2');
    const marker = JSON.stringify({ capture: on });
    const t0 = Date.now();
    // Offsets are bytes (statSync), so read bytes: captured parameters hold Chinese text.
    while (!this.since().includes(marker)) {
      if (Date.now() - t0 > 10_000) throw new Error('the server did not switch SQL capture: was it started with captureEnv()?');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** The statements the server ran while `fn` made its (single, awaited) requests. */
  async capture(fn: () => Promise<unknown>): Promise<Template> {
    this.offset = fs.statSync(this.file).size;
    await this.toggle(true);
    try {
      await fn();
    } finally {
      await this.toggle(false);
    }
    const lines = this.since().split('\n').filter(Boolean);
    this.offset = fs.statSync(this.file).size;
    return lines
      .map((l) => JSON.parse(l) as Statement | { capture: boolean })
      .filter((x): x is Statement => 'sql' in x && !NOISE.some((re) => re.test(x.sql)));
  }
}

/** Replaces a value wherever a parameter equals it (numbers and strings alike), and inside strings for `within`. */
export type Substitution = { from: string | number; to: string | number; within?: RegExp[] };

function substitute(params: unknown[], subs: Substitution[]): unknown[] {
  if (subs.length === 0) return params;
  return params.map((p) => {
    for (const s of subs) {
      if ((typeof p === 'number' || typeof p === 'string') && String(p) === String(s.from)) return typeof p === 'number' ? Number(s.to) : String(s.to);
      if (typeof p === 'string' && s.within) {
        let v = p;
        for (const re of s.within) v = v.replace(re, (m) => m.replace(String(s.from), String(s.to)));
        if (v !== p) return v;
      }
    }
    return p;
  });
}

/** Runs a template: statements outside a transaction on any pooled connection, BEGIN … COMMIT blocks as one. */
export async function replay(c: SqlClient, t: Template, subs: Substitution[] = []): Promise<void> {
  for (let i = 0; i < t.length; i++) {
    const s = t[i]!;
    if (BEGIN.test(s.sql)) {
      const block: Statement[] = [];
      for (i++; i < t.length && !END.test(t[i]!.sql); i++) block.push(t[i]!);
      await c.tx(async (q: Query) => {
        for (const b of block) await q(b.sql, substitute(b.params, subs));
      });
    } else if (!END.test(s.sql)) {
      await c.query(s.sql, substitute(s.params, subs));
    }
  }
}

/** How many statements a template runs (for the report's notes). */
export const statementCount = (t: Template) => t.filter((s) => !BEGIN.test(s.sql) && !END.test(s.sql)).length;
