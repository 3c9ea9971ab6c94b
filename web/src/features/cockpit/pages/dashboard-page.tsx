import { Alert, Breadcrumb, Button, Card, Col, Row, Statistic, Table, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { PageShell } from '../../../components/page-shell';
import { QueryState } from '../../../components/states';
import { useSummary, type CockpitSummary } from '../api/get-summary';
import { formatMeasure, GOVERNANCE, HEADLINE, SECONDARY, trendOf } from '../components/measures';
import { useAlerts } from '../api/get-alerts';
import { alertText } from '../components/alert-list';
import { LedgerExportCard } from '../components/ledger-export-card';

/**
 * 工作台驾驶舱: the same numbers as the big screen (one API, the rollups) for whoever holds cockpit.read — a
 * commissioner sees their compound, a community worker the community, and so on up; drill down by clicking a row.
 */
export function CockpitDashboardPage() {
  const { t } = useI18n();
  const [placeId, setPlaceId] = useState<number | undefined>();
  const q = useSummary(placeId);
  return (
    <PageShell
      title={q.data ? t('cockpit.dashboard', { place: q.data.place.name }) : t('menu.cockpit')}
      extra={<Button href={`/screen/${q.data ? `?placeId=${q.data.place.id}` : ''}`} target="_blank">{t('cockpit.openScreen')}</Button>}
    >
      <QueryState query={q}>{(d) => <Body d={d} onPick={setPlaceId} />}</QueryState>
    </PageShell>
  );
}

function Body({ d, onPick }: { d: CockpitSummary; onPick: (id: number) => void }) {
  const { t, locale } = useI18n();
  const alerts = useAlerts(d.place.id);
  return (
    <>
      {alerts.data && alerts.data.items.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('cockpit.alerts')}
          description={<ul style={{ margin: 0, paddingInlineStart: 20 }}>{alerts.data.items.slice(0, 5).map((a) => <li key={a.id}>{a.day} {alertText(a, t)}</li>)}</ul>}
        />
      )}
      <Breadcrumb
        items={d.trail.map((p, i) => ({ key: p.id, title: i === d.trail.length - 1 ? p.name : <a onClick={() => onPick(p.id)}>{p.name}</a> }))}
        style={{ marginBottom: 12 }}
      />
      <Typography.Paragraph type="secondary">{t('cockpit.period', { from: d.from, to: d.to })} · {t('cockpit.outcomesOnly')}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        {[...HEADLINE, ...SECONDARY, ...GOVERNANCE].map((s) => {
          const trend = trendOf(d.headline[s.key], d.previous[s.key], s.kind);
          return (
            <Col key={s.key} xs={12} md={8} xl={6}>
              <Card size="small" data-measure={s.key}>
                <Statistic title={t(s.label)} value={formatMeasure(d.headline[s.key], s.kind, locale)} />
                <Typography.Text type="secondary">{t('cockpit.vsPrevious')}：{trend ? trend.text : t('cockpit.noPrevious')}</Typography.Text>
              </Card>
            </Col>
          );
        })}
        {d.headline.organisations && (
          <Col xs={12} md={8} xl={6}>
            <Card size="small" data-measure="organisations">
              <Statistic title={t('cockpit.m.organisations')} value={`${d.headline.organisations.registered} / ${d.headline.organisations.filed} / ${d.headline.organisations.communityGuided}`} />
            </Card>
          </Col>
        )}
      </Row>
      {d.children.length > 0 && (
        <Card title={t('cockpit.children')} size="small" style={{ marginTop: 16 }}>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={d.children}
            onRow={(r) => ({ onClick: () => onPick(r.id), style: { cursor: 'pointer' } })}
            columns={[
              { title: t('cockpit.col.place'), dataIndex: 'name', render: (name: string, r) => <a onClick={() => onPick(r.id)}>{name}</a> },
              ...HEADLINE.map((s) => ({ key: s.key, title: t(s.label), render: (_: unknown, r: CockpitSummary['children'][number]) => formatMeasure(r.headline[s.key], s.kind, locale) })),
            ]}
          />
        </Card>
      )}
      <LedgerExportCard placeId={d.place.id} placeName={d.place.name} />
    </>
  );
}
