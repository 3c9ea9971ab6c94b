import { Card, Col, Row, Statistic, Table, Typography } from 'antd';
import { useI18n } from '../../../lib/i18n';
import { formatPercent } from '../../../lib/format';
import { ErrorState, LoadingState } from '../../../components/states';
import { useErrandStats } from '../api/get-errand-stats';
import type { ErrandStats } from '../api/types';

/** 最多跑一次: how many errands, how many done within one trip, for the caller's reach and each place under it. */
export function ErrandStatsCard() {
  const { t } = useI18n();
  const stats = useErrandStats();
  const share = (x: number | null) => (x === null ? t('errand.stats.none') : formatPercent(x));
  const perDone = (x: number | null) => (x === null ? t('errand.stats.none') : String(Math.round(x * 100) / 100));
  let body;
  if (stats.isPending) body = <LoadingState />;
  else if (stats.isError) body = <ErrorState error={stats.error} onRetry={() => void stats.refetch()} />;
  else {
    const s = stats.data.total;
    body = (
      <>
        <Row gutter={16}>
          <Col xs={12} md={6}><Statistic title={t('errand.stats.errands')} value={s.errands} /></Col>
          <Col xs={12} md={6}><Statistic title={t('errand.stats.open')} value={s.open} /></Col>
          <Col xs={12} md={6}><Statistic title={t('errand.stats.oneTripShare')} value={share(s.oneTripShare)} /></Col>
          <Col xs={12} md={6}><Statistic title={t('errand.stats.tripsPerDone')} value={perDone(s.tripsPerDoneErrand)} /></Col>
        </Row>
        {stats.data.places.length > 1 && (
          <Table<ErrandStats['places'][number]>
            style={{ marginTop: 16 }}
            rowKey={(r) => r.place.id}
            size="small"
            pagination={false}
            dataSource={stats.data.places}
            columns={[
              { title: t('errand.stats.place'), key: 'place', render: (_, r) => r.place.name },
              { title: t('errand.stats.errands'), dataIndex: 'errands' },
              { title: t('errand.stats.done'), dataIndex: 'done' },
              { title: t('errand.stats.withinOne'), dataIndex: 'doneWithinOneTrip' },
              { title: t('errand.stats.oneTripShare'), key: 'share', render: (_, r) => share(r.oneTripShare) },
            ]}
          />
        )}
      </>
    );
  }
  return (
    <Card
      title={stats.data ? `${t('errand.stats')} · ${stats.data.place.name}` : t('errand.stats')}
      extra={<Typography.Text type="secondary">{t('errand.stats.hint')}</Typography.Text>}
    >
      {body}
    </Card>
  );
}
