import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { notificationKeys, type NotificationPage } from './types';

const PAGE = 20;

export const listNotifications = (unreadOnly: boolean, cursor: number | undefined) =>
  api<NotificationPage>('/api/notifications', { query: { limit: PAGE, cursor, unread: unreadOnly ? 'true' : undefined } });

/**
 * My notifications, newest first, paged on by the server's cursor. The live stream refreshes it, and so does coming
 * back to the window. No timed poll: the bell is on every workbench page, and a poll would keep an unattended
 * session from ever reaching its 30-minute idle timeout.
 */
export const useNotifications = (unreadOnly: boolean) =>
  useInfiniteQuery({
    queryKey: notificationKeys.list(unreadOnly),
    queryFn: ({ pageParam }) => listNotifications(unreadOnly, pageParam),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
