import '../wishes.css';
import { Button, Card, TextArea } from 'antd-mobile';
import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { formatDate } from '../../../lib/format';
import { MobileEmpty, MobileError, MobileLoading } from '../../../components/mobile-states';
import { useConfirmWish, useMyWishes, yuan, type Wish } from '../api/wishes-api';
import { WishStatusTag } from '../components/wish-status-tag';

/** 我的心愿: what I posted (or a worker posted for me), where each stands; confirm a fulfilled one and say thanks. */
export function H5MyWishesPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const justPosted = (useLocation().state as { justPosted?: boolean } | null)?.justPosted;
  const mine = useMyWishes();
  let body;
  if (mine.isPending) body = <MobileLoading />;
  else if (mine.isError) body = <MobileError error={mine.error} onRetry={() => void mine.refetch()} />;
  else if (mine.data.items.length === 0) body = <MobileEmpty text={t('wish.mineEmpty')} />;
  else body = mine.data.items.map((w) => <MyWishCard key={w.id} wish={w} />);
  return (
    <section className="gz-h5-page" aria-labelledby="my-wishes-title">
      <h2 id="my-wishes-title" className="gz-h5-h2">{t('wish.mine')}</h2>
      {justPosted && <p className="gz-h5-ok" role="status">{t('wish.submitted')}</p>}
      <div className="gz-wish-links">
        <Button color="primary" onClick={() => navigate('/wishes/new')}>{t('wish.post')}</Button>
        <Button onClick={() => navigate('/wall')}>{t('wish.wall')}</Button>
      </div>
      {body}
    </section>
  );
}

function MyWishCard({ wish: w }: { wish: Wish }) {
  const { t } = useI18n();
  const confirm = useConfirmWish();
  const [thanks, setThanks] = useState('');
  const shown = [w.consent.showName && t('wish.consent.name'), w.consent.showAddress && t('wish.consent.address')].filter(Boolean).join('、') || t('wish.consent.none');
  return (
    <Card className="gz-wish-card" title={w.title} extra={<WishStatusTag status={w.status} />} data-testid={`my-wish-${w.id}`}>
      <p className="gz-wish-meta">{t(`wish.category.${w.category}`)} · {yuan(w.valueFen)} · {w.place.name} · {t('wish.deadline')} {formatDate(w.deadline)}</p>
      <p className="gz-wish-meta">{t('wish.consent')}：{shown}</p>
      <p className="gz-pre">{w.description}</p>
      {w.reviewNote && <p className="gz-wish-meta">{t('wish.reviewNote')}：{w.reviewNote}</p>}
      {w.claim && <p className="gz-wish-meta">{t('wish.claimedBy', { kind: t(`wish.claimer.${w.claim.kind}`) })}{w.claim.unit ? `（${w.claim.unit}）` : ''}</p>}
      {w.proofPhotos.length > 0 && (
        <ul className="gz-h5-photos gz-wish-photos">
          {w.proofPhotos.map((src, i) => <li key={src}><img src={src} alt={`${t('wish.uploadProof')} ${i + 1}`} /></li>)}
        </ul>
      )}
      {w.thanks && <p className="gz-wish-thanks">{t('wish.thanksLabel')}：{w.thanks}</p>}
      {w.status === 'fulfilled' && (
        <div className="gz-wish-form">
          <TextArea aria-label={t('wish.thanks')} placeholder={t('wish.thanks')} value={thanks} onChange={setThanks} maxLength={300} rows={2} />
          {confirm.isError && <div role="alert" className="gz-h5-error">{errorText(confirm.error, t)}</div>}
          <Button block color="success" loading={confirm.isPending} onClick={() => confirm.mutate({ id: w.id, thanks: thanks.trim() || undefined })}>
            {t('wish.confirm')}
          </Button>
        </div>
      )}
    </Card>
  );
}
