import '../store.css';
import { Button, Card, Tag } from 'antd-mobile';
import { useState } from 'react';
import { useLocation } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { formatDateTime } from '../../../lib/format';
import { MobileEmpty, MobileError, MobileLoading } from '../../../components/mobile-states';
import { useCancelVoucher, useMyVouchers, type Voucher } from '../api/store-api';
import { VoucherQr } from '../components/voucher-qr';

/** 我的兑换券: an unused voucher shows its QR code for the merchant, and can be cancelled (the points come back). */
export function H5VouchersPage() {
  const { t } = useI18n();
  const just = (useLocation().state as { justRedeemed?: boolean } | null)?.justRedeemed;
  const vouchers = useMyVouchers();
  let body;
  if (vouchers.isPending) body = <MobileLoading />;
  else if (vouchers.isError) body = <MobileError error={vouchers.error} onRetry={() => void vouchers.refetch()} />;
  else if (vouchers.data.items.length === 0) body = <MobileEmpty text={t('store.noVouchers')} />;
  else body = vouchers.data.items.map((v) => <VoucherCard key={v.id} voucher={v} />);
  return (
    <section className="gz-h5-page" aria-labelledby="vouchers-title">
      <h2 id="vouchers-title" className="gz-h5-h2">{t('store.myVouchers')}</h2>
      {just && <p className="gz-h5-ok" role="status">{t('store.redeemed')}</p>}
      {body}
    </section>
  );
}

export function VoucherStatusTag({ status }: { status: Voucher['status'] }) {
  const { t } = useI18n();
  // Dark fills: white text on antd-mobile's own success green falls short of 4.5:1.
  const color = status === 'issued' ? '#0958d9' : status === 'fulfilled' ? '#1f6100' : '#595959';
  return <Tag color={color} className="gz-status">{t(`store.voucher.${status}`)}</Tag>;
}

function VoucherCard({ voucher: v }: { voucher: Voucher }) {
  const { t } = useI18n();
  const cancel = useCancelVoucher();
  const [confirming, setConfirming] = useState(false);
  return (
    <Card className="gz-store-card" title={v.title} extra={<VoucherStatusTag status={v.status} />} data-testid={`voucher-${v.id}`}>
      <p className="gz-store-meta">{v.merchant.name}{v.merchant.address ? ` · ${v.merchant.address}` : ''}</p>
      <p className="gz-store-meta">{t('store.price', { points: v.pricePoints })} · {t('store.issuedAt')} {formatDateTime(v.issuedAt)}</p>
      {v.fulfilledAt && <p className="gz-store-meta">{t('store.fulfilledAt')} {formatDateTime(v.fulfilledAt)}</p>}
      {v.cancelledAt && <p className="gz-store-meta">{t('store.cancelledAt')} {formatDateTime(v.cancelledAt)}</p>}
      {v.status === 'issued' && v.fulfilUrl && <VoucherQr path={v.fulfilUrl} title={v.title} />}
      {cancel.isError && <div role="alert" className="gz-h5-error">{errorText(cancel.error, t)}</div>}
      {v.status === 'issued' && (
        <div className="gz-store-row">
          {!confirming ? (
            <Button onClick={() => setConfirming(true)}>{t('store.cancelVoucher')}</Button>
          ) : (
            <>
              <span>{t('store.confirmCancel', { points: v.pricePoints })}</span>
              <Button color="danger" loading={cancel.isPending} onClick={() => cancel.mutate(v.id)}>{t('store.confirm')}</Button>
              <Button onClick={() => setConfirming(false)}>{t('common.back')}</Button>
            </>
          )}
        </div>
      )}
    </Card>
  );
}
