export { conventionsRoutes } from './conventions.routes.ts';
export { settleVotedVersions } from './conventions.service.ts';
