import { useState } from 'react';
import dayjs from 'dayjs';
import { useI18n } from '../../../lib/i18n';
import { formatCount } from '../../../lib/format';
import { COMPOUND_KINDS } from '../../../lib/api/types';
import { errorText } from '../../../lib/api/error-text';
import { useCompoundKinds } from '../api/get-compound-kinds';
import { KindsBarChart, KIND_COLORS } from '../components/kinds-bar-chart';

/** Compounds per kind for a place and the places below it. Starts at the caller's scope (server default). */
export function CockpitPage({ initialPlaceId }: { initialPlaceId?: number }) {
  const { t, locale } = useI18n();
  const [trail, setTrail] = useState<(number | undefined)[]>([initialPlaceId]);
  const placeId = trail[trail.length - 1];
  const q = useCompoundKinds(placeId);

  if (q.isPending) return <div className="gz-screen-state" role="status">{t('common.loading')}</div>;
  if (q.isError)
    return (
      <div className="gz-screen-state" role="alert">
        {t('common.error')}：{errorText(q.error, t)}{' '}
        <button type="button" className="gz-screen-btn" onClick={() => void q.refetch()}>{t('common.retry')}</button>
      </div>
    );

  const d = q.data;
  const total = COMPOUND_KINDS.reduce((s, k) => s + d.totals[k], 0);
  return (
    <div className="gz-screen-body">
      <aside className="gz-screen-side" aria-label={t('cockpit.byKind')}>
        <div className="gz-kpi gz-kpi-main">
          <div className="gz-kpi-label">{t('cockpit.totalCompounds')}</div>
          <div className="gz-kpi-value">{formatCount(total, locale)}</div>
        </div>
        {COMPOUND_KINDS.map((k, i) => (
          <div className="gz-kpi" key={k}>
            <div className="gz-kpi-label">
              <span className="gz-swatch" style={{ background: KIND_COLORS[i] }} aria-hidden />
              {t(`compoundKind.${k}`)}
            </div>
            <div className="gz-kpi-value gz-kpi-small">{formatCount(d.totals[k], locale)}</div>
          </div>
        ))}
      </aside>
      <section className="gz-screen-main" aria-label={t('cockpit.title')}>
        <div className="gz-screen-panel-head">
          <h2>{t('cockpit.subtitle', { place: d.place.name })}</h2>
          <div>
            <span className="gz-hint">{t('cockpit.updatedAt', { time: dayjs(q.dataUpdatedAt).format('HH:mm:ss') })}</span>
            <span className="gz-hint">{t('cockpit.drill')}</span>
            {trail.length > 1 && (
              <button type="button" className="gz-screen-btn" onClick={() => setTrail(trail.slice(0, -1))}>
                {t('cockpit.up')}
              </button>
            )}
          </div>
        </div>
        <div className="gz-screen-chart">
          {d.rows.length === 0 ? (
            <div className="gz-screen-state">{t('common.empty')}</div>
          ) : (
            <KindsBarChart data={d} onPick={(id) => setTrail([...trail, id])} />
          )}
        </div>
      </section>
    </div>
  );
}
