import { Alert, Button, Form, Input, InputNumber, Modal, Radio, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { useI18n } from '../../../lib/i18n';
import { formatDateTime } from '../../../lib/format';
import { errorText } from '../../../lib/api/error-text';
import { ErrorState } from '../../../components/states';
import type { Poll } from '../../votes/api/votes-api';
import { CompoundPicker } from '../components/compound-picker';

/** 居民投票 (workbench): the residents' polls of my places with their live counts, and a new one. */
export function PollsPage() {
  const { t } = useI18n();
  const list = useQuery({ queryKey: ['votes', 'polls', 'list'], queryFn: () => api<{ items: Poll[] }>('/api/polls') });
  const [creating, setCreating] = useState(false);
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={2} style={{ margin: 0 }}>{t('pollAdmin.title')}</Typography.Title>
        <Button type="primary" onClick={() => setCreating(true)}>{t('pollAdmin.new')}</Button>
      </Space>
      <Table<Poll> rowKey="id" loading={list.isPending} dataSource={list.data?.items ?? []} pagination={{ pageSize: 20 }} locale={{ emptyText: t('pollAdmin.none') }}
        columns={[
          { title: t('pollAdmin.question'), dataIndex: 'question' },
          { title: t('convention.compound'), render: (_, p) => p.place.name },
          { title: t('pollAdmin.per'), render: (_, p) => t(`pollAdmin.per.${p.per}`) },
          { title: t('pollAdmin.closesAt'), render: (_, p) => <Space>{formatDateTime(p.closesAt)}{p.open ? <Tag color="processing">{t('pollAdmin.open')}</Tag> : <Tag>{t('pollAdmin.closed')}</Tag>}</Space> },
          {
            title: t('pollAdmin.counts'), render: (_, p) => (p.outcome
              ? <span>{p.options.map((o, i) => `${o} ${p.outcome!.counts[i] ?? 0}`).join(' · ')}（{t('pollAdmin.answered', { n: p.outcome.answered, of: p.outcome.electorate })}）</span>
              : '—'),
          },
        ]} />
      {creating && <CreatePollModal onClose={() => setCreating(false)} />}
    </Space>
  );
}

function CreatePollModal({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const create = useMutation({
    mutationFn: (b: { placeId: number; question: string; options: string[]; per: 'resident' | 'household'; days: number }) => api<Poll>('/api/polls', { method: 'POST', json: b }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['votes'] }),
  });
  const [form] = Form.useForm<{ placeId: number; question: string; options: string; per: 'resident' | 'household'; days: number }>();
  const submit = async () => {
    const v = await form.validateFields();
    await create.mutateAsync({ ...v, options: v.options.split('\n').map((o) => o.trim()).filter(Boolean) });
    onClose();
  };
  const optionsRule = {
    validator: (_: unknown, value: string | undefined) => {
      const n = (value ?? '').split('\n').map((o) => o.trim()).filter(Boolean).length;
      return n >= 2 && n <= 10 ? Promise.resolve() : Promise.reject(new Error(t('pollAdmin.optionsRule')));
    },
  };
  return (
    <Modal open title={t('pollAdmin.new')} onCancel={onClose} onOk={() => void submit().catch(() => undefined)} okText={t('convention.create')} confirmLoading={create.isPending}>
      <Form form={form} layout="vertical" initialValues={{ per: 'household', days: 7 }}>
        <Form.Item name="placeId" label={t('convention.compound')} rules={[{ required: true, message: t('convention.chooseCompound') }]}><CompoundPicker /></Form.Item>
        <Form.Item name="question" label={t('pollAdmin.question')} rules={[{ required: true, min: 2, max: 200, message: t('pollAdmin.questionRule') }]}><Input maxLength={200} /></Form.Item>
        <Form.Item name="options" label={t('pollAdmin.options')} extra={t('pollAdmin.optionsHint')} rules={[optionsRule]}><Input.TextArea rows={4} /></Form.Item>
        <Form.Item name="per" label={t('pollAdmin.per')}>
          <Radio.Group options={(['household', 'resident'] as const).map((p) => ({ value: p, label: t(`pollAdmin.per.${p}`) }))} />
        </Form.Item>
        <Form.Item name="days" label={t('pollAdmin.days')} rules={[{ required: true, type: 'number', min: 1, max: 60, message: t('pollAdmin.daysRule') }]}><InputNumber min={1} max={60} /></Form.Item>
      </Form>
      {create.isError && <Alert type="error" showIcon role="alert" title={errorText(create.error, t)} />}
    </Modal>
  );
}
