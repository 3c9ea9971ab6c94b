export { requestsRoutes } from './requests.routes.ts';
export { registerRequestTimers } from './escalation.service.ts';
export { ensureDistrictSetup } from './setup.service.ts';
