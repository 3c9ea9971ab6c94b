import { Alert, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Space, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { formatDate, formatDateTime } from '../../../lib/format';
import { errorText } from '../../../lib/api/error-text';
import { ErrorState, LoadingState } from '../../../components/states';
import { useAddVersion, useConvention, usePutToVote, useSubmitFiling, type Convention, type ConventionVersion } from '../api/conventions-api';
import { DiffView } from '../components/diff-view';
import { FilingStatusTag, VersionStatusTag } from '../components/status-tags';
import '../conventions.css';

/** One convention for staff: its versions newest first, each with its diff, vote, acknowledgements and filing. */
export function ConventionPage() {
  const { t } = useI18n();
  const id = Number(useParams().id);
  const q = useConvention(id);
  const [drafting, setDrafting] = useState(false);
  if (q.isPending) return <LoadingState />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const c = q.data;
  const pending = c.versions.some((v) => v.status === 'draft' || v.status === 'voting');
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Space align="center" wrap>
        <Typography.Title level={2} style={{ margin: 0 }}>{c.title}</Typography.Title>
        <Typography.Text type="secondary">{c.compound.name}</Typography.Text>
        {c.managed && <Button onClick={() => setDrafting(true)} disabled={pending} title={pending ? t('convention.pendingHint') : undefined}>{t('convention.newVersion')}</Button>}
      </Space>
      {pending && c.managed && <Typography.Text type="secondary">{t('convention.pendingHint')}</Typography.Text>}
      {[...c.versions].reverse().map((v) => <VersionCard key={v.id} convention={c} version={v} />)}
      {drafting && <NewVersionModal convention={c} onClose={() => setDrafting(false)} />}
    </Space>
  );
}

function VersionCard({ convention: c, version: v }: { convention: Convention; version: ConventionVersion }) {
  const { t } = useI18n();
  const vote = usePutToVote();
  const file = useSubmitFiling();
  const [windowDays, setWindowDays] = useState<number | null>(10);
  const filingOpen = v.filings.some((f) => f.status !== 'returned');
  const error = vote.error ?? file.error;
  return (
    <Card title={<Space>{t('convention.versionNo', { n: v.versionNo })}<VersionStatusTag status={v.status} /></Space>} aria-label={t('convention.versionNo', { n: v.versionNo })}>
      <Descriptions size="small" column={2} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('convention.changeNote')}>{v.changeNote}</Descriptions.Item>
        <Descriptions.Item label={t('convention.createdAt')}>{formatDate(v.createdAt)}</Descriptions.Item>
        {v.vote && (
          <Descriptions.Item label={t('convention.vote')}>
            <Link to={`/votes/${v.vote.id}`}>{t(`vote.status.${v.vote.status}` as 'vote.status.draft')}{v.vote.passed === null ? '' : ` · ${v.vote.passed ? t('convention.passed') : t('convention.failed')}`}</Link>
          </Descriptions.Item>
        )}
        {v.inForceAt && <Descriptions.Item label={t('convention.inForceAt')}>{formatDateTime(v.inForceAt)}</Descriptions.Item>}
        {v.supersededAt && <Descriptions.Item label={t('convention.supersededAt')}>{formatDateTime(v.supersededAt)}</Descriptions.Item>}
        {v.acknowledgements !== null && (v.status === 'in_force' || v.status === 'superseded') && (
          <Descriptions.Item label={t('convention.acknowledgements')}><strong>{t('convention.ackCount', { n: v.acknowledgements })}</strong></Descriptions.Item>
        )}
      </Descriptions>
      <Tabs size="small" items={[
        ...(v.diff ? [{ key: 'diff', label: t('convention.diffTab', { added: v.diffStats!.added, removed: v.diffStats!.removed }), children: <DiffView diff={v.diff} /> }] : []),
        { key: 'body', label: t('convention.body'), children: <div className="gz-convention-body">{v.body}</div> },
      ]} />
      {c.managed && v.status === 'draft' && (
        <Space wrap style={{ marginTop: 12 }}>
          <span>{t('vote.windowDays')}</span>
          <InputNumber aria-label={t('vote.windowDays')} min={5} max={60} value={windowDays} onChange={setWindowDays} />
          <Button type="primary" loading={vote.isPending} disabled={!windowDays} onClick={() => vote.mutate({ id: c.id, versionId: v.id, windowDays: windowDays! })}>{t('convention.putToVote')}</Button>
          <Typography.Text type="secondary">{t('convention.putToVoteHint')}</Typography.Text>
        </Space>
      )}
      {(v.status === 'in_force' || v.filings.length > 0) && (
        <div style={{ marginTop: 12 }}>
          <Typography.Title level={5}>{t('convention.filing')}</Typography.Title>
          {v.filings.map((f) => (
            <p key={f.id} style={{ margin: '4px 0' }}>
              <FilingStatusTag status={f.status} /> {t('convention.submittedOn', { name: f.submittedBy, date: formatDate(f.submittedAt) })}
              {f.decidedAt && ` · ${f.decidedBy} ${formatDate(f.decidedAt)}`}{f.reason && ` · ${t('convention.reason')}：${f.reason}`}
            </p>
          ))}
          {c.managed && v.status === 'in_force' && !filingOpen && (
            <Button loading={file.isPending} onClick={() => file.mutate({ id: c.id, versionId: v.id })}>{t('convention.submitFiling')}</Button>
          )}
        </div>
      )}
      {error && <Alert type="error" showIcon role="alert" title={errorText(error, t)} style={{ marginTop: 12 }} />}
    </Card>
  );
}

function NewVersionModal({ convention: c, onClose }: { convention: Convention; onClose: () => void }) {
  const { t } = useI18n();
  const add = useAddVersion();
  const latest = c.versions[c.versions.length - 1];
  const [form] = Form.useForm<{ body: string; changeNote: string }>();
  const submit = async () => {
    const v = await form.validateFields();
    await add.mutateAsync({ id: c.id, ...v });
    onClose();
  };
  return (
    <Modal open title={t('convention.newVersion')} onCancel={onClose} onOk={() => void submit().catch(() => undefined)} okText={t('convention.create')} confirmLoading={add.isPending} width={720}>
      <Form form={form} layout="vertical" initialValues={{ body: latest?.body ?? '' }}>
        <Form.Item name="changeNote" label={t('convention.changeNote')} rules={[{ required: true, whitespace: true, message: t('convention.changeNoteRequired') }]}><Input maxLength={1000} /></Form.Item>
        <Form.Item name="body" label={t('convention.body')} extra={t('convention.bodyHint')} rules={[{ required: true, whitespace: true, message: t('convention.bodyRequired') }]}>
          <Input.TextArea rows={14} maxLength={50000} />
        </Form.Item>
      </Form>
      {add.isError && <Alert type="error" showIcon role="alert" title={errorText(add.error, t)} />}
    </Modal>
  );
}
