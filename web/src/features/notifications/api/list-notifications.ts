import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { notificationKeys, type NotificationPage } from './types';

const PAGE = 20;

export const listNotifications = (unreadOnly: boolean, cursor: number | undefined) =>
  api<NotificationPage>('/api/notifications', { query: { limit: PAGE, cursor, unread: unreadOnly ? 'true' : undefined } });

/**
 * My notifications, newest first, paged on by the server's cursor. The live stream refreshes it; the minute poll
 * only covers a stream that is down.
 */
export const useNotifications = (unreadOnly: boolean) =>
  useInfiniteQuery({
    queryKey: notificationKeys.list(unreadOnly),
    queryFn: ({ pageParam }) => listNotifications(unreadOnly, pageParam),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 60_000,
  });
