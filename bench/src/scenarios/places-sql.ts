/**
 * The SQL the places endpoints run, copied as text for the database ceiling. Each constant is the statement
 * Kysely compiles from the function named beside it (Kysely 0.28, PostgreSQL dialect); when those functions
 * change, copy the new text here (compile the builder with `.compile().sql` to get it).
 *
 * Mirrors:
 *   server/src/platform/auth/sessions.repository.ts  findOpenSession, findActiveRoles  (every signed-in request)
 *   server/src/modules/places/places.repository.ts    findPlace, findChildren, findNamesByIds,
 *                                                      findCompoundProfile, findCommissioners, searchPlaces
 */

/** sessions.repository.ts findOpenSession(db, id) */
export const SQL_FIND_OPEN_SESSION =
  'select "sessions"."id", "sessions"."person_id", "sessions"."district_id", "sessions"."csrf_token", "sessions"."last_seen_at", "people"."name", "people"."phone_cipher" from "sessions" inner join "people" on "people"."id" = "sessions"."person_id" where "sessions"."id" = $1 and "sessions"."ended_at" is null';

/** sessions.repository.ts findActiveRoles(db, personId, now) */
export const SQL_FIND_ACTIVE_ROLES =
  'select "ra"."id", "ra"."role", "ra"."place_id", "ra"."place_path", "ra"."district_id", "ra"."is_local", "ra"."valid_from", "ra"."valid_to", "p"."name" as "place_name", "p"."kind" as "place_kind" from "role_assignments" as "ra" inner join "places" as "p" on "p"."id" = "ra"."place_id" where "ra"."person_id" = $1 and "ra"."valid_from" <= $2 and ("ra"."valid_to" is null or "ra"."valid_to" > $3) order by array_position(array[\'district\',\'street\',\'community\',\'compound\',\'building\',\'unit\',\'household\',\'grid\'], p.kind), "ra"."id"';

/** places.repository.ts findPlace(db, id) */
export const SQL_FIND_PLACE =
  'select "places"."id", "places"."parent_id", "places"."kind", "places"."name", "places"."code", "places"."path", "places"."district_id", (select count(*) from places ch where ch.parent_id = places.id) as "child_count" from "places" where "places"."id" = $1';

/** places.repository.ts findChildren(db, parentId, limit) — the service passes limit 2000 */
export const SQL_FIND_CHILDREN =
  'select "places"."id", "places"."parent_id", "places"."kind", "places"."name", "places"."code", "places"."path", (select count(*) from places ch where ch.parent_id = places.id) as "child_count" from "places" where "places"."parent_id" = $1 order by "places"."name", "places"."id" limit $2';

/** places.repository.ts findNamesByIds(db, ids) — one placeholder per id */
export const sqlFindNamesByIds = (n: number) =>
  `select "id", "kind", "name" from "places" where "id" in (${Array.from({ length: n }, (_, i) => `$${i + 1}`).join(', ')})`;

/** places.repository.ts findCompoundProfile(db, placeId) */
export const SQL_FIND_COMPOUND_PROFILE = 'select * from "compound_profiles" where "place_id" = $1';

/** places.repository.ts findCommissioners(db, [placeId], now) — one compound */
export const SQL_FIND_COMMISSIONERS_ONE =
  'select "ra"."place_id", "p"."id" as "person_id", "p"."name", "p"."phone_cipher", "ra"."is_local" from "role_assignments" as "ra" inner join "people" as "p" on "p"."id" = "ra"."person_id" where "ra"."role" = $1 and "ra"."place_id" in ($2) and "ra"."valid_from" <= $3 and ("ra"."valid_to" is null or "ra"."valid_to" > $4) order by "ra"."id"';

/** places.repository.ts searchPlaces(db, scope, q, undefined, 50) — a scope of one path, households and units excluded (as the server does) */
export const SQL_SEARCH_PLACES_ONE_SCOPE =
  'select "places"."id", "places"."parent_id", "places"."kind", "places"."name", "places"."code", "places"."path", (select count(*) from places ch where ch.parent_id = places.id) as "child_count" from "places" where ("places"."path" like $1) and "places"."kind" not in ($2, $3) and "places"."name" like $4 order by "places"."depth", "places"."name" limit $5';
