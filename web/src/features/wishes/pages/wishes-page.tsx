import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { formatDate } from '../../../lib/format';
import { ErrorState } from '../../../components/states';
import { useReviewWish, useWishList, useWishStats, yuan, type Wish, type WishStatus, type WishStatsRow } from '../api/wishes-api';

const STATUSES: WishStatus[] = ['pending_review', 'open', 'claimed', 'fulfilled', 'confirmed', 'rejected'];
// Status colours from the theme tokens, which are pinned to pass 4.5:1 contrast (as requests' StatusTag).
const STATUS_COLOR: Record<WishStatus, string> = {
  pending_review: 'warning', rejected: 'error', open: 'processing', claimed: 'processing', fulfilled: 'success', confirmed: 'default', withdrawn: 'default',
};

/** 微心愿审核: the community's review queue (approve onto the wall, or reject with a reason) and per-place statistics. */
export function WishesPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [status, setStatus] = useState<WishStatus | undefined>('pending_review');
  const [page, setPage] = useState(1);
  const list = useWishList({ status, page, pageSize: 20 });
  const stats = useWishStats();
  const review = useReviewWish();
  const [rejecting, setRejecting] = useState<Wish | null>(null);
  const [form] = Form.useForm<{ note: string }>();

  const approve = (w: Wish) =>
    review.mutate({ id: w.id, decision: 'approve' }, { onSuccess: () => void message.success(`${w.title}：${t('wish.status.open')}`), onError: (e) => void message.error(errorText(e, t)) });

  const statColumns: { key: keyof WishStatsRow; label: string }[] = [
    { key: 'posted', label: t('wish.stats.posted') },
    { key: 'pending', label: t('wish.stats.pending') },
    { key: 'open', label: t('wish.stats.open') },
    { key: 'claimed', label: t('wish.stats.claimed') },
    { key: 'fulfilled', label: t('wish.stats.fulfilled') },
    { key: 'confirmed', label: t('wish.stats.confirmed') },
    { key: 'lapses', label: t('wish.stats.lapses') },
  ];

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2}>{t('wish.queue')}</Typography.Title>
      <Card title={stats.data ? `${t('wish.stats')} · ${stats.data.place.name}` : t('wish.stats')} size="small">
        {stats.isError ? (
          <ErrorState error={stats.error} onRetry={() => void stats.refetch()} />
        ) : (
          <Table
            size="small"
            rowKey={(r) => r.place.id}
            loading={stats.isPending}
            pagination={false}
            dataSource={stats.data?.places ?? []}
            columns={[
              { title: t('wish.place'), dataIndex: ['place', 'name'] },
              ...statColumns.map((c) => ({ title: c.label, dataIndex: c.key, align: 'right' as const })),
              { title: t('wish.stats.value'), dataIndex: 'fulfilledValueFen', align: 'right' as const, render: (v: number) => yuan(v) },
            ]}
          />
        )}
      </Card>
      <Card size="small">
        <Space style={{ marginBottom: 12 }}>
          <Select
            aria-label={t('wish.status')}
            style={{ width: 180 }}
            allowClear
            placeholder={t('wish.allStatuses')}
            value={status}
            onChange={(v) => { setStatus(v); setPage(1); }}
            options={STATUSES.map((s) => ({ value: s, label: t(`wish.status.${s}`) }))}
          />
        </Space>
        {list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<Wish>
            rowKey="id"
            loading={list.isPending}
            dataSource={list.data?.items ?? []}
            pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showTotal: (n) => t('common.total', { n }) }}
            scroll={{ x: 1000 }}
            columns={[
              {
                title: t('wish.title'),
                key: 'title',
                render: (_, w) => (
                  <div>
                    <Typography.Text strong>{w.title}</Typography.Text>
                    <div style={{ color: '#595959', maxWidth: 320 }}>{w.description}</div>
                  </div>
                ),
              },
              { title: t('wish.category'), dataIndex: 'category', width: 100, render: (c: string) => t(`wish.category.${c}` as never) },
              { title: t('wish.place'), dataIndex: ['place', 'name'], width: 120 },
              { title: t('wish.recipient'), key: 'recipient', width: 120, render: (_, w) => (w.recipient?.name ?? '—') + (w.postedBy.id !== w.recipient?.id ? ` (${t('wish.postedBy')} ${w.postedBy.name})` : '') },
              {
                title: t('wish.consent'),
                key: 'consent',
                width: 120,
                render: (_, w) => {
                  const shown = [w.consent.showName && t('wish.consent.name'), w.consent.showAddress && t('wish.consent.address')].filter(Boolean);
                  return shown.length ? shown.join('、') : <Typography.Text type="secondary">{t('wish.consent.none')}</Typography.Text>;
                },
              },
              { title: t('wish.value'), dataIndex: 'valueFen', width: 100, align: 'right', render: (v: number) => yuan(v) },
              { title: t('wish.deadline'), dataIndex: 'deadline', width: 110, render: (d: string) => formatDate(d) },
              { title: t('wish.status'), dataIndex: 'status', width: 110, render: (s: WishStatus) => <Tag color={STATUS_COLOR[s]}>{t(`wish.status.${s}`)}</Tag> },
              {
                title: t('common.actions'),
                key: 'actions',
                width: 170,
                fixed: 'right',
                render: (_, w) =>
                  w.status === 'pending_review' ? (
                    <Space>
                      <Button type="primary" size="small" loading={review.isPending && review.variables?.id === w.id} onClick={() => approve(w)}>{t('wish.approve')}</Button>
                      <Button danger size="small" onClick={() => { form.resetFields(); setRejecting(w); }}>{t('wish.reject')}</Button>
                    </Space>
                  ) : (
                    w.reviewNote ?? null
                  ),
              },
            ]}
          />
        )}
      </Card>
      <Modal
        open={rejecting !== null}
        title={rejecting ? `${t('wish.reject')}：${rejecting.title}` : ''}
        okText={t('wish.reject')}
        okButtonProps={{ danger: true, loading: review.isPending }}
        onCancel={() => setRejecting(null)}
        onOk={() =>
          void form.validateFields().then(({ note }) =>
            review.mutate(
              { id: rejecting!.id, decision: 'reject', note: note.trim() },
              { onSuccess: () => setRejecting(null), onError: (e) => void message.error(errorText(e, t)) },
            ),
          )
        }
      >
        <Form form={form} layout="vertical">
          <Form.Item name="note" label={t('wish.rejectReason')} rules={[{ required: true, whitespace: true, min: 2, message: t('wish.rejectReasonRequired') }]}>
            <Input.TextArea rows={3} maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
