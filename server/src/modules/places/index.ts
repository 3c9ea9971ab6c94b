export { placesRoutes } from './places.routes.ts';
export { ancestorIds, compoundCards, type CompoundCard } from './places.service.ts';
export { COMPOUND_KINDS, COMMUNITY_CLASSES } from './places.schemas.ts';
