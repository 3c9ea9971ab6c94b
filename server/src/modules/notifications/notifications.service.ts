import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import * as repo from './notifications.repository.ts';
import type { ListQuery, NotificationDto } from './notifications.schemas.ts';

export function notificationDto(r: repo.NotificationRow): NotificationDto {
  return { id: r.id, kind: r.kind, title: r.title, body: r.body, link: r.link, createdAt: r.created_at.toISOString(), readAt: r.read_at ? r.read_at.toISOString() : null };
}

/** The caller's own notifications, newest first; `nextCursor` pages on to older ones. */
export async function listMine(deps: Deps, caller: Caller, q: ListQuery) {
  const rows = await repo.listForPerson(deps.db, caller.personId, { unreadOnly: q.unread === 'true', before: q.cursor, limit: q.limit + 1 });
  const more = rows.length > q.limit;
  const items = rows.slice(0, q.limit).map(notificationDto);
  return { items, nextCursor: more ? items.at(-1)!.id : null, unreadCount: await repo.countUnread(deps.db, caller.personId) };
}

/** Marks one of the caller's notifications read (again is harmless: the first time stays); others' are NOT_FOUND. */
export async function markRead(deps: Deps, caller: Caller, id: number): Promise<NotificationDto> {
  const row = await repo.markRead(deps.db, caller.personId, id, deps.clock.now());
  if (!row) throw new AppError('NOT_FOUND');
  return notificationDto(row);
}

export async function markAllRead(deps: Deps, caller: Caller): Promise<{ updated: number }> {
  return { updated: await repo.markAllRead(deps.db, caller.personId, deps.clock.now()) };
}
