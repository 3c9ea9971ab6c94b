import dayjs from 'dayjs';
import { useI18n } from '../../../lib/i18n';
import type { LiveRequest } from '../api/use-live-requests';

/** 实时滚动: the newest requests first — category, compound and time only (a wall screen is public). */
export function Ticker({ items }: { items: LiveRequest[] }) {
  const { t } = useI18n();
  if (items.length === 0) return <p className="gz-ticker-empty">{t('cockpit.tickerEmpty')}</p>;
  return (
    <ol className="gz-ticker" aria-live="polite">
      {items.map((i) => (
        <li key={i.requestId} className="gz-ticker-item">
          <time dateTime={i.at}>{dayjs(i.at).format('MM-DD HH:mm')}</time>
          <span className="gz-ticker-place">{i.compound}</span>
          <span>{i.category}</span>
          {i.urgent && <span className="gz-ticker-urgent">{t('cockpit.tickerUrgent')}</span>}
        </li>
      ))}
    </ol>
  );
}
