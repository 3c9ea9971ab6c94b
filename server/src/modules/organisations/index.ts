export { organisationsRoutes } from './organisations.routes.ts';
export { inDirectory, isMember, listOrganisations, organisationName, myOrganisations as organisationsOf } from './organisations.service.ts';
export { SERVICE_CATEGORIES, type ServiceCategory } from './organisations.schemas.ts';
export { ANNUAL_REPORT_REMIND_DAYS, registerOrganisationTimers, scheduleAnnualReports } from './annual-reports.ts';
