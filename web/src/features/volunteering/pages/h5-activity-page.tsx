import '../volunteering.css';
import { Button, Card, Tag } from 'antd-mobile';
import { useNavigate, useParams } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { formatDateTime } from '../../../lib/format';
import { MobileError, MobileLoading } from '../../../components/mobile-states';
import { useCancelSignUp, useMyActivity, useSignUp } from '../api/my-volunteering';
import { SignupTag, TAG } from '../components/signup-tag';

/** 活动详情: what, where, when, the places left, and sign-up or cancellation (the waitlist moves up by itself). */
export function H5ActivityPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const a = useMyActivity(id);
  const signUp = useSignUp(id);
  const cancel = useCancelSignUp(id);
  if (a.isPending) return <MobileLoading />;
  if (a.isError) return <MobileError error={a.error} onRetry={() => void a.refetch()} />;
  const x = a.data;
  const s = x.mySignup;
  const active = s && s.status !== 'cancelled';
  const failed = signUp.error ?? cancel.error;
  return (
    <section className="gz-h5-page" aria-labelledby="act-title">
      <h2 id="act-title" className="gz-h5-h2">{x.title}</h2>
      <Card className="gz-vol-card" title={x.kind === 'emergency' ? <Tag color={TAG.red}>{t('vol.emergency')}</Tag> : t('vol.activity')} extra={s ? <SignupTag status={s.status} /> : null}>
        <p className="gz-vol-meta">{t('vol.time')}：{formatDateTime(x.startsAt)} – {formatDateTime(x.endsAt)}</p>
        <p className="gz-vol-meta">{t('vol.place')}：{x.place.name} · {x.address}</p>
        <p className="gz-vol-meta">{t('vol.content')}：{x.content}</p>
        {x.need && <p className="gz-vol-meta">{t('vol.need')}：{x.need}</p>}
        <p className="gz-vol-meta">{t('vol.slots', { confirmed: x.confirmed, slots: x.slots })}{x.waitlisted > 0 ? ` · ${t('vol.waitlistCount', { n: x.waitlisted })}` : ''}</p>
        <p className="gz-vol-meta">{t('vol.organiser')}：{x.organiser.name} · {t('vol.recordingOrg')}：{x.recordingOrg}</p>
        {x.skillsWanted.length > 0 && <div className="gz-vol-tags">{x.skillsWanted.map((k) => <Tag key={k} color={TAG.blue} fill="outline">{k}</Tag>)}</div>}
        {s?.checkedInAt && <p className="gz-vol-meta">{t('vol.checkedInAt')}：{formatDateTime(s.checkedInAt)}</p>}
        {s?.checkedOutAt && <p className="gz-vol-meta">{t('vol.checkedOutAt')}：{formatDateTime(s.checkedOutAt)}</p>}
        {s?.status === 'waitlisted' && <p className="gz-vol-meta">{t('vol.waitlistHint')}</p>}
        {s?.status === 'confirmed' && !s.checkedInAt && <p className="gz-vol-meta">{t('vol.checkInHint')}</p>}
      </Card>
      {failed && <div role="alert" className="gz-h5-error">{errorText(failed, t)}</div>}
      {x.status === 'cancelled' ? <p role="status">{t('vol.activityCancelled')}</p> : (
        <div className="gz-vol-actions">
          {!active && <Button block color="primary" loading={signUp.isPending} onClick={() => signUp.mutate()}>{t('vol.signUp')}</Button>}
          {active && !s.checkedInAt && <Button block color="danger" fill="outline" loading={cancel.isPending} onClick={() => cancel.mutate()}>{t('vol.cancelSignUp')}</Button>}
        </div>
      )}
      <Button fill="none" onClick={() => navigate('/volunteering')}>{t('vol.backToList')}</Button>
    </section>
  );
}
