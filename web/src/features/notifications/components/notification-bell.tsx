import { Badge, Button, Drawer, Flex, List, Segmented, Typography, App } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { formatDateTime } from '../../../lib/format';
import { EmptyState, ErrorState, LoadingState } from '../../../components/states';
import { useNotifications } from '../api/list-notifications';
import { useMarkRead } from '../api/mark-read';
import { useMarkAllRead } from '../api/mark-all-read';
import { useNotificationStream } from '../api/subscribe-notifications';
import type { Notification } from '../api/types';

function BellIcon() {
  return (
    <svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
      <path d="M13.73 21a2 2 0 0 1-3.46 0" />
    </svg>
  );
}

/** The workbench header's bell: the unread count, and a drawer with my notifications. */
export function NotificationBell() {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  useNotificationStream();
  const all = useNotifications(false);
  const unread = all.data?.pages[0]?.unreadCount ?? 0;
  return (
    <>
      <Badge count={unread} size="small" overflowCount={99}>
        <Button
          type="text"
          style={{ color: '#fff' }}
          icon={<BellIcon />}
          aria-label={unread ? t('notif.bellUnread', { n: unread }) : t('notif.bell')}
          onClick={() => setOpen(true)}
        />
      </Badge>
      <Drawer title={t('notif.title')} open={open} onClose={() => setOpen(false)} size={420}>
        {open && <Inbox onNavigate={() => setOpen(false)} unread={unread} />}
      </Drawer>
    </>
  );
}

function Inbox({ onNavigate, unread }: { onNavigate: () => void; unread: number }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = useNotifications(unreadOnly);
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  const openOne = (n: Notification) => {
    const go = () => {
      if (n.link?.startsWith('/')) {
        onNavigate();
        void navigate(n.link);
      }
    };
    if (n.readAt) return go();
    markRead.mutate(n.id, { onSuccess: go, onError: (err) => void message.error(errorText(err, t)) });
  };

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Segmented<string>
          value={unreadOnly ? 'unread' : 'all'}
          onChange={(v) => setUnreadOnly(v === 'unread')}
          options={[
            { value: 'all', label: t('notif.all') },
            { value: 'unread', label: `${t('notif.unreadOnly')}${unread ? ` (${unread})` : ''}` },
          ]}
        />
        <Button
          size="small"
          disabled={unread === 0}
          loading={markAll.isPending}
          onClick={() =>
            markAll.mutate(undefined, {
              onSuccess: () => void message.success(t('notif.markedAll')),
              onError: (err) => void message.error(errorText(err, t)),
            })
          }
        >
          {t('notif.markAllRead')}
        </Button>
      </Flex>
      {list.isPending ? (
        <LoadingState />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState text={unreadOnly ? t('notif.unreadEmpty') : t('notif.empty')} />
      ) : (
        <List<Notification>
          dataSource={items}
          renderItem={(n) => (
            <List.Item style={{ paddingInline: 0 }}>
              <button
                type="button"
                className="gz-notification"
                data-unread={n.readAt ? undefined : 'true'}
                onClick={() => openOne(n)}
                style={{
                  all: 'unset', cursor: 'pointer', width: '100%', display: 'block', padding: '4px 8px', borderRadius: 6,
                  background: n.readAt ? undefined : '#e6f4ff',
                }}
              >
                <Flex justify="space-between" gap={8}>
                  <Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>
                  {!n.readAt && <Badge status="processing" text={t('notif.unread')} />}
                </Flex>
                {n.body && (
                  <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: 0 }}>
                    {n.body}
                  </Typography.Paragraph>
                )}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(n.createdAt)}
                </Typography.Text>
              </button>
            </List.Item>
          )}
        />
      )}
      {list.hasNextPage && (
        <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('notif.loadMore')}
        </Button>
      )}
    </Flex>
  );
}
