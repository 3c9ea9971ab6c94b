export { charityRoutes } from './charity.routes.ts';
