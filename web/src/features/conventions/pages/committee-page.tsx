import { Alert, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { ErrorState, LoadingState } from '../../../components/states';
import { formatArea } from '../../votes/format-area';
import {
  useElection, useEligible, useNominate, useReview, useSetRole, useSettle, useStartElectionVote, type Candidate, type Election, type Role,
} from '../api/conventions-api';
import { ElectionStatusTag } from '../components/status-tags';

/** One committee election for staff: nominations to review, the election vote, the count, the roster and its roles. */
export function CommitteePage() {
  const { t } = useI18n();
  const id = Number(useParams().id);
  const q = useElection(id);
  const start = useStartElectionVote();
  const settle = useSettle();
  const [windowDays, setWindowDays] = useState<number | null>(10);
  if (q.isPending) return <LoadingState />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const e = q.data;
  const error = start.error ?? settle.error;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Space align="center">
        <Typography.Title level={2} style={{ margin: 0 }}>{e.compound.name} · {t(`committee.kind.${e.kind}`)}</Typography.Title>
        <ElectionStatusTag status={e.status} />
      </Space>
      <Descriptions bordered size="small" column={2}>
        <Descriptions.Item label={t('committee.seats')}>{e.seats}</Descriptions.Item>
        <Descriptions.Item label={t('committee.termYears')}>{e.termYears}</Descriptions.Item>
        {e.vote && <Descriptions.Item label={t('convention.vote')}><Link to={`/votes/${e.vote.id}`}>{t(`vote.status.${e.vote.status}` as 'vote.status.draft')}</Link></Descriptions.Item>}
        {e.participating && <Descriptions.Item label={t('vote.participating')}>{e.participating.heads} / {formatArea(e.participating.areaCenti)} m²</Descriptions.Item>}
      </Descriptions>
      {e.status === 'failed' && e.failure && <Alert type="warning" showIcon title={t(`committee.failure.${e.failure}`)} />}
      {e.managed && e.status === 'nominating' && (
        <Space wrap>
          <span>{t('vote.windowDays')}</span>
          <InputNumber aria-label={t('vote.windowDays')} min={5} max={60} value={windowDays} onChange={setWindowDays} />
          <Button type="primary" loading={start.isPending} disabled={!windowDays} onClick={() => start.mutate({ id, windowDays: windowDays! })}>{t('committee.startVote')}</Button>
          <Typography.Text type="secondary">{t('committee.startVoteHint', { seats: e.seats })}</Typography.Text>
        </Space>
      )}
      {e.managed && e.status === 'voting' && (
        <Space wrap>
          <Button type="primary" loading={settle.isPending} onClick={() => settle.mutate(id)}>{t('committee.settle')}</Button>
          <Typography.Text type="secondary">{t('committee.settleHint')}</Typography.Text>
        </Space>
      )}
      {error && <Alert type="error" showIcon role="alert" title={errorText(error, t)} />}
      <CandidatesCard election={e} />
      {e.members.length > 0 && <RosterCard election={e} />}
    </Space>
  );
}

