import { sql } from 'kysely';
import { auditAction } from '../../platform/audit.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import { hasPermission, pathInScope, type Scope } from '../../platform/scope.ts';
import { livesUnder } from '../people/index.ts';
import * as repo from './deliberation.repository.ts';
import { retrySafe } from './retry-safe.ts';
import type { RaiseTopicInput, TopicDto } from './deliberation.schemas.ts';

/** Topics (议题): raised by residents where they live, by the three parties and staff for their places, or from a request. */

const homePaths = (caller: Caller) => caller.roles.filter((r) => r.role === 'resident' || r.role === 'owner').map((r) => r.placePath);
const STAFF_RAISERS = ['commissioner', 'district_admin', 'street_admin', 'community_worker', 'residents_committee', 'owners_committee', 'self_management_committee', 'property_staff'] as const;

/** The staff reach for topics: who may raise for a place, or manage its deliberation. */
function staffScope(caller: Caller): Scope | null {
  const roles = caller.roles.filter((r) => (STAFF_RAISERS as readonly string[]).includes(r.role) || r.role === 'facilitator');
  if (roles.length === 0) return null;
  const paths = [...new Set(roles.map((r) => r.placePath))];
  return { paths };
}

function toDto(t: repo.TopicRow, personId: number): TopicDto {
  return {
    id: t.id, place: { id: t.place_id, name: t.place_name }, title: t.title, body: t.body, raisedAs: t.raised_as,
    // A resident who raised a topic is not named to others: the topic speaks for itself.
    raisedBy: t.raised_as === 'resident' ? null : t.raised_by_name, sourceRequestId: t.source_request_id, status: t.status, seconds: t.seconds,
    secondedByMe: t.mine, mine: t.raised_by === personId, createdAt: t.created_at.toISOString(),
  };
}

/** Pull in topics sent on from consultations (`request.to_deliberation`) before anyone reads the list. */
export async function syncRequestTopics(deps: Deps, districtId: number): Promise<number> {
  return repo.topicsFromRequestEvents(deps.db, districtId);
}

export async function raiseTopic(deps: Deps, caller: Caller, input: RaiseTopicInput, idempotencyKey?: string): Promise<TopicDto> {
  if (!hasPermission(caller.roles, 'topics.raise')) throw new AppError('FORBIDDEN');
  const place = await repo.findPlace(deps.db, input.placeId);
  if (!place || place.district_id !== caller.districtId) throw new AppError('NOT_FOUND');
  if (!['compound', 'community'].includes(place.kind)) throw new AppError('PLACE_KIND_MISMATCH', { expected: 'compound / community' });
  const staffRole = caller.roles.find((r) => (STAFF_RAISERS as readonly string[]).includes(r.role) && place.path.startsWith(r.placePath));
  const now = deps.clock.now();
  let raisedAs: 'resident' | 'party' | 'commissioner';
  if (staffRole) raisedAs = staffRole.role === 'commissioner' || staffRole.role.endsWith('_admin') || staffRole.role === 'community_worker' ? 'commissioner' : 'party';
  else if (await livesUnder(deps.db, caller.personId, place.path, now)) raisedAs = 'resident';
  else throw new AppError('NOT_FOUND');
  const id = await retrySafe(deps, caller, 'topic.raise', idempotencyKey, input, async (trx) => {
    const topicId = await repo.insertTopic(trx, { districtId: place.district_id, placeId: place.id, placePath: place.path, title: input.title, body: input.body, raisedBy: caller.personId, raisedAs, now });
    await emitEvent(trx, place.district_id, 'topic.raised', { topicId, placeId: place.id });
    await auditAction(trx, caller, 'topic.raise', { type: 'topic', id: topicId });
    return topicId;
  });
  return getTopic(deps, caller, id);
}

export async function getTopic(deps: Deps, caller: Caller, id: number): Promise<TopicDto> {
  const [t] = await repo.loadTopics(deps.db, caller.personId, sql`t.id = ${id} and t.district_id = ${caller.districtId}`);
  if (!t || !canSee(caller, t.place_path)) throw new AppError('NOT_FOUND');
  return toDto(t, caller.personId);
}

function canSee(caller: Caller, placePath: string) {
  const staff = staffScope(caller);
  if (staff && pathInScope(staff, placePath)) return true;
  return homePaths(caller).some((h) => h.startsWith(placePath));
}

/** Staff: topics of the places they serve; residents: topics of the compound and community they live in. */
export async function listTopics(deps: Deps, caller: Caller, placeId?: number) {
  await syncRequestTopics(deps, caller.districtId);
  const staff = staffScope(caller);
  const homes = homePaths(caller);
  const parts = [
    ...(staff ? staff.paths.map((p) => sql`t.place_path like ${`${p}%`}`) : []),
    ...homes.map((h) => sql`${h} like t.place_path || '%'`),
  ];
  if (parts.length === 0) return { items: [] };
  const where = sql`t.district_id = ${caller.districtId} and (${sql.join(parts, sql` or `)})${placeId ? sql` and t.place_id = ${placeId}` : sql``}`;
  return { items: (await repo.loadTopics(deps.db, caller.personId, where)).map((x) => toDto(x, caller.personId)) };
}

/** 附议: a resident seconds a topic of where they live, once. */
export async function secondTopic(deps: Deps, caller: Caller, id: number): Promise<TopicDto> {
  const topic = await getTopic(deps, caller, id);
  const [row] = await repo.loadTopics(deps.db, caller.personId, sql`t.id = ${id}`);
  if (!homePaths(caller).some((h) => h.startsWith(row!.place_path))) throw new AppError('NOT_A_RESIDENT');
  if (topic.status !== 'open' && topic.status !== 'on_agenda') throw new AppError('TOPIC_NOT_OPEN');
  // Seconding is someone else's support: whoever raised the topic has already said it.
  if (row!.raised_by === caller.personId) throw new AppError('TOPIC_ALREADY_SECONDED');
  await deps.db.transaction().execute(async (trx) => {
    if (!(await repo.insertSecond(trx, row!.district_id, id, caller.personId, deps.clock.now()))) throw new AppError('TOPIC_ALREADY_SECONDED');
    await auditAction(trx, caller, 'topic.second', { type: 'topic', id });
  });
  return getTopic(deps, caller, id);
}
