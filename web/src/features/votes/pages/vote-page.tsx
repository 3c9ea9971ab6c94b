import { Alert, Button, Card, Descriptions, Form, Input, Popconfirm, Select, Space, Table, Tabs, Typography } from 'antd';
import { useParams } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { formatDateTime } from '../../../lib/format';
import { errorText } from '../../../lib/api/error-text';
import { ErrorState, LoadingState } from '../../../components/states';
import { usePaperBallot, useParticipation, useVote, useVoteStep, type Choice, type Vote } from '../api/votes-api';
import { TallyTable } from '../components/tally-table';
import { formatArea } from '../format-area';
import { VoteStatusTag } from '../components/vote-status-tag';
import { ProxyForm } from '../../conventions/components/vote-admin';

/** One owners' vote for staff: its timeline and next step, the live tally, who has voted, paper ballots. */
export function VotePage() {
  const { t } = useI18n();
  const id = Number(useParams().id);
  const vote = useVote(id);
  const step = useVoteStep();
  if (vote.isPending) return <LoadingState />;
  if (vote.isError) return <ErrorState error={vote.error} onRetry={() => void vote.refetch()} />;
  const v = vote.data;
  const next = { draft: 'announce', announced: 'open', open: 'close', closed: 'publish', published: null } as const;
  const action = next[v.status];
  const button = action && (
    <Button type="primary" loading={step.isPending} onClick={action === 'announce' ? undefined : () => step.mutate({ id, step: action })}>{t(`vote.${action}`)}</Button>
  );
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Space align="center">
        <Typography.Title level={2} style={{ margin: 0 }}>{v.title}</Typography.Title>
        <VoteStatusTag status={v.status} />
      </Space>
      <Descriptions bordered size="small" column={2}>
        <Descriptions.Item label={t('vote.scope')}>{v.scope.name}</Descriptions.Item>
        <Descriptions.Item label={t('vote.item')}>{t('vote.itemNo', { n: v.item })} {t(`vote.item.${v.item}` as 'vote.item.1')}</Descriptions.Item>
        <Descriptions.Item label={t('vote.description')} span={2}>{v.description}</Descriptions.Item>
        <Descriptions.Item label={t('vote.secret')}>{v.secret ? '✓' : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('vote.windowDays')}>{v.windowDays}</Descriptions.Item>
        {v.noticeEndsAt && <Descriptions.Item label={t('vote.status.announced')}>{t('vote.noticeEnds', { date: formatDateTime(v.noticeEndsAt) })}</Descriptions.Item>}
        {v.closesAt && <Descriptions.Item label={t('vote.status.open')}>{t('vote.closesAt', { date: formatDateTime(v.closesAt) })}</Descriptions.Item>}
        {v.publishDueAt && !v.publishedAt && <Descriptions.Item label={t('vote.status.closed')}>{t('vote.publishDue', { date: formatDateTime(v.publishDueAt) })}</Descriptions.Item>}
        {v.publishedAt && <Descriptions.Item label={t('vote.status.published')}>{t('vote.publishedAt', { date: formatDateTime(v.publishedAt) })}</Descriptions.Item>}
      </Descriptions>
      <Space>
        {action === 'announce' ? (
          <Popconfirm title={t('vote.announceConfirm')} onConfirm={() => step.mutate({ id, step: 'announce' })}>{button}</Popconfirm>
        ) : button}
      </Space>
      {step.isError && <Alert type="error" showIcon role="alert" title={errorText(step.error, t)} />}
      {v.result && (
        <Card title={v.status === 'open' ? t('vote.liveTally') : t('vote.result')}>
          <TallyTable tally={v.result} />
        </Card>
      )}
      {v.status !== 'draft' && v.status !== 'announced' && <ParticipationCard vote={v} />}
    </Space>
  );
}

