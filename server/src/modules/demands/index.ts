export { demandsRoutes } from './demands.routes.ts';
export { surveysRoutes } from './surveys.routes.ts';
export { convertDemandInTransaction, demandForConversion, listDemands } from './demands.service.ts';
