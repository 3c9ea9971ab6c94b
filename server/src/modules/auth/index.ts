export { authRoutes } from './auth.routes.ts';
export { roleAssignmentDto, sessionDto } from './auth.service.ts';
export { phoneSchema, placeKindSchema, roleAssignmentSchema } from './auth.schemas.ts';
