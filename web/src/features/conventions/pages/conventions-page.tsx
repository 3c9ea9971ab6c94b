import { Alert, Button, Form, Input, Modal, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { formatDate } from '../../../lib/format';
import { errorText } from '../../../lib/api/error-text';
import { ErrorState } from '../../../components/states';
import { useSession } from '../../auth/api/get-session';
import { useConventions, useCreateConvention, useDecideFiling, useFilings, type Convention, type Filing } from '../api/conventions-api';
import { CompoundPicker } from '../components/compound-picker';
import { FilingStatusTag } from '../components/status-tags';

/** 小区公约: the conventions of my compounds; for the street, the filings (备案) to accept or return. */
export function ConventionsPage() {
  const { t } = useI18n();
  const roles = useSession().data?.roles ?? [];
  const street = roles.some((r) => r.role === 'street_admin' || r.role === 'district_admin');
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>{t('convention.title')}</Typography.Title>
      {street ? (
        <Tabs items={[{ key: 'list', label: t('convention.list'), children: <ConventionList /> }, { key: 'filings', label: t('convention.filings'), children: <FilingsTable /> }]} />
      ) : <ConventionList />}
    </Space>
  );
}

function ConventionList() {
  const { t } = useI18n();
  const list = useConventions();
  const [creating, setCreating] = useState(false);
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Button type="primary" onClick={() => setCreating(true)}>{t('convention.new')}</Button>
      <Table<Convention> rowKey="id" loading={list.isPending} dataSource={list.data?.items ?? []} pagination={{ pageSize: 20 }} locale={{ emptyText: t('convention.none') }}
        columns={[
          { title: t('convention.name'), render: (_, c) => <Link to={`/conventions/${c.id}`}>{c.title}</Link> },
          { title: t('convention.compound'), render: (_, c) => c.compound.name },
          { title: t('convention.inForce'), render: (_, c) => (c.inForceVersionNo ? <Tag color="success">{t('convention.versionNo', { n: c.inForceVersionNo })}</Tag> : <Tag>{t('convention.noneInForce')}</Tag>) },
          { title: t('convention.versions'), align: 'right', render: (_, c) => c.versions.length },
          { title: t('convention.acknowledgements'), align: 'right', render: (_, c) => c.versions.find((v) => v.status === 'in_force')?.acknowledgements ?? '—' },
          { title: t('convention.createdAt'), render: (_, c) => formatDate(c.createdAt) },
        ]} />
      {creating && <CreateConventionModal onClose={() => setCreating(false)} />}
    </Space>
  );
}

function CreateConventionModal({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const create = useCreateConvention();
  const [form] = Form.useForm<{ compoundId: number; title: string; body: string }>();
  const submit = async () => {
    const v = await form.validateFields();
    const c = await create.mutateAsync(v);
    onClose();
    navigate(`/conventions/${c.id}`);
  };
  return (
    <Modal open title={t('convention.new')} onCancel={onClose} onOk={() => void submit().catch(() => undefined)} okText={t('convention.create')} confirmLoading={create.isPending} width={720}>
      <Form form={form} layout="vertical" initialValues={{ title: t('convention.defaultTitle') }}>
        <Form.Item name="compoundId" label={t('convention.compound')} rules={[{ required: true, message: t('convention.chooseCompound') }]}><CompoundPicker /></Form.Item>
        <Form.Item name="title" label={t('convention.name')} rules={[{ required: true, min: 2, max: 100, message: t('convention.titleRule') }]}><Input maxLength={100} /></Form.Item>
        <Form.Item name="body" label={t('convention.body')} extra={t('convention.bodyHint')} rules={[{ required: true, whitespace: true, message: t('convention.bodyRequired') }]}>
          <Input.TextArea rows={12} maxLength={50000} />
        </Form.Item>
      </Form>
      {create.isError && <Alert type="error" showIcon role="alert" title={errorText(create.error, t)} />}
    </Modal>
  );
}

function FilingsTable() {
  const { t } = useI18n();
  const list = useFilings(true);
  const decide = useDecideFiling();
  const [returning, setReturning] = useState<Filing | null>(null);
  const [reason, setReason] = useState('');
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <>
      {decide.isError && <Alert type="error" showIcon role="alert" title={errorText(decide.error, t)} style={{ marginBottom: 12 }} />}
      <Table<Filing> rowKey="id" loading={list.isPending} dataSource={list.data?.items ?? []} pagination={{ pageSize: 20 }} locale={{ emptyText: t('convention.filingsNone') }}
        columns={[
          { title: t('convention.name'), render: (_, f) => <Link to={`/conventions/${f.conventionId}`}>{f.title} · {t('convention.versionNo', { n: f.versionNo })}</Link> },
          { title: t('convention.compound'), dataIndex: 'compoundName' },
          { title: t('convention.submittedBy'), render: (_, f) => `${f.submittedBy} · ${formatDate(f.submittedAt)}` },
          { title: '', render: (_, f) => <FilingStatusTag status={f.status} /> },
          { title: t('convention.reason'), render: (_, f) => f.reason ?? '—' },
          {
            title: '', render: (_, f) => f.status === 'submitted' && (
              <Space>
                <Button type="primary" size="small" loading={decide.isPending} onClick={() => decide.mutate({ id: f.id, accept: true })}>{t('convention.accept')}</Button>
                <Button size="small" onClick={() => { setReturning(f); setReason(''); }}>{t('convention.return')}</Button>
              </Space>
            ),
          },
        ]} />
      {returning && (
        <Modal open title={t('convention.returnTitle')} okText={t('convention.return')} confirmLoading={decide.isPending} onCancel={() => setReturning(null)}
          okButtonProps={{ disabled: reason.trim().length === 0 }}
          onOk={() => decide.mutate({ id: returning.id, accept: false, reason }, { onSuccess: () => setReturning(null) })}>
          <Input.TextArea aria-label={t('convention.reason')} rows={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('convention.reasonHint')} />
        </Modal>
      )}
    </>
  );
}
