import '../store.css';
import { Button, Card, ErrorBlock } from 'antd-mobile';
import { useParams } from 'react-router-dom';
import { ApiError } from '../../../lib/api/client';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { formatDateTime } from '../../../lib/format';
import { MobileError, MobileLoading } from '../../../components/mobile-states';
import { useFulfil, useVoucherByToken } from '../api/store-api';
import { VoucherStatusTag } from './h5-vouchers-page';

/** 核销: the page a voucher's QR code opens. The merchant who owns the voucher's shop fulfils it; nobody else sees it. */
export function H5FulfilPage() {
  const { t } = useI18n();
  const token = useParams().token ?? '';
  const voucher = useVoucherByToken(token);
  const fulfil = useFulfil();
  if (voucher.isPending) return <MobileLoading />;
  if (voucher.isError) {
    if (voucher.error instanceof ApiError && voucher.error.status === 404) return <ErrorBlock status="empty" title={t('store.fulfilNotYours')} description={t('store.fulfilNotYoursHint')} />;
    return <MobileError error={voucher.error} onRetry={() => void voucher.refetch()} />;
  }
  const v = fulfil.data ?? voucher.data;
  return (
    <section className="gz-h5-page" aria-labelledby="fulfil-title">
      <h2 id="fulfil-title" className="gz-h5-h2">{t('store.fulfilTitle')}</h2>
      <Card className="gz-store-card" title={v.title} extra={<VoucherStatusTag status={v.status} />}>
        <p className="gz-store-meta">{t('store.holder')}：{v.holder.name}</p>
        <p className="gz-store-meta">{t('store.price', { points: v.pricePoints })} · {t('store.issuedAt')} {formatDateTime(v.issuedAt)}</p>
        {v.fulfilledAt && <p className="gz-store-meta">{t('store.fulfilledAt')} {formatDateTime(v.fulfilledAt)}</p>}
        {fulfil.isSuccess && <p className="gz-h5-ok" role="status">{t('store.fulfilled')}</p>}
        {fulfil.isError && <div role="alert" className="gz-h5-error">{errorText(fulfil.error, t)}</div>}
        {v.status === 'issued' && (
          <Button block color="primary" loading={fulfil.isPending} onClick={() => fulfil.mutate(token)}>{t('store.fulfil')}</Button>
        )}
      </Card>
    </section>
  );
}
