import fs from 'node:fs';
import os from 'node:os';
import type { LoadResult } from './lib/stats.ts';

export type DbKind = 'pglite' | 'postgres';

export type BenchOptions = {
  dbs: DbKind[];
  durationS: number;
  warmupS: number;
  connections: number;
  maxRequests: number;
  only: string[];
  keep: boolean;
  /** Run ANALYZE after seeding (what autovacuum does on PostgreSQL; PGlite has no autovacuum). */
  analyze: boolean;
};

export type BenchRow = {
  db: DbKind | '-';
  scenario: string;
  kind: 'http-ceiling' | 'framework-ceiling' | 'sql-ceiling' | 'scenario';
  result: LoadResult;
  /** Peak RSS of the process serving the requests during the measurement (MiB); null for the SQL ceiling. */
  rssMiB: number | null;
  /** CPU time the serving process spent per request during the measurement (ms): steadier than req/s on a shared machine. */
  cpuMsPerRequest: number | null;
};

export type BenchReport = {
  scenario: string;
  /** Key of the section in docs/performance.md: the scenario, and its variant. */
  section: string;
  date: string;
  command: string;
  machine: Record<string, string>;
  options: BenchOptions;
  rows: (BenchRow & { ratios: Ratios })[];
  /** Lines printed under the table (e.g. how the database was filled). */
  notes?: string[];
};

type Ratios = { http: number | null; framework: number | null; sql: number | null };

export function machineInfo(): Record<string, string> {
  const memGiB = os.totalmem() / 1024 ** 3;
  return {
    cpus: `${os.availableParallelism()} × ${os.cpus()[0]?.model.trim() ?? 'unknown'}`,
    memory: `${memGiB.toFixed(1)} GiB`,
    node: process.version,
    os: `${os.type()} ${os.release()}`,
  };
}

/** Each scenario's throughput as a share of the ceilings measured in the same run. */
export function withRatios(rows: BenchRow[]): (BenchRow & { ratios: Ratios })[] {
  const http = rows.find((r) => r.kind === 'http-ceiling')?.result.rps;
  const framework = rows.find((r) => r.kind === 'framework-ceiling')?.result.rps;
  return rows.map((r) => {
    if (r.kind !== 'scenario') return { ...r, ratios: { http: null, framework: null, sql: null } };
    const sql = rows.find((c) => c.kind === 'sql-ceiling' && c.db === r.db && c.scenario === `${r.scenario} SQL`)?.result.rps;
    const ratio = (c: number | undefined) => (c ? r.result.rps / c : null);
    return { ...r, ratios: { http: ratio(http), framework: ratio(framework), sql: ratio(sql) } };
  });
}

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(x < 0.1 ? 1 : 0)} %`);
const ms = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));

function tableRows(report: BenchReport): string[][] {
  return report.rows.map((r) => [
    r.db,
    r.kind === 'scenario' ? r.scenario : `ceiling: ${r.scenario}`,
    Math.round(r.result.rps).toLocaleString('en-US'),
    ms(r.result.p50),
    ms(r.result.p99),
    String(r.result.errors),
    pct(r.ratios.http),
    pct(r.ratios.framework),
    pct(r.ratios.sql),
    r.rssMiB === null ? '—' : `${Math.round(r.rssMiB)}`,
    r.cpuMsPerRequest === null ? '—' : r.cpuMsPerRequest.toFixed(r.cpuMsPerRequest < 1 ? 3 : 2),
  ]);
}

const HEADER = ['db', 'scenario', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'of node:http', 'of Fastify', 'of SQL', 'RSS MiB', 'CPU ms/req'];

export function textTable(report: BenchReport): string {
  const rows = [HEADER, ...tableRows(report)];
  const widths = HEADER.map((_, i) => Math.max(...rows.map((r) => [...r[i]!].length)));
  const line = (r: string[]) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

export function markdownSection(report: BenchReport): string {
  const o = report.options;
  const m = report.machine;
  const md = [
    `<!-- bench:${report.section}:start (written by \`${report.command} --write\`; edit outside these markers) -->`,
    `### ${report.options.analyze ? '' : 'Without ANALYZE — '}measured ${report.date}`,
    '',
    `Machine: ${m.cpus}; ${m.memory}; Node ${m.node}; ${m.postgres ?? 'PostgreSQL not run'}; ${m.os}; ${m.load ?? ''}.`,
    `Command: \`${report.command}\` — ${o.connections} connections, ${o.warmupS} s warm-up (discarded), ${o.durationS} s measured per row.`,
    '',
    `| ${HEADER.join(' | ')} |`,
    `| ${HEADER.map((_, i) => (i < 2 ? '---' : '---:')).join(' | ')} |`,
    ...tableRows(report).map((r) => `| ${r.join(' | ')} |`),
    ...(report.notes?.length ? ['', ...report.notes.map((n) => `- ${n}`)] : []),
    `<!-- bench:${report.section}:end -->`,
  ];
  return md.join('\n');
}

/** Replaces the scenario's section between its markers in `file`, or appends it. */
export function writeSection(file: string, report: BenchReport): void {
  const section = markdownSection(report);
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Performance\n';
  const start = text.indexOf(`<!-- bench:${report.section}:start`);
  const endMarker = `<!-- bench:${report.section}:end -->`;
  const end = text.indexOf(endMarker);
  const next = start >= 0 && end > start ? text.slice(0, start) + section + text.slice(end + endMarker.length) : `${text.trimEnd()}\n\n${section}\n`;
  fs.writeFileSync(file, next);
}
