export { partyRoutes } from './party.routes.ts';
