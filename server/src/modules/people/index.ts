export { peopleRoutes } from './people.routes.ts';
/** Whether a person lives (as resident or owner) at or under a place now: other modules ask here. */
export { livesUnder } from './people.repository.ts';
/** Whether a person is in a special group (elderly living alone, disability, low income); audited. */
export { isInSpecialGroup, type SpecialGroup } from './special-groups.ts';
/** Grant or end a role in the caller's transaction (the party module grants 'party_member' when it approves 双报到). */
export { insertRoleAssignment, endRoleAssignment } from './people.repository.ts';
/** The owners' register (units, owners, exclusive area) under a place, for owners' votes. */
export { ownersRegisterUnder, type RegisteredUnit } from './owners-register.ts';
/** A place's residents and households now, and a person's household under it (residents' polls). */
export { householdUnder, residentsCountUnder, roleHoldersAbove } from './owners-register.ts';
