export { importRoutes } from './imports.routes.ts';
export { assertXlsx, findImportDistrict, placesTemplate, runPlacesImport, systemAudit, type ImportOutcome, type ImportSummary } from './imports.service.ts';
