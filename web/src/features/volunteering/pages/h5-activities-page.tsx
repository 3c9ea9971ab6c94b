import '../volunteering.css';
import { Button, Card, Tag } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { formatDateTime } from '../../../lib/format';
import { MobileEmpty, MobileError, MobileLoading } from '../../../components/mobile-states';
import { useMyVolunteer, useNearActivities } from '../api/my-volunteering';
import type { MyActivity } from '../api/types';
import { SignupTag, TAG } from '../components/signup-tag';

/** 附近的志愿活动: open activities, nearest on the place tree first; registration first if not yet a volunteer. */
export function H5ActivitiesPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const me = useMyVolunteer();
  const list = useNearActivities();
  return (
    <section className="gz-h5-page" aria-labelledby="vol-title">
      <h2 id="vol-title" className="gz-h5-h2">{t('vol.near')}</h2>
      {me.data && !me.data.volunteer && (
        <Card className="gz-vol-card" title={t('vol.notRegistered')}>
          <p className="gz-vol-meta">{t('vol.notRegisteredHint')}</p>
          <Button block color="primary" onClick={() => navigate('/volunteering/register')}>{t('vol.register')}</Button>
        </Card>
      )}
      <div className="gz-vol-actions">
        <Button onClick={() => navigate('/volunteering/hours')}>{t('vol.myHours')}</Button>
      </div>
      {list.isPending ? <MobileLoading /> : list.isError ? <MobileError error={list.error} onRetry={() => void list.refetch()} /> : list.data.items.length === 0 ? (
        <MobileEmpty text={t('vol.noActivities')} />
      ) : (
        list.data.items.map((a) => <ActivityCard key={a.id} a={a} onOpen={() => navigate(`/volunteering/activities/${a.id}`)} />)
      )}
    </section>
  );
}

function ActivityCard({ a, onOpen }: { a: MyActivity; onOpen: () => void }) {
  const { t } = useI18n();
  return (
    <Card className="gz-vol-card" title={a.title} extra={a.mySignup ? <SignupTag status={a.mySignup.status} /> : a.kind === 'emergency' ? <Tag color={TAG.red}>{t('vol.emergency')}</Tag> : null} onClick={onOpen}>
      <p className="gz-vol-meta">{formatDateTime(a.startsAt)} – {formatDateTime(a.endsAt).slice(11)}</p>
      <p className="gz-vol-meta">{a.place.name} · {a.address}</p>
      <p className="gz-vol-meta">{t('vol.slots', { confirmed: a.confirmed, slots: a.slots })}{a.waitlisted > 0 ? ` · ${t('vol.waitlistCount', { n: a.waitlisted })}` : ''}</p>
      {a.skillsWanted.length > 0 && <div className="gz-vol-tags">{a.skillsWanted.map((s) => <Tag key={s} color={TAG.blue} fill="outline">{s}</Tag>)}</div>}
    </Card>
  );
}
