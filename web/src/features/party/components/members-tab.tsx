import { Alert, App, Button, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { formatDate } from '../../../lib/format';
import { ErrorState } from '../../../components/states';
import { useMembers, useReviewMember, type Member, type MemberStatus } from '../api/party-api';

const STATUSES: MemberStatus[] = ['pending', 'approved', 'rejected', 'withdrawn'];
const COLOR: Record<MemberStatus, string> = { pending: 'warning', approved: 'success', rejected: 'error', withdrawn: 'default' };

/** 双报到确认: registrations of in-service party members; party membership is sensitive, so this list is audited. */
export function MembersTab() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [status, setStatus] = useState<MemberStatus | undefined>('pending');
  const [page, setPage] = useState(1);
  const list = useMembers({ status, page, pageSize: 20 });
  const review = useReviewMember();
  const [rejecting, setRejecting] = useState<Member | null>(null);
  const [form] = Form.useForm<{ note: string }>();

  return (
    <>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('party.sensitiveNote')} />
      <Space style={{ marginBottom: 12 }}>
        <Select aria-label={t('party.status')} style={{ width: 160 }} allowClear placeholder={t('party.allStatuses')} value={status}
          onChange={(v) => { setStatus(v); setPage(1); }} options={STATUSES.map((s) => ({ value: s, label: t(`party.status.${s}`) }))} />
      </Space>
      {list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<Member>
          rowKey="id"
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: t('party.noMembers') }}
          pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showTotal: (n) => t('common.total', { n }) }}
          columns={[
            { title: t('party.memberName'), dataIndex: ['person', 'name'], width: 120 },
            { title: t('party.community'), dataIndex: ['community', 'name'], width: 130 },
            { title: t('party.workUnit'), key: 'unit', render: (_, m) => <>{m.unitName}{m.unit ? <Tag color="processing" style={{ marginLeft: 8 }}>{t('party.committeeUnit')}</Tag> : null}</> },
            { title: t('party.branch'), dataIndex: 'branch', render: (v: string | null) => v ?? '—' },
            { title: t('party.registeredAt'), dataIndex: 'createdAt', width: 120, render: (d: string) => formatDate(d) },
            { title: t('party.status'), dataIndex: 'status', width: 100, render: (s: MemberStatus) => <Tag color={COLOR[s]}>{t(`party.status.${s}`)}</Tag> },
            {
              title: t('common.actions'), key: 'a', width: 170,
              render: (_, m) =>
                m.status === 'pending' ? (
                  <Space>
                    <Button type="primary" size="small" loading={review.isPending && review.variables?.id === m.id}
                      onClick={() => review.mutate({ id: m.id, decision: 'approve' }, { onSuccess: () => void message.success(t('party.approved', { name: m.person.name })), onError: (e) => void message.error(errorText(e, t)) })}>
                      {t('party.approve')}
                    </Button>
                    <Button size="small" danger onClick={() => { form.resetFields(); setRejecting(m); }}>{t('party.reject')}</Button>
                  </Space>
                ) : (m.reviewNote ?? null),
            },
          ]}
        />
      )}
      <Modal open={rejecting !== null} title={rejecting ? `${t('party.reject')}：${rejecting.person.name}` : ''} okText={t('party.reject')} okButtonProps={{ danger: true, loading: review.isPending }}
        onCancel={() => setRejecting(null)}
        onOk={() => void form.validateFields().then(({ note }) => review.mutate({ id: rejecting!.id, decision: 'reject', note: note.trim() }, { onSuccess: () => setRejecting(null), onError: (e) => void message.error(errorText(e, t)) }), () => undefined /* invalid: the form shows what is wrong */)}>
        <Form form={form} layout="vertical">
          <Form.Item name="note" label={t('party.rejectReason')} rules={[{ required: true, whitespace: true, min: 2, message: t('party.rejectReasonRule') }]}>
            <Input.TextArea rows={3} maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
