import { Card, Col, DatePicker, Flex, Row, Space, Statistic, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { formatDate, formatPercent } from '../../../lib/format';
import { PageShell } from '../../../components/page-shell';
import { EmptyState, QueryState } from '../../../components/states';
import { useMeasures, type Measures, type MeasuresFilter } from '../api/get-measures';
import { formatDuration } from '../components/deadline';

/** 三率: response, resolution and satisfaction rates of my place, and each whistled department's timeliness. */
export function MeasuresPage() {
  const { t } = useI18n();
  const [filter, setFilter] = useState<MeasuresFilter>({});
  const measures = useMeasures(filter);
  const onRange = (range: [Dayjs | null, Dayjs | null] | null) =>
    setFilter({ from: range?.[0]?.startOf('day').toISOString(), to: range?.[1]?.endOf('day').toISOString() });

  return (
    <PageShell
      title={t('measures.title')}
      extra={
        <Flex gap={8} align="center">
          <Typography.Text id="measures-range">{t('measures.range')}</Typography.Text>
          <DatePicker.RangePicker aria-labelledby="measures-range" onChange={(v) => onRange(v as [Dayjs | null, Dayjs | null] | null)} />
        </Flex>
      }
    >
      <QueryState query={measures}>{(m) => <MeasuresBody m={m} />}</QueryState>
    </PageShell>
  );
}

function MeasuresBody({ m }: { m: Measures }) {
  const { t } = useI18n();
  const pct = (x: number | null) => (x === null ? t('measures.notApplicable') : formatPercent(x));
  const mins = (x: number | null) => (x === null ? t('measures.notApplicable') : formatDuration(x * 60_000, t));
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Text type="secondary">
        {m.place.name} · {formatDate(m.from)} – {formatDate(m.to)} · {t('measures.outcomesOnly')}
      </Typography.Text>
      {m.requests === 0 ? (
        <Card>
          <EmptyState text={t('measures.noData')} />
        </Card>
      ) : (
        <>
          <Row gutter={[16, 16]}>
            {(
              [
                ['measures.requests', String(m.requests)],
                ['measures.responseRate', pct(m.responseRate)],
                ['measures.resolutionRate', pct(m.resolutionRate)],
                ['measures.satisfactionRate', pct(m.satisfactionRate)],
                ['measures.score', m.score === null ? t('measures.notApplicable') : (Math.round(m.score * 10) / 10).toString()],
                ['measures.avgResponse', mins(m.averageResponseMinutes)],
                ['measures.avgResolution', mins(m.averageResolutionMinutes)],
              ] as const
            ).map(([label, value]) => (
              <Col key={label} xs={12} md={8} xl={6}>
                <Card>
                  <Statistic title={t(label)} value={value} />
                </Card>
              </Col>
            ))}
          </Row>
          <Typography.Text type="secondary">
            {t('measures.weights', {
              response: formatPercent(m.weights.response),
              resolution: formatPercent(m.weights.resolution),
              satisfaction: formatPercent(m.weights.satisfaction),
            })}
          </Typography.Text>
        </>
      )}
      <Card title={t('measures.departments')}>
        <Table<Measures['departments'][number]>
          rowKey="departmentId"
          size="small"
          pagination={false}
          dataSource={m.departments}
          locale={{ emptyText: <EmptyState text={t('measures.noDepartments')} /> }}
          columns={[
            { title: t('measures.department'), dataIndex: 'name' },
            { title: t('measures.reports'), dataIndex: 'reports', align: 'right' },
            { title: t('measures.ackOnTime'), dataIndex: 'ackOnTime', align: 'right' },
            { title: t('measures.actionOnTime'), dataIndex: 'actionOnTime', align: 'right' },
            { title: t('measures.ackMissed'), dataIndex: 'ackMissed', align: 'right', render: (n: number) => (n > 0 ? <Typography.Text type="danger">{n}</Typography.Text> : n) },
            { title: t('measures.actionMissed'), dataIndex: 'actionMissed', align: 'right', render: (n: number) => (n > 0 ? <Typography.Text type="danger">{n}</Typography.Text> : n) },
          ]}
        />
      </Card>
    </Space>
  );
}
