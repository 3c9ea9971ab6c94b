import { Card, Descriptions, Flex, Pagination, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { PageShell } from '../../../components/page-shell';
import { EmptyState, ErrorState, LoadingState } from '../../../components/states';
import { useQueue, type QueueFilter } from '../api/list-queue';
import { useRequest } from '../api/get-request';
import { useRequestEvents } from '../api/subscribe-events';
import type { RequestSummary } from '../api/types';
import { StatusTag } from '../components/status-tag';
import { DeadlineText } from '../components/deadline-text';
import { useNow } from '../components/deadline';
import { DepartmentReportActions } from '../components/department-report-actions';
import { useMyRoles } from '../components/use-my-roles';

/** 部门报到: the requests a street whistled my department into, with report-in and action on each. */
export function DepartmentReportsPage() {
  const { t } = useI18n();
  const [filter, setFilter] = useState<QueueFilter>({ status: 'open', sort: 'deadline', page: 1, pageSize: 10 });
  const queue = useQueue(filter);
  useRequestEvents();
  let body;
  if (queue.isPending) body = <LoadingState />;
  else if (queue.isError) body = <ErrorState error={queue.error} onRetry={() => void queue.refetch()} />;
  else if (queue.data.items.length === 0) body = <EmptyState text={t('dept.empty')} />;
  else
    body = (
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        {queue.data.items.map((r) => (
          <ReportCard key={r.id} summary={r} />
        ))}
        <Pagination
          align="end"
          current={filter.page}
          pageSize={filter.pageSize}
          total={queue.data.total}
          hideOnSinglePage
          onChange={(page) => setFilter({ ...filter, page })}
        />
      </Space>
    );
  return <PageShell title={t('dept.title')}>{body}</PageShell>;
}

function ReportCard({ summary }: { summary: RequestSummary }) {
  const { t } = useI18n();
  const roles = useMyRoles();
  const now = useNow();
  const detail = useRequest(summary.id);
  const mine = roles.filter((r) => r.role === 'department_staff').map((r) => r.placeId);
  const reports = detail.data?.departmentReports.filter((d) => mine.includes(d.departmentId)) ?? [];
  return (
    <Card
      title={
        <Flex gap={8} align="center">
          <Link to={`/requests/${summary.id}`}>{t('req.no', { id: summary.id })}</Link>
          <StatusTag status={summary.status} />
        </Flex>
      }
    >
      <Descriptions column={{ xs: 1, md: 2 }} size="small">
        <Descriptions.Item label={t('req.description')} span={2}>{summary.description}</Descriptions.Item>
        <Descriptions.Item label={t('req.compound')}>{summary.compound.name}</Descriptions.Item>
        <Descriptions.Item label={t('req.category')}>{summary.category.name}</Descriptions.Item>
        {reports.map((d) => (
          <Descriptions.Item key={`ack-${d.id}`} label={`${d.departmentName} · ${t('dept.ackDue')}`}>
            <DeadlineText dueAt={d.ackDueAt} doneAt={d.acknowledgedAt} now={now} />
          </Descriptions.Item>
        ))}
        {reports.map((d) => (
          <Descriptions.Item key={`act-${d.id}`} label={`${d.departmentName} · ${t('dept.actionDue')}`}>
            <DeadlineText dueAt={d.actionDueAt} doneAt={d.actedAt} now={now} />
          </Descriptions.Item>
        ))}
      </Descriptions>
      {detail.isPending ? (
        <LoadingState />
      ) : detail.isError ? (
        <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />
      ) : reports.length === 0 ? (
        <Typography.Text type="secondary">{t('req.detail.noReports')}</Typography.Text>
      ) : (
        reports.map((d) => <DepartmentReportActions key={d.id} requestId={summary.id} report={d} />)
      )}
    </Card>
  );
}
