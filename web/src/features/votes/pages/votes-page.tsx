import { Button, Checkbox, Form, Input, InputNumber, Modal, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { formatDate } from '../../../lib/format';
import { errorText } from '../../../lib/api/error-text';
import { ErrorState } from '../../../components/states';
import { useSession } from '../../auth/api/get-session';
import { useCreateVote, usePlaceChildren, useVotes, type CreateVote, type Vote } from '../api/votes-api';
import { formatArea } from '../format-area';
import { VoteStatusTag } from '../components/vote-status-tag';
import { VoteSettingsCard } from '../../conventions/components/vote-admin';

/** 业主表决: the votes of my places, and a draft for a new one. */
export function VotesPage() {
  const { t } = useI18n();
  const list = useVotes();
  const session = useSession();
  const [creating, setCreating] = useState(false);
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={2} style={{ margin: 0 }}>{t('vote.title')}</Typography.Title>
        <Button type="primary" onClick={() => setCreating(true)}>{t('vote.new')}</Button>
      </Space>
      <Table<Vote> rowKey="id" loading={list.isPending} dataSource={list.data?.items ?? []} pagination={{ pageSize: 20 }} locale={{ emptyText: t('vote.none') }}
        columns={[
          { title: t('vote.name'), render: (_, v) => <Link to={`/votes/${v.id}`}>{v.title}</Link> },
          { title: t('vote.scope'), render: (_, v) => v.scope.name },
          { title: t('vote.item'), render: (_, v) => t('vote.itemNo', { n: v.item }) },
          { title: '', render: (_, v) => <VoteStatusTag status={v.status} /> },
          { title: t('vote.closesAt', { date: '' }).trim(), render: (_, v) => formatDate(v.closesAt ?? v.noticeEndsAt) },
          { title: t('vote.participating'), render: (_, v) => (v.turnout ? `${v.turnout.heads} / ${formatArea(v.turnout.areaCenti)} m²` : '—') },
        ]} />
      {creating && <CreateVoteModal onClose={() => setCreating(false)} />}
      {session.data?.roles.some((r) => r.role === 'district_admin') && <VoteSettingsCard />}
    </Space>
  );
}

function CreateVoteModal({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const session = useSession();
  const navigate = useNavigate();
  const create = useCreateVote();
  const [form] = Form.useForm<CreateVote & { building?: number }>();
  const compounds = (session.data?.roles ?? []).filter((r) => r.placeKind === 'compound');
  const [compoundId, setCompoundId] = useState<number | undefined>(compounds[0]?.placeId);
  const buildings = usePlaceChildren(compoundId);
  const submit = async () => {
    const v = await form.validateFields();
    const { building, ...rest } = v;
    const vote = await create.mutateAsync({ ...rest, scopePlaceId: building ?? compoundId!, extraordinary: !!v.extraordinary, secret: !!v.secret });
    onClose();
    navigate(`/votes/${vote.id}`);
  };
  return (
    <Modal open title={t('vote.new')} onCancel={onClose} onOk={() => void submit().catch(() => undefined)} okText={t('vote.create')} confirmLoading={create.isPending} width={640}>
      <Form form={form} layout="vertical" initialValues={{ item: 7, windowDays: 10 }}>
        <Form.Item label={t('vote.scope')} extra={t('vote.scopeHint')} required>
          <Space.Compact style={{ width: '100%' }}>
            <Select aria-label={t('vote.scope')} style={{ width: '50%' }} value={compoundId} onChange={setCompoundId} options={compounds.map((c) => ({ value: c.placeId, label: c.placeName }))} />
            <Form.Item name="building" noStyle>
              <Select aria-label={t('vote.compound')} style={{ width: '50%' }} allowClear placeholder={t('vote.compound')} loading={buildings.isPending}
                options={(buildings.data ?? []).filter((b) => b.kind === 'building').map((b) => ({ value: b.id, label: b.name }))} />
            </Form.Item>
          </Space.Compact>
        </Form.Item>
        <Form.Item name="item" label={t('vote.item')} rules={[{ required: true, message: t('vote.required') }]}>
          <Select options={[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => ({ value: n, label: `${t('vote.itemNo', { n })} ${t(`vote.item.${n}` as 'vote.item.1')}` }))} />
        </Form.Item>
        <Form.Item name="title" label={t('vote.name')} rules={[{ required: true, min: 2, message: t('vote.required') }]}><Input maxLength={100} /></Form.Item>
        <Form.Item name="description" label={t('vote.description')} rules={[{ required: true, message: t('vote.required') }]}><Input.TextArea rows={3} maxLength={4000} /></Form.Item>
        <Form.Item name="windowDays" label={t('vote.windowDays')} extra={t('vote.windowHint')} rules={[{ required: true, type: 'number', min: 5, max: 60, message: t('vote.windowHint') }]}>
          <InputNumber min={5} max={60} />
        </Form.Item>
        <Form.Item name="extraordinary" valuePropName="checked"><Checkbox>{t('vote.extraordinary', { days: 7 })}</Checkbox></Form.Item>
        <Form.Item name="secret" valuePropName="checked" extra={t('vote.secretHint')}><Checkbox>{t('vote.secret')}</Checkbox></Form.Item>
      </Form>
      {create.isError && <Typography.Text type="danger" role="alert">{errorText(create.error, t)}</Typography.Text>}
    </Modal>
  );
}
