import '../volunteering.css';
import { Button, ErrorBlock } from 'antd-mobile';
import { useEffect, useRef } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { formatDateTime } from '../../../lib/format';
import { MobileLoading } from '../../../components/mobile-states';
import { useAttend } from '../api/my-volunteering';
import { hoursText } from '../api/types';

/**
 * 扫码签到/签退: WeChat's own scanner opens this page from the organiser's QR code. Signed in, it sends the signed
 * parameters once; the server checks the signature and the expiry and stamps the volunteer's own sign-up.
 */
export function H5CheckPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const attend = useAttend();
  const sent = useRef(false);
  const q = { a: params.get('a') ?? '', op: params.get('op') ?? '', exp: params.get('exp') ?? '', sig: params.get('sig') ?? '' };
  const complete = Boolean(q.a && q.op && q.exp && q.sig);
  useEffect(() => {
    if (!complete || sent.current) return;
    sent.current = true;
    attend.mutate(q);
  });
  if (!complete) return <ErrorBlock status="default" title={t('vol.check.badLink')} description={t('vol.check.badLinkHint')} />;
  if (attend.isPending || attend.isIdle) return <MobileLoading />;
  if (attend.isError) {
    return (
      <section className="gz-h5-page gz-vol-result" aria-labelledby="check-title">
        <h2 id="check-title" className="gz-h5-h2">{q.op === 'out' ? t('vol.check.outTitle') : t('vol.check.inTitle')}</h2>
        <div role="alert" className="gz-h5-error">{errorText(attend.error, t)}</div>
        <Button onClick={() => navigate('/volunteering')}>{t('vol.backToList')}</Button>
      </section>
    );
  }
  const r = attend.data;
  return (
    <section className="gz-h5-page gz-vol-result" aria-labelledby="check-title">
      <h2 id="check-title" className="gz-h5-h2">{r.op === 'out' ? t('vol.check.outTitle') : t('vol.check.inTitle')}</h2>
      <h3 role="status" data-testid="check-result">{r.op === 'out' ? t('vol.check.outDone') : t('vol.check.inDone')}</h3>
      <p className="gz-vol-meta">{r.activity.name}</p>
      <p className="gz-vol-meta">{formatDateTime(r.at)}</p>
      {r.measuredMinutes !== null && <p className="gz-vol-meta">{t('vol.check.measured', { hours: hoursText(r.measuredMinutes) })}</p>}
      <Button color="primary" onClick={() => navigate('/volunteering/hours')}>{t('vol.myHours')}</Button>
    </section>
  );
}