function CandidatesCard({ election: e }: { election: Election }) {
  const { t } = useI18n();
  const review = useReview();
  const nominate = useNominate();
  const eligible = useEligible(e.id, e.managed && e.status === 'nominating');
  const [rejecting, setRejecting] = useState<Candidate | null>(null);
  const [note, setNote] = useState('');
  const [form] = Form.useForm<{ personId: number; statement: string }>();
  const nominated = new Set(e.candidates.map((c) => c.personId));
  const submit = async () => {
    const v = await form.validateFields();
    await nominate.mutateAsync({ id: e.id, personId: v.personId, statement: v.statement ?? '' });
    form.resetFields();
  };
  return (
    <Card title={t('committee.candidates')}>
      {e.managed && e.status === 'nominating' && (
        <Form form={form} layout="inline" aria-label={t('committee.nominate')} style={{ marginBottom: 16, rowGap: 8 }} onFinish={() => void submit().catch(() => undefined)}>
          <Form.Item name="personId" rules={[{ required: true, message: t('committee.chooseOwner') }]}>
            <Select aria-label={t('committee.nominee')} showSearch optionFilterProp="label" placeholder={t('committee.nominee')} style={{ width: 200 }} loading={eligible.isPending}
              options={(eligible.data?.items ?? []).filter((o) => !nominated.has(o.personId)).map((o) => ({ value: o.personId, label: o.name }))} />
          </Form.Item>
          <Form.Item name="statement"><Input aria-label={t('committee.statement')} placeholder={t('committee.statement')} maxLength={500} style={{ width: 280 }} /></Form.Item>
          <Button htmlType="submit" loading={nominate.isPending}>{t('committee.nominate')}</Button>
        </Form>
      )}
      {(review.isError || nominate.isError) && <Alert type="error" showIcon role="alert" title={errorText((review.error ?? nominate.error)!, t)} style={{ marginBottom: 12 }} />}
      <Table<Candidate> size="small" rowKey="nominationId" dataSource={e.candidates} pagination={false} locale={{ emptyText: t('committee.noCandidates') }}
        columns={[
          { title: t('committee.nominee'), render: (_, c) => <Space>{c.name}{c.isOwner ? <Tag>{t('committee.owner')}</Tag> : <Tag color="blue">{t('committee.resident')}</Tag>}{c.selfNominated && <Tag>{t('committee.self')}</Tag>}</Space> },
          { title: t('committee.statement'), dataIndex: 'statement' },
          { title: t('committee.review'), render: (_, c) => <>{t(`committee.nomination.${c.status}`)}{c.reviewNote ? ` · ${c.reviewNote}` : ''}</> },
          ...(e.candidates.some((c) => c.votes) ? [{
            title: t('committee.votes'), align: 'right' as const,
            render: (_: unknown, c: Candidate) => (c.votes ? <Space>{c.votes.heads} / {formatArea(c.votes.areaCenti)} m²{c.votes.elected && <Tag color="success">{t('committee.elected')}</Tag>}</Space> : '—'),
          }] : []),
          {
            title: '', render: (_, c) => e.managed && e.status === 'nominating' && c.status !== 'approved' && (
              <Space>
                <Button size="small" type="primary" loading={review.isPending && review.variables?.nominationId === c.nominationId} onClick={() => review.mutate({ nominationId: c.nominationId, approve: true, note: '' })}>{t('committee.approve')}</Button>
                {c.status === 'pending' && <Button size="small" onClick={() => { setRejecting(c); setNote(''); }}>{t('committee.reject')}</Button>}
              </Space>
            ),
          },
        ]} />
      {rejecting && (
        <Modal open title={t('committee.rejectTitle', { name: rejecting.name })} okText={t('committee.reject')} okButtonProps={{ disabled: note.trim().length === 0 }} onCancel={() => setRejecting(null)}
          onOk={() => review.mutate({ nominationId: rejecting.nominationId, approve: false, note }, { onSuccess: () => setRejecting(null) })}>
          <Input.TextArea aria-label={t('convention.reason')} rows={3} maxLength={300} value={note} onChange={(ev) => setNote(ev.target.value)} placeholder={t('committee.rejectHint')} />
        </Modal>
      )}
    </Card>
  );
}

function RosterCard({ election: e }: { election: Election }) {
  const { t } = useI18n();
  const setRole = useSetRole();
  return (
    <Card title={t('committee.roster', { start: e.members[0]!.termStart, end: e.members[0]!.termEnd })}>
      {setRole.isError && <Alert type="error" showIcon role="alert" title={errorText(setRole.error, t)} style={{ marginBottom: 12 }} />}
      <Table size="small" rowKey="id" dataSource={e.members} pagination={false}
        columns={[
          { title: t('committee.member'), dataIndex: 'name' },
          {
            title: t('committee.role'), render: (_, m) => (e.managed
              ? <Select<Role> aria-label={t('committee.roleOf', { name: m.name })} value={m.role} style={{ width: 140 }} onChange={(role) => setRole.mutate({ memberId: m.id, role })}
                  options={(['chair', 'vice_chair', 'member'] as const).map((r) => ({ value: r, label: t(`committee.role.${r}`) }))} />
              : t(`committee.role.${m.role}`)),
          },
        ]} />
    </Card>
  );
}