function ParticipationCard({ vote }: { vote: Vote }) {
  const { t } = useI18n();
  const list = useParticipation(vote.id, true);
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  const choiceText = (c: Choice | null) => (c ? t(`vote.${c}`) : t('vote.choiceHidden'));
  return (
    <Card title={t('vote.participation')}>
      {vote.status === 'open' && <PaperBallotForm vote={vote} notVoted={list.data?.notVoted ?? []} />}
      {vote.status === 'open' && <ProxyForm voteId={vote.id} owners={list.data?.notVoted ?? []} />}
      <Tabs items={[
        {
          key: 'voted', label: `${t('vote.voted')} ${list.data?.items.length ?? ''}`,
          children: (
            <Table size="small" rowKey={(r) => `${r.ownerName}-${r.areaCenti}-${r.channel}`} loading={list.isPending} dataSource={list.data?.items ?? []} pagination={{ pageSize: 10 }}
              columns={[
                { title: t('vote.owner'), dataIndex: 'ownerName' },
                { title: t('vote.units'), dataIndex: 'units', align: 'right' },
                { title: t('vote.area'), align: 'right', render: (_, r) => formatArea(r.areaCenti) },
                { title: t('vote.channel'), render: (_, r) => `${t(`vote.channel.${r.channel}`)}${r.paperRef ? ` · ${r.paperRef}` : ''}` },
                { title: t('vote.item'), render: (_, r) => (vote.secret ? t('vote.choiceHidden') : choiceText(r.choice)) },
              ]} />
          ),
        },
        {
          key: 'notVoted', label: `${t('vote.notVoted')} ${list.data?.notVoted.length ?? ''}`,
          children: (
            <Table size="small" rowKey="ownerId" loading={list.isPending} dataSource={list.data?.notVoted ?? []} pagination={{ pageSize: 10 }}
              columns={[
                { title: t('vote.owner'), dataIndex: 'ownerName' },
                { title: t('vote.units'), dataIndex: 'units', align: 'right' },
                { title: t('vote.area'), align: 'right', render: (_, r) => formatArea(r.areaCenti) },
              ]} />
          ),
        },
      ]} />
    </Card>
  );
}

/** 纸质表决票: staff enter an owner's paper ballot with the reference of its scan. */
function PaperBallotForm({ vote, notVoted }: { vote: Vote; notVoted: { ownerName: string; ownerId: number }[] }) {
  const { t } = useI18n();
  const paper = usePaperBallot();
  const [form] = Form.useForm<{ ownerId: number; choice: Choice; scanRef: string }>();
  const submit = async () => {
    const v = await form.validateFields();
    await paper.mutateAsync({ id: vote.id, ...v });
    form.resetFields();
  };
  return (
    <Form form={form} layout="inline" aria-label={t('vote.paper')} style={{ marginBottom: 16, rowGap: 8 }} onFinish={() => void submit().catch(() => undefined)}>
      <Form.Item name="ownerId" rules={[{ required: true, message: t('vote.chooseOwner') }]}>
        <Select aria-label={t('vote.owner')} showSearch optionFilterProp="label" placeholder={t('vote.owner')} style={{ width: 200 }} options={notVoted.map((o) => ({ value: o.ownerId, label: o.ownerName }))} />
      </Form.Item>
      <Form.Item name="choice" rules={[{ required: true, message: t('vote.chooseChoice') }]}>
        <Select aria-label={t('vote.h5.cast')} placeholder={t('vote.h5.cast')} style={{ width: 120 }} options={(['for', 'against', 'abstain'] as const).map((c) => ({ value: c, label: t(`vote.${c}`) }))} />
      </Form.Item>
      <Form.Item name="scanRef" rules={[{ required: true, whitespace: true, message: t('vote.scanRefRequired') }]}>
        <Input aria-label={t('vote.scanRef')} placeholder={t('vote.scanRef')} maxLength={200} />
      </Form.Item>
      <Button htmlType="submit" loading={paper.isPending}>{t('vote.paper')}</Button>
      {paper.isError && <Typography.Text type="danger" role="alert">{errorText(paper.error, t)}</Typography.Text>}
    </Form>
  );
}
