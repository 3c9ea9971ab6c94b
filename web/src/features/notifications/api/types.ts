// Shapes of GET /api/notifications (server/src/modules/notifications/notifications.schemas.ts).
export interface Notification {
  id: number;
  kind: string;
  title: string;
  body: string | null;
  /** A workbench path such as /requests/42, or null. */
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage {
  items: Notification[];
  nextCursor: number | null;
  unreadCount: number;
}

export const notificationKeys = {
  all: ['notifications'] as const,
  list: (unreadOnly: boolean) => ['notifications', 'list', unreadOnly] as const,
};
