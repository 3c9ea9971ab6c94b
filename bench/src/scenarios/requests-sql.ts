/**
 * The SQL the requests endpoints run, copied as text for the database ceiling. Each constant is the statement
 * Kysely 0.28 compiles (PostgreSQL dialect) from the function named beside it, captured by running those
 * functions against Kysely's DummyDriver with a `log` hook; when they change, capture again and paste here.
 *
 * Mirrors:
 *   server/src/platform/auth/sessions.repository.ts        findOpenSession, findActiveRoles (every signed-in request)
 *   server/src/modules/requests/requests.repository.ts     findCompound, findByIdempotencyKey, listCategories, listQueue
 *   server/src/modules/requests/raise.repository.ts        insertRequestReturning, insertEventReturning
 *   server/src/platform/timers.repository.ts               upsertTimers (scheduleTimers)
 *   server/src/platform/notifications.ts                   notifyRoleHolders (+ live.ts announceNotifications: pg_notify)
 *   server/src/modules/people/people.repository.ts         livesUnder
 *   server/src/platform/events.ts                          emitEvent
 *   server/src/platform/audit.repository.ts                insertAudit (auditAction)
 * and the order server/src/modules/requests/requests.service.ts runs them in (raiseAsResident → raiseRequest, which
 * answers from what it wrote; queue → listQueue).
 */

export { SQL_FIND_OPEN_SESSION } from './places-sql.ts';

/** sessions.repository.ts findActiveRoles(db, personId, now) — since 35d6581 with scope-sql.ts roleActiveAt */
export const SQL_FIND_ACTIVE_ROLES =
  'select "ra"."id", "ra"."role", "ra"."place_id", "ra"."place_path", "ra"."district_id", "ra"."is_local", "ra"."valid_from", "ra"."valid_to", "p"."name" as "place_name", "p"."kind" as "place_kind" from "role_assignments" as "ra" inner join "places" as "p" on "p"."id" = "ra"."place_id" where "ra"."person_id" = $1 and ("ra"."valid_from" <= $2 and ("ra"."valid_to" is null or "ra"."valid_to" > $3)) order by array_position(array[\'district\',\'street\',\'community\',\'compound\',\'building\',\'unit\',\'household\',\'grid\'], p.kind), "ra"."id"';

/** requests.repository.ts findCompound(db, id) */
export const SQL_FIND_COMPOUND =
  'select "c"."id", "c"."name", "c"."path", "c"."district_id", "c"."parent_id", "c"."kind", "cp"."committee_type" from "places" as "c" left join "compound_profiles" as "cp" on "cp"."place_id" = "c"."id" where "c"."id" = $1';

/** people/people.repository.ts livesUnder(db, personId, compoundPath, now) (moved from requests.repository.ts in 35d6581) */
export const SQL_LIVES_UNDER =
  'select "ra"."id" from "role_assignments" as "ra" where "ra"."person_id" = $1 and "ra"."role" in ($2, $3) and "ra"."place_path" like $4 and ("ra"."valid_from" <= $5 and ("ra"."valid_to" is null or "ra"."valid_to" > $6))';

/** requests.repository.ts findByIdempotencyKey(db, raisedBy, key) */
export const SQL_FIND_BY_IDEMPOTENCY_KEY = 'select "id" from "requests" where "raised_by" = $1 and "idempotency_key" = $2';

/** requests.repository.ts listCategories(db, districtId) — via setup.service.ts ensureDistrictSetup */
export const SQL_LIST_CATEGORIES = 'select * from "request_categories" where "district_id" = $1 order by "sort", "id"';

/** raise.repository.ts insertRequestReturning(trx, row): the request's own columns come back for the answer */
export const SQL_INSERT_REQUEST_RETURNING =
  'insert into "requests" ("district_id", "compound_id", "compound_path", "category_id", "type", "description", "location_place_id", "location_text", "urgency", "status", "resident_id", "raised_by", "channel", "response_due_at", "resolution_due_at", "idempotency_key", "created_at", "updated_at") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) returning "id", "district_id", "compound_id", "compound_path", "category_id", "type", "description", "location_place_id", "location_text", "urgency", "status", "resident_id", "raised_by", "channel", "assignee_party", "assignee_department_id", "escalation_level", "response_due_at", "resolution_due_at", "accepted_at", "resolved_at", "closed_at", "reopen_count", "rating", "rating_comment", "merged_into", "created_at"';

