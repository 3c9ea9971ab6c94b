import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../../platform/context.ts';
import { cockpitRoutes } from './cockpit.routes.ts';
import { raiseAlerts } from './alerts.ts';
import { RollupPoller } from './rollup-job.ts';

export { rebuildRollups, runRollups, RollupPoller } from './rollup-job.ts';
export { raiseAlerts } from './alerts.ts';

/**
 * The cockpit module: its routes, and the rollup job, which runs while the server listens (tests and the CLI run
 * it themselves). Every instance runs it; the cursors make each source row count once.
 */
export const cockpitModule = (deps: Deps, intervalMs = 10_000): FastifyPluginAsync => async (app) => {
  await app.register(cockpitRoutes(deps));
  const poller = new RollupPoller(deps.db, deps.clock, deps.log);
  // 社区眼: alerts read the fresh rollups after each run.
  poller.then(async (db, clock) => void (await raiseAlerts(db, clock)));
  app.addHook('onListen', async () => poller.start(intervalMs));
  app.addHook('onClose', () => poller.stop());
};
