import { createHistogram } from 'node:perf_hooks';
import { summarise, type LoadResult } from './stats.ts';

/**
 * The database ceiling's driver: `callers` concurrent loops, each running `op` (one endpoint's SQL sequence)
 * back to back for `durationMs` or until `maxRequests` ops in all.
 */
export async function runSqlLoad(o: { callers: number; durationMs: number; maxRequests: number; op: () => Promise<void>; onTick?: () => void }): Promise<LoadResult> {
  const hist = createHistogram();
  let ok = 0;
  let errors = 0;
  let started = 0;
  const firstErrors: string[] = [];
  const start = performance.now();
  const deadline = start + o.durationMs;
  const tick = o.onTick ? setInterval(o.onTick, 500) : null;
  const loop = async () => {
    while (performance.now() < deadline && started < o.maxRequests) {
      started++;
      const t0 = performance.now();
      try {
        await o.op();
        hist.record(Math.max(1, Math.round((performance.now() - t0) * 1000)));
        ok++;
      } catch (e) {
        errors++;
        if (firstErrors.length < 5) firstErrors.push((e as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: o.callers }, loop));
  if (tick) clearInterval(tick);
  return summarise(hist, { ok, errors, elapsedMs: performance.now() - start, firstErrors });
}
