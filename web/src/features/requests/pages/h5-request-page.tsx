import { Button, List, TextArea } from 'antd-mobile';
import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { formatDateTime } from '../../../lib/format';
import { errorText } from '../../../lib/api/error-text';
import { MobileError, MobileLoading } from '../../../components/mobile-states';
import { useMyRequest } from '../api/get-my-request';
import { useConfirmMyRequest } from '../api/confirm-my-request';
import { useReopenMyRequest } from '../api/reopen-my-request';
import { useCancelMyRequest } from '../api/cancel-my-request';
import type { RequestDetail } from '../api/types';
import { H5StatusTag } from '../components/h5-status-tag';
import { eventDetail, eventTitle } from '../components/timeline-label';

/** One of my requests: where it stands, what happened, and rate / reopen / withdraw when those are possible. */
export function H5RequestPage() {
  const { t } = useI18n();
  const id = Number(useParams().id);
  const justRaised = (useLocation().state as { justRaised?: boolean } | null)?.justRaised;
  const request = useMyRequest(id);
  if (request.isPending) return <MobileLoading />;
  if (request.isError) return <MobileError error={request.error} onRetry={() => void request.refetch()} />;
  const r = request.data;
  return (
    <section className="gz-h5-page" aria-labelledby="req-title">
      <p className="gz-h5-back">
        <Link to="/requests">{t('h5.detail.back')}</Link>
      </p>
      <h2 id="req-title" className="gz-h5-h2">
        {t('h5.detail.title')} <H5StatusTag status={r.status} />
      </h2>
      {justRaised && r.status === 'submitted' && (
        <p role="status" className="gz-h5-ok">
          {t('h5.raise.done')}
        </p>
      )}
      <List mode="card">
        <List.Item description={<span className="gz-pre">{r.description}</span>}>{r.category.name} · {t(`req.type.${r.type}`)}</List.Item>
        <List.Item extra={r.compound.name}>{t('req.compound')}</List.Item>
        {r.locationText && <List.Item extra={r.locationText}>{t('req.location')}</List.Item>}
        <List.Item extra={t(`req.urgency.${r.urgency}`)}>{t('req.urgency')}</List.Item>
        {r.assigneeParty && (
          <List.Item extra={r.assigneeDepartment?.name ?? t(`req.party.${r.assigneeParty}`)}>{t('h5.detail.handledBy')}</List.Item>
        )}
        <List.Item extra={formatDateTime(r.createdAt)}>{t('req.createdAt')}</List.Item>
        {r.rating !== null && (
          <List.Item extra={<span aria-label={t('h5.detail.starsLabel', { n: r.rating })}>{'★'.repeat(r.rating)}</span>} description={r.ratingComment ?? undefined}>
            {t('h5.detail.rated')}
          </List.Item>
        )}
      </List>
      {r.photos.length > 0 && (
        <>
          <h3 className="gz-h5-h3">{t('req.detail.photos')}</h3>
          <ul className="gz-h5-photos">
            {r.photos.map((p, i) => (
              <li key={p.id}>
                <a href={p.url} target="_blank" rel="noreferrer">
                  <img src={p.url} alt={`${t(p.purpose === 'report' ? 'req.photos' : 'req.event.resolved')} ${i + 1}`} width={80} height={80} />
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
      {r.status === 'closed' && r.rating !== null && <p className="gz-h5-ok">{t('h5.detail.closedThanks')}</p>}
      <ResidentActions request={r} />
      <h3 className="gz-h5-h3">{t('h5.detail.progress')}</h3>
      <ol className="gz-h5-timeline">
        {[...r.timeline].reverse().map((e) => {
          const extra = eventDetail(e, t);
          return (
            <li key={e.id}>
              <span className="gz-h5-tl-title">
                {eventTitle(e, t)}
                {extra && ` · ${extra}`}
              </span>
              <span className="gz-h5-time">{formatDateTime(e.at)}</span>
              {e.note && <span className="gz-pre gz-h5-note">{e.note}</span>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function ResidentActions({ request: r }: { request: RequestDetail }) {
  const can = (a: string) => (r.allowedActions as string[]).includes(a);
  if (!can('confirm') && !can('reopen') && !can('cancel')) return null;
  return (
    <div className="gz-h5-actions">
      {can('confirm') && <RateForm id={r.id} />}
      {can('reopen') && <ReopenForm id={r.id} />}
      {can('cancel') && <CancelForm id={r.id} />}
    </div>
  );
}

function RateForm({ id }: { id: number }) {
  const { t } = useI18n();
  const confirm = useConfirmMyRequest(id);
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);
  return (
    <fieldset className="gz-h5-box">
      <legend className="gz-h5-h3">{t('h5.detail.rate')}</legend>
      <div role="group" aria-label={t('h5.detail.stars')} className="gz-stars">
        {[1, 2, 3, 4, 5].map((n) => (
          <button
            key={n}
            type="button"
            className={n <= rating ? 'gz-star on' : 'gz-star'}
            aria-label={t('h5.detail.starsLabel', { n })}
            aria-pressed={n === rating}
            onClick={() => {
              setRating(n);
              setMissing(false);
            }}
          >
            ★
          </button>
        ))}
      </div>
      {missing && <p className="gz-h5-field-error" role="alert">{t('h5.detail.rateRequired')}</p>}
      <TextArea aria-label={t('h5.detail.comment')} placeholder={t('h5.detail.comment')} value={comment} onChange={setComment} rows={2} maxLength={500} />
      {confirm.isError && <p className="gz-h5-error" role="alert">{errorText(confirm.error, t)}</p>}
      <Button
        block
        color="primary"
        size="large"
        loading={confirm.isPending}
        onClick={() => (rating ? confirm.mutate({ rating, comment: comment.trim() || undefined }) : setMissing(true))}
      >
        {t('h5.detail.rate')}
      </Button>
    </fieldset>
  );
}

function ReopenForm({ id }: { id: number }) {
  const { t } = useI18n();
  const reopen = useReopenMyRequest(id);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  if (!open)
    return (
      <Button block size="large" onClick={() => setOpen(true)}>
        {t('h5.detail.reopen')}
      </Button>
    );
  return (
    <fieldset className="gz-h5-box">
      <legend className="gz-h5-h3">{t('h5.detail.reopen')}</legend>
      <TextArea aria-label={t('h5.detail.reopenReason')} placeholder={t('h5.detail.reopenReason')} value={reason} onChange={(v) => { setReason(v); setMissing(false); }} rows={3} maxLength={500} showCount />
      {missing && <p className="gz-h5-field-error" role="alert">{t('h5.detail.reopenRequired')}</p>}
      {reopen.isError && <p className="gz-h5-error" role="alert">{errorText(reopen.error, t)}</p>}
      <Button block color="warning" size="large" loading={reopen.isPending} onClick={() => (reason.trim() ? reopen.mutate({ reason: reason.trim() }) : setMissing(true))}>
        {t('h5.detail.reopen')}
      </Button>
      <Button block size="large" onClick={() => setOpen(false)}>
        {t('common.cancel')}
      </Button>
    </fieldset>
  );
}

function CancelForm({ id }: { id: number }) {
  const { t } = useI18n();
  const cancel = useCancelMyRequest(id);
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  if (!open)
    return (
      <Button block size="large" onClick={() => setOpen(true)}>
        {t('h5.detail.cancel')}
      </Button>
    );
  return (
    <fieldset className="gz-h5-box">
      <legend className="gz-h5-h3">{t('h5.detail.cancel')}</legend>
      <TextArea aria-label={t('h5.detail.cancelNote')} placeholder={t('h5.detail.cancelNote')} value={note} onChange={setNote} rows={2} maxLength={1000} />
      {cancel.isError && <p className="gz-h5-error" role="alert">{errorText(cancel.error, t)}</p>}
      <Button block color="danger" size="large" loading={cancel.isPending} onClick={() => cancel.mutate({ note: note.trim() || undefined })}>
        {t('h5.detail.cancelConfirm')}
      </Button>
      <Button block size="large" onClick={() => setOpen(false)}>
        {t('common.cancel')}
      </Button>
    </fieldset>
  );
}
