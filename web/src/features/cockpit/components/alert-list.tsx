import { useI18n } from '../../../lib/i18n';
import type { CockpitAlert } from '../api/get-alerts';

/** One line per alert: where, what, today's value against the place's own usual level. */
export function alertText(a: CockpitAlert, t: ReturnType<typeof useI18n>['t']): string {
  const kind = t(`cockpit.alert.${a.kind}`);
  // 资金: value and baseline are fen (the balance, and all the place's funds received), shown in yuan.
  if (a.kind === 'fund_low') return t('cockpit.alertLineFund', { place: a.placeName, kind, value: (a.value / 100).toFixed(2), baseline: ((a.baseline ?? 0) / 100).toFixed(2) });
  return a.baseline === null
    ? t('cockpit.alertLineNoBase', { place: a.placeName, kind, value: a.value })
    : t('cockpit.alertLine', { place: a.placeName, kind, value: a.value, baseline: a.baseline });
}

export function AlertList({ items, className }: { items: CockpitAlert[]; className?: string }) {
  const { t } = useI18n();
  if (items.length === 0) return <p className={className}>{t('cockpit.alertsEmpty')}</p>;
  return (
    <ul className={className}>
      {items.map((a) => (
        <li key={a.id} data-alert-kind={a.kind}>
          <time dateTime={a.day}>{a.day.slice(5)}</time> {alertText(a, t)}
        </li>
      ))}
    </ul>
  );
}
