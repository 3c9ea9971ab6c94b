export { requestsRoutes } from './requests.routes.ts';
export { registerRequestTimers } from './escalation.service.ts';
export { categoriesOf, ensureDistrictSetup, loadCalendar } from './setup.service.ts';
export { TIMER as REQUEST_TIMERS } from './requests.service.ts';
