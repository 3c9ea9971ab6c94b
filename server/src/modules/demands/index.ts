export { demandsRoutes } from './demands.routes.ts';
