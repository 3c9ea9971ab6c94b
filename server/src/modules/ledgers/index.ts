import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../../platform/context.ts';
import { ledgersRoutes } from './ledgers.routes.ts';
import { LedgerExportRunner } from './ledgers.service.ts';

export { LEDGERS, LEDGER_NAMES } from './ledger-definitions.ts';
export { fileNameOf, LedgerExportRunner, writeLedger } from './ledgers.service.ts';

/** 台账 module: its routes and the background export runner (queued work is picked up again when the server listens). */
export const ledgersModule = (deps: Deps): FastifyPluginAsync => async (app) => {
  const runner = new LedgerExportRunner(deps);
  await app.register(ledgersRoutes(deps, runner));
  app.addHook('onListen', async () => void runner.start().catch((err: unknown) => deps.log.error({ err }, 'ledger export runner did not start')));
  app.addHook('onClose', () => runner.idle());
};
