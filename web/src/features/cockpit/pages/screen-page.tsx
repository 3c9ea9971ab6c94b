import { useState } from 'react';
import dayjs from 'dayjs';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { useSummary } from '../api/get-summary';
import { useAreaMap } from '../api/get-map';
import { useLiveRequests } from '../api/use-live-requests';
import { DensityMap } from '../components/density-map';
import { Kpi } from '../components/kpi';
import { HEADLINE, SCREEN_GOVERNANCE, SECONDARY } from '../components/measures';
import { Ticker } from '../components/ticker';
import { AlertList } from '../components/alert-list';
import { useAlerts } from '../api/get-alerts';
import { TrendChart } from '../components/trend-chart';

/**
 * The big screen (大屏): headline measures with trends, requests per day, the density map of the places below
 * (click to drill down: district → street → community → compound), and the live ticker. Every number comes from
 * /api/cockpit/summary, which reads the rollups.
 */
export function CockpitScreenPage({ initialPlaceId }: { initialPlaceId?: number }) {
  const { t } = useI18n();
  const [placeId, setPlaceId] = useState<number | undefined>(initialPlaceId);
  const q = useSummary(placeId);
  const shownId = q.data?.place.id;
  const map = useAreaMap(q.data && q.data.children.length > 0 ? shownId : undefined);
  const live = useLiveRequests(shownId);
  const alerts = useAlerts(shownId);

  if (q.isPending) return <div className="gz-screen-state" role="status">{t('common.loading')}</div>;
  if (q.isError)
    return (
      <div className="gz-screen-state" role="alert">
        {t('common.error')}：{errorText(q.error, t)}{' '}
        <button type="button" className="gz-screen-btn" onClick={() => void q.refetch()}>{t('common.retry')}</button>
      </div>
    );
  const d = q.data;
  const up = d.trail.length > 1 ? d.trail[d.trail.length - 2] : undefined;
  return (
    <div className="gz-cockpit">
      <section className="gz-kpis" aria-label={t('cockpit.screenTitle')}>
        {HEADLINE.map((s) => <Kpi key={s.key} spec={s} now={d.headline} before={d.previous} />)}
      </section>
      <div className="gz-cockpit-row">
        <aside className="gz-col-side">
          <section className="gz-panel gz-panel-trend" aria-label={t('cockpit.trend')}>
            <h2>{t('cockpit.trend')}</h2>
            <TrendChart series={d.series} />
          </section>
          <section className="gz-panel gz-secondary" aria-label={t('cockpit.children')}>
            {SECONDARY.map((s) => <Kpi key={s.key} spec={s} now={d.headline} before={d.previous} small />)}
            <div className="gz-kpi gz-kpi-row" data-measure="coverage">
              <div className="gz-kpi-label">{t('cockpit.m.coverage')}</div>
              <div className="gz-kpi-value gz-kpi-small">{d.headline.coveredCompounds ?? '—'} / {d.headline.compounds ?? '—'}</div>
            </div>
            {SCREEN_GOVERNANCE.map((s) => <Kpi key={s.key} spec={s} now={d.headline} before={d.previous} small />)}
          </section>
        </aside>
        <section className="gz-panel gz-col-main" aria-label={t('cockpit.map', { place: d.place.name })}>
          <div className="gz-screen-panel-head">
            <h2>{t('cockpit.map', { place: d.place.name })}</h2>
            <span className="gz-hint">{t('cockpit.period', { from: d.from, to: d.to })}</span>
          </div>
          <nav className="gz-trail" aria-label={t('cockpit.trail')}>
            {d.trail.map((p, i) => (
              <button key={p.id} type="button" className="gz-trail-item" aria-current={i === d.trail.length - 1 ? 'page' : undefined} onClick={() => setPlaceId(p.id)}>
                {p.name}
              </button>
            ))}
            {up && <button type="button" className="gz-screen-btn" onClick={() => setPlaceId(up.id)}>{t('cockpit.back')}</button>}
          </nav>
          <div className="gz-screen-chart">
            {d.children.length === 0 ? (
              <div className="gz-screen-state">{t('cockpit.compoundLevel')} · {d.place.name}</div>
            ) : map.data ? (
              <DensityMap placeId={d.place.id} map={map.data} items={d.children} onPick={setPlaceId} />
            ) : (
              <div className="gz-screen-state" role="status">{map.isError ? errorText(map.error, t) : t('common.loading')}</div>
            )}
          </div>
          {d.children.length > 0 && (
            <ul className="gz-children" aria-label={t('cockpit.children')}>
              {d.children.map((c) => (
                <li key={c.id}>
                  <button type="button" className="gz-child" data-place-id={c.id} onClick={() => setPlaceId(c.id)}>
                    <span>{c.name}</span>
                    <span className="gz-child-value">{c.headline.requests}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
        <aside className="gz-panel gz-col-ticker" aria-label={t('cockpit.ticker')}>
          <h2>{t('cockpit.ticker')}</h2>
          <Ticker items={live} />
          <h2 className="gz-alerts-head">{t('cockpit.alerts')}</h2>
          <AlertList className="gz-alerts" items={alerts.data?.items.slice(0, 5) ?? []} />
          <p className="gz-hint gz-foot">{t('cockpit.updated', { time: dayjs(q.dataUpdatedAt).format('HH:mm:ss') })}</p>
          <p className="gz-hint gz-foot">{t('cockpit.outcomesOnly')}</p>
        </aside>
      </div>
    </div>
  );
}
