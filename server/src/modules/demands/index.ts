export { demandsRoutes } from './demands.routes.ts';
export { surveysRoutes } from './surveys.routes.ts';
export { convertDemandInTransaction, demandForConversion } from './demands.service.ts';
