export { deliberationRoutes } from './deliberation.routes.ts';
/** Turns `request.to_deliberation` events into topics (idempotent); listing topics does it first. */
export { syncRequestTopics } from './topics.service.ts';
