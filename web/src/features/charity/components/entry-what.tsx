import { useI18n } from '../../../lib/i18n';
import { yuan, type PublicEntry } from '../api/charity-api';

/** "¥300.00" or "冬被（床） × 10". */
export function EntryWhat({ entry }: { entry: PublicEntry }) {
  const { t } = useI18n();
  return <>{entry.form === 'money' ? yuan(entry.amountFen ?? 0) : `${entry.item} × ${entry.quantity}`}{entry.kind === 'disbursement' ? ` ${t('charity.out')}` : ''}</>;
}
