import { Alert, Button, Form, InputNumber, Modal, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { formatDate } from '../../../lib/format';
import { errorText } from '../../../lib/api/error-text';
import { ErrorState } from '../../../components/states';
import { useCreateElection, useElections, type CommitteeKind, type Election } from '../api/conventions-api';
import { CompoundPicker } from '../components/compound-picker';
import { ElectionStatusTag } from '../components/status-tags';

/** 业委会/自管会: the committee elections of my compounds, and a new one. */
export function CommitteesPage() {
  const { t } = useI18n();
  const list = useElections();
  const [creating, setCreating] = useState(false);
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={2} style={{ margin: 0 }}>{t('committee.title')}</Typography.Title>
        <Button type="primary" onClick={() => setCreating(true)}>{t('committee.new')}</Button>
      </Space>
      <Table<Election> rowKey="id" loading={list.isPending} dataSource={list.data?.items ?? []} pagination={{ pageSize: 20 }} locale={{ emptyText: t('committee.noElections') }}
        columns={[
          { title: t('convention.compound'), render: (_, e) => <Link to={`/committees/${e.id}`}>{e.compound.name}</Link> },
          { title: t('committee.kind'), render: (_, e) => t(`committee.kind.${e.kind}`) },
          { title: t('committee.seats'), align: 'right', render: (_, e) => e.seats },
          { title: t('committee.candidates'), align: 'right', render: (_, e) => e.candidates.filter((c) => c.status === 'approved').length },
          { title: '', render: (_, e) => <ElectionStatusTag status={e.status} /> },
          { title: t('committee.term'), render: (_, e) => (e.members[0] ? `${e.members[0].termStart} — ${e.members[0].termEnd}` : '—') },
          { title: t('convention.createdAt'), render: (_, e) => formatDate(e.createdAt) },
        ]} />
      {creating && <CreateElectionModal onClose={() => setCreating(false)} />}
    </Space>
  );
}

const SEATS: Record<CommitteeKind, number[]> = { owners_committee: [5, 7, 9, 11], self_management_committee: [7, 9, 11] };

function CreateElectionModal({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const create = useCreateElection();
  const [form] = Form.useForm<{ compoundId: number; kind: CommitteeKind; seats: number; termYears: number }>();
  const kind = Form.useWatch('kind', form) ?? 'owners_committee';
  const submit = async () => {
    const v = await form.validateFields();
    const e = await create.mutateAsync(v);
    onClose();
    navigate(`/committees/${e.id}`);
  };
  return (
    <Modal open title={t('committee.new')} onCancel={onClose} onOk={() => void submit().catch(() => undefined)} okText={t('convention.create')} confirmLoading={create.isPending}>
      <Form form={form} layout="vertical" initialValues={{ kind: 'owners_committee', seats: 5, termYears: 5 }}>
        <Form.Item name="compoundId" label={t('convention.compound')} rules={[{ required: true, message: t('convention.chooseCompound') }]}><CompoundPicker /></Form.Item>
        <Form.Item name="kind" label={t('committee.kind')} extra={t('committee.kindHint')}>
          <Select onChange={(k: CommitteeKind) => form.setFieldValue('seats', SEATS[k][0])}
            options={(['owners_committee', 'self_management_committee'] as const).map((k) => ({ value: k, label: t(`committee.kind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="seats" label={t('committee.seats')} extra={t('committee.seatsHint')} rules={[{ required: true }]}>
          <Select options={SEATS[kind].map((n) => ({ value: n, label: String(n) }))} />
        </Form.Item>
        <Form.Item name="termYears" label={t('committee.termYears')} rules={[{ required: true, type: 'number', min: 1, max: 5, message: t('committee.termYearsRule') }]}>
          <InputNumber min={1} max={5} />
        </Form.Item>
      </Form>
      {create.isError && <Alert type="error" showIcon role="alert" title={errorText(create.error, t)} />}
    </Modal>
  );
}
