import type { RecordableHistogram } from 'node:perf_hooks';

/** What one measured run produced. Latencies in milliseconds. */
export type LoadResult = {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  /** The first few failures, to make an error count explainable. */
  firstErrors: string[];
};

export function summarise(hist: RecordableHistogram, r: { ok: number; errors: number; elapsedMs: number; firstErrors: string[] }): LoadResult {
  const us = (p: number) => (hist.count === 0 ? 0 : hist.percentile(p) / 1000);
  const requests = r.ok + r.errors;
  return {
    requests,
    errors: r.errors,
    seconds: r.elapsedMs / 1000,
    rps: r.ok / (r.elapsedMs / 1000),
    p50: us(50),
    p99: us(99),
    max: hist.count === 0 ? 0 : hist.max / 1000,
    firstErrors: r.firstErrors,
  };
}
