import '../volunteering.css';
import { Button, List, Tag } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { formatDate } from '../../../lib/format';
import { MobileEmpty, MobileError, MobileLoading } from '../../../components/mobile-states';
import { certificatePdfUrl, useIssueCertificate, useMyHours } from '../api/my-volunteering';
import { hoursText, type HoursState } from '../api/types';
import { TAG } from '../components/signup-tag';

const STATE_COLOR: Record<HoursState, string> = {
  signed_up: TAG.grey, checked_in: TAG.blue, awaiting_confirmation: TAG.orange, confirmed: TAG.green, corrected: TAG.green,
};

/** 我的服务时长与证明: confirmed total, what awaits the organiser, each activity, and free certificates with a code. */
export function H5HoursPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const hours = useMyHours();
  const issue = useIssueCertificate();
  if (hours.isPending) return <MobileLoading />;
  if (hours.isError) {
    return (
      <section className="gz-h5-page">
        <MobileError error={hours.error} onRetry={() => void hours.refetch()} />
        <Button block color="primary" onClick={() => navigate('/volunteering/register')}>{t('vol.register')}</Button>
      </section>
    );
  }
  const h = hours.data;
  return (
    <section className="gz-h5-page" aria-labelledby="hours-title">
      <h2 id="hours-title" className="gz-h5-h2">{t('vol.myHours')}</h2>
      <div className="gz-vol-hero">
        <span>{t('vol.totalHours')}</span>
        <strong data-testid="vol-total-hours">{hoursText(h.totalMinutes)}</strong>
        {h.pendingMinutes > 0 && <span>{t('vol.pendingHours', { hours: hoursText(h.pendingMinutes) })}</span>}
        <span className="gz-vol-meta">{t('vol.hoursNotPoints')}</span>
      </div>
      {h.items.length === 0 ? <MobileEmpty text={t('vol.noHours')} /> : (
        <List mode="card" header={t('vol.perActivity')}>
          {h.items.map((i) => (
            <List.Item key={`${i.activity.id}`} description={`${i.date} · ${i.place}`}
              extra={<span>{i.confirmedMinutes !== null ? `${hoursText(i.confirmedMinutes)} h` : i.measuredMinutes !== null ? `${hoursText(i.measuredMinutes)} h` : ''} <Tag color={STATE_COLOR[i.state]}>{t(`vol.state.${i.state}`)}</Tag></span>}
              onClick={() => navigate(`/volunteering/activities/${i.activity.id}`)}>
              {i.activity.name}
            </List.Item>
          ))}
        </List>
      )}
      <h3 className="gz-h5-h3">{t('vol.certificates')}</h3>
      {issue.isError && <div role="alert" className="gz-h5-error">{errorText(issue.error, t)}</div>}
      <Button block color="primary" loading={issue.isPending} disabled={h.totalMinutes === 0} onClick={() => issue.mutate()}>{t('vol.issueCertificate')}</Button>
      {h.totalMinutes === 0 && <p className="gz-vol-meta">{t('vol.certificateNeedsHours')}</p>}
      {h.certificates.length > 0 && (
        <List mode="card">
          {h.certificates.map((c) => (
            <List.Item key={c.code} description={`${t('vol.issuedOn')} ${formatDate(c.issuedAt)} · ${hoursText(c.totalMinutes)} h`}
              extra={<a href={certificatePdfUrl(c.code)} download data-testid="cert-pdf">{t('vol.downloadPdf')}</a>}>
              <span className="gz-vol-code" data-testid="cert-code">{c.code}</span>
            </List.Item>
          ))}
        </List>
      )}
    </section>
  );
}
