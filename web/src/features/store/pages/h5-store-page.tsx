import '../store.css';
import { Button, Card, SearchBar } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { MobileEmpty, MobileError, MobileLoading } from '../../../components/mobile-states';
import { useMyPoints, useRedeem, useShelf, type Listing } from '../api/store-api';

/** 贡享超市: what merchants and skilled residents offer for points; redeeming asks once more inline (no pop-ups). */
export function H5StorePage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');
  const shelf = useShelf(page, q || undefined);
  const points = useMyPoints();
  let body;
  if (shelf.isPending) body = <MobileLoading />;
  else if (shelf.isError) body = <MobileError error={shelf.error} onRetry={() => void shelf.refetch()} />;
  else if (shelf.data.items.length === 0) body = <MobileEmpty text={t('store.empty')} />;
  else body = shelf.data.items.map((l) => <ListingCard key={l.id} listing={l} balance={points.data?.balance ?? 0} onDone={() => navigate('/store/vouchers', { state: { justRedeemed: true } })} />);
  return (
    <section className="gz-h5-page" aria-labelledby="store-title">
      <h2 id="store-title" className="gz-h5-h2">{t('store.title')}</h2>
      <p className="gz-store-meta" style={{ margin: '0 16px' }}>{t('store.myBalance', { points: points.data?.balance ?? '…' })}</p>
      <div style={{ padding: '8px 12px' }}>
        <SearchBar placeholder={t('store.search')} aria-label={t('store.search')} onSearch={(v) => { setQ(v.trim()); setPage(1); }} onClear={() => setQ('')} />
      </div>
      <div className="gz-pts-links">
        <Button onClick={() => navigate('/points')}>{t('points.mine')}</Button>
        <Button onClick={() => navigate('/store/vouchers')}>{t('store.myVouchers')}</Button>
        <Button onClick={() => navigate('/store/shop')}>{t('store.myShop')}</Button>
      </div>
      {body}
      {shelf.data && shelf.data.total > 20 && (
        <div className="gz-pts-links">
          <Button disabled={page === 1} onClick={() => setPage(page - 1)}>{t('store.prev')}</Button>
          <Button disabled={page * 20 >= shelf.data.total} onClick={() => setPage(page + 1)}>{t('store.next')}</Button>
        </div>
      )}
    </section>
  );
}

function ListingCard({ listing: l, balance, onDone }: { listing: Listing; balance: number; onDone: () => void }) {
  const { t } = useI18n();
  const redeem = useRedeem();
  const [confirming, setConfirming] = useState(false);
  const short = balance < l.pricePoints;
  return (
    <Card className="gz-store-card" title={l.title} data-testid={`listing-${l.id}`}>
      <p className="gz-store-meta">{t(`store.merchantKind.${l.merchant.kind}`)} · {l.merchant.name}{l.merchant.address ? ` · ${l.merchant.address}` : ''}</p>
      {l.description && <p className="gz-pre">{l.description}</p>}
      <div className="gz-store-row">
        <span className="gz-store-price">{t('store.price', { points: l.pricePoints })}</span>
        <span className="gz-store-meta">{l.stock > 0 ? t('store.stock', { stock: l.stock }) : t('store.soldOut')}</span>
      </div>
      {redeem.isError && <div role="alert" className="gz-h5-error">{errorText(redeem.error, t)}</div>}
      <div className="gz-store-row">
        {!confirming ? (
          <Button color="primary" disabled={l.stock === 0 || short} onClick={() => setConfirming(true)}>
            {l.stock === 0 ? t('store.soldOut') : short ? t('store.notEnough') : t('store.redeem')}
          </Button>
        ) : (
          <>
            <span>{t('store.confirmRedeem', { points: l.pricePoints })}</span>
            <Button color="primary" loading={redeem.isPending} onClick={() => redeem.mutate(l.id, { onSuccess: onDone })}>{t('store.confirm')}</Button>
            <Button onClick={() => setConfirming(false)}>{t('common.cancel')}</Button>
          </>
        )}
      </div>
    </Card>
  );
}
