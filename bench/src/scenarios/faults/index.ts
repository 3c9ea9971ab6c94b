import type { Log } from './common.ts';
import { runPgRestart } from './pg-restart.ts';
import { runTwoInstances } from './two-instances.ts';
import { runClockJump } from './clock-jump.ts';
import { runPoolExhaustion } from './pool-exhaustion.ts';

/** The fault scripts of issue 10 §3 besides kill-restart; each prints what it checked and "nothing lost" or what was. */
export const FAULTS = ['pg-restart', 'two-instances', 'clock-jump', 'pool-exhaustion'] as const;

export async function runFault(name: (typeof FAULTS)[number], o: { loadS: number; downS: number; keep: boolean }, log: Log): Promise<number> {
  switch (name) {
    case 'pg-restart':
      return runPgRestart(o, log);
    case 'two-instances':
      return runTwoInstances(o, log);
    case 'clock-jump':
      return runClockJump(o, log);
    case 'pool-exhaustion':
      return runPoolExhaustion(o, log);
    default:
      throw new Error(`${name}: not written yet`);
  }
}
