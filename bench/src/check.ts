import fs from 'node:fs';
import type { BenchReport } from './report.ts';

/**
 * `npm run bench -- check`: today's ratios (each scenario's throughput ÷ a ceiling measured in the same run)
 * against the committed baseline. Ratios, not req/s, because the machine is shared: a busy neighbour slows the
 * hello world and the scenario alike, while a regression in the server slows only the scenario.
 */

export type Baseline = {
  /** When and how the baseline was measured. */
  date: string;
  command: string;
  machine: Record<string, string>;
  /** `<bench>/<db>/<row>/of <ceiling>` → ratio (0..1+). */
  ratios: Record<string, number>;
  /** Why the baseline was edited by hand, if it was. */
  note?: string;
};

export type CheckLine = {
  key: string;
  baseline: number | null;
  today: number | null;
  /** today ÷ baseline − 1 (negative = worse); null when one side is missing. */
  change: number | null;
  verdict: 'ok' | 'REGRESSED' | 'not run' | 'new';
};

const CEILINGS = [
  ['http', 'node:http'],
  ['framework', 'Fastify'],
  ['sql', 'SQL'],
] as const;

/** Every ratio a report holds, keyed so that runs of the same bench and rows line up. */
export function ratiosOf(reports: BenchReport[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const report of reports)
    for (const row of report.rows) {
      if (row.kind !== 'scenario') continue;
      for (const [field, label] of CEILINGS) {
        const v = row.ratios[field];
        if (v !== null && Number.isFinite(v)) out[`${report.scenario}/${row.db}/${row.scenario}/of ${label}`] = v;
      }
    }
  return out;
}

/**
 * A ratio fails when it dropped by more than `tolerance` (0.2 = 20 %) of its baseline value. A ratio the run
 * did not measure (`--only`, another `--db`) is listed as not run, not failed; a ratio the baseline lacks is new.
 */
export function compareRatios(baseline: Record<string, number>, today: Record<string, number>, tolerance: number): CheckLine[] {
  const keys = [...new Set([...Object.keys(baseline), ...Object.keys(today)])].sort();
  return keys.map((key) => {
    const b = baseline[key] ?? null;
    const t = today[key] ?? null;
    if (b === null) return { key, baseline: null, today: t, change: null, verdict: 'new' };
    if (t === null) return { key, baseline: b, today: null, change: null, verdict: 'not run' };
    const change = b > 0 ? t / b - 1 : 0;
    return { key, baseline: b, today: t, change, verdict: change < -tolerance ? 'REGRESSED' : 'ok' };
  });
}

const pct = (x: number | null, digits = 1) => (x === null ? '—' : `${(x * 100).toFixed(digits)} %`);

export function checkTable(lines: CheckLine[]): string {
  const header = ['ratio', 'baseline', 'today', 'change', 'verdict'];
  const rows = [header, ...lines.map((l) => [l.key, pct(l.baseline, 2), pct(l.today, 2), l.change === null ? '—' : `${l.change >= 0 ? '+' : ''}${pct(l.change)}`, l.verdict])];
  const widths = header.map((_, i) => Math.max(...rows.map((r) => [...r[i]!].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 || i === 4 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

export function readBaseline(file: string): Baseline | null {
  if (!fs.existsSync(file)) return null;
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Baseline>;
  if (!parsed.ratios || typeof parsed.ratios !== 'object') throw new Error(`${file}: no "ratios" object`);
  return parsed as Baseline;
}

export function writeBaseline(file: string, baseline: Baseline): void {
  fs.writeFileSync(file, `${JSON.stringify(baseline, null, 2)}\n`);
}
