import '../wishes.css';
import { Button, Card, Input, Selector, TextArea } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { formatDate, formatDateTime } from '../../../lib/format';
import { MobileEmpty, MobileError, MobileLoading } from '../../../components/mobile-states';
import { useSession } from '../../auth/api/get-session';
import { useClaimWish, useFulfilWish, useWall, yuan, type ClaimerKind, type WallWish } from '../api/wishes-api';
import { WishPhotoPicker } from '../components/wish-photo-picker';
import { WishStatusTag } from '../components/wish-status-tag';

/** The capacities a person may claim in, from the roles they hold (as the server checks them). */
function claimKinds(roles: string[]): ClaimerKind[] {
  const kinds: ClaimerKind[] = [];
  if (roles.includes('party_member')) kinds.push('party_member');
  if (roles.includes('volunteer')) kinds.push('volunteer');
  if (roles.includes('merchant')) kinds.push('merchant');
  if (roles.includes('party_member') || roles.includes('org_staff')) kinds.push('unit');
  return kinds;
}

/** 心愿墙: approved wishes of my community; the recipient's name and address only with their consent. */
export function H5WallPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const wall = useWall();
  const session = useSession();
  const kinds = claimKinds((session.data?.roles ?? []).map((r) => r.role));
  const canPost = (session.data?.roles ?? []).some((r) => r.role === 'resident' || r.role === 'owner');

  let body;
  if (wall.isPending) body = <MobileLoading />;
  else if (wall.isError) body = <MobileError error={wall.error} onRetry={() => void wall.refetch()} />;
  else if (wall.data.items.length === 0) body = <MobileEmpty text={t('wish.wallEmpty')} />;
  else body = wall.data.items.map((w) => <WallCard key={w.id} wish={w} kinds={kinds} />);

  return (
    <section className="gz-h5-page" aria-labelledby="wall-title">
      <h2 id="wall-title" className="gz-h5-h2">{wall.data ? t('wish.wallOf', { place: wall.data.place.name }) : t('wish.wall')}</h2>
      <p className="gz-wish-note">{t('wish.privacyNote')}</p>
      {canPost && (
        <div className="gz-wish-links">
          <Button color="primary" onClick={() => navigate('/wishes/new')}>{t('wish.post')}</Button>
          <Button onClick={() => navigate('/wishes')}>{t('wish.mine')}</Button>
          <Button onClick={() => navigate('/surveys')}>{t('survey.title')}</Button>
        </div>
      )}
      {body}
    </section>
  );
}

function WallCard({ wish: w, kinds }: { wish: WallWish; kinds: ClaimerKind[] }) {
  const { t } = useI18n();
  return (
    <Card className="gz-wish-card" title={<span>{w.title}</span>} extra={<WishStatusTag status={w.status} />} data-testid={`wish-${w.id}`}>
      <p className="gz-wish-meta">
        {t(`wish.category.${w.category}`)} · {yuan(w.valueFen)} · {w.place.name} · {t('wish.deadline')} {formatDate(w.deadline)}
      </p>
      <p className="gz-wish-who" data-testid="wish-recipient">
        {w.recipientName ?? t('wish.anonymous')}
        {w.address ? ` · ${w.address}` : ''}
      </p>
      <p className="gz-pre">{w.description}</p>
      {w.photos.length > 0 && (
        <ul className="gz-h5-photos gz-wish-photos">
          {w.photos.map((src, i) => <li key={src}><img src={src} alt={`${t('wish.photos')} ${i + 1}`} /></li>)}
        </ul>
      )}
      {w.claim && (
        <p className="gz-wish-meta">
          {t('wish.claimedBy', { kind: t(`wish.claimer.${w.claim.kind}`) })}
          {w.claim.unit ? `（${w.claim.unit}）` : ''}
          {w.claim.mine && w.claim.dueAt && w.status === 'claimed' ? ` · ${t('wish.dueAt', { due: formatDateTime(w.claim.dueAt) })}` : ''}
        </p>
      )}
      {w.proofPhotos.length > 0 && (
        <ul className="gz-h5-photos gz-wish-photos">
          {w.proofPhotos.map((src, i) => <li key={src}><img src={src} alt={`${t('wish.uploadProof')} ${i + 1}`} /></li>)}
        </ul>
      )}
      {w.thanks && <p className="gz-wish-thanks">{t('wish.thanksLabel')}：{w.thanks}</p>}
      {w.status === 'open' && kinds.length > 0 && <ClaimForm wish={w} kinds={kinds} />}
      {w.status === 'claimed' && w.claim?.mine && <ProofForm wish={w} />}
    </Card>
  );
}

function ClaimForm({ wish, kinds }: { wish: WallWish; kinds: ClaimerKind[] }) {
  const { t } = useI18n();
  const claim = useClaimWish();
  const [as, setAs] = useState<ClaimerKind>(kinds[0]!);
  const [unit, setUnit] = useState('');
  return (
    <div className="gz-wish-form">
      {kinds.length > 1 && (
        <div role="group" aria-label={t('wish.claimAs')}>
          <Selector columns={kinds.length} value={[as]} onChange={(v) => v[0] && setAs(v[0])} options={kinds.map((k) => ({ value: k, label: t(`wish.claimer.${k}`) }))} />
        </div>
      )}
      {as === 'unit' && <Input aria-label={t('wish.unitName')} placeholder={t('wish.unitName')} value={unit} onChange={setUnit} />}
      {claim.isError && <div role="alert" className="gz-h5-error">{errorText(claim.error, t)}</div>}
      <Button block color="primary" loading={claim.isPending} onClick={() => claim.mutate({ id: wish.id, as, unitName: as === 'unit' ? unit.trim() : undefined })}>
        {t('wish.claim')}
      </Button>
    </div>
  );
}

function ProofForm({ wish }: { wish: WallWish }) {
  const { t } = useI18n();
  const fulfil = useFulfilWish();
  const [photoIds, setPhotoIds] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  return (
    <div className="gz-wish-form">
      {wish.claim?.dueAt && <p className="gz-h5-ok">{t('wish.claimed', { due: formatDateTime(wish.claim.dueAt) })}</p>}
      <p className="gz-wish-label">{t('wish.uploadProof')}</p>
      <WishPhotoPicker purpose="proof" label={t('wish.uploadProof')} max={6} onChange={(ids) => { setPhotoIds(ids); setMissing(false); }} />
      {missing && <p role="alert" className="gz-h5-field-error">{t('wish.proofRequired')}</p>}
      <TextArea aria-label={t('wish.proofNote')} placeholder={t('wish.proofNote')} value={note} onChange={setNote} maxLength={300} rows={2} />
      {fulfil.isError && <div role="alert" className="gz-h5-error">{errorText(fulfil.error, t)}</div>}
      <Button
        block
        color="success"
        loading={fulfil.isPending}
        onClick={() => (photoIds.length === 0 ? setMissing(true) : fulfil.mutate({ id: wish.id, photoIds, note: note.trim() || undefined }))}
      >
        {t('wish.fulfil')}
      </Button>
    </div>
  );
}