/** raise.repository.ts insertEventReturning(trx, e) */
export const SQL_INSERT_EVENT_RETURNING =
  'insert into "request_events" ("district_id", "request_id", "at", "actor_id", "kind", "to_status", "data") values ($1, $2, $3, $4, $5, $6, $7) returning "id", "at"';

/** timers.repository.ts upsertTimers(trx, [response, resolution]) — one statement for both deadlines */
export const SQL_UPSERT_TWO_TIMERS =
  'insert into "timers" ("district_id", "kind", "subject_id", "due_at") values ($1, $2, $3, $4), ($5, $6, $7, $8) on conflict ("kind", "subject_id") do update set "due_at" = "excluded"."due_at", "fired_at" = $9';

/** notifications.ts notifyRoleHolders(trx, districtId, 'commissioner', [compoundId], notice, now) */
export const SQL_NOTIFY_ROLE_HOLDERS_ONE = `
    insert into notifications (district_id, person_id, kind, title, body, link, created_at)
    select distinct $1::bigint, ra.person_id, $2, $3, $4, $5, $6::timestamptz
    from role_assignments ra
    where ra.role = $7 and ra.place_id in ($8)
      and ra.valid_from <= $9 and (ra.valid_to is null or ra.valid_to > $10)
    returning id, person_id`;

/** live.ts announceNotifications: one pg_notify per 300 notifications, in the same transaction ('request.raised' gets no outbound timer) */
export const SQL_PG_NOTIFY = 'select pg_notify($1, $2)';
export const LIVE_CHANNEL = 'gongzhi_notifications';

/** events.ts emitEvent(trx, districtId, type, payload) */
export const SQL_EMIT_EVENT = 'insert into "domain_events" ("district_id", "type", "payload") values ($1, $2, $3)';

/** audit.repository.ts insertAudit(trx, entry) */
export const SQL_INSERT_AUDIT =
  'insert into "audit_log" ("district_id", "actor_id", "action", "target_type", "target_id", "result", "ip", "detail") values ($1, $2, $3, $4, $5, $6, $7, $8)';

const REQUEST_COLUMNS =
  '"r"."id", "r"."district_id", "r"."compound_id", "r"."compound_path", "r"."category_id", "r"."type", "r"."description", "r"."location_place_id", "r"."location_text", "r"."urgency", "r"."status", "r"."resident_id", "r"."raised_by", "r"."channel", "r"."assignee_party", "r"."assignee_department_id", "r"."escalation_level", "r"."response_due_at", "r"."resolution_due_at", "r"."accepted_at", "r"."resolved_at", "r"."closed_at", "r"."reopen_count", "r"."rating", "r"."rating_comment", "r"."merged_into", "r"."created_at", "c"."name" as "compound_name", "cat"."name_zh" as "category_zh", "cat"."name_en" as "category_en"';
const REQUESTS_FROM =
  'from "requests" as "r" inner join "places" as "c" on "c"."id" = "r"."compound_id" inner join "request_categories" as "cat" on "cat"."id" = "r"."category_id"';

/**
 * requests.repository.ts listQueue(db, access, {status: 'open', sort: 'deadline', page: 1, pageSize: 20}) for a
 * caller whose access is one subtree (a street admin, a community worker, a commissioner): since migration 0008 the
 * page is a deferred join (the ids from the covering open-queue indexes, then those rows) and the count reads
 * `requests` alone; the two run in parallel. Parameters: see queuePageParams / queueCountParams.
 */
export const SQL_QUEUE_OPEN_BY_DEADLINE_ONE_PATH = `select ${REQUEST_COLUMNS} ${REQUESTS_FROM} where "r"."id" in (select "r"."id" from "requests" as "r" where (r.compound_path like $1) and "r"."status" in ($2, $3, $4, $5) order by "r"."resolution_due_at", "r"."id" limit $6 offset $7) order by "r"."resolution_due_at", "r"."id"`;
export const SQL_QUEUE_OPEN_COUNT_ONE_PATH = 'select count(*) as "n" from "requests" as "r" where (r.compound_path like $1) and "r"."status" in ($2, $3, $4, $5)';

export const OPEN_STATUSES = ['submitted', 'accepted', 'assigned', 'in_progress'] as const;
export const queuePageParams = (scopePath: string) => [`${scopePath}%`, ...OPEN_STATUSES, 20, 0];
export const queueCountParams = (scopePath: string) => [`${scopePath}%`, ...OPEN_STATUSES];
