import { Button, Card, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { formatFen } from '../../../lib/format';
import { ErrorState } from '../../../components/states';
import { useSession } from '../../auth/api/get-session';
import { QUEUES, useOpenRounds, useProjects, type ProjectStatus, type ProjectSummary, type Queue } from '../api/projects-api';

// Tag colours chosen for ≥ 4.5:1 contrast (antd's gold, orange and cyan tags fall below it); amber is our own.
export const AMBER = { color: '#874d00', background: '#fff7e6', borderColor: '#ffd591' };
export const STATUS_COLOR: Record<ProjectStatus, string> = {
  proposed: 'red', approved: 'processing', rejected: 'default', procuring: 'purple', awarded: 'blue', contracted: 'processing', evaluated: 'success', closed: 'default',
};
const MANAGE = ['district_admin', 'street_admin', 'community_worker', 'commissioner'];

/** 微项目: one queue per step — 待立项, 采购中, 待签约, 实施中, 待结项, 已结束 — and the calls organisations may apply to. */
export function ProjectsPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const session = useSession();
  const manager = (session.data?.roles ?? []).some((r) => MANAGE.includes(r.role));
  const orgStaff = (session.data?.roles ?? []).some((r) => r.role === 'org_staff');
  const [queue, setQueue] = useState<Queue | 'all'>('all');
  const [page, setPage] = useState(1);
  const list = useProjects({ queue: queue === 'all' ? undefined : queue, page, pageSize: 20 });
  const rounds = useOpenRounds();
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={2}>{t('proj.title.list')}</Typography.Title>
        {manager && <Space><Button onClick={() => navigate('/projects/matchmaking')}>{t('proj.match.title')}</Button><Button type="primary" onClick={() => navigate('/projects/new')}>{t('proj.new')}</Button></Space>}
      </Space>
      {orgStaff && (
        <Card size="small" title={t('proj.openRounds')}>
          <Table rowKey="id" size="small" pagination={false} loading={rounds.isPending} dataSource={rounds.data ?? []} locale={{ emptyText: t('common.empty') }}
            columns={[
              { title: t('proj.title'), key: 't', render: (_, r) => <Link to={`/projects/${r.projectId}`}>{r.title}</Link> },
              { title: t('proj.place'), dataIndex: 'place' },
              { title: t('proj.call'), dataIndex: 'call' },
              { title: t('proj.budget'), dataIndex: 'budgetTotal', align: 'right', render: formatFen },
            ]} />
        </Card>
      )}
      <Card size="small">
        <Tabs activeKey={queue} onChange={(k) => { setQueue(k as Queue | 'all'); setPage(1); }}
          items={[{ key: 'all', label: t('proj.queue.all') }, ...QUEUES.map((q) => ({ key: q, label: t(`proj.queue.${q}`) }))]} />
        {list.isError ? <ErrorState error={list.error} onRetry={() => void list.refetch()} /> : (
          <Table<ProjectSummary> rowKey="id" loading={list.isPending} dataSource={list.data?.items ?? []} scroll={{ x: 1000 }} locale={{ emptyText: t('common.empty') }}
            pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showTotal: (n) => t('common.total', { n }) }}
            columns={[
              { title: t('proj.title'), key: 'title', render: (_, p) => <Space><Link to={`/projects/${p.id}`}>{p.title}</Link>{p.brand && <Tag color="magenta">{t('proj.brand')}</Tag>}</Space> },
              { title: t('proj.place'), dataIndex: ['place', 'name'], width: 110 },
              { title: t('proj.status'), dataIndex: 'status', width: 100, render: (s: ProjectStatus) => <Tag color={STATUS_COLOR[s]}>{t(`proj.status.${s}`)}</Tag> },
              { title: t('proj.budget'), dataIndex: 'budgetTotal', align: 'right', width: 130, render: formatFen },
              { title: t('proj.allocated'), dataIndex: 'allocated', align: 'right', width: 130, render: formatFen },
              { title: t('proj.paid'), dataIndex: 'paid', align: 'right', width: 130, render: formatFen },
              { title: t('proj.level'), dataIndex: 'approvalLevel', width: 90, render: (l: string) => t(`proj.level.${l}` as never) },
              { title: t('proj.organisation'), dataIndex: ['organisation', 'name'], render: (n?: string) => n ?? '—' },
            ]} />
        )}
      </Card>
    </Space>
  );
}
