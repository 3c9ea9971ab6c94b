import { useEffect, useState } from 'react';
import dayjs from 'dayjs';
import { useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../../lib/i18n';
import { setUnauthenticatedHandler } from '../../lib/api/client';
import { errorText } from '../../lib/api/error-text';
import { sessionKey, useSession } from '../../features/auth/api/get-session';
import { CockpitPage } from '../../features/cockpit/pages/cockpit-page';
import { CockpitScreenPage } from '../../features/cockpit/pages/screen-page';
import { STAGE_H, STAGE_W, useStageScale } from './use-stage-scale';

function Clock() {
  const [now, setNow] = useState(dayjs());
  useEffect(() => {
    const id = setInterval(() => setNow(dayjs()), 30_000);
    return () => clearInterval(id);
  }, []);
  return <time dateTime={now.toISOString()}>{now.format('YYYY-MM-DD HH:mm')}</time>;
}

export function ScreenApp() {
  const { t, locale, setLocale } = useI18n();
  const scale = useStageScale();
  const session = useSession();
  const qc = useQueryClient();
  useEffect(() => setUnauthenticatedHandler(() => qc.setQueryData(sessionKey, null)), [qc]);
  // ?placeId= opens the cockpit on a given place; otherwise the server starts from the caller's scope.
  const param = new URLSearchParams(location.search).get('placeId');
  const placeId = param && /^\d+$/.test(param) ? Number(param) : undefined;

  let body;
  if (session.isPending) body = <div className="gz-screen-state" role="status">{t('common.loading')}</div>;
  else if (session.isError) body = <div className="gz-screen-state" role="alert">{errorText(session.error, t)}</div>;
  else if (!session.data)
    body = (
      <div className="gz-screen-state">
        {t('auth.needSignIn')}{' '}
        <a className="gz-screen-link" href={`/sign-in?next=${encodeURIComponent('/screen/')}`}>
          {t('auth.goSignIn')}
        </a>
      </div>
    );
  // ?view=kinds keeps the compounds-per-kind view; the cockpit proper is the default.
  else if (new URLSearchParams(location.search).get('view') === 'kinds') body = <CockpitPage initialPlaceId={placeId} />;
  else body = <CockpitScreenPage initialPlaceId={placeId} />;

  return (
    <div className="gz-viewport">
      <div
        className="gz-stage"
        style={{
          width: STAGE_W,
          height: STAGE_H,
          transform: `translate(-50%, -50%) scale(${scale})`,
        }}
      >
        <header className="gz-screen-header">
          <h1>{t('app.cockpit')} · {t('cockpit.screenTitle')}</h1>
          <div className="gz-screen-header-right">
            <Clock />
            <button type="button" className="gz-screen-btn" onClick={() => setLocale(locale === 'zh-CN' ? 'en-US' : 'zh-CN')}>
              {locale === 'zh-CN' ? t('lang.en-US') : t('lang.zh-CN')}
            </button>
          </div>
        </header>
        <main className="gz-screen-content">{body}</main>
      </div>
    </div>
  );
}
