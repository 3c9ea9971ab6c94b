export { errandsRoutes } from './errands.routes.ts';
