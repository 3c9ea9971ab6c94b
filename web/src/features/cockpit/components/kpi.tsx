import { useI18n } from '../../../lib/i18n';
import type { Headline } from '../api/get-summary';
import { formatMeasure, trendOf, type MeasureSpec } from './measures';

/** One headline measure on the big screen, with its change against the previous period. */
export function Kpi({ spec, now, before, small }: { spec: MeasureSpec; now: Headline; before: Headline; small?: boolean }) {
  const { t, locale } = useI18n();
  const value = now[spec.key];
  const trend = trendOf(value, before[spec.key], spec.kind);
  const good = trend && trend.dir !== 'flat' ? (trend.dir === 'up') === (spec.betterWhen === 'up') : null;
  return (
    <div className={small ? 'gz-kpi gz-kpi-row' : 'gz-kpi gz-kpi-card'} data-measure={spec.key} data-value={value ?? ''}>
      <div className="gz-kpi-label">{t(spec.label)}</div>
      <div className={small ? 'gz-kpi-value gz-kpi-small' : 'gz-kpi-value'}>{formatMeasure(value, spec.kind, locale)}</div>
      {!small && (
        <div className={`gz-trend ${good === null ? '' : good ? 'gz-trend-good' : 'gz-trend-bad'}`} title={t('cockpit.vsPrevious')}>
          {trend ? `${trend.dir === 'up' ? '▲' : trend.dir === 'down' ? '▼' : '■'} ${trend.text}` : t('cockpit.noPrevious')}
        </div>
      )}
    </div>
  );
}
