import { Button } from 'antd-mobile';
import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../../lib/i18n';
import { setUnauthenticatedHandler } from '../../lib/api/client';
import { MobileError, MobileLoading } from '../../components/mobile-states';
import { sessionKey, useSession } from '../../features/auth/api/get-session';
import { H5SignInPage } from '../../features/auth/pages/h5-sign-in-page';
import { MyHomePage } from '../../features/home/pages/my-home-page';
import { useElderMode } from './elder-mode';

// The H5 has one screen for now, so no router: signed out → sign-in, signed in → 我的家.
export function H5App() {
  const { t, locale, setLocale } = useI18n();
  const session = useSession();
  const qc = useQueryClient();
  const [elder, toggleElder] = useElderMode();

  useEffect(() => setUnauthenticatedHandler(() => qc.setQueryData(sessionKey, null)), [qc]);

  const right = (
    <div className="gz-h5-tools">
      <Button size="small" fill="outline" aria-pressed={elder} onClick={toggleElder} className="gz-elder-toggle">
        {t('h5.elderMode')}
      </Button>
      <Button
        size="small"
        fill="none"
        className="gz-lang"
        onClick={() => setLocale(locale === 'zh-CN' ? 'en-US' : 'zh-CN')}
        aria-label={t('lang.switch')}
      >
        {locale === 'zh-CN' ? t('lang.en-US') : t('lang.zh-CN')}
      </Button>
    </div>
  );

  let body;
  if (session.isPending) body = <MobileLoading />;
  else if (session.isError) body = <MobileError error={session.error} onRetry={() => void session.refetch()} />;
  else if (!session.data) body = <H5SignInPage />;
  else body = <main><MyHomePage /></main>;

  return (
    <div className="gz-h5">
      <header>
        {/* Not antd-mobile's NavBar: its empty back slot is a nameless role=button, which axe flags. */}
        <div className="gz-h5-bar">
          <h1 className="gz-h5-nav-title">{session.data ? t('h5.myHome') : t('app.name')}</h1>
          {right}
        </div>
      </header>
      {elder && <p className="gz-elder-note">{t('h5.elderModeOn')}</p>}
      {body}
    </div>
  );
}
