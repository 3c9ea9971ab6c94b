import { Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { formatDateTime } from '../../../lib/format';
import { ErrorState } from '../../../components/states';
import { useDays, type Day } from '../api/deliberation-api';

/** 公开议事日: the days of my places with their agenda and sign-in. */
export function DaysPage() {
  const { t } = useI18n();
  const days = useDays();
  if (days.isError) return <ErrorState error={days.error} onRetry={() => void days.refetch()} />;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>{t('day.title')}</Typography.Title>
      <Table<Day> rowKey="id" loading={days.isPending} dataSource={days.data?.items ?? []} pagination={{ pageSize: 20 }} locale={{ emptyText: t('day.none') }}
        columns={[
          { title: t('day.name'), render: (_, d) => <Link to={`/deliberation-days/${d.id}`}>{d.title}</Link> },
          { title: t('day.startsAt'), render: (_, d) => formatDateTime(d.startsAt) },
          { title: t('day.location'), dataIndex: 'location' },
          { title: t('day.facilitator'), render: (_, d) => d.facilitator ?? '—' },
          { title: t('day.agenda'), render: (_, d) => d.agenda.map((a) => a.title).join('、') },
          { title: '', render: (_, d) => <Tag>{t(`day.status.${d.status}`)}</Tag> },
          { title: t('day.participants'), render: (_, d) => t('day.signedIn', { n: d.signedIn, m: d.invited }) },
        ]} />
    </Space>
  );
}
