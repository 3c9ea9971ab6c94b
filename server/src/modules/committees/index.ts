export { committeesRoutes } from './committees.routes.ts';
