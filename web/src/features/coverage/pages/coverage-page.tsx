import { Card, Space, Table, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { formatPercent } from '../../../lib/format';
import { PageShell } from '../../../components/page-shell';
import { EmptyState, QueryState } from '../../../components/states';
import { useCoverage, type Coverage } from '../api/get-coverage';

export function CoveragePage() {
  const { t } = useI18n();
  const coverage = useCoverage();
  return (
    <PageShell title={t('coverage.title')}>
      <QueryState query={coverage}>
        {(c) => (
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <Card>
              <Table<Coverage['streets'][number]>
                rowKey="placeId"
                dataSource={c.streets}
                pagination={false}
                locale={{ emptyText: <EmptyState /> }}
                columns={[
                  { title: t('coverage.street'), dataIndex: 'name', render: (n: string, r) => <Link to={`/places/${r.placeId}`}>{n}</Link> },
                  { title: t('coverage.compounds'), dataIndex: 'compounds', align: 'right' },
                  {
                    title: t('coverage.uncovered'),
                    dataIndex: 'uncovered',
                    align: 'right',
                    render: (n: number) => (n > 0 ? <Typography.Text type="danger" strong>{n}</Typography.Text> : n),
                  },
                  { title: t('coverage.commissioners'), dataIndex: 'commissioners', align: 'right' },
                  { title: t('coverage.localShare'), dataIndex: 'localShare', align: 'right', render: formatPercent },
                ]}
              />
            </Card>
            <Card title={t('coverage.uncoveredList')}>
              <Table<Coverage['uncovered'][number]>
                rowKey="placeId"
                dataSource={c.uncovered}
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                locale={{ emptyText: <EmptyState text={t('coverage.allCovered')} /> }}
                columns={[
                  { title: t('kind.compound'), dataIndex: 'name', render: (n: string, r) => <Link to={`/places/${r.placeId}`}>{n}</Link> },
                  { title: t('coverage.community'), dataIndex: 'communityName' },
                  { title: t('coverage.street'), dataIndex: 'streetName' },
                ]}
              />
            </Card>
          </Space>
        )}
      </QueryState>
    </PageShell>
  );
}
