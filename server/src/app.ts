import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import type { Config } from './config.ts';
import type { DbHandle } from './db/create-db.ts';
import { registerAuthentication } from './platform/auth/authenticate.ts';
import { systemClock, type Clock, type Deps } from './platform/context.ts';
import { registerErrorHandler } from './platform/error-handler.ts';
import { createPageSender, registerSecurityHeaders, SWAGGER_UI_CSP } from './platform/security-headers.ts';
import { registerRateLimits } from './platform/rate-limit.ts';
import { registerInputHygiene } from './platform/input-hygiene.ts';
import type { PersonalDataCipher } from './platform/personal-data.ts';
import { LogSmsSender, type SmsSender } from './platform/sms.ts';
import { auditRoutes } from './modules/audit/index.ts';
import { authRoutes } from './modules/auth/index.ts';
import { errandsRoutes } from './modules/errands/index.ts';
import { volunteeringRoutes } from './modules/volunteering/index.ts';
import { registerWishTimers, wishesRoutes } from './modules/wishes/index.ts';
import { demandsRoutes, surveysRoutes } from './modules/demands/index.ts';
import { callsRoutes } from './modules/calls/index.ts';
import { importRoutes } from './modules/imports/index.ts';
import { LogOutboundChannel, notificationsRoutes, registerOutboundTimer, type OutboundChannel } from './modules/notifications/index.ts';
import { open311Routes } from './modules/open311/index.ts';
import { peopleRoutes } from './modules/people/index.ts';
import { photosRoutes } from './modules/photos/index.ts';
import { placesRoutes } from './modules/places/index.ts';
import { consultationsRoutes, registerRequestTimers, requestsRoutes } from './modules/requests/index.ts';
import { TimerRunner } from './platform/timers.ts';
import { pointsRoutes, registerPointsTimers } from './modules/points/index.ts';
import { storeRoutes } from './modules/store/index.ts';
import { LiveHub } from './platform/live.ts';
import { partyRoutes } from './modules/party/index.ts';
import { charityRoutes } from './modules/charity/index.ts';
import { registerVoteTimers, votesRoutes } from './modules/votes/index.ts';
import { deliberationRoutes } from './modules/deliberation/index.ts';
import { conventionsRoutes } from './modules/conventions/index.ts';
import { committeesRoutes } from './modules/committees/index.ts';
import { cockpitModule } from './modules/cockpit/index.ts';
import { ledgersModule } from './modules/ledgers/index.ts';
import { organisationsRoutes, registerOrganisationTimers } from './modules/organisations/index.ts';
import { fundsRoutes } from './modules/funds/index.ts';
import { projectsRoutes } from './modules/projects/index.ts';

export type BuildAppOptions = {
  config: Config;
  database: DbHandle;
  cipher: PersonalDataCipher;
  clock?: Clock;
  sms?: SmsSender;
  /** Where urgent notifications go beyond the app; default: the log. */
  outbound?: OutboundChannel;
  /** Built web assets to serve; default web/dist beside the server, when it exists. */
  webDist?: string | null;
  logger?: boolean;
};

const defaultWebDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export async function buildApp(options: BuildAppOptions): Promise<{ app: FastifyInstance; deps: Deps; timers: TimerRunner }> {
  const app = Fastify({
    logger: options.logger === false ? false : {
      level: options.config.logLevel,
      redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'],
    },
    bodyLimit: 1024 * 1024,
    trustProxy: options.config.trustProxy,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const deps: Deps = {
    db: options.database.db,
    dbKind: options.database.kind,
    cipher: options.cipher,
    clock: options.clock ?? systemClock,
    sms: options.sms ?? new LogSmsSender(app.log),
    config: options.config,
    log: app.log,
  };

  registerSecurityHeaders(app);
  registerRateLimits(app, deps);
  registerInputHygiene(app);
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: 10 * 1024 * 1024, files: 1 } });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Gongzhi 共治 API', version: '0.1.0', description: '城市社区共治平台 API' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'gz_session' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: SWAGGER_UI_CSP });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  registerErrorHandler(app, deps);
  registerAuthentication(app, deps);

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await sql`select 1`.execute(deps.db);
      return { status: 'ready', database: deps.dbKind };
    } catch {
      return reply.code(503).send({ status: 'not_ready', database: deps.dbKind });
    }
  });

  // The domain modules, listed explicitly.
  await app.register(authRoutes(deps));
  await app.register(placesRoutes(deps));
  await app.register(peopleRoutes(deps));
  await app.register(auditRoutes(deps));
  await app.register(requestsRoutes(deps));
  await app.register(photosRoutes(deps));
  await app.register(callsRoutes(deps));
  // Real-time: new notifications announced by pg_notify reach this instance's event streams.
  const live = new LiveHub(options.database, app.log);
  await live.start();
  app.addHook('preClose', () => live.close());
  await app.register(notificationsRoutes(deps, live));
  await app.register(consultationsRoutes(deps));
  await app.register(errandsRoutes(deps));
  await app.register(volunteeringRoutes(deps));
  await app.register(wishesRoutes(deps));
  await app.register(demandsRoutes(deps));
  await app.register(surveysRoutes(deps));

  // Durable timers: handlers registered here; `gongzhi serve` starts the polling, tests call runDue().
  const timers = new TimerRunner(deps);
  registerRequestTimers(timers);
  registerPointsTimers(timers);
  registerWishTimers(timers);
  registerOutboundTimer(timers, options.outbound ?? new LogOutboundChannel(app.log));
  app.addHook('onClose', () => timers.stop());
  await app.register(importRoutes(deps));
  await app.register(open311Routes(deps));
  await app.register(pointsRoutes(deps));
  await app.register(storeRoutes(deps));
  await app.register(partyRoutes(deps));
  await app.register(charityRoutes(deps));
  await app.register(votesRoutes(deps));
  registerVoteTimers(timers);
  await app.register(deliberationRoutes(deps));
  await app.register(cockpitModule(deps));
  await app.register(ledgersModule(deps));
  await app.register(organisationsRoutes(deps));
  registerOrganisationTimers(timers);
  await app.register(fundsRoutes(deps));
  await app.register(projectsRoutes(deps));
  await app.register(conventionsRoutes(deps));
  await app.register(committeesRoutes(deps));

  const webDist = options.webDist === undefined ? defaultWebDist : options.webDist;
  if (webDist && fs.existsSync(path.join(webDist, 'index.html'))) registerWeb(app, webDist);

  return { app, deps, timers };
}

/** Serves the three faces; client-side routes fall back to their entry's index.html. */
function registerWeb(app: FastifyInstance, webDist: string): void {
  // Pages go out through sendPage (a fresh CSP nonce each time), never straight from the static files.
  const sendPage = createPageSender(webDist);
  app.register(fastifyStatic, { root: webDist, wildcard: false, index: false, allowedPath: (p) => !p.endsWith('.html') });
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    if (url.startsWith('/api/') || url.startsWith('/open311/')) return reply.callNotFound();
    const file = path.join(webDist, url);
    if (file.startsWith(webDist) && !file.endsWith('.html') && fs.existsSync(file) && fs.statSync(file).isFile()) {
      return reply.sendFile(path.relative(webDist, file));
    }
    const entry = url.startsWith('/h5') ? 'h5/index.html' : url.startsWith('/screen') ? 'screen/index.html' : 'index.html';
    return sendPage(reply, entry);
  });
}
